"""Feedback from children and families: URLs. Filled by a later issue; see docs/architecture.md."""

app_name = "feedback"
urlpatterns: list = []
