"""LADO and private fostering: selectors. Filled by a later issue; see docs/architecture.md."""
