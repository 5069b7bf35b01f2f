from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "clearsight.performance"
    label = "performance"
    verbose_name = "Performance data"
