"""The default surveys (one adult and one child-friendly survey per survey point) and the safety
phrases, from clearsight/feedback/defaults.py. Adds only what is missing."""

from django.db import migrations
from django.utils import timezone


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from clearsight.feedback import defaults

    defaults.install(
        survey_model=apps.get_model("feedback", "Survey"),
        version_model=apps.get_model("feedback", "SurveyVersion"),
        question_model=apps.get_model("feedback", "Question"),
        phrase_model=apps.get_model("feedback", "SafetyPhrase"),
        published_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
