"""Performance data: forms. Filled by a later issue; see docs/architecture.md."""
