from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "clearsight.governance"
    label = "governance"
    verbose_name = "Governance packs"
