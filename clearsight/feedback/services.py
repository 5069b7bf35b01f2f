"""Feedback from children and families:
services. Filled by a later issue; see docs/architecture.md."""
