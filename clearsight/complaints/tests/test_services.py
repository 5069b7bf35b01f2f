"""Each rule of the procedure, through the services, on a real database."""

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearsight.casework.tests import factories as case_factories
from clearsight.complaints import selectors, services, workflow
from clearsight.complaints.models import (
    Complaint,
    ComplaintEvent,
    DeadlineNotice,
    Outcome,
    Resolution,
    Status,
)
from clearsight.complaints.tests import factories
from clearsight.core.calendar import working_calendar
from clearsight.core.models import ScheduledRun
from clearsight.organisation.roles import Role
from clearsight.organisation.tests import factories as org_factories

pytestmark = pytest.mark.django_db

# factory_boy's classes return model instances; typed as Any so the tests read plainly.
OpenCaseFactory: Any = case_factories.OpenCaseFactory
TeamFactory: Any = org_factories.TeamFactory
UserFactory: Any = org_factories.UserFactory
ComplaintFactory: Any = factories.ComplaintFactory
ComplaintPointFactory: Any = factories.ComplaintPointFactory
ComplimentFactory: Any = factories.ComplimentFactory
LearningActionFactory: Any = factories.LearningActionFactory
complaint_at = factories.complaint_at
qa_officer = factories.qa_officer
TODAY = date(2026, 6, 30)


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def _clock(complaint: Complaint, code: str, today: date = TODAY) -> selectors.Clock:
    clocks = selectors.complaint_clocks(_fresh(complaint), working_calendar(), today)
    return next(clock for clock in clocks if clock.code == code)


# ------------------------------------------------------------------ intake


def test_create_takes_the_child_and_team_from_the_case_and_numbers_by_year():
    case = OpenCaseFactory()
    first = services.complaint_create(
        by=None, received_on=date(2026, 6, 1), source="portal", complainant_type="child",
        complainant_name="Sam", summary="Moved without being asked.", team=None, case=case)
    second = services.complaint_create(
        by=None, received_on=date(2026, 6, 2), source="phone", complainant_type="parent",
        complainant_name="Jo", summary="Late visits.", team=TeamFactory())
    assert first.team == case.team
    assert first.child == case.child
    assert (first.reference, second.reference) == ("CMP-2026-0001", "CMP-2026-0002")
    assert first.stage1_clock_start == date(2026, 6, 1)
    assert ComplaintEvent.objects.filter(complaint=first, action="receive").count() == 1


def test_create_needs_a_team_or_a_case_and_a_date_not_in_the_future():
    with pytest.raises(ValidationError, match="team"):
        services.complaint_create(by=None, received_on=date(2026, 6, 1), source="email",
                                  complainant_type="parent", complainant_name="Jo",
                                  summary="x", team=None)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.complaint_create(by=None, received_on=date(2099, 1, 1), source="email",
                                  complainant_type="parent", complainant_name="Jo",
                                  summary="x", team=TeamFactory())


def test_a_stale_version_is_refused():
    complaint = complaint_at(Status.RECEIVED)
    services.complaint_allocate(complaint=complaint, by=None, version=complaint.version,
                                qa_officer=qa_officer(), on=date(2026, 6, 2))
    with pytest.raises(services.ConflictError):
        services.complaint_allocate(complaint=complaint, by=None, version=complaint.version,
                                    qa_officer=qa_officer(), on=date(2026, 6, 2))


def test_a_step_not_in_the_table_is_refused():
    complaint = complaint_at(Status.RECEIVED)
    with pytest.raises(workflow.TransitionError):
        services.complaint_record_meeting(complaint=complaint, by=None,
                                          version=complaint.version, on=date(2026, 6, 3))


def test_a_role_that_cannot_take_the_step_is_refused():
    complaint = complaint_at(Status.RECEIVED)
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    with pytest.raises(workflow.TransitionError):
        services.complaint_allocate(complaint=complaint, by=manager, version=complaint.version,
                                    qa_officer=qa_officer(), on=date(2026, 6, 2))


def test_allocation_and_first_contact_clocks():
    complaint = complaint_at(Status.ALLOCATED)  # received Mon 1 Jun, allocated Tue 2 Jun
    assert _clock(complaint, "allocation").status.key == "done"
    first_contact = _clock(complaint, "first_contact")
    assert first_contact.due == date(2026, 6, 4)  # two working days after allocation
    assert first_contact.status.key == "overdue"


def test_the_meeting_needs_first_contact_and_stage_one_needs_a_meeting_and_a_point():
    complaint = complaint_at(Status.ALLOCATED)
    with pytest.raises(ValidationError, match="first contact"):
        services.complaint_record_meeting(complaint=complaint, by=None,
                                          version=complaint.version, on=date(2026, 6, 4))
    services.complaint_record_contact(complaint=complaint, by=None, version=complaint.version,
                                      on=date(2026, 6, 3), advocate_offered=False)
    complaint = _fresh(complaint)
    with pytest.raises(ValidationError, match="initial meeting"):
        services.complaint_start_stage1(complaint=complaint, by=None,
                                        version=complaint.version, on=date(2026, 6, 4))
    services.complaint_record_meeting(complaint=complaint, by=None, version=complaint.version,
                                      on=date(2026, 6, 4))
    complaint = _fresh(complaint)
    with pytest.raises(ValidationError, match="at least one complaint point"):
        services.complaint_start_stage1(complaint=complaint, by=None,
                                        version=complaint.version, on=date(2026, 6, 4))


def test_adding_a_point_may_restart_the_clock_with_a_reason():
    complaint = complaint_at(Status.STAGE1)
    assert _clock(complaint, "stage1").due == date(2026, 6, 15)
    with pytest.raises(ValidationError, match="reason"):
        services.complaint_add_point(complaint=complaint, by=None, version=complaint.version,
                                     on=date(2026, 6, 4), text="Contact", theme="contact",
                                     restart_clock=True)
    point = services.complaint_add_point(
        complaint=_fresh(complaint), by=None, version=_fresh(complaint).version,
        on=date(2026, 6, 4), text="Contact was cancelled.", theme="contact",
        restart_clock=True, restart_reason="New point raised at the meeting")
    assert point.number == 2
    # Thu 4 Jun is day 0 again: 5 (1), 8-12 (6), 15-18 (10)
    assert _clock(complaint, "stage1").due == date(2026, 6, 18)
    event = ComplaintEvent.objects.filter(complaint=complaint, action="restart_clock").get()
    assert "New point raised at the meeting" in event.note


def test_an_extension_needs_written_agreement_and_stops_at_twenty_days():
    complaint = complaint_at(Status.STAGE1)
    with pytest.raises(ValidationError, match="20 working days at most: the latest date is "
                                              "29/06/2026"):
        services.complaint_extend(complaint=complaint, by=None, version=complaint.version,
                                  new_due=date(2026, 6, 30), agreed_on=date(2026, 6, 10),
                                  reason="Waiting for records")
    with pytest.raises(ValidationError, match="after the current deadline"):
        services.complaint_extend(complaint=complaint, by=None, version=complaint.version,
                                  new_due=date(2026, 6, 12), agreed_on=date(2026, 6, 10),
                                  reason="Waiting for records")
    services.complaint_extend(complaint=complaint, by=None, version=complaint.version,
                              new_due=date(2026, 6, 29), agreed_on=date(2026, 6, 10),
                              reason="Waiting for records")
    complaint = _fresh(complaint)
    assert complaint.stage1_days == 20
    assert complaint.extension_agreed_on == date(2026, 6, 10)
    assert _clock(complaint, "stage1").due == date(2026, 6, 29)
    assert _clock(complaint, "qa").due == date(2026, 6, 25)


def test_pausing_for_an_advocate_moves_the_deadline():
    complaint = complaint_at(Status.STAGE1)
    services.complaint_pause(complaint=complaint, by=None, version=complaint.version,
                             on=date(2026, 6, 3), reason="Arranging an advocate")
    complaint = _fresh(complaint)
    with pytest.raises(ValidationError, match="already paused"):
        services.complaint_pause(complaint=complaint, by=None, version=complaint.version,
                                 on=date(2026, 6, 4), reason="Again")
    services.complaint_resume(complaint=complaint, by=None, version=complaint.version,
                              on=date(2026, 6, 8))
    complaint = _fresh(complaint)
    with pytest.raises(ValidationError, match="not paused"):
        services.complaint_resume(complaint=complaint, by=None, version=complaint.version,
                                  on=date(2026, 6, 9))
    assert _clock(complaint, "stage1").due == date(2026, 6, 18)


def test_a_recorded_closure_moves_a_complaint_deadline():
    from clearsight.core.models import Closure

    complaint = complaint_at(Status.STAGE1, received_on=date(2025, 12, 15))
    assert _clock(complaint, "stage1").due == date(2025, 12, 31)
    Closure.objects.create(day=date(2025, 12, 24), reason="Council closed")
    assert _clock(complaint, "stage1").due == date(2026, 1, 2)


def test_sign_off_needs_every_outcome_and_a_sign_off_role():
    complaint = complaint_at(Status.STAGE1)
    manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    with pytest.raises(ValidationError, match="every complaint point"):
        services.complaint_sign_off(complaint=complaint, by=manager, version=complaint.version,
                                    on=date(2026, 6, 10))
    point = complaint.points.get()
    services.point_record_outcome(point=point, by=None, version=point.version,
                                  outcome=Outcome.NOT_UPHELD, finding="Calls were returned.")
    with pytest.raises(workflow.TransitionError):
        services.complaint_sign_off(complaint=complaint, by=qa_officer(),
                                    version=complaint.version, on=date(2026, 6, 10))
    services.complaint_sign_off(complaint=complaint, by=manager, version=complaint.version,
                                on=date(2026, 6, 10))
    complaint = _fresh(complaint)
    assert complaint.qa_signed_off_by == manager
    assert _clock(complaint, "qa").status.key == "done"  # due Thu 11 Jun


def test_the_response_needs_quality_assurance_and_an_advocate_for_a_child():
    complaint = complaint_at(Status.STAGE1, complainant_type="child")
    complaint.advocate_offered = False
    complaint.save()
    point = complaint.points.get()
    services.point_record_outcome(point=point, by=None, version=point.version,
                                  outcome=Outcome.UPHELD, finding="x")
    with pytest.raises(ValidationError, match="quality assured"):
        services.complaint_respond(complaint=complaint, by=None, version=complaint.version,
                                   on=date(2026, 6, 12), response_summary="x",
                                   copy_on_case_file=True)
    services.complaint_sign_off(complaint=complaint, by=None, version=complaint.version,
                                on=date(2026, 6, 11))
    complaint = _fresh(complaint)
    with pytest.raises(ValidationError, match="advocate"):
        services.complaint_respond(complaint=complaint, by=None, version=complaint.version,
                                   on=date(2026, 6, 12), response_summary="x",
                                   copy_on_case_file=True)


@pytest.mark.parametrize(("outcomes", "overall"), [
    (["upheld", "upheld"], Outcome.UPHELD),
    (["not_upheld", "not_upheld"], Outcome.NOT_UPHELD),
    (["upheld", "not_upheld"], Outcome.PARTLY_UPHELD),
    (["partly_upheld"], Outcome.PARTLY_UPHELD),
])
def test_the_overall_outcome_follows_the_points(outcomes, overall):
    assert services.overall_outcome(outcomes) == overall


def test_the_stage_one_response_is_timed_and_outcome_recorded():
    complaint = complaint_at(Status.STAGE1_RESPONDED)
    assert complaint.overall_outcome == Outcome.UPHELD
    assert complaint.copy_on_case_file
    stage1 = _clock(complaint, "stage1")
    assert (stage1.due, stage1.done, stage1.status.key) == (
        date(2026, 6, 15), date(2026, 6, 10), "done")


def test_stage_two_must_be_asked_for_within_twenty_working_days():
    complaint = complaint_at(Status.STAGE1_RESPONDED)  # responded Wed 10 Jun
    with pytest.raises(ValidationError, match="after 08/07/2026"):
        services.complaint_escalate(complaint=complaint, by=None, version=complaint.version,
                                    requested_on=date(2026, 7, 9), investigating_officer="A",
                                    independent_person="B")
    services.complaint_escalate(complaint=complaint, by=None, version=complaint.version,
                                requested_on=date(2026, 7, 9), investigating_officer="A",
                                independent_person="B", late_reason="Complainant in hospital")
    complaint = _fresh(complaint)
    assert complaint.status == Status.STAGE2
    # Thu 9 Jul + 25 working days (31 Aug is a bank holiday): Thu 13 Aug
    assert _clock(complaint, "stage2", date(2026, 7, 10)).due == date(2026, 8, 13)


def test_stage_two_extends_to_sixty_five_days_at_most():
    complaint = complaint_at(Status.STAGE2)  # asked for Mon 15 Jun
    with pytest.raises(ValidationError, match="65 working days"):
        services.complaint_extend_stage2(complaint=complaint, by=None,
                                         version=complaint.version, new_due=date(2026, 9, 30),
                                         reason="Many records")
    services.complaint_extend_stage2(complaint=complaint, by=None, version=complaint.version,
                                     new_due=date(2026, 9, 14), reason="Many records")
    assert _fresh(complaint).stage2_days == 64


def test_stage_three_then_ombudsman():
    complaint = complaint_at(Status.STAGE2)
    services.complaint_respond_stage2(complaint=complaint, by=None, version=complaint.version,
                                      on=date(2026, 7, 10), outcome="partly_upheld")
    complaint = _fresh(complaint)
    services.complaint_escalate_stage3(complaint=complaint, by=None, version=complaint.version,
                                       requested_on=date(2026, 7, 20))
    complaint = _fresh(complaint)
    # Mon 20 Jul + 30 working days, over the summer bank holiday (Mon 31 Aug): Tue 1 Sep
    assert _clock(complaint, "stage3").due == date(2026, 9, 1)
    services.complaint_record_panel(complaint=complaint, by=None, version=complaint.version,
                                    on=date(2026, 8, 20), outcome="not_upheld")
    complaint = _fresh(complaint)
    services.complaint_refer_ombudsman(complaint=complaint, by=None, version=complaint.version,
                                       on=date(2026, 9, 1), ombudsman_reference="LGSCO 26 001")
    complaint = _fresh(complaint)
    assert complaint.status == Status.OMBUDSMAN
    assert complaint.closed_on == date(2026, 9, 1)


def test_closing_asks_satisfaction_and_a_payment_needs_a_remedy():
    complaint = complaint_at(Status.STAGE1_RESPONDED)
    with pytest.raises(ValidationError, match="remedy"):
        services.complaint_close(complaint=complaint, by=None, version=complaint.version,
                                 on=date(2026, 6, 20), satisfaction="satisfied",
                                 payment_pence=5000)
    services.complaint_close(complaint=complaint, by=None, version=complaint.version,
                             on=date(2026, 6, 20), satisfaction="partly",
                             remedy="A birthday celebration", payment_pence=5000)
    complaint = _fresh(complaint)
    assert (complaint.status, complaint.resolution, complaint.satisfaction) == (
        Status.CLOSED, Resolution.STAGE1, "partly")
    assert complaint.payment_pence == 5000


def test_early_resolution_closes_the_complaint():
    complaint = complaint_at(Status.ALLOCATED)
    services.complaint_record_contact(complaint=complaint, by=None, version=complaint.version,
                                      on=date(2026, 6, 3), advocate_offered=False)
    complaint = _fresh(complaint)
    services.complaint_record_meeting(complaint=complaint, by=None, version=complaint.version,
                                      on=date(2026, 6, 4))
    complaint = _fresh(complaint)
    services.complaint_resolve_early(complaint=complaint, by=None, version=complaint.version,
                                     on=date(2026, 6, 5), note="Worker changed",
                                     satisfaction="satisfied")
    complaint = _fresh(complaint)
    assert (complaint.status, complaint.resolution) == (Status.CLOSED, Resolution.EARLY)
    assert [clock.code for clock in selectors.complaint_clocks(
        complaint, working_calendar(), TODAY)] == ["allocation", "first_contact"]


def test_learning_actions_are_tracked_to_completion():
    item = LearningActionFactory()
    today = timezone.localdate()  # not before the day the action was added
    services.learning_action_complete(item=item, by=None, version=item.version, on=today)
    item.refresh_from_db()
    assert item.completed_on == today
    with pytest.raises(services.ConflictError):
        services.learning_action_complete(item=item, by=None, version=1, on=today)
    with pytest.raises(ValidationError, match="already complete"):
        services.learning_action_complete(item=item, by=None, version=item.version, on=today)


def test_a_point_outcome_refuses_a_stale_version():
    point = ComplaintPointFactory(complaint=ComplaintFactory(status=Status.STAGE1))
    services.point_record_outcome(point=point, by=None, version=1, outcome="upheld",
                                  finding="a")
    with pytest.raises(services.ConflictError):
        services.point_record_outcome(point=point, by=None, version=1, outcome="not_upheld",
                                      finding="b")


# ------------------------------------------------------------------ who sees what


def test_complaint_scope_by_role():
    area_team = TeamFactory()
    sibling = TeamFactory(service_area=area_team.service_area)
    elsewhere = TeamFactory()
    mine, sibling_one, far = (ComplaintFactory(team=t) for t in (area_team, sibling, elsewhere))

    def seen(role: str) -> set[str]:
        user = UserFactory(team=area_team, roles=[role])
        return set(selectors.complaint_list_for_user(user=user).values_list("reference",
                                                                            flat=True))

    everything = {mine.reference, sibling_one.reference, far.reference}
    assert seen(Role.QA_OFFICER) == everything
    assert seen(Role.HEAD_OF_SERVICE) == everything
    assert seen(Role.SERVICE_MANAGER) == {mine.reference, sibling_one.reference}
    assert seen(Role.TEAM_MANAGER) == {mine.reference}
    for role in (Role.PRACTITIONER, Role.BOARD_MEMBER, Role.ADMINISTRATOR, Role.LADO_OFFICER):
        assert seen(role) == set()


def test_compliments_reach_the_person_praised_and_their_manager_only():
    team = TeamFactory()
    worker = UserFactory(team=team, roles=[Role.PRACTITIONER])
    colleague = UserFactory(team=team, roles=[Role.PRACTITIONER])
    manager = UserFactory(team=team, roles=[Role.TEAM_MANAGER])
    other_manager = UserFactory(roles=[Role.TEAM_MANAGER])
    compliment = services.compliment_record(
        by=None, received_on=date(2026, 6, 1), category="listening", giver_type="child",
        giver_name="", text="She listens.", staff=[worker])
    assert compliment.team == team
    # Shared by email with the person praised and their team manager, nobody else.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([worker.email, manager.email])
    assert "She listens." in mail.outbox[0].body
    for user, sees in ((worker, True), (colleague, False), (manager, True),
                       (other_manager, False)):
        assert selectors.compliment_list_for_user(user=user).filter(
            pk=compliment.pk).exists() is sees
    ComplimentFactory(team=team, staff=[colleague])
    assert selectors.compliment_list_for_user(user=manager).count() == 2


# ------------------------------------------------------------------ reminders


def test_reminders_before_and_alerts_after_each_deadline_once_each():
    officer = qa_officer(email="qa@demoshire.example")
    complaint = complaint_at(Status.STAGE1, by=officer)  # stage 1 due Mon 15 Jun
    assert services.deadline_notices_send(today=date(2026, 6, 8)) == 0
    assert services.deadline_notices_send(today=date(2026, 6, 9)) == 1  # QA due Thu 11
    assert services.deadline_notices_send(today=date(2026, 6, 11)) == 1  # response due Mon 15
    assert {m.to[0] for m in mail.outbox} == {"qa@demoshire.example"}
    assert all("Due soon" in m.subject for m in mail.outbox)
    assert services.deadline_notices_send(today=date(2026, 6, 12)) == 1  # QA now overdue
    assert "Overdue" in mail.outbox[-1].subject
    assert complaint.reference in mail.outbox[-1].subject
    assert services.deadline_notices_send(today=date(2026, 6, 12)) == 0
    assert services.deadline_notices_send(today=date(2026, 6, 16)) == 1  # response overdue
    assert DeadlineNotice.objects.filter(complaint=complaint).count() == 4


def test_a_closed_complaint_gets_no_notices():
    complaint = complaint_at(Status.STAGE1_RESPONDED)
    services.complaint_close(complaint=complaint, by=None, version=complaint.version,
                             on=date(2026, 6, 20), satisfaction="satisfied")
    assert services.deadline_notices_send(today=date(2026, 12, 1)) == 0


def test_the_daily_job_runs_once_a_day():
    complaint_at(Status.STAGE1, by=qa_officer(email="qa@demoshire.example"))
    first = services.deadline_notices_daily(today=date(2026, 6, 16))
    assert first is not None
    assert first.outcome == "2 notices sent"
    assert services.deadline_notices_daily(today=date(2026, 6, 16)) is None
    assert ScheduledRun.objects.filter(job="complaints-deadline-notices").count() == 1


def test_a_clock_not_finished_when_the_complaint_closed_shows_as_stopped():
    complaint = complaint_at(Status.STAGE2)
    services.complaint_withdraw(complaint=complaint, by=None, version=complaint.version,
                                on=date(2026, 6, 20), note="Withdrawn")
    assert _clock(complaint, "stage2", date(2026, 9, 1)).status.key == "stopped"
    assert _clock(complaint, "stage1").status.key == "done"


def test_a_withdrawn_complaint_closes_and_its_clocks_stop():
    complaint = complaint_at(Status.STAGE1)
    services.complaint_pause(complaint=complaint, by=None, version=complaint.version,
                             on=date(2026, 6, 5), reason="Advocate")
    complaint = _fresh(complaint)
    services.complaint_withdraw(complaint=complaint, by=None, version=complaint.version,
                                on=date(2026, 6, 9), note="By phone: the worker was changed")
    complaint = _fresh(complaint)
    assert (complaint.status, complaint.resolution) == (Status.CLOSED, Resolution.WITHDRAWN)
    assert complaint.pauses.get().ends_on == date(2026, 6, 9)
    found = selectors.complaint_clocks(complaint, working_calendar(), TODAY)
    assert "stage1" not in [clock.code for clock in found]
    assert services.deadline_notices_send(today=date(2026, 7, 1)) == 0
