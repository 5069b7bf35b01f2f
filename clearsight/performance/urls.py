"""Performance data: URLs. Filled by a later issue; see docs/architecture.md."""

app_name = "performance"
urlpatterns: list = []
