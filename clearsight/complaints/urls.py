"""Complaints and compliments: URLs. Filled by a later issue; see docs/architecture.md."""

app_name = "complaints"
urlpatterns: list = []
