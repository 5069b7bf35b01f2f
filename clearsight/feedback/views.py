"""Feedback from children and families:
views. Filled by a later issue; see docs/architecture.md."""
