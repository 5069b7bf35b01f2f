"""LADO and private fostering: models. Filled by a later issue; see docs/architecture.md."""
