"""Case audits: URLs. Filled by a later issue; see docs/architecture.md."""

app_name = "audits"
urlpatterns: list = []
