from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "clearsight.demo"
    label = "demo"
    verbose_name = "Demo authority"
