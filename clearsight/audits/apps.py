from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "clearsight.audits"
    label = "audits"
    verbose_name = "Case audits"
