"""The upload page shared by the staff and case imports: choose a file, load it or list why not.

A file that loads goes straight to its import record with a success banner. A refused file
brings the upload page back with a GOV.UK error summary and a table of the problems found.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from clearsight.core.access_log import log_access
from clearsight.core.csv_import import CsvSpec, import_record_summary
from clearsight.core.models import ImportRecord
from clearsight.organisation.forms import ImportFileForm
from clearsight.organisation.typing import AuthenticatedHttpRequest

PROBLEMS_SHOWN = 200
Importer = Callable[..., ImportRecord]


def spec_columns(spec: CsvSpec) -> list[tuple[str, str]]:
    """Each column of a file with whether it is needed, for the page's guidance."""
    columns = []
    for name in spec.columns:
        group = next((group for group in spec.one_of if name in group), None)
        if name in spec.required:
            need = "Required"
        elif group is not None:
            need = "Required unless " + " or ".join(other for other in group if other != name)
        else:
            need = "Optional"
        columns.append((name, need))
    return columns


def import_upload_page(request: AuthenticatedHttpRequest, *, importer: Importer, spec: CsvSpec,
                       title: str, intro: str) -> HttpResponse:
    limit = f"{spec.max_bytes // (1024 * 1024)} MB"
    help_text = (f"A CSV file saved as UTF-8, with one header row, up to {limit} and "
                 f"{spec.max_rows:,} rows.")
    record = None
    if request.method == "POST":
        form = ImportFileForm(request.POST, request.FILES, help_text=help_text)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            record = importer(data=upload.read(), filename=upload.name or "upload.csv",
                              by=request.user)
            if record.status == ImportRecord.Status.LOADED:
                messages.success(request, import_record_summary(record=record))
                return redirect("organisation:import-detail", pk=record.pk)
            if record.kind in ImportRecord.CHILD_LEVEL_KINDS:
                # The problems quote child IDs and dates of birth: showing them is a read.
                log_access(request=request, object_type="import", object_id=record.pk)
            count = record.error_count
            form.add_error("file", f"The file was not imported because {count:,} "
                                   f"problem{'s were' if count != 1 else ' was'} found. "
                                   "Nothing was saved. Correct the file and upload it again")
    else:
        form = ImportFileForm(help_text=help_text)
    context: dict[str, Any] = {
        "form": form, "title": title, "intro": intro, "record": record,
        "columns": spec_columns(spec),
        "problems": record.errors[:PROBLEMS_SHOWN] if record else [],
    }
    return render(request, "organisation/import_upload.html", context)
