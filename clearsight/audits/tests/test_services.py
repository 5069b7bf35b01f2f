"""The audit rules, one test (or a few) per rule, over a real database."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clearsight.audits import selectors, services, tasks
from clearsight.audits.models import (
    Audit,
    AuditAction,
    AuditEvent,
    AuditGrading,
    Grade,
    SampleDraw,
    SamplingRule,
    Status,
)
from clearsight.audits.services import ActionInput, AuditError, ConflictError
from clearsight.audits.tests.factories import (
    MONTH,
    audit_make,
    audit_through_grading,
    grading_input,
    make_case,
    make_team,
    make_user,
    people,
)
from clearsight.audits.workflow import ACTORS, TRANSITIONS, TransitionError, transition_check
from clearsight.casework.tests.factories import ClosedCaseFactory
from clearsight.core.models import ScheduledRun
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import ServiceAreaFactory

pytestmark = pytest.mark.django_db


def _teams_with_cases(counts: dict[str, int]):  # type: ignore[no-untyped-def]
    area = ServiceAreaFactory(code="area")
    teams = {}
    for code, count in counts.items():
        team = teams[code] = make_team(code=code, service_area=area)
        for n in range(count):
            make_case(team=team, case_ref=f"{code}-{n:03d}")
    return teams


# ------------------------------------------------------------------ the draw


def test_the_draw_takes_each_teams_quota_of_open_cases():
    _teams_with_cases({"t1": 10, "t2": 3, "t3": 1})
    ClosedCaseFactory(team__code="t4", case_ref="closed-1")
    draw = services.draw_monthly(month=MONTH, seed="abc")
    refs = sorted(draw.audits.values_list("case__case_ref", flat=True))
    by_team = {code: [r for r in refs if r.startswith(code)] for code in ("t1", "t2", "t3")}
    assert {code: len(found) for code, found in by_team.items()} == {"t1": 2, "t2": 2, "t3": 1}
    assert "closed-1" not in refs
    assert draw.rules["quotas"] == {"area/t1": 2, "area/t2": 2, "area/t3": 1}
    assert draw.population_size == 14
    assert all(a.status == Status.DRAWN for a in draw.audits.all())
    assert draw.audits.earliest("pk").period_end == date(2026, 10, 31)


def test_the_draw_is_reproducible_from_its_seed_and_population():
    _teams_with_cases({"t1": 30, "t2": 30})
    draw = services.draw_monthly(month=MONTH, seed="seed-1")
    held = sorted(draw.audits.values_list("case__case_ref", flat=True))
    assert services.draw_reproduce(draw=draw) == held
    again = services.select_sample(population=draw.population, quotas=draw.rules["quotas"],
                                   seed="seed-1")
    assert sorted(r for refs in again.values() for r in refs) == held
    other = services.select_sample(population=draw.population, quotas=draw.rules["quotas"],
                                   seed="seed-2")
    assert sorted(r for refs in other.values() for r in refs) != held


def test_a_percentage_quota_is_rounded_up_per_team():
    _teams_with_cases({"t1": 41, "t2": 5})
    rule = services.sampling_rule_get()
    rule.quota, rule.percent = SamplingRule.Quota.PERCENT, 5
    rule.save()
    draw = services.draw_monthly(month=MONTH, seed="x")
    assert draw.rules["quotas"] == {"area/t1": 3, "area/t2": 1}


def test_cases_audited_recently_or_being_audited_are_left_out():
    teams = _teams_with_cases({"t1": 3})
    recent, ongoing, old = teams["t1"].cases.order_by("case_ref")
    audit_make(case=recent, status=Status.COMPLETED)  # period ended 31/10/2026
    audit_make(case=ongoing, status=Status.IN_PROGRESS,
               period_end=date(2025, 1, 31), period_start=date(2024, 8, 1))
    audit_make(case=old, status=Status.COMPLETED, period_end=date(2025, 1, 31),
               period_start=date(2024, 8, 1))
    draw = services.draw_monthly(month=MONTH, seed="x")
    assert draw.population == {"area/t1": [old.case_ref]}
    assert list(draw.audits.values_list("case__case_ref", flat=True)) == [old.case_ref]


def test_a_month_is_drawn_once():
    _teams_with_cases({"t1": 3})
    services.draw_monthly(month=MONTH, seed="x")
    with pytest.raises(AuditError, match="already been drawn"):
        services.draw_monthly(month=MONTH + timedelta(days=3))


def test_a_thematic_draw_filters_by_type_and_age():
    area = ServiceAreaFactory(code="area")
    team = make_team(service_area=area)
    young = make_case(team=team, child__date_of_birth=date(2016, 1, 1))
    older = [make_case(team=team, child__date_of_birth=date(2010, 3, 1),
                             case_type="cla") for _ in range(3)]
    theme = services.Theme(name="Older children in care", number=2, case_type="cla",
                           min_age=16, max_age=17)
    draw = services.draw_thematic(month=MONTH, theme=theme, by=None, seed="t")
    drawn = set(draw.audits.values_list("case_id", flat=True))
    assert len(drawn) == 2
    assert drawn <= {case.pk for case in older}
    assert young.pk not in drawn
    assert draw.kind == SampleDraw.Kind.THEMATIC
    assert all(a.kind == Audit.Kind.THEMATIC for a in draw.audits.all())


def test_a_swap_takes_the_next_case_of_the_same_team_and_keeps_the_draw_reproducible():
    teams = _teams_with_cases({"t1": 6, "t2": 6})
    who = people(teams["t1"])
    draw = services.draw_monthly(month=MONTH, seed="s")
    audit = draw.audits.filter(case__team=teams["t1"]).earliest("pk")
    before = audit.case.case_ref
    with pytest.raises(AuditError):
        services.audit_swap(audit=audit, by=who["qa"], reason="  ", version=audit.version)
    swapped = services.audit_swap(audit=audit, by=who["qa"], reason="Family moved away",
                                  version=audit.version)
    assert swapped.case.case_ref != before
    assert swapped.case.team == teams["t1"]
    draw.refresh_from_db()
    assert draw.rules["swaps"][0]["reason"] == "Family moved away"
    held = sorted(draw.audits.values_list("case__case_ref", flat=True))
    assert services.draw_reproduce(draw=draw) == held
    assert AuditEvent.objects.filter(audit=audit, action="swap").exists()


def test_only_qa_swaps():
    teams = _teams_with_cases({"t1": 4})
    manager = make_user(team=teams["t1"], roles=[Role.TEAM_MANAGER])
    draw = services.draw_monthly(month=MONTH, seed="s")
    audit = draw.audits.earliest("pk")
    with pytest.raises(TransitionError):
        services.audit_swap(audit=audit, by=manager, reason="no", version=audit.version)


# ------------------------------------------------------------------ allocation


def test_allocation_names_the_team_manager_lead_and_balances_peers_outside_the_team():
    teams = _teams_with_cases({"t1": 4, "t2": 4})
    managers = {code: make_user(team=team, roles=[Role.TEAM_MANAGER])
                for code, team in teams.items()}
    other = make_team()
    qa = [make_user(team=other, roles=[Role.QA_OFFICER]) for _ in range(2)]
    inside = make_user(team=teams["t1"], roles=[Role.SERVICE_MANAGER])
    rule = services.sampling_rule_get()
    rule.per_team = 3
    rule.save()
    draw = services.draw_monthly(month=MONTH, seed="s")
    left = services.draw_allocate(draw=draw, by=None)
    assert left == []
    audits = list(draw.audits.select_related("case__team"))
    assert len(audits) == 6
    for audit in audits:
        assert audit.status == Status.ALLOCATED
        assert audit.lead == managers[audit.case.team.code]
        assert audit.peer is not None
        assert audit.peer.team_id != audit.case.team_id
        assert audit.deadline == date(2026, 11, 30)
    loads = [sum(a.peer_id == p.pk for a in audits) for p in [*qa, inside]]
    assert max(loads) - min(loads[:2]) <= 1  # balanced across the pool
    assert all(a.peer_id != inside.pk for a in audits if a.case.team == teams["t1"])


def test_allocation_leaves_audits_without_a_manager_drawn():
    _teams_with_cases({"t1": 2})
    make_user(roles=[Role.QA_OFFICER])
    draw = services.draw_monthly(month=MONTH, seed="s")
    left = services.draw_allocate(draw=draw, by=None)
    assert len(left) == 2
    assert set(draw.audits.values_list("status", flat=True)) == {Status.DRAWN}


def test_reassignment_needs_a_reason_and_a_peer_from_outside_the_team():
    who = people()
    audit = audit_make(lead=who["manager"], peer=who["qa"],
                       case=make_case(team=who["manager"].team))
    colleague = make_user(team=who["manager"].team, roles=[Role.SERVICE_MANAGER])
    with pytest.raises(AuditError):
        services.audit_reassign(audit=audit, by=who["qa"], part="peer", to=colleague,
                                reason="", version=audit.version)
    with pytest.raises(AuditError, match="outside"):
        services.audit_reassign(audit=audit, by=who["qa"], part="peer", to=colleague,
                                reason="Leave", version=audit.version)
    new_peer = make_user(roles=[Role.SERVICE_MANAGER])
    services.audit_reassign(audit=audit, by=who["qa"], part="peer", to=new_peer,
                            reason="On leave", version=audit.version)
    audit.refresh_from_db()
    assert audit.peer == new_peer
    assert "On leave" in audit.events.get(action="reassign").note


def test_late_audits_are_listed():
    who = people()
    late = audit_make(lead=who["manager"], peer=who["qa"], deadline=date(2026, 1, 30))
    audit_make(lead=who["manager"], peer=who["qa"], deadline=date(2099, 1, 30))
    audit_make(status=Status.COMPLETED, deadline=date(2026, 1, 30))
    assert list(selectors.audits_late(user=who["qa"], today=date(2026, 2, 2))) == [late]


# ------------------------------------------------------------------ grading


def test_grades_stay_hidden_until_both_submit():
    who = people()
    audit = audit_make(lead=who["manager"], peer=who["qa"])
    lead = services.grading_save(audit=audit, user=who["manager"],
                                 data=grading_input(audit), version=0, submit=True)
    audit.refresh_from_db()
    assert audit.status == Status.IN_PROGRESS
    assert not selectors.grading_visible(audit=audit, grading=lead, user=who["qa"])
    assert not selectors.grading_visible(audit=audit, grading=lead, user=who["moderator"])
    assert selectors.grading_visible(audit=audit, grading=lead, user=who["manager"])
    services.grading_save(audit=audit, user=who["qa"], data=grading_input(audit),
                          version=0, submit=True)
    audit.refresh_from_db()
    assert selectors.grading_visible(audit=audit, grading=lead, user=who["qa"])


def test_a_draft_can_be_incomplete_but_a_submission_cannot():
    who = people()
    audit = audit_make(lead=who["manager"], peer=who["qa"])
    draft = services.GradingInput(overall_grade=Grade.GOOD)
    grading = services.grading_save(audit=audit, user=who["qa"], data=draft, version=0,
                                    submit=False)
    assert grading.submitted_at is None
    with pytest.raises(AuditError) as refused:
        services.grading_save(audit=audit, user=who["qa"], data=draft,
                              version=grading.version, submit=True)
    errors = refused.value.errors
    assert "child_views" in errors
    assert "worker_reflection" in errors
    assert sum(key.endswith("_grade") for key in errors) == 6


def test_a_stale_draft_is_refused():
    who = people()
    audit = audit_make(lead=who["manager"], peer=who["qa"])
    services.grading_save(audit=audit, user=who["qa"], data=services.GradingInput(),
                          version=0, submit=False)
    with pytest.raises(ConflictError):
        services.grading_save(audit=audit, user=who["qa"], data=services.GradingInput(),
                              version=0, submit=False)


def test_the_same_grades_agree():
    audit, _ = audit_through_grading()
    assert audit.status == Status.AGREED
    assert audit.overall_grade == Grade.GOOD
    assert audit.moderator is None


def test_any_domain_difference_goes_to_moderation():
    team = make_team()
    who = people(team)
    audit = audit_make(case=make_case(team=team), lead=who["manager"], peer=who["qa"])
    services.grading_save(audit=audit, user=who["manager"], data=grading_input(audit),
                          version=0, submit=True)
    services.grading_save(audit=audit, user=who["qa"],
                          data=grading_input(audit, assessment=Grade.REQUIRES_IMPROVEMENT),
                          version=0, submit=True)
    audit.refresh_from_db()
    assert audit.status == Status.MODERATION
    assert audit.moderator is not None
    assert audit.moderator.has_role(Role.PRINCIPAL_SOCIAL_WORKER, Role.HEAD_OF_SERVICE,
                                    Role.SERVICE_DIRECTOR)
    assert "Assessment" in audit.events.get(action="refer").note
    assert mail.outbox
    assert mail.outbox[-1].to == [audit.moderator.email]


# ------------------------------------------------------------------ moderation


def test_moderation_needs_a_reflective_commentary_and_records_the_plan():
    audit, who = audit_through_grading(lead_grade=Grade.GOOD,
                                       peer_grade=Grade.REQUIRES_IMPROVEMENT)
    assert audit.status == Status.MODERATION
    moderator = audit.moderator
    assert moderator is not None
    with pytest.raises(AuditError) as refused:
        services.audit_moderate(audit=audit, user=moderator,
                                data=grading_input(audit, Grade.REQUIRES_IMPROVEMENT),
                                commentary="Agreed.", actions=[], version=audit.version)
    assert "commentary" in refused.value.errors
    services.audit_moderate(
        audit=audit, user=moderator, data=grading_input(audit, Grade.REQUIRES_IMPROVEMENT),
        commentary="The lead saw the plan's intent; the peer saw that it was never reviewed. "
                   "Reviews decide the grade here.",
        actions=[ActionInput(description="Review the plan", owner=who["manager"],
                             due_on=date(2026, 12, 15))], version=audit.version)
    audit.refresh_from_db()
    assert audit.status == Status.MODERATED
    assert audit.overall_grade == Grade.REQUIRES_IMPROVEMENT
    moderated = audit.grading(AuditGrading.Role.MODERATOR)
    assert moderated is not None
    assert moderated.is_submitted
    assert audit.actions.get().owner == who["manager"]


def test_only_the_named_moderator_moderates():
    audit, who = audit_through_grading(lead_grade=Grade.GOOD, peer_grade=Grade.OUTSTANDING)
    with pytest.raises(TransitionError):
        services.audit_moderate(audit=audit, user=who["head"] if who["head"] != audit.moderator
                                else who["moderator"], data=grading_input(audit),
                                commentary="x" * 50, actions=[], version=audit.version)


# ------------------------------------------------------------------ completion and escalation


def test_completing_an_agreed_audit_shares_the_findings():
    audit, who = audit_through_grading()
    services.audit_complete(audit=audit, user=who["manager"], actions=[],
                            version=audit.version)
    audit.refresh_from_db()
    assert audit.status == Status.COMPLETED
    assert audit.completed_at is not None
    assert any("findings" in message.subject.lower() for message in mail.outbox)


def test_the_peer_cannot_complete_an_agreed_audit():
    audit, _who = audit_through_grading()
    peer = make_user(roles=[Role.SERVICE_MANAGER])
    audit.peer = peer
    audit.save()
    with pytest.raises(TransitionError):
        services.audit_complete(audit=audit, user=peer, actions=[], version=audit.version)


def test_inadequate_escalates_to_the_head_of_service_with_review_and_reaudit_dates():
    audit, who = audit_through_grading(lead_grade=Grade.INADEQUATE,
                                       peer_grade=Grade.INADEQUATE)
    services.audit_complete(audit=audit, user=who["manager"], actions=[],
                            version=audit.version)
    audit.refresh_from_db()
    today = timezone.localdate()
    assert audit.status == Status.ESCALATED
    assert audit.overseer == who["head"]
    assert audit.review_due == today + timedelta(days=42)
    assert audit.reaudit_due == services.add_months(today, 3)
    head = who["head"]
    services.audit_oversee(audit=audit, user=head, comment="Seen", version=audit.version)
    audit.refresh_from_db()
    services.audit_review(audit=audit, user=head, note="Some progress", version=audit.version)
    audit.refresh_from_db()
    with pytest.raises(AuditError, match="re-audit must be finished"):
        services.escalation_close(audit=audit, user=head, actions_complete=True,
                                  experience_improved=True, outcome="Better",
                                  version=audit.version)
    audit.refresh_from_db()
    second = services.reaudit_start(audit=audit, user=head, version=audit.version)
    assert second.reaudit_of == audit
    assert second.kind == Audit.Kind.REAUDIT
    assert second.lead == head
    assert second.peer is None
    services.grading_save(audit=second, user=head, data=grading_input(second, Grade.GOOD),
                          version=0, submit=True)
    second.refresh_from_db()
    assert second.status == Status.AGREED
    services.audit_complete(audit=second, user=head, actions=[], version=second.version)
    audit.refresh_from_db()
    services.escalation_close(audit=audit, user=head, actions_complete=True,
                              experience_improved=True, outcome="Plan now reviewed monthly",
                              version=audit.version)
    audit.refresh_from_db()
    assert audit.status == Status.COMPLETED
    assert audit.experience_improved is True
    assert [e.action for e in audit.events.all()][-5:] == [
        "escalate", "oversee", "review", "reaudit", "close"]


def test_actions_are_tracked_to_done_with_evidence():
    audit, who = audit_through_grading()
    services.audit_complete(audit=audit, user=who["manager"], version=audit.version, actions=[
        ActionInput(description="Update the plan", owner=who["manager"],
                    due_on=date(2026, 12, 1))])
    action = AuditAction.objects.get()
    assert selectors.todo_for_user(user=who["manager"]).actions == [action]
    with pytest.raises(AuditError):
        services.action_complete(action=action, user=who["manager"], evidence=" ",
                                 version=action.version)
    done = services.action_complete(action=action, user=who["manager"],
                                    evidence="Plan updated on 28/11", version=action.version)
    assert done.is_done
    assert selectors.todo_for_user(user=who["manager"]).actions == []
    with pytest.raises(ConflictError):
        services.action_complete(action=action, user=who["manager"], evidence="again",
                                 version=action.version)


def test_a_stale_version_is_refused():
    audit, who = audit_through_grading()
    with pytest.raises(ConflictError):
        services.audit_complete(audit=audit, user=who["manager"], actions=[],
                                version=audit.version - 1)


# ------------------------------------------------------------------ the transition table


def test_every_action_in_the_table_has_actors():
    assert {action for _, action in TRANSITIONS} == set(ACTORS)


@pytest.mark.parametrize(("status", "action"), [
    (Status.DRAWN, "submit"), (Status.COMPLETED, "moderate"), (Status.AGREED, "refer"),
    (Status.WITHDRAWN, "allocate"), (Status.MODERATION, "complete"),
])
def test_invalid_transitions_are_refused_with_a_message(status, action):
    who = people()
    audit = audit_make(status=status, lead=who["manager"], peer=who["qa"],
                       moderator=who["moderator"])
    with pytest.raises(TransitionError, match="cannot be"):
        transition_check(audit=audit, action=action, user=who["qa"])


def test_the_system_agrees_but_people_cannot():
    who = people()
    audit = audit_make(status=Status.IN_PROGRESS, lead=who["manager"], peer=who["qa"])
    assert transition_check(audit=audit, action="agree", user=None) == Status.AGREED
    with pytest.raises(TransitionError):
        transition_check(audit=audit, action="agree", user=who["manager"])


# ------------------------------------------------------------------ the schedule


def test_the_monthly_task_draws_once_and_catches_up():
    _teams_with_cases({"t1": 3})
    make_user(team=make_team(), roles=[Role.QA_OFFICER])
    outcome = tasks.monthly_sample(today=date(2026, 11, 3))  # the 1st was missed
    assert outcome is not None
    assert "drew 2 cases" in outcome
    assert tasks.monthly_sample(today=date(2026, 11, 4)) is None
    assert SampleDraw.objects.filter(month=date(2026, 11, 1)).count() == 1
    assert ScheduledRun.objects.get(job=tasks.JOB).period == "2026-11"
