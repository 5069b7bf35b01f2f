from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.core.models import AccessLogEntry
from clearsight.feedback import services
from clearsight.feedback.models import Action, Invitation, Response, SafetyAlert, Survey
from clearsight.feedback.tests import factories
from clearsight.feedback.views import GUESS_LIMIT
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = reverse("feedback:start")
RESPOND = reverse("feedback:respond")


def _child_answers() -> dict[str, str]:
    return {"audience": "child", "share_views": "yes", "understood_why": "not_sure",
            "needs_met": "most", "listened_to": "yes", "overall": "4", "comments": "",
            "unsafe": "no"}


# ------------------------------------------------------------------ the family's pages


def test_a_family_follows_the_link_chooses_the_child_version_and_answers(page_client):
    issued = factories.invite()
    opened = page_client.get(reverse("feedback:link", args=[issued.token]))
    assert opened.status_code == 302
    assert opened["Location"] == RESPOND
    # The token is not in the next address, nor anything about the family.
    who = page_client.get(RESPOND)
    assert who.page.h1.get_text(strip=True) == "Who is filling this in?"
    child = page_client.get(RESPOND, {"audience": "child"})
    assert "Did you know why you had a social worker?" in child.content.decode()
    assert "Childline" in child.content.decode()
    assert "999" in child.content.decode()
    sent = page_client.post(RESPOND + "?audience=child", _child_answers())
    assert sent.status_code == 302
    assert sent["Location"] == reverse("feedback:thanks")
    response = Response.objects.get()
    assert (response.audience, response.route, response.invitation) == (
        "child", "link", issued.invitation)
    assert response.answers.get(question__code="understood_why").choice == "not_sure"
    thanks = page_client.get(sent["Location"])
    assert thanks.page.h1.get_text(strip=True) == "Thank you"
    # The same link again: the clear "already used" page.
    again = page_client.get(reverse("feedback:link", args=[issued.token]))
    assert again.status_code == 410
    assert again.page.h1.get_text(strip=True) == "You have already sent your answers"


def test_a_double_submit_makes_one_response(page_client):
    issued = factories.invite()
    page_client.get(reverse("feedback:link", args=[issued.token]))
    first = page_client.post(RESPOND + "?audience=child", _child_answers())
    assert first.status_code == 302
    # The second click of the same form: the session has moved on, so the person is sent to
    # the code page rather than making a second response.
    second = page_client.post(RESPOND + "?audience=child", _child_answers())
    assert second.status_code == 302
    assert second["Location"] == START
    assert Response.objects.count() == 1


def test_a_second_device_on_a_used_invitation_is_told_it_was_used(page_client):
    client = Client()
    issued = factories.invite()
    page_client.get(reverse("feedback:link", args=[issued.token]))
    client.get(reverse("feedback:link", args=[issued.token]))
    client.post(RESPOND + "?audience=child", _child_answers())
    late = page_client.post(RESPOND + "?audience=child", _child_answers())
    assert late.status_code == 410
    assert late.page.h1.get_text(strip=True) == "You have already sent your answers"
    assert Response.objects.count() == 1


def test_missing_answers_are_shown_with_an_error_summary_and_nothing_is_saved(page_client):
    issued = factories.invite()
    page_client.get(reverse("feedback:link", args=[issued.token]))
    answers = _child_answers()
    del answers["share_views"]
    answers["comments"] = "x" * 2001
    page = page_client.post(RESPOND + "?audience=child", answers)
    assert page.status_code == 200
    summary = page.page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Please answer: Did you get to say what you think?" in summary
    assert "2000 characters" in summary
    assert page.page.title.get_text().startswith("Error: ")
    # What they typed is kept.
    assert page.page.find("input", attrs={"name": "overall", "value": "4", "checked": True})
    assert not Response.objects.exists()


def test_typing_the_code_opens_the_survey(page_client):
    issued = factories.invite()
    form = page_client.get(START)
    assert form.page.h1.get_text(strip=True) == "Tell us what you think"
    opened = page_client.post(START, {"code": issued.code.lower()})
    assert opened.status_code == 302
    assert opened["Location"] == RESPOND


def test_a_mistyped_code_says_so(page_client):
    page = page_client.post(START, {"code": "ABCD-EFGH"})
    assert page.status_code == 200
    assert "We could not find that code" in page.content.decode()


def test_expired_and_unknown_links_get_clear_pages(page_client):
    issued = services.invitation_create(case=OpenCaseFactory.create(), point="closure", by=None,
                                        now=timezone.now() - timedelta(days=60))
    expired = page_client.get(reverse("feedback:link", args=[issued.token]))
    assert expired.status_code == 410
    assert expired.page.h1.get_text(strip=True) == "This link has stopped working"
    unknown = page_client.get(reverse("feedback:link", args=["not-a-real-token"]))
    assert unknown.status_code == 404
    assert unknown.page.h1.get_text(strip=True) == "We could not find this link"


def test_guessing_is_rate_limited(page_client):
    issued = factories.invite()
    for _ in range(GUESS_LIMIT):
        page_client.post(START, {"code": "ABCD-EFGH"})
    stopped = page_client.post(START, {"code": issued.code})
    assert stopped.status_code == 429
    assert stopped.page.h1.get_text(strip=True) == "Too many tries"
    assert page_client.get(reverse("feedback:link", args=[issued.token])).status_code == 429


def test_a_survey_switched_off_gets_a_clear_page_not_an_error(page_client):
    issued = factories.invite()
    Survey.objects.filter(point="closure", audience="child").update(is_active=False)
    page_client.get(reverse("feedback:link", args=[issued.token]))
    page = page_client.get(RESPOND, {"audience": "child"})
    assert page.status_code == 503
    assert page.page.h1.get_text(strip=True) == "Sorry, this survey is not ready"


def test_the_questions_page_without_a_link_goes_to_the_code_page(page_client):
    response = page_client.get(RESPOND)
    assert response.status_code == 302
    assert response["Location"] == START


def test_saying_you_are_unsafe_alerts_qa_and_the_thanks_page_says_so(
        page_client, django_capture_on_commit_callbacks):
    UserFactory.create(roles=[Role.QA_OFFICER], email="qa@test.example")
    issued = factories.invite()
    page_client.get(reverse("feedback:link", args=[issued.token]))
    answers = {**_child_answers(), "unsafe": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        page_client.post(RESPOND + "?audience=child", answers)
    thanks = page_client.get(reverse("feedback:thanks"))
    assert "has been told" in thanks.content.decode()
    alert = SafetyAlert.objects.get()
    assert mail.outbox[0].to == ["qa@test.example"]
    assert f"http://testserver/feedback/responses/{alert.response.pk}/" in mail.outbox[0].body


# ------------------------------------------------------------------ staff pages


def test_a_worker_makes_an_invitation_and_sees_the_code_once(page_client, sign_in):
    worker = sign_in(page_client, UserFactory.create(roles=[Role.PRACTITIONER]))
    case = OpenCaseFactory.create(team=worker.team, allocated_worker=worker)
    page = page_client.get(reverse("feedback:invite", args=[case.case_ref]))
    assert page.status_code == 200
    made = page_client.post(reverse("feedback:invite", args=[case.case_ref]),
                            {"point": "closure"})
    invitation = Invitation.objects.get()
    assert made["Location"] == reverse("feedback:invitation", args=[invitation.pk])
    shown = page_client.get(made["Location"])
    code = shown.page.select_one("#invitation-code").get_text(strip=True)
    link = shown.page.select_one("#invitation-link").get_text(strip=True)
    assert services.invitation_find(code=code).invitation == invitation
    assert services.invitation_find(token=link.rstrip("/").rsplit("/", 1)[1]).invitation \
        == invitation
    again = page_client.get(made["Location"])
    assert again.page.select_one("#invitation-code") is None
    withdrawn = page_client.post(reverse("feedback:invitation-withdraw", args=[invitation.pk]))
    assert withdrawn.status_code == 302
    assert Invitation.objects.get().status == "withdrawn"


def test_recording_answers_from_a_call(page_client, sign_in):
    worker = sign_in(page_client, UserFactory.create(roles=[Role.PRACTITIONER]))
    case = OpenCaseFactory.create(team=worker.team, allocated_worker=worker)
    url = reverse("feedback:phone", args=[case.case_ref])
    assert page_client.get(url).page.h1.get_text(strip=True) == \
        "Record answers from a phone call"
    query = "?point=early_help_start&audience=adult"
    form = page_client.get(url + query)
    assert form.page.h1.get_text(strip=True) == "Answers from the call"
    missing = page_client.post(url + query, {"called_on": "1/5/2026", "unsafe": "no"})
    assert missing.status_code == 200
    assert missing.page.select_one(".govuk-error-summary")
    saved = page_client.post(url + query, {"called_on": "1/5/2026", "eh_score": "3",
                                           "unsafe": "no", "comments": "Hard month"})
    response = Response.objects.get()
    assert saved["Location"] == reverse("feedback:response-detail", args=[response.pk])
    assert (response.route, response.caller, response.received_on) == (
        "phone", worker, date(2026, 5, 1))


def test_the_worker_does_not_see_who_asked_to_stay_hidden(page_client, sign_in):
    worker = UserFactory.create(roles=[Role.PRACTITIONER])
    case = OpenCaseFactory.create(team=worker.team, allocated_worker=worker)
    response = factories.phone_response(case, hide_from_worker=True, respondent_name="Sam Jones")
    sign_in(page_client, worker)
    listed = page_client.get(reverse("feedback:responses")).content.decode()
    detail = page_client.get(reverse("feedback:response-detail", args=[response.pk]))
    for html in (listed, detail.content.decode()):
        assert case.case_ref not in html
        assert "Sam Jones" not in html
    assert "Were you able to tell us what you thought?" in detail.content.decode()
    assert AccessLogEntry.objects.filter(object_type="feedback-response",
                                         object_id=str(response.pk)).count() == 1
    manager = UserFactory.create(roles=[Role.TEAM_MANAGER], team=worker.team)
    page_client.force_login(manager)
    sign_in(page_client, manager)
    seen = page_client.get(reverse("feedback:response-detail", args=[response.pk]))
    assert case.case_ref in seen.content.decode()
    assert "Sam Jones" in seen.content.decode()


def test_qa_tags_themes_and_deals_with_alerts(page_client, sign_in):
    qa = sign_in(page_client, UserFactory.create(roles=[Role.QA_OFFICER]))
    alert = factories.alert()
    theme = factories.theme()
    listed = page_client.get(reverse("feedback:alerts"))
    assert alert.response.case.case_ref in listed.content.decode()
    detail = page_client.get(reverse("feedback:response-detail", args=[alert.response.pk]))
    assert detail.page.find(id="alert")
    page_client.post(reverse("feedback:response-themes", args=[alert.response.pk]),
                     {"themes": [theme.pk]})
    assert list(alert.response.themes.all()) == [theme]
    blank = page_client.post(reverse("feedback:alert-deal", args=[alert.pk]), {"note": ""})
    assert blank.status_code == 200
    assert blank.page.select_one(".govuk-error-summary")
    done = page_client.post(reverse("feedback:alert-deal", args=[alert.pk]),
                            {"note": "Passed to the duty team at once"})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.dealt_with_by) == ("dealt_with", qa)
    themes = page_client.get(reverse("feedback:themes"))
    assert theme.name in themes.content.decode()
    added = page_client.post(reverse("feedback:theme-add"), {"name": "Waiting times"})
    assert added.status_code == 302


def test_the_you_said_we_did_log(page_client, sign_in):
    qa = sign_in(page_client, UserFactory.create(roles=[Role.QA_OFFICER]))
    page_client.get(reverse("feedback:action-add"))
    page_client.post(reverse("feedback:action-add"), {
        "you_said": "Letters were hard to read", "we_did": "We rewrote them",
        "done_on": "2/6/2026"})
    action = Action.objects.get()
    assert action.recorded_by == qa
    edit = reverse("feedback:action-edit", args=[action.pk])
    page_client.get(edit)
    stale = {"you_said": "Mine", "we_did": "Mine too", "done_on": "3/6/2026", "version": "1"}
    services.action_update(action=action, version=1, you_said="Theirs", we_did="Theirs",
                           done_on=date(2026, 6, 3), theme=None, by=qa)
    refused = page_client.post(edit, stale)
    assert "Someone else changed this entry" in refused.content.decode()
    assert Action.objects.get().you_said == "Theirs"
    board = UserFactory.create(roles=[Role.BOARD_MEMBER])
    sign_in(page_client, board)
    log = page_client.get(reverse("feedback:actions"))
    assert "Theirs" in log.content.decode()


def test_the_analysis_pages(page_client, sign_in):
    manager = sign_in(page_client, UserFactory.create(roles=[Role.TEAM_MANAGER]))
    today = timezone.localdate()
    for n in range(6):
        factories.phone_response(OpenCaseFactory.create(team=manager.team), called_on=today,
                                 share_views="yes" if n else "no")
    overview = page_client.get(reverse("feedback:overview"))
    assert overview.page.find("th", string="Case closure")
    results = page_client.get(reverse("feedback:results"),
                              {"question": "share_views",
                               "service": manager.team.service_area.code})
    assert "83% (6)" in results.content.decode()
    case = OpenCaseFactory.create(team=manager.team)
    factories.phone_response(case, point="early_help_start", eh_score="2",
                             called_on=today - timedelta(days=90))
    factories.phone_response(case, point="early_help_end", eh_score="6", called_on=today)
    early = page_client.get(reverse("feedback:early-help"))
    assert early.page.find(id="average-change").get_text(strip=True).startswith("+4")
    assert case.case_ref in early.content.decode()


def test_the_board_sees_rates_but_not_responses(client, sign_in):
    sign_in(client, UserFactory.create(roles=[Role.BOARD_MEMBER]))
    assert client.get(reverse("feedback:overview")).status_code == 200
    assert client.get(reverse("feedback:responses")).status_code == 403


def test_finding_a_case_to_ask(page_client, sign_in):
    worker = sign_in(page_client, UserFactory.create(roles=[Role.PRACTITIONER]))
    mine = OpenCaseFactory.create(team=worker.team, allocated_worker=worker)
    theirs = OpenCaseFactory.create()
    url = reverse("feedback:case-find")
    assert page_client.get(url).status_code == 200
    found = page_client.get(url, {"case_ref": mine.case_ref})
    assert found["Location"] == reverse("feedback:invite", args=[mine.case_ref])
    refused = page_client.get(url, {"case_ref": theirs.case_ref})
    assert "There is no case with that reference that you can see" in refused.content.decode()


def test_the_link_and_code_can_be_sent_by_email_and_the_address_is_not_kept(
        page_client, sign_in, django_capture_on_commit_callbacks):
    worker = sign_in(page_client, UserFactory.create(roles=[Role.PRACTITIONER]))
    case = OpenCaseFactory.create(team=worker.team, allocated_worker=worker)
    url = reverse("feedback:invite", args=[case.case_ref])
    bad = page_client.post(url, {"point": "closure", "email": "not an address"})
    assert "Enter an email address" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page_client.post(url, {"point": "closure", "email": "parent@example.com"})
    invitation = Invitation.objects.get()
    assert mail.outbox[-1].to == ["parent@example.com"]
    body = mail.outbox[-1].body
    token = body.split("/feedback/answer/")[1].split("/")[0]
    assert services.invitation_find(token=token).invitation == invitation
    assert "parent@example.com" not in str(Invitation.objects.values().get())
