"""Importing a plan from a spreadsheet: all or nothing, every problem named."""

import io
from datetime import date, datetime
from typing import Any

import pytest
import xlsxwriter

from clearsight.core.models import ImportRecord
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.plans import services
from clearsight.plans.models import Action, MeasureLink, Plan, RagRating, Recommendation
from clearsight.plans.workflow import ActionStatus, PlanStatus
from clearsight_analytics.indicators import BY_CODE

pytestmark = pytest.mark.django_db
# An Excel date cell (Excel has no time zones).
EXCEL_DATE = datetime(2025, 12, 31)  # noqa: DTZ001

HEADER = ("recommendation,recommendation_title,recommendation_text,action,owner,partners,"
          "timescale,status,rag,rag_reason,indicators,audit_evidence,feedback")
GOOD = "\n".join([
    HEADER,
    '1,Staff stability,"Keep social workers, and keep them longer",Recruit managers,'
    "lead@demoshire.example,HR,Q2 2025/26,in progress,amber,Two posts still open,F09;C17,"
    "Supervision audit,Staff survey",
    "1,,,Review caseloads,Workforce board,,31/12/2025,,,,,,",
    "2,Drift and delay,,Track every PLO case,Legal gateway panel,Courts,Q1 2025/26,"
    "complete,,,L01,,Children in care council",
]) + "\n"


def load(data: bytes | str, filename: str = "phase3.csv", name: str = "Phase 3", by=None):
    if isinstance(data, str):
        data = data.encode()
    return services.plan_import(data=data, filename=filename, by=by, name=name,
                                starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31))


@pytest.fixture
def lead():
    return UserFactory(username="lead@demoshire.example", roles=[Role.HEAD_OF_SERVICE])


def test_a_good_file_makes_a_draft_plan(lead):
    record, plan = load(GOOD, by=lead)
    assert record.status == ImportRecord.Status.LOADED
    assert record.kind == ImportRecord.Kind.PLAN
    assert record.rows == 3
    assert plan is not None
    assert plan.status == PlanStatus.DRAFT
    assert plan.import_record == record
    first, second = plan.recommendations.order_by("number")
    assert first.title == "Staff stability"
    assert first.text == "Keep social workers, and keep them longer"
    recruit, review = first.actions.order_by("number")
    assert recruit.owner == lead
    assert recruit.due_on == date(2025, 9, 30)
    assert recruit.status == ActionStatus.IN_PROGRESS
    assert recruit.rag == "amber"
    assert RagRating.objects.get(action=recruit).reason == "Two posts still open"
    assert review.owner is None
    assert review.owner_forum == "Workforce board"
    assert review.due_quarter == ""
    assert review.due_on == date(2025, 12, 31)
    assert sorted(first.measures.values_list("kind", "reference")) == [
        ("audit", ""), ("feedback", ""), ("indicator", "C17"), ("indicator", "F09")]
    assert second.actions.get().status == ActionStatus.COMPLETE


def test_bad_rows_are_each_named_and_nothing_is_saved(lead):
    bad = "\n".join([
        HEADER,
        "1,Staff stability,,Recruit managers,nobody@demoshire.example,,Q2 2025/26,,,,,,",
        "x,Title,,Something,Board,,Q2 2025/26,,,,,,",
        "2,Drift,,Track,Panel,,next spring,maybe,purple,,ZZ99,,",
        "3,No reason,,Act,Panel,,Q1 2025/26,,red,,,,",
    ]) + "\n"
    record, plan = load(bad, filename="bad plan.csv", by=lead)
    assert plan is None
    assert record.status == ImportRecord.Status.REFUSED
    problems = {(e["row"], e["column"]): e for e in record.errors}
    assert set(problems) == {(2, "owner"), (3, "recommendation"), (4, "timescale"),
                             (4, "status"), (4, "rag"), (4, "indicators"), (5, "rag_reason")}
    assert problems[(2, "owner")]["value"] == "nobody@demoshire.example"
    assert problems[(4, "timescale")]["value"] == "next spring"
    assert all(e["file"] == "bad plan.csv" for e in record.errors)
    assert not Plan.objects.exists()


def test_one_bad_row_among_good_ones_saves_nothing(lead):
    data = GOOD + "2,,,One more,Panel,,someday,,,,,,\n"
    record, plan = load(data, by=lead)
    assert plan is None
    assert record.error_count == 1
    assert (Plan.objects.count(), Recommendation.objects.count(), Action.objects.count(),
            MeasureLink.objects.count(), RagRating.objects.count()) == (0, 0, 0, 0, 0)


def test_a_recommendation_needs_one_title(lead):
    data = "\n".join([HEADER, "1,One title,,A,Board,,Q1 2025/26,,,,,,",
                      "1,Another title,,B,Board,,Q1 2025/26,,,,,,",
                      "2,,,C,Board,,Q1 2025/26,,,,,,"]) + "\n"
    record, _ = load(data, by=lead)
    assert {(e["row"], e["column"]) for e in record.errors} == {
        (3, "recommendation_title"), (4, "recommendation_title")}


def test_missing_columns_refuse_the_file(lead):
    record, plan = load("recommendation,action\n1,Do it\n", by=lead)
    assert plan is None
    assert {e["column"] for e in record.errors} >= {"owner", "timescale"}
    assert all(e["row"] == 1 for e in record.errors)


def test_a_plan_name_already_used_is_refused_before_reading(lead):
    load(GOOD, by=lead)
    with pytest.raises(services.PlanError):
        load(GOOD, by=lead)
    assert ImportRecord.objects.count() == 1


def _workbook(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Plan")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def test_an_excel_workbook_is_read_from_its_first_sheet(lead):
    data = _workbook([
        HEADER.split(","),
        [1, "Staff stability", None, "Recruit", "Workforce board", None,
         EXCEL_DATE, None, None, None, "F09", None, None],
        [None] * 13,
        [2, "Drift", None, "Track", "Panel", None, "Q1 2025/26", None, None, None, "Q99",
         None, None],
    ])
    record, plan = load(data, filename="phase3.xlsx", by=lead)
    assert plan is None
    # Row numbers are the spreadsheet's, blank rows counted.
    assert [(e["row"], e["column"], e["value"]) for e in record.errors] == [
        (4, "indicators", "Q99")]
    fixed = _workbook([HEADER.split(","),
                       [1, "Staff stability", None, "Recruit", "Workforce board", None,
                        EXCEL_DATE, None, None, None, "F09", None, None]])
    record, plan = load(fixed, filename="phase3.xlsx", by=lead)
    assert plan is not None
    assert plan.recommendations.get().actions.get().due_on == date(2025, 12, 31)


def test_a_file_that_is_not_a_workbook_is_refused(lead):
    record, plan = load(b"PK\x03\x04 not really a zip", filename="plan.xlsx", by=lead)
    assert plan is None
    assert record.errors[0]["row"] == 0
    assert "not an Excel workbook" in record.errors[0]["message"]


def test_audit_and_feedback_codes_are_linked_and_checked(lead):
    rows = "\n".join([
        HEADER,
        "1,Staff stability,,Recruit managers,Workforce board,,Q2 2025/26,,,,F09,"
        "voice-of-the-child; Supervision audit; theme:Nothing,listened_to; no_such_question",
    ]) + "\n"
    record, plan = load(rows, by=lead)
    assert plan is None
    problems = {(e["column"], e["value"]) for e in record.errors}
    assert len(record.errors) == 2
    assert {column for column, _ in problems} == {"audit_evidence", "feedback"}
    assert any("theme:Nothing" in e["message"] for e in record.errors)
    assert any("no_such_question" in e["message"] for e in record.errors)

    record, plan = load(rows.replace("; theme:Nothing", "").replace("; no_such_question", ""),
                        by=lead)
    assert plan is not None
    measures = plan.recommendations.get().measures
    assert sorted(measures.values_list("kind", "reference", "note")) == [
        ("audit", "", "Supervision audit"), ("audit", "voice-of-the-child", ""),
        ("feedback", "listened_to", ""), ("indicator", "F09", BY_CODE["F09"].title)]
