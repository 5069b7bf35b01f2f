from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "clearsight.performance"
    label = "performance"
    verbose_name = "Performance data"

    def ready(self) -> None:
        from clearsight.core.evidence import register
        from clearsight.performance.evidence import IndicatorEvidence

        register(IndicatorEvidence())  # measures of success for plans (ADR 0014)
