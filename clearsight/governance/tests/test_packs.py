"""Governance packs: the figures, the small-number rule, the four formats, the background job
with its progress, what each role may do, and that a pack, once made, never changes."""

import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clearsight.audits.models import Grade, Status
from clearsight.audits.tests.factories import audit_make, make_case
from clearsight.casework.tests.factories import ChildFactory
from clearsight.complaints.tests.factories import ComplaintFactory
from clearsight.governance import selectors, services
from clearsight.governance.models import Pack
from clearsight.governance.workflow import (
    PackKind,
    PackStatus,
    PackStep,
    TransitionError,
    pack_next,
)
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.performance.tests.factories import snapshot_fake
from clearsight.plans import services as plan_services
from clearsight.plans.models import Action, MeasureLink
from clearsight.plans.tests.factories import ActionFactory, plan_with_actions

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHILD_ID = "C7777001"
CASE_REF = "CASE-KNOWN-77"
COMPLAINANT = "Philippa Quennell-Brandt"
FORMULA = "=SUM(A1)"


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """Child-level records a pack must never show, six completed audits in the period, one
    complaint and an active plan (one of whose actions is written like a formula)."""
    child = ChildFactory(child_id=CHILD_ID)
    case = make_case(child=child, case_ref=CASE_REF)
    done_at = timezone.make_aware(datetime.combine(TODAY - timedelta(days=3), datetime.min.time()))
    for number in range(6):
        audit_make(status=Status.COMPLETED, case=case if number == 0 else None,
                   overall=Grade.GOOD if number < 5 else Grade.INADEQUATE,
                   completed_at=done_at,
                   deadline=TODAY if number < 5 else TODAY - timedelta(days=30))
    ComplaintFactory(complainant_name=COMPLAINANT, received_on=TODAY - timedelta(days=2))
    plan = plan_with_actions(name="Phase 3")
    first = plan.recommendations.get(number=1)
    ActionFactory(recommendation=first, number=3, text=FORMULA, due_on=TODAY + timedelta(days=90))
    MeasureLink.objects.create(recommendation=first, kind=MeasureLink.Kind.INDICATOR,
                               reference="F09")
    MeasureLink.objects.create(recommendation=first, kind=MeasureLink.Kind.FEEDBACK,
                               note="Families say plans are clearer")
    snapshot_fake(code="F09", child_ids=[CHILD_ID])
    return plan


def _make(kind: str = PackKind.BOARD, by=None) -> Pack:  # type: ignore[no-untyped-def]
    pack = services.pack_create(kind=kind, period=selectors.board_period(TODAY), by=by)
    return services.pack_generate(pack_id=pack.pk)


# ------------------------------------------------------------------ the rule and the workflow


def test_counts_from_1_to_4_are_fewer_than_5_and_rates_on_them_withheld():
    assert [selectors.count_shown(n) for n in (0, 1, 4, 5, 12)] == [
        0, "fewer than 5", "fewer than 5", 5, 12]
    assert selectors.rate_shown(3, 10) == "withheld"
    assert selectors.rate_shown(6, 4) == "withheld"
    assert selectors.rate_shown(5, 8) == 62.5
    assert selectors.rate_shown(0, 8) == 0.0
    assert selectors.rate_shown(0, 0) is None


def test_board_period_is_six_weeks_ending_on_the_day():
    period = selectors.board_period(date(2026, 11, 27))
    assert (period.start, period.end) == (date(2026, 10, 17), date(2026, 11, 27))
    assert (period.end - period.start).days + 1 == 42


def test_pack_workflow_table():
    assert pack_next(PackStatus.QUEUED, PackStep.START) == PackStatus.RUNNING
    assert pack_next(PackStatus.RUNNING, PackStep.FINISH) == PackStatus.DONE
    assert pack_next(PackStatus.FAILED, PackStep.RETRY) == PackStatus.QUEUED
    with pytest.raises(TransitionError):
        pack_next(PackStatus.DONE, PackStep.START)


# ------------------------------------------------------------------ figures and formats


def test_board_pack_figures(world):
    pack = _make()
    assert pack.status == PackStatus.DONE
    assert pack.progress == 100
    assert [event.step for event in pack.events.all()] == [PackStep.START, PackStep.FINISH]
    audits = pack.content["audits"]
    assert audits["completed"] == 6
    assert audits["on_time"] == 5
    assert audits["on_time_rate"] == 83.3
    grades = {row["label"]: row["count"] for row in audits["grades"]}
    assert grades["Good"] == 5
    assert grades["Inadequate"] == "fewer than 5"
    assert pack.content["complaints"]["received"] == "fewer than 5"
    kpi = pack.content["kpis"][0]
    assert kpi["code"] == "F09"
    assert kpi["value"] == "Not shown (fewer than 5)"  # one child behind it
    plan = pack.content["plans"][0]
    assert plan["name"] == "Phase 3"
    assert plan["recommendations"][0]["actions"] == 3
    assert pack.computation_id is not None
    assert pack.data_version.startswith(f"computation {pack.computation_id}, data ")


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf(data: bytes) -> tuple[object, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_four_formats_open_and_hold_no_child_level_data(world, client, sign_in):
    pack = _make()
    sign_in(client, UserFactory(roles=[Role.BOARD_MEMBER]))
    page = client.get(reverse("governance:pack-detail", args=[pack.pk])).content.decode()
    files = {fmt: client.get(reverse("governance:pack-download", args=[pack.pk, fmt]))
             for fmt in ("docx", "pdf", "xlsx")}
    assert all(response.status_code == 200 for response in files.values())
    for fmt, response in files.items():
        assert response.content == services.pack_file(pack, fmt)

    word = _docx_text(files["docx"].content)
    assert "Audits completed" in word
    assert "fewer than 5" in word
    assert "Staff stability" in word

    reader, pdf_text = _pdf(files["pdf"].content)
    root = reader.trailer["/Root"]  # type: ignore[attr-defined]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")
    assert "Audits completed" in pdf_text
    assert "Staff stability" in pdf_text
    assert "83.3%" in pdf_text

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(files["xlsx"].content))
    assert "Audit activity" in book.sheetnames
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"]
    formula_cells = [cell.value for cell in cells if isinstance(cell.value, str)
                     and FORMULA in cell.value]
    assert formula_cells == ["'" + FORMULA]
    activity = book["Audit activity"]
    assert activity["B4"].value == 6  # a number, not text
    assert isinstance(activity["C5"].value, float)
    assert any(sheet._charts for sheet in book.worksheets)  # type: ignore[attr-defined]

    for text in (page, word, pdf_text, " ".join(str(cell.value) for cell in cells)):
        assert CHILD_ID not in text
        assert CASE_REF not in text
        assert COMPLAINANT not in text
    assert "fewer than 5" in page
    assert "83.3%" in page
    # Measures of success beside the plan's progress, in every format.
    assert "Measures of success: Phase 3" in page
    assert "Families say plans are clearer" in word
    assert "Measures of success: Phase 3" in pdf_text
    measures = next(sheet for sheet in book.worksheets if sheet.title.startswith("Measures"))
    values = [str(cell.value) for row in measures.iter_rows() for cell in row]
    assert "Key performance indicator" in values
    assert "Families say plans are clearer" in values


def test_xlsx_charts_are_real_charts(world):
    pack = _make()
    import zipfile

    names = zipfile.ZipFile(services.pack_path(pack, "xlsx")).namelist()
    assert any(name.startswith("xl/charts/chart") for name in names)


# ------------------------------------------------------------------ the background job


def test_requesting_a_pack_runs_it_in_the_background(world, client, sign_in,
                                                     django_capture_on_commit_callbacks):
    sign_in(client, UserFactory(roles=[Role.QA_OFFICER]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("governance:pack-request"),
                               {"kind": PackKind.BOARD, "end": ""})
    pack = Pack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:pack-detail", args=[pack.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in waiting
    assert "Check progress" in waiting
    assert "http-equiv" not in waiting  # no meta refresh
    for callback in callbacks:
        callback()  # the job queue runs immediately in tests
    pack.refresh_from_db()
    assert pack.status == PackStatus.DONE
    assert pack.requested_by_name
    done = client.get(response["Location"]).content.decode()
    assert "Check progress" not in done
    assert "Download" in done


def test_a_quarterly_report_is_for_a_financial_quarter(world, client, sign_in,
                                                      django_capture_on_commit_callbacks):
    sign_in(client, UserFactory(roles=[Role.HEAD_OF_SERVICE]))
    quarter = selectors.quarter_choices(TODAY)[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:pack-request"), {"kind": PackKind.QUARTERLY,
                                                         "quarter": quarter})
    pack = Pack.objects.get()
    assert pack.kind == PackKind.QUARTERLY
    assert pack.period_start.month in (1, 4, 7, 10)
    assert pack.content["plans"] == []


def test_a_date_in_the_future_is_refused(world, client, sign_in):
    sign_in(client, UserFactory(roles=[Role.QA_OFFICER]))
    later = (TODAY + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(reverse("governance:pack-request"), {"kind": "board", "end": later})
    assert response.status_code == 200
    assert "must be today or earlier" in response.content.decode()
    assert not Pack.objects.exists()


def test_a_failed_pack_says_so(world, monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(selectors, "pack_content", broken)
    pack = services.pack_create(kind=PackKind.BOARD, period=selectors.board_period(TODAY))
    with pytest.raises(RuntimeError):
        services.pack_generate(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED
    assert pack.error
    assert [event.note for event in pack.events.all()][-1] == "disk full"


# ------------------------------------------------------------------ who may do what


def test_board_members_read_packs_but_do_not_ask_for_them(world, client, sign_in):
    pack = _make()
    sign_in(client, UserFactory(roles=[Role.BOARD_MEMBER]))
    index = client.get(reverse("governance:index"))
    assert index.status_code == 200
    text = index.content.decode()
    assert "Make the pack" not in text
    assert reverse("governance:pack-detail", args=[pack.pk]) in text
    assert reverse("complaints:bulletin") in text
    assert reverse("audits:briefing") in text
    assert client.get(reverse("audits:briefing")).status_code == 200
    assert client.post(reverse("governance:pack-request"), {"kind": "board"}).status_code == 403
    # Nothing child-level elsewhere either.
    assert client.get(reverse("casework:case-list")).status_code == 403


def test_other_reports_are_listed_only_for_those_who_may_open_them(world, client, sign_in):
    sign_in(client, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    text = client.get(reverse("governance:index")).content.decode()
    assert reverse("audits:briefing") not in text
    assert client.get(reverse("audits:briefing")).status_code == 403


def test_practitioners_see_no_packs(world, client, sign_in):
    pack = _make()
    sign_in(client, UserFactory(roles=[Role.PRACTITIONER]))
    assert client.get(reverse("governance:index")).status_code == 403
    assert client.get(reverse("governance:pack-detail", args=[pack.pk])).status_code == 403


def test_a_pack_not_ready_has_no_files(world, client, sign_in):
    pack = services.pack_create(kind=PackKind.BOARD, period=selectors.board_period(TODAY))
    sign_in(client, UserFactory(roles=[Role.BOARD_MEMBER]))
    assert client.get(reverse("governance:pack-download", args=[pack.pk, "pdf"])
                      ).status_code == 404
    done = _make()
    assert client.get(reverse("governance:pack-download", args=[done.pk, "exe"])
                      ).status_code == 404


# ------------------------------------------------------------------ done when


def test_the_next_pack_shows_an_action_update_and_the_earlier_pack_is_unchanged(world):
    """A head of service records progress on an action and rates it green: the next board pack
    shows it, and the pack made before is exactly as it was."""
    head = UserFactory(roles=[Role.HEAD_OF_SERVICE])
    before = _make()
    before_files = {fmt: services.pack_file(before, fmt) for fmt in before.files}
    before_content = before.content

    action = Action.objects.get(recommendation__number=2, number=1)
    plan_services.action_progress_add(
        action=action, version=action.version, by=head, text="Panel now meets weekly",
        evidence="Panel minutes", happened_on=TODAY, step="start")
    plan_services.action_rate(action=action, version=action.version, by=head,
                              rating="green", reason="On track")

    after = _make()
    second_before = before.content["plans"][0]["recommendations"][1]
    second_after = after.content["plans"][0]["recommendations"][1]
    assert second_before["rag"]["Green"] == 0
    assert second_after["rag"]["Green"] == 1
    assert second_before["status"]["In progress"] == 0
    assert second_after["status"]["In progress"] == 1
    row = second_after["action_rows"][0]
    assert (row["status"], row["rag"]) == ("In progress", "Green")
    assert after.data_fingerprint != before.data_fingerprint

    before.refresh_from_db()
    assert before.content == before_content
    assert {fmt: services.pack_file(before, fmt) for fmt in before.files} == before_files
    assert "Green" in _docx_text(services.pack_file(after, "docx"))
    assert re.search(r"In\s+progress", _pdf(services.pack_file(after, "pdf"))[1])


def test_the_pages_follow_the_govuk_rules(world, page_client, sign_in):
    """One h1 equal to the title, valid HTML, error summary links that land (tests/pagecheck)."""
    done = _make()
    waiting = services.pack_create(kind=PackKind.BOARD, period=selectors.board_period(TODAY))
    sign_in(page_client, UserFactory(roles=[Role.QA_OFFICER]))
    for url in (reverse("governance:index"),
                reverse("governance:pack-detail", args=[done.pk]),
                reverse("governance:pack-detail", args=[waiting.pk])):
        assert page_client.get(url).status_code == 200
    refused = page_client.post(reverse("governance:pack-request"), {"end": "31/02/2026"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Choose which pack to make" in text
    assert "Enter the date as day/month/year" in text
