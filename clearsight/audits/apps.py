from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "clearsight.audits"
    label = "audits"
    verbose_name = "Case audits"

    def ready(self) -> None:
        from clearsight.audits.evidence import AuditEvidence
        from clearsight.core.evidence import register

        register(AuditEvidence())  # measures of success for plans (ADR 0014)
