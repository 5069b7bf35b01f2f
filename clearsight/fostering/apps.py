from django.apps import AppConfig


class FosteringConfig(AppConfig):
    name = "clearsight.fostering"
    label = "fostering"
    verbose_name = "Private fostering"
