"""LADO and private fostering: views. Filled by a later issue; see docs/architecture.md."""
