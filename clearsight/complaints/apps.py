from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "clearsight.complaints"
    label = "complaints"
    verbose_name = "Complaints and compliments"
