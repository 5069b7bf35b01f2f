"""LADO and private fostering: URLs. Filled by a later issue; see docs/architecture.md."""

app_name = "lado"
urlpatterns: list = []
