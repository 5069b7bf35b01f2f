"""Case audits: selectors. Filled by a later issue; see docs/architecture.md."""
