from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "clearsight.casework"
    label = "casework"
    verbose_name = "Children and cases"
