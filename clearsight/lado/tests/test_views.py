"""The LADO pages, walked by an officer and the named senior manager through page_client
(each page is also checked against the GOV.UK rules)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clearsight.core.models import AccessLogEntry
from clearsight.lado.models import Referral
from clearsight.lado.tests.factories import ClosedReferralFactory, InProgressReferralFactory

pytestmark = pytest.mark.django_db


def _today() -> str:
    return f"{timezone.localdate():%d/%m/%Y}"


def test_an_officer_walks_a_referral_to_its_outcome(page_client, sign_in, lado_officer,
                                                    senior_manager):
    sign_in(page_client, lado_officer)
    response = page_client.post(reverse("lado:referral-new"), {
        "kind": "referral", "received_on": _today(), "received_time": "00:01",
        "referrer_name": "Jo Bell", "referrer_agency": "Riverside Academy",
        "subject_name": "Chris Dale", "subject_role": "PE teacher",
        "employer": "Riverside Academy", "sector": "school", "child_ids": "c123",
        "description": "Pushed a pupil", "harm_test": "harmed", "category": "physical"})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lado:referral", args=[referral.pk])
    page = page_client.get(response["Location"]).page
    assert page.h1.get_text() == referral.reference
    assert "Record the initial consideration" in page.get_text()

    url = reverse("lado:referral-decide", args=[referral.pk])
    assert page_client.post(url, {"version": 1, "decision": "threshold_met",
                                  "considered_on": _today(),
                                  "rationale": "Physical harm to a pupil"}).status_code == 302
    assert page_client.post(reverse("lado:meeting-new", args=[referral.pk]), {
        "kind": "strategy", "held_on": _today(), "attendees": "LADO\nPolice",
        "discussion": "Police will not investigate", "actions": "Employer to investigate",
    }).status_code == 302
    allegation = referral.allegations.get()
    outcome_url = reverse("lado:allegation-outcome", args=[referral.pk, allegation.pk])
    page = page_client.get(outcome_url).page
    assert "not enough evidence either to prove" in page.get_text()
    assert page_client.post(outcome_url, {"outcome": "unsubstantiated",
                                          "resolved_on": _today()}).status_code == 302
    assert page_client.post(reverse("lado:referral-close", args=[referral.pk]), {
        "version": 2, "closed_on": _today()}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    page = page_client.get(reverse("lado:referral", args=[referral.pk])).page
    assert "Within 1 month" in page.get_text()
    assert [e.action for e in referral.events.all()] == [
        "Referral received", "Decision: Threshold met", "Strategy meeting recorded",
        "Outcome recorded", "Referral closed"]

    sign_in(page_client, senior_manager)
    assert page_client.post(reverse("lado:oversight-new", args=[referral.pk]), {
        "note": "Proportionate and timely"}).status_code == 302
    assert referral.oversight.get().by == senior_manager


def test_form_errors_show_in_the_summary(page_client, sign_in, lado_officer):
    sign_in(page_client, lado_officer)
    response = page_client.post(reverse("lado:referral-new"), {"kind": "referral"})
    assert response.status_code == 200
    summary = response.page.select_one(".govuk-error-summary").get_text()
    assert "Enter the date received" in summary
    assert "Select the sector" in summary


def test_a_stale_update_says_so(page_client, sign_in, lado_officer):
    sign_in(page_client, lado_officer)
    referral = InProgressReferralFactory.create(version=3)
    response = page_client.post(reverse("lado:referral-edit", args=[referral.pk]), {
        "version": 2, "referrer_name": "A", "referrer_agency": "B", "subject_name": "C",
        "subject_role": "D", "employer": "E", "sector": "sport"})
    assert response.status_code == 200
    assert "Someone else changed this referral" in response.page.get_text()
    referral.refresh_from_db()
    assert referral.employer == "Northgate Primary School"


def test_register_filters_and_flags_overdue_consideration(page_client, sign_in, lado_officer):
    sign_in(page_client, lado_officer)
    from clearsight.lado.tests.factories import ReferralFactory

    ReferralFactory.create(consideration_due=timezone.localdate() - dt.timedelta(days=2),
                    sector="sport")
    ClosedReferralFactory.create(sector="health")
    page = page_client.get(reverse("lado:register")).page
    assert "1 referral waiting longer than one working day" in page.get_text()
    assert "1 referral." in page.get_text()
    page = page_client.get(reverse("lado:register") + "?status=all&sector=health").page
    assert "Health" in page.select_one("tbody").get_text()


def test_overview_and_annual_report_pages(page_client, sign_in, lado_officer):
    sign_in(page_client, lado_officer)
    ClosedReferralFactory.create(sector="faith", employer="St Mary's Church")
    start = timezone.localdate().year if timezone.localdate().month >= 4 else (
        timezone.localdate().year - 1)
    page = page_client.get(reverse("lado:overview")).page
    assert "Faith group" in page.get_text()
    page = page_client.get(reverse("lado:annual-report") + f"?year={start}").page
    assert f"LADO annual report {start} to {start + 1}" == page.h1.get_text()
    assert "received 1 referral" in " ".join(page.get_text().split())


def test_settings_name_the_manager(page_client, sign_in, lado_officer):
    from clearsight.organisation.roles import Role
    from clearsight.organisation.tests.factories import UserFactory

    manager = UserFactory.create(roles=[Role.PRINCIPAL_SOCIAL_WORKER])
    UserFactory.create(roles=[Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE])  # never offered
    sign_in(page_client, lado_officer)
    page = page_client.get(reverse("lado:settings")).page
    options = [o["value"] for o in page.select("#id_senior_manager option") if o["value"]]
    assert options == [str(manager.pk)]
    response = page_client.post(reverse("lado:settings"), {
        "version": 1, "senior_manager": manager.pk, "retention_years": 7})
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(object_type="lado.register",
                                         object_id="settings").count() == 2


def test_annual_report_as_word(client, sign_in, lado_officer):
    import io

    from docx import Document

    ClosedReferralFactory.create(sector="transport", employer="Ace Taxis")
    sign_in(client, lado_officer)
    start = timezone.localdate().year if timezone.localdate().month >= 4 else (
        timezone.localdate().year - 1)
    response = client.get(reverse("lado:annual-report-docx") + f"?year={start}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{start}-{start + 1}.docx"')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"LADO annual report {start} to {start + 1}" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Transport" in cells
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.object_id) == ("export", f"annual-report-{start}")


def test_overview_compares_with_the_year_before(page_client, sign_in, lado_officer):
    sign_in(page_client, lado_officer)
    ClosedReferralFactory.create(received_at=dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC),
                                 sector="sport")
    ClosedReferralFactory.create(received_at=dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC),
                                 sector="faith")
    page = page_client.get(reverse("lado:overview") + "?year=2026").page
    table = page.find("caption", string="Referrals and consultations by sector").parent
    rows = {row.th.get_text(): [td.get_text() for td in row.find_all("td")]
            for row in table.select("tbody tr")}
    assert rows == {"Faith group": ["1", "0"], "Sport and leisure": ["0", "1"]}


@pytest.mark.parametrize(("factory", "route"), [
    (ClosedReferralFactory, "lado:referral-decide"),
    (ClosedReferralFactory, "lado:meeting-new"),
    (InProgressReferralFactory, "lado:referral-reopen"),
])
def test_an_action_not_open_in_this_state_is_refused(client, sign_in, lado_officer, factory,
                                                     route):
    sign_in(client, lado_officer)
    referral = factory.create()
    assert client.get(reverse(route, args=[referral.pk])).status_code == 403


def test_other_referrals_about_the_same_person_are_shown(page_client, sign_in, lado_officer):
    sign_in(page_client, lado_officer)
    earlier = ClosedReferralFactory.create(subject_name="Kim Ash", employer="Town FC")
    later = InProgressReferralFactory.create(subject_name="kim ash")
    InProgressReferralFactory.create(subject_name="Someone Else")
    page = page_client.get(reverse("lado:referral", args=[later.pk])).page
    warning = page.select_one(".govuk-warning-text").get_text()
    assert "1 other referral" in warning
    assert earlier.reference in warning
    page = page_client.get(reverse("lado:register") + "?status=all&q=KIM").page
    assert [a.get_text() for a in page.select("tbody a")] == [later.reference,
                                                             earlier.reference]
