"""LADO and private fostering: services. Filled by a later issue; see docs/architecture.md."""
