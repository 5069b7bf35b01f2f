from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "clearsight.feedback"
    label = "feedback"
    verbose_name = "Feedback from children and families"

    def ready(self) -> None:
        from clearsight.core.evidence import register
        from clearsight.feedback.evidence import FeedbackEvidence

        register(FeedbackEvidence())  # measures of success for plans (ADR 0014)
