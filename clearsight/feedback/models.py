"""Feedback from children and families:
models. Filled by a later issue; see docs/architecture.md."""
