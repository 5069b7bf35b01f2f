"""Improvement plans: URLs. Filled by a later issue; see docs/architecture.md."""

app_name = "plans"
urlpatterns: list = []
