"""Feedback from children and families:
forms. Filled by a later issue; see docs/architecture.md."""
