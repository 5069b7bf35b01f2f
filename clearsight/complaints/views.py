"""Complaints and compliments: views. Filled by a later issue; see docs/architecture.md."""
