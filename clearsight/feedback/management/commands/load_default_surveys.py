"""`manage.py load_default_surveys`: add any of the shipped surveys and safety phrases that are
missing (for example after an authority deleted one by mistake). Surveys that exist are left as
they are."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from clearsight.feedback import defaults
from clearsight.feedback.models import Question, SafetyPhrase, Survey, SurveyVersion


class Command(BaseCommand):
    help = "Add the default feedback surveys and safety phrases that are missing."

    def handle(self, *args: object, **options: object) -> None:
        added = defaults.install(survey_model=Survey, version_model=SurveyVersion,
                                 question_model=Question, phrase_model=SafetyPhrase,
                                 published_at=timezone.now())
        self.stdout.write(f"Added {added} survey{'s' if added != 1 else ''}.")
