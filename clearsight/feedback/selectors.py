"""Feedback from children and families:
selectors. Filled by a later issue; see docs/architecture.md."""
