"""`manage.py load_default_surveys`: add any of the shipped surveys and safety phrases that are
missing (for example after an authority deleted one by mistake). Surveys that exist are left as
they are."""

from django.core.management.base import BaseCommand

from clearsight.feedback.services import surveys_install_defaults


class Command(BaseCommand):
    help = "Add the default feedback surveys and safety phrases that are missing."

    def handle(self, *args: object, **options: object) -> None:
        added = surveys_install_defaults()
        self.stdout.write(f"Added {added} survey{'s' if added != 1 else ''}.")
