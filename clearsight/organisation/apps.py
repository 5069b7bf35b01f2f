from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "clearsight.organisation"
    label = "organisation"
    verbose_name = "Organisation"
