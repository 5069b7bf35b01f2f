from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from clearsight.casework.models import CaseType
from clearsight.casework.tests.factories import ClosedCaseFactory, OpenCaseFactory
from clearsight.feedback import defaults, selectors, services
from clearsight.feedback.models import (
    Audience,
    Invitation,
    Question,
    Response,
    SafetyAlert,
    SafetyPhrase,
    Survey,
    SurveyPoint,
)
from clearsight.feedback.tests import factories
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ surveys


def test_every_point_has_an_adult_and_a_child_survey_with_the_reported_questions():
    for point in SurveyPoint.values:
        for audience in Audience.values:
            version = services.survey_version_current(point=point, audience=audience)
            assert version.questions.exists()
    closure = services.survey_version_current(point="closure", audience="adult")
    codes = set(closure.questions.values_list("code", flat=True))
    assert {defaults.SHARE_VIEWS, defaults.UNDERSTOOD_WHY, defaults.NEEDS_MET} <= codes
    child = services.survey_version_current(point="closure", audience="child")
    assert child.questions.get(code="understood_why").text != closure.questions.get(
        code="understood_why").text
    for point in ("early_help_start", "early_help_end"):
        version = services.survey_version_current(point=point, audience="adult")
        score = version.questions.get(code=defaults.EH_SCORE)
        assert (score.kind, score.scale_min, score.scale_max) == ("scale", 1, 10)
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert kinds == {"scale", "yes_no", "single", "multiple", "text"}


def test_loading_the_defaults_again_adds_nothing_and_keeps_edits(capsys):
    survey = Survey.objects.get(code="closure-adult")
    survey.name = "Our own name"
    survey.save()
    before = Question.objects.count()
    call_command("load_default_surveys")
    assert "Added 0 surveys" in capsys.readouterr().out
    assert Question.objects.count() == before
    assert Survey.objects.get(code="closure-adult").name == "Our own name"


def test_a_new_version_leaves_old_answers_with_their_questions():
    response = factories.phone_response(point="closure")
    survey = response.version.survey
    draft = services.survey_version_draft(survey=survey)
    assert draft.number == 2
    assert draft.published_at is None
    assert services.survey_version_current(point="closure", audience="adult") == response.version
    draft.questions.filter(code="share_views").update(text="Could you tell us your views?")
    services.survey_version_publish(version=draft)
    assert services.survey_version_current(point="closure", audience="adult") == draft
    old = response.answers.get(question__code="share_views").question
    assert old.text == "Were you able to tell us what you thought?"
    with pytest.raises(ValidationError):
        services.survey_version_publish(version=draft)


# ------------------------------------------------------------------ links and codes


def test_the_token_and_code_are_not_stored_and_find_the_invitation():
    issued = factories.invite()
    invitation = Invitation.objects.get(pk=issued.invitation.pk)
    assert len(issued.token) >= 43  # 32 random bytes
    assert issued.token not in (invitation.token_hash, invitation.code_hash)
    assert issued.code.replace("-", "") not in invitation.code_hash
    assert len(issued.code) == 9
    assert issued.code[4] == "-"
    assert all(c in services.CODE_ALPHABET for c in issued.code.replace("-", ""))
    assert services.invitation_find(token=issued.token).invitation == invitation
    # Typed with spaces, lower case, no dash: still found.
    typed = " " + issued.code.lower().replace("-", " ") + " "
    assert services.invitation_find(code=typed).invitation == invitation


def test_tampered_or_mistyped_links_and_codes_are_unknown():
    issued = factories.invite()
    tampered = issued.token[:-1] + ("A" if issued.token[-1] != "A" else "B")
    assert services.invitation_find(token=tampered).state == "unknown"
    assert services.invitation_find(token="x" * 500).state == "unknown"
    assert services.invitation_find(code="0000-0000").state == "unknown"  # not in the alphabet
    assert services.invitation_find(code="ABC").state == "unknown"


def test_two_invitations_never_share_a_token_or_code():
    case = ClosedCaseFactory.create()
    made = [services.invitation_create(case=case, point="closure", by=None) for _ in range(20)]
    assert len({i.token for i in made}) == len({i.code for i in made}) == 20


def test_an_invitation_expires_after_six_weeks():
    now = timezone.now()
    issued = services.invitation_create(case=ClosedCaseFactory.create(), point="closure", by=None,
                                        now=now)
    assert services.invitation_find(token=issued.token, now=now + timedelta(days=41)).state \
        == "issued"
    assert services.invitation_find(token=issued.token, now=now + timedelta(days=42)).state \
        == "expired"
    with pytest.raises(services.Unavailable) as error:
        services.response_submit_by_link(
            invitation_id=issued.invitation.pk, audience="adult", answers={},
            now=now + timedelta(days=43))
    assert error.value.state == "expired"
    assert not Response.objects.exists()


def test_one_response_per_link():
    issued = factories.invite()
    version = services.survey_version_current(point="closure", audience="child")
    answers = factories.good_answers(version)
    response = services.response_submit_by_link(invitation_id=issued.invitation.pk,
                                                 audience="child", answers=answers)
    assert response.invitation == issued.invitation
    assert response.route == "link"
    assert response.audience == "child"
    assert Invitation.objects.get(pk=issued.invitation.pk).status == "used"
    with pytest.raises(services.Unavailable) as error:
        services.response_submit_by_link(invitation_id=issued.invitation.pk, audience="child",
                                         answers=answers)
    assert error.value.state == "used"
    assert Response.objects.count() == 1
    assert services.invitation_find(token=issued.token).state == "used"


def test_the_database_refuses_a_second_response_to_one_invitation():
    response = factories.link_response()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(invitation=response.invitation, version=response.version,
                                point="closure", audience="adult", route="link",
                                received_on=date(2026, 7, 1), case=response.case)


def test_a_withdrawn_invitation_cannot_be_answered():
    issued = factories.invite()
    worker = UserFactory.create(roles=[Role.PRACTITIONER])
    services.invitation_withdraw(invitation=issued.invitation, by=worker)
    assert services.invitation_find(token=issued.token).state == "withdrawn"
    with pytest.raises(ValidationError):
        services.invitation_withdraw(invitation=issued.invitation, by=worker)
    with pytest.raises(ValidationError):
        services.invitation_withdraw(invitation=factories.invite().invitation,
                                     by=UserFactory.create(roles=[Role.BOARD_MEMBER]))


# ------------------------------------------------------------------ answers


def test_missing_required_answers_and_bad_values_are_refused_and_nothing_is_kept():
    issued = factories.invite()
    version = services.survey_version_current(point="closure", audience="adult")
    answers = factories.good_answers(version, share_views="", overall="9",
                                     what_helped=["visits", "bribes"], comments="x" * 2001)
    with pytest.raises(ValidationError) as error:
        services.response_submit_by_link(invitation_id=issued.invitation.pk, audience="adult",
                                         answers=answers)
    assert set(error.value.message_dict) == {"share_views", "overall", "what_helped",
                                             "comments"}
    assert not Response.objects.exists()
    assert Invitation.objects.get(pk=issued.invitation.pk).status == "issued"


def test_optional_questions_may_be_left_out():
    response = factories.link_response(comments="", what_helped=[])
    assert not response.answers.filter(question__code__in=["comments", "what_helped"]).exists()
    assert response.answers.get(question__code="needs_met").choice == "all"


def test_a_response_is_stamped_with_the_case_team_and_worker():
    worker = UserFactory.create(roles=[Role.PRACTITIONER])
    case = ClosedCaseFactory.create(allocated_worker=worker)
    response = factories.link_response(case)
    assert (response.case, response.team, response.worker) == (case, case.team, worker)
    assert response.service_area == case.team.service_area


def test_phone_answers_record_the_caller_and_date():
    caller = UserFactory.create(roles=[Role.PRACTITIONER])
    response = factories.phone_response(caller=caller, called_on=date(2026, 5, 4))
    assert (response.route, response.caller, response.received_on) == (
        "phone", caller, date(2026, 5, 4))
    assert response.invitation is None
    with pytest.raises(ValidationError):
        factories.phone_response(called_on=timezone.localdate() + timedelta(days=1))


# ------------------------------------------------------------------ safety


def test_saying_you_are_not_safe_alerts_the_qa_team_by_email_with_a_link(
        django_capture_on_commit_callbacks):
    UserFactory.create(roles=[Role.QA_OFFICER], email="qa@test.example")
    UserFactory.create(roles=[Role.TEAM_MANAGER], email="tm@test.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = factories.phone_response(unsafe=True)
    alert = SafetyAlert.objects.get()
    assert alert.response == response
    assert alert.status == "open"
    assert "not safe" in alert.reason
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["qa@test.example"]
    assert f"/feedback/responses/{response.pk}/" in mail.outbox[0].body
    assert response.case.case_ref not in mail.outbox[0].body


@pytest.mark.parametrize(("text", "alerted"), [
    ("My dad hits me when he is drunk", True),
    ("I am SCARED TO GO HOME", True),
    ("Things are   not safe at home", True),
    ("The worker was great", False),
    ("I like the abbey in town", False),  # "abuse" must be a word, not a fragment
])
def test_safety_phrases_in_free_text_raise_an_alert(text, alerted):
    factories.phone_response(comments=text)
    assert SafetyAlert.objects.exists() is alerted


def test_phrases_are_configurable():
    SafetyPhrase.objects.create(phrase="no food")
    factories.phone_response(comments="There is no food in the house")
    assert 'no food' in SafetyAlert.objects.get().reason
    SafetyPhrase.objects.filter(phrase="no food").update(is_active=False)
    factories.phone_response(comments="There is no food in the house")
    assert SafetyAlert.objects.count() == 1


def test_only_qa_officers_close_an_alert_and_say_what_was_done():
    alert = factories.alert()
    with pytest.raises(ValidationError):
        services.alert_deal_with(alert=alert, by=UserFactory.create(roles=[Role.TEAM_MANAGER]),
                                 note="Called")
    qa = UserFactory.create(roles=[Role.QA_OFFICER])
    with pytest.raises(ValidationError):
        services.alert_deal_with(alert=alert, by=qa, note="  ")
    closed = services.alert_deal_with(alert=alert, by=qa, note="Passed to the duty team")
    assert (closed.status, closed.dealt_with_by) == ("dealt_with", qa)
    with pytest.raises(ValidationError):
        services.alert_deal_with(alert=alert, by=qa, note="Again")


# ------------------------------------------------------------------ who sees what


def test_responses_follow_the_case_rule_and_hidden_names_are_hidden_from_the_worker():
    worker = UserFactory.create(roles=[Role.PRACTITIONER])
    other = UserFactory.create(roles=[Role.PRACTITIONER], team=worker.team)
    manager = UserFactory.create(roles=[Role.TEAM_MANAGER], team=worker.team)
    case = OpenCaseFactory.create(team=worker.team, allocated_worker=worker)
    response = factories.phone_response(case, hide_from_worker=True, respondent_name="Sam")
    assert list(selectors.response_list_for_user(user=worker)) == [response]
    assert list(selectors.response_list_for_user(user=other)) == []
    assert selectors.identity_hidden(response, worker)
    assert not selectors.identity_hidden(response, manager)
    response.hide_from_worker = False
    assert not selectors.identity_hidden(response, worker)


# ------------------------------------------------------------------ analysis


def test_early_help_pairs_and_the_average_change():
    a, b, c = (OpenCaseFactory.create(case_type=CaseType.EARLY_HELP) for _ in range(3))
    for case, start, end in ((a, 3, 7), (b, 5, 6)):
        factories.phone_response(case, point="early_help_start", eh_score=str(start),
                                 called_on=date(2026, 1, 10))
        factories.phone_response(case, point="early_help_end", eh_score=str(end),
                                 called_on=date(2026, 5, 10))
    factories.phone_response(c, point="early_help_start", eh_score="4",
                             called_on=date(2026, 2, 1))  # no end yet: not a pair
    # A later start score on a second episode does not pair with an earlier end.
    factories.phone_response(b, point="early_help_start", eh_score="1",
                             called_on=date(2026, 6, 1))
    pairs = selectors.early_help_pairs(responses=Response.objects.all())
    assert [(p.case_ref, p.start, p.end, p.change) for p in pairs] == sorted(
        [(a.case_ref, 3, 7, 4), (b.case_ref, 5, 6, 1)])
    assert selectors.average_change(pairs) == 2.5
    assert selectors.average_change([]) is None


def test_response_rates_by_point_and_route_with_suppression():
    today = timezone.localdate()
    start = today - timedelta(days=365)
    closed = [ClosedCaseFactory.create(opened_on=today - timedelta(days=200),
                                closed_on=today - timedelta(days=10)) for _ in range(20)]
    for case in closed[:10]:
        factories.invite(case)
    for case in closed[:6]:
        factories.link_response(case)  # six more invitations, all answered
    for case in closed[:12]:
        factories.phone_response(case, called_on=today - timedelta(days=5))
    factories.invite(OpenCaseFactory.create(), point="cp_conference")
    rows = {row.point: row for row in selectors.response_rates(start=start, end=today)}
    closure = rows["closure"]
    assert closure.raw == (16, 6, 12, 20)
    assert (closure.invited, closure.by_link, closure.link_rate) == (16, 6, "38%")
    assert (closure.by_phone, closure.eligible, closure.phone_rate) == (12, 20, "60%")
    conference = rows["cp_conference"]
    assert (conference.invited, conference.link_rate, conference.eligible) == ("c", "c", None)
    assert rows["lac_review"].link_rate == "No one to ask"


def test_results_per_question_by_quarter_and_service_suppress_small_numbers():
    today = timezone.localdate()
    quarters = selectors.last_quarters(today, 2)
    big, small = OpenCaseFactory.create().team, OpenCaseFactory.create().team
    for n in range(6):
        factories.phone_response(OpenCaseFactory.create(team=big), called_on=today,
                                 share_views="yes" if n < 4 else "no")
    factories.phone_response(OpenCaseFactory.create(team=small), called_on=today)
    rows = selectors.question_results(code="share_views", quarters=quarters)
    by_name = {row.name: row for row in rows}
    assert by_name["All services"].cells[-1] == {
        "quarter": selectors.quarter_label(quarters[-1]), "answered": 7, "percent": "71%"}
    assert by_name[big.service_area.name].cells[-1]["percent"] == "67%"
    assert by_name[small.service_area.name].cells[-1] == {
        "quarter": selectors.quarter_label(quarters[-1]), "answered": "c", "percent": "c"}
    assert by_name["All services"].cells[0]["percent"] == "No answers"
    teams = selectors.question_results(code="share_views", quarters=quarters,
                                       service=big.service_area)
    assert [row.kind for row in teams] == ["authority", "service", "team"]


def test_theme_counts_and_the_log():
    theme = factories.theme("Being listened to")
    with pytest.raises(ValidationError):
        services.theme_create(name="being  listened to")
    response = factories.phone_response(called_on=timezone.localdate())
    qa = UserFactory.create(roles=[Role.QA_OFFICER])
    services.response_themes_set(response=response, themes=[theme], by=qa)
    with pytest.raises(ValidationError):
        services.response_themes_set(response=response, themes=[],
                                     by=UserFactory.create(roles=[Role.TEAM_MANAGER]))
    factories.action(theme=theme)
    today = timezone.localdate()
    counts = selectors.theme_counts(start=today - timedelta(days=30), end=today)
    assert counts == [{"theme": theme, "count": "c", "actions": 1}]


def test_an_action_is_not_saved_over_someone_elses_change():
    action = factories.action()
    qa = UserFactory.create(roles=[Role.QA_OFFICER])
    values: dict[str, Any] = {"you_said": "A", "we_did": "B", "done_on": date(2026, 6, 2),
                              "theme": None, "by": qa}
    services.action_update(action=action, version=1, **values)
    with pytest.raises(services.ConflictError):
        services.action_update(action=action, version=1, **values)
    with pytest.raises(ValidationError):
        services.action_create(you_said=" ", we_did="", done_on=date(2026, 6, 2), theme=None,
                               by=qa)
