"""Writes for governance packs: requesting one, and making it (run by the job queue).

Making a pack reads every section through `selectors.pack_content`, stores those figures on
the pack, then writes the Word, PDF and Excel files under PACKS_DIR with their SHA-256. The
data version (the performance computation and a fingerprint of the other apps' data) is taken
before the figures are read, and the pack is never changed once made: a later pack is a new
row, so a board can always see what it was given.
"""

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clearsight.governance import documents, selectors
from clearsight.governance.models import Pack, PackEvent
from clearsight.governance.selectors import Period
from clearsight.governance.workflow import PackStatus, PackStep, pack_next
from clearsight.performance.selectors import computation_current

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             documents.pack_docx),
    "pdf": ("application/pdf", documents.pack_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             documents.pack_xlsx),
}


def _move(pack: Pack, step: str, note: str = "") -> None:
    before = pack.status
    pack.status = pack_next(before, step)
    PackEvent.objects.create(pack=pack, step=step, status_before=before,
                             status_after=pack.status, note=note)


def pack_create(*, kind: str, period: Period, by: Any = None) -> Pack:
    """A pack waiting to be made (pack_generate)."""
    person = by if by is not None and by.is_authenticated else None
    return Pack.objects.create(
        kind=kind, period_start=period.start, period_end=period.end,
        period_label=period.label, requested_by=person,
        requested_by_name=str(person.display_name) if person is not None else "")


def pack_request(*, kind: str, period: Period, by: Any) -> Pack:
    """Queue a pack; the job queue makes it once the request is saved."""
    from clearsight.governance.tasks import generate_pack

    pack = pack_create(kind=kind, period=period, by=by)
    transaction.on_commit(lambda: generate_pack(pack.pk))
    return pack


def _progress(pack: Pack, percent: int, text: str) -> None:
    pack.progress, pack.progress_text = percent, text
    pack.save(update_fields=["progress", "progress_text"])


def pack_path(pack: Pack, fmt: str) -> Path:
    return Path(settings.PACKS_DIR) / pack.files[fmt]["name"]


def pack_generate(*, pack_id: int, today: date | None = None) -> Pack:
    """Make the pack: read the figures, keep them, write the three files. `today` (for the
    demo's as-at date) decides which actions are overdue and which clocks have run out."""
    with transaction.atomic():
        # Claim the pack under a row lock, so a job delivered twice makes it once.
        pack = Pack.objects.select_for_update().get(pk=pack_id)
        if pack.status != PackStatus.QUEUED:
            return pack  # made already (a job run twice)
        _move(pack, PackStep.START)
        pack.started_at = timezone.now()
        pack.save(update_fields=["status", "started_at"])
    try:
        computation = computation_current()
        markers = selectors.data_markers()
        pack.computation_id = computation.pk if computation else None
        pack.data_markers = markers
        pack.data_fingerprint = selectors.fingerprint(pack.computation_id, markers)
        period = Period(pack.period_start, pack.period_end, pack.period_label)
        content = selectors.pack_content(kind=pack.kind, period=period, computation=computation,
                                         today=today, progress=lambda p, t: _progress(pack, p, t))
        content["data_version"] = pack.data_version
        pack.content = content
        folder = Path(settings.PACKS_DIR) / f"pack-{pack.pk}"
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for number, (fmt, (_type, make)) in enumerate(FORMATS.items()):
            _progress(pack, 75 + 8 * number, f"Writing the {fmt.upper()} file")
            data = make(content)
            name = f"pack-{pack.pk}/{pack.kind}-{pack.period_end:%Y-%m-%d}.{fmt}"
            (Path(settings.PACKS_DIR) / name).write_bytes(data)
            files[fmt] = {"name": name, "size": len(data),
                          "sha256": hashlib.sha256(data).hexdigest()}
        pack.files = files
        with transaction.atomic():  # the event row and the finished pack together, or neither
            _move(pack, PackStep.FINISH)
            pack.progress, pack.progress_text = 100, "Ready"
            pack.finished_at = timezone.now()
            pack.save()
    except Exception as error:  # the pack page says what went wrong; the job log has the rest
        pack.refresh_from_db(fields=["status"])
        _move(pack, PackStep.FAIL, note=str(error)[:500])
        pack.error = "The pack could not be made. Ask again; if it fails again, tell support."
        pack.finished_at = timezone.now()
        pack.save(update_fields=["status", "error", "finished_at"])
        raise
    return pack


def pack_file(pack: Pack, fmt: str) -> bytes:
    """A pack's stored file, checked against the SHA-256 taken when it was written."""
    data = pack_path(pack, fmt).read_bytes()
    if hashlib.sha256(data).hexdigest() != pack.files[fmt]["sha256"]:
        raise ValueError("The stored file does not match its checksum")
    return data
