from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "clearsight.feedback"
    label = "feedback"
    verbose_name = "Feedback from children and families"
