"""Complaints and compliments: services. Filled by a later issue; see docs/architecture.md."""
