"""The quarterly feedback report: the selector on a small hand-made set, the page, the Word
document."""

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.feedback import selectors, services
from clearsight.feedback.models import Invitation, Response, SafetyAlert
from clearsight.feedback.tests import factories
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Q3 = (2026, 3)  # July to September 2026
Q2 = (2026, 2)
AUGUST = date(2026, 8, 10)
MAY = date(2026, 5, 12)


def _phone(on: date, **answers: Any) -> Response:
    return factories.phone_response(called_on=on, **answers)


def _headline(report: selectors.QuarterReport, code: str) -> selectors.Headline:
    return next(h for h in report.headlines if h.code == code)


def test_quarters_are_calendar_quarters_and_default_to_the_last_complete_one():
    today = date(2026, 11, 30)
    assert selectors.report_quarter_from("", today) == (2026, 3)
    assert selectors.report_quarter_from("2026-Q1", today) == (2026, 1)
    # Not over yet, or nonsense: the last complete quarter.
    assert selectors.report_quarter_from("2026-Q4", today) == (2026, 3)
    assert selectors.report_quarter_from("banana", today) == (2026, 3)
    assert selectors.report_quarter_from("", date(2027, 1, 2)) == (2026, 4)
    assert selectors.quarter_dates((2026, 4)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert selectors.quarter_dates(Q3) == (date(2026, 7, 1), date(2026, 9, 30))
    assert selectors.report_quarters(today)[0] == (2026, 3)
    assert selectors._change(80, 79) == "+1 point"
    assert selectors._change(70, 79) == "-9 points"
    assert len(selectors.report_quarters(today)) == 8


def test_headlines_give_the_positive_share_and_the_change_from_the_quarter_before():
    # July to September: 6 answers to share_views, 5 positive (83%).
    for _ in range(5):
        _phone(AUGUST)
    _phone(AUGUST, share_views="no", needs_met="some")
    # April to June: 10 answers, 6 positive (60%); everyone listened to in both quarters.
    for _ in range(6):
        _phone(MAY)
    for _ in range(4):
        _phone(MAY, share_views="not_sure")
    # Outside both quarters: not counted.
    _phone(date(2026, 10, 5), share_views="no")

    report = selectors.quarterly_report(quarter=Q3)
    share = _headline(report, "share_views")
    assert share.raw == (6, 5, 10, 6)
    assert (share.answered, share.positive, share.percent) == (6, 5, "83%")
    assert share.previous_percent == "60%"
    assert share.change == "+23 points"
    needs = _headline(report, "needs_met")  # all or most of the help
    assert (needs.answered, needs.positive, needs.percent) == (6, 5, "83%")
    assert needs.previous_percent == "100%"
    assert needs.change == "-17 points"
    listened = _headline(report, "listened_to")
    assert (listened.percent, listened.change) == ("100%", "No change")
    assert [h.code for h in report.headlines] == ["share_views", "understood_why", "needs_met",
                                                  "listened_to"]
    assert (report.responses_total, report.responses_phone, report.responses_link) == (6, 6, 0)
    assert report.label == "Jul-Sep 2026"
    assert report.previous_label == "Apr-Jun 2026"


def test_small_numbers_are_suppressed_and_so_is_the_change_built_on_them():
    for _ in range(3):
        _phone(AUGUST)
    for _ in range(6):
        _phone(MAY)
    report = selectors.quarterly_report(quarter=Q3)
    share = _headline(report, "share_views")
    assert share.raw == (3, 3, 6, 6)
    assert (share.answered, share.positive, share.percent) == ("c", "c", "c")
    assert share.previous_percent == "100%"
    assert share.change == "Not available"
    assert report.responses_total == "c"
    # A quarter with nothing: zero is shown, not suppressed.
    empty = selectors.quarterly_report(quarter=(2026, 1))
    assert _headline(empty, "share_views").percent == "No answers"
    assert empty.responses_total == 0
    assert empty.early_help_average == "No pairs"


def test_link_response_rates_count_the_invitations_sent_in_the_quarter():
    answered = [factories.link_response() for _ in range(5)]
    for _ in range(5):
        factories.invite()
    Invitation.objects.update(created_at=datetime(2026, 8, 1, 10, tzinfo=UTC))
    Response.objects.filter(pk__in=[r.pk for r in answered]).update(received_on=AUGUST)
    report = selectors.quarterly_report(quarter=Q3)
    closure = next(row for row in report.rates if row.point == "closure")
    assert (closure.invited, closure.by_link, closure.link_rate) == (10, 5, "50%")
    assert report.responses_link == 5
    other = next(row for row in report.rates if row.point == "cp_conference")
    assert (other.invited, other.link_rate) == (0, "No one to ask")


def test_early_help_average_change_for_pairs_ending_in_the_quarter():
    for change in (2, 3, 3, 4, 5):
        case = OpenCaseFactory.create()
        factories.phone_response(case, point="early_help_start", eh_score="3",
                                 called_on=MAY)
        factories.phone_response(case, point="early_help_end", eh_score=str(3 + change),
                                 called_on=AUGUST)
    # A pair that ended in the quarter before is left out.
    case = OpenCaseFactory.create()
    factories.phone_response(case, point="early_help_start", eh_score="5",
                             called_on=date(2026, 4, 2))
    factories.phone_response(case, point="early_help_end", eh_score="1", called_on=MAY)
    report = selectors.quarterly_report(quarter=Q3)
    assert (report.early_help_pairs, report.early_help_average) == (5, "+3.4")
    earlier = selectors.quarterly_report(quarter=Q2)
    assert (earlier.early_help_pairs, earlier.early_help_average) == ("c", "c")


def test_themes_alerts_and_the_you_said_we_did_log_of_the_quarter():
    qa = UserFactory.create(roles=[Role.QA_OFFICER])
    often, rarely = factories.theme("Communication"), factories.theme("Delay")
    factories.theme("Never used")
    responses = [_phone(AUGUST) for _ in range(5)]
    for response in responses:
        response.themes.add(often)
    responses[0].themes.add(rarely)
    for _ in range(6):
        factories.phone_response(called_on=AUGUST, unsafe=True)
    alerts = list(SafetyAlert.objects.filter(response__received_on=AUGUST))
    factories.phone_response(called_on=MAY, unsafe=True)  # the quarter before

    for alert in alerts[:5]:
        services.alert_deal_with(alert=alert, by=qa, note="Called the family the same day.")
    factories.action(you_said="Meetings were too early.", we_did="We moved them later.",
                     done_on=AUGUST)
    factories.action(you_said="Old news.", we_did="Done before.", done_on=MAY)

    report = selectors.quarterly_report(quarter=Q3)
    assert [(row.label, row.count) for row in report.themes] == [("Communication", 5),
                                                                 ("Delay", "c")]
    assert (report.alerts_raised, report.alerts_dealt_with) == (6, 5)
    assert [a.you_said for a in report.actions] == ["Meetings were too early."]


# ------------------------------------------------------------------ the page and the document


def _a_quarter_of_feedback() -> Response:
    for _ in range(5):
        last = _phone(AUGUST)
    _phone(AUGUST, share_views="no")
    for _ in range(5):
        _phone(MAY, share_views="not_sure")
    factories.action(you_said="Letters used long words.", we_did="We rewrote them.",
                     done_on=AUGUST)
    return last


def test_the_board_reads_the_report_without_any_child_level_data(page_client, sign_in):
    response = _a_quarter_of_feedback()
    sign_in(page_client, UserFactory.create(roles=[Role.BOARD_MEMBER]))
    page = page_client.get(reverse("feedback:report"), {"quarter": "2026-Q3"})
    assert page.status_code == 200
    assert page.page.h1.get_text(strip=True) == "Quarterly feedback report"
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in page.page.find(id="headlines").tbody.find_all("tr")}
    assert rows["Were able to share their views"] == ["6", "5", "83%", "0%", "+83 points"]
    assert "Letters used long words." in page.content.decode()
    assert response.case.case_ref not in page.content.decode()
    assert response.case.child.child_id not in page.content.decode()
    download = page.page.find("a", string="Download this report as a Word document")
    assert download["href"] == reverse("feedback:report-download") + "?quarter=2026-Q3"


def test_the_overview_links_to_the_report(page_client, sign_in):
    sign_in(page_client, UserFactory.create(roles=[Role.QA_OFFICER]))
    overview = page_client.get(reverse("feedback:overview"))
    assert overview.page.find("a", href=reverse("feedback:report"))


def test_the_word_document_holds_the_headline_figures(client, sign_in):
    _a_quarter_of_feedback()
    sign_in(client, UserFactory.create(roles=[Role.QA_OFFICER]))
    got = client.get(reverse("feedback:report-download"), {"quarter": "2026-Q3"})
    assert got.status_code == 200
    assert got["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert 'filename="feedback-2026-Q3.docx"' in got["Content-Disposition"]
    document = Document(io.BytesIO(got.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "feedback from children and families" in text
    assert "Jul-Sep 2026" in text
    headings = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert "What families told us" in headings
    cells = [[cell.text for cell in row.cells] for table in document.tables
             for row in table.rows]
    assert ["Were able to share their views", "6", "5", "83%", "0%", "+83 points"] in cells
    assert any("Letters used long words." in row for row in cells)


def test_administrators_do_not_see_the_report(client, sign_in):
    sign_in(client, UserFactory.create(roles=[Role.ADMINISTRATOR]))
    assert client.get(reverse("feedback:report")).status_code == 403
    assert client.get(reverse("feedback:report-download")).status_code == 403
