from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "clearsight.plans"
    label = "plans"
    verbose_name = "Improvement plans"
