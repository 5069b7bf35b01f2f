"""LADO and private fostering: forms. Filled by a later issue; see docs/architecture.md."""
