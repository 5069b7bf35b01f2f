"""Load an authority's own audit template from a JSON file, as a new version.

    python manage.py load_audit_template our-template.json [--not-current]

The file holds {"name", "purpose" ("single_agency" or "multi_agency"),
"months_considered", "domains": [{"code", "title", "questions": [...],
"descriptors": {grade: text}}]}. The version is one above the highest version of the
same name. Audits already drawn keep their version; new audits use the loaded one unless
--not-current is given. See docs/architecture.md ("Case audits: learning").
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from clearsight.audits.services import AuditError, template_load


class Command(BaseCommand):
    help = "Load an audit template from a JSON file as a new version"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The template as JSON")
        parser.add_argument("--not-current", action="store_true",
                            help="Load it without making it the template new audits use")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise CommandError(f"{path} must hold one JSON object")
        try:
            template = template_load(data, make_current=not options["not_current"])
        except AuditError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded {template} ({template.get_purpose_display()}, "
                          f"{template.domains.count()} domains)"
                          + ("; new audits use it." if template.is_current else "."))
