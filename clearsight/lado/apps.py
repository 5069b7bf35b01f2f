from django.apps import AppConfig


class LadoConfig(AppConfig):
    name = "clearsight.lado"
    label = "lado"
    verbose_name = "LADO and private fostering"
