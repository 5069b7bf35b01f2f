"""Each rule of the LADO register, through its service."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from clearsight.core.models import Closure
from clearsight.lado import selectors, services
from clearsight.lado.models import Allegation, LadoSettings, Referral
from clearsight.lado.tests.factories import (
    ClosedReferralFactory,
    InProgressReferralFactory,
    ReferralFactory,
)
from clearsight.lado.workflow import TransitionError

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture(autouse=True)
def _now(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW, tick=False)


def _create(by, received_at, **overrides):  # type: ignore[no-untyped-def]
    values = {"kind": "referral", "received_at": received_at, "referrer_name": "Jo Bell",
                  "referrer_agency": "Riverside Academy", "subject_name": "Chris Dale",
                  "subject_role": "PE teacher", "employer": "Riverside Academy", "sector": "school",
                  "child_ids": "c1, C2 ,c1", "description": "Pushed a pupil against a wall",
                  "harm_test": "harmed", "category": "physical"}
    return services.referral_create(by=by, **(values | overrides))


def test_consideration_is_due_one_working_day_after_receipt(lado_officer):
    # Friday 20 November 2026 at 16:45: due Monday 23rd.
    friday = _create(lado_officer, dt.datetime(2026, 11, 20, 16, 45, tzinfo=dt.UTC))
    assert friday.consideration_due == dt.date(2026, 11, 23)
    # Thursday 24 December: Friday is Christmas, Monday Boxing Day (substitute): due 29th.
    christmas = _create(lado_officer, dt.datetime(2025, 12, 24, 10, 0, tzinfo=dt.UTC))
    assert christmas.consideration_due == dt.date(2025, 12, 29)


def test_a_recorded_closure_moves_the_deadline(lado_officer):
    Closure.objects.create(day=dt.date(2026, 11, 24), reason="Council closure")
    referral = _create(lado_officer, dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    assert referral.consideration_due == dt.date(2026, 11, 25)


def test_create_records_the_first_allegation_ids_and_timeline(lado_officer):
    referral = _create(lado_officer, NOW - dt.timedelta(hours=2))
    assert referral.reference == "LADO-2026-0001"
    assert referral.child_ids == "C1, C2"
    assert referral.allegations.get().category == "physical"
    assert referral.events.get().action == "Referral received"
    assert _create(lado_officer, NOW).reference == "LADO-2026-0002"


def test_a_referral_cannot_arrive_in_the_future(lado_officer):
    with pytest.raises(services.LadoError):
        _create(lado_officer, NOW + dt.timedelta(hours=1))


def test_only_officers_record_referrals(senior_manager):
    with pytest.raises(services.LadoError):
        _create(senior_manager, NOW)


def test_threshold_met_moves_to_in_progress_and_late_decisions_are_marked(lado_officer):
    referral = _create(lado_officer, dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC))
    decided = services.referral_decide(by=lado_officer, pk=referral.pk,
                                       version=referral.version, decision="threshold_met",
                                       considered_on=dt.date(2026, 11, 27), rationale="Harm")
    assert decided.status == Referral.Status.IN_PROGRESS
    assert decided.closed_on is None
    note = decided.events.get(action="Decision: Threshold met").note
    assert note.startswith("Considered after the one working day")
    assert not selectors.quality_checklist(decided)[1].done


@pytest.mark.parametrize("decision", ["threshold_not_met", "advice_only"])
def test_not_met_and_advice_close_the_referral(lado_officer, decision):
    referral = ReferralFactory.create()
    decided = services.referral_decide(by=lado_officer, pk=referral.pk, version=1,
                                       decision=decision, considered_on=NOW.date(),
                                       rationale="Below the threshold; employer to manage")
    assert (decided.status, decided.closed_on) == (Referral.Status.CLOSED, NOW.date())


def test_a_decision_needs_a_rationale_and_a_current_version(lado_officer):
    referral = ReferralFactory.create()
    with pytest.raises(services.LadoError):
        services.referral_decide(by=lado_officer, pk=referral.pk, version=1,
                                 decision="threshold_met", considered_on=NOW.date(),
                                 rationale="  ")
    with pytest.raises(services.ConflictError):
        services.referral_decide(by=lado_officer, pk=referral.pk, version=0,
                                 decision="threshold_met", considered_on=NOW.date(),
                                 rationale="Harm")
    assert Referral.objects.get().status == Referral.Status.RECEIVED


def test_update_refuses_a_stale_form_and_lists_what_changed(lado_officer):
    referral = InProgressReferralFactory.create()
    fields = {name: getattr(referral, name) for name in services.EDITABLE}
    services.referral_update(by=lado_officer, pk=referral.pk, version=1,
                             **fields | {"discussion": "Talked to the head"})
    with pytest.raises(services.ConflictError):
        services.referral_update(by=lado_officer, pk=referral.pk, version=1,
                                 **fields | {"discussion": "Something else"})
    referral.refresh_from_db()
    assert (referral.discussion, referral.version) == ("Talked to the head", 2)
    assert referral.events.get().note == "Changed: discussion"


def test_a_regulator_referral_names_the_regulator(lado_officer):
    referral = InProgressReferralFactory.create()
    fields = {name: getattr(referral, name) for name in services.EDITABLE}
    with pytest.raises(services.LadoError):
        services.referral_update(by=lado_officer, pk=referral.pk, version=1,
                                 **fields | {"regulator_referred_on": NOW.date()})


def test_close_needs_every_outcome_then_records_timeliness(lado_officer):
    referral = InProgressReferralFactory.create(received_at=NOW - dt.timedelta(days=40))
    with pytest.raises(services.LadoError):
        services.referral_close(by=lado_officer, pk=referral.pk, version=1,
                                closed_on=NOW.date())
    allegation = referral.allegations.get()
    services.allegation_record_outcome(by=lado_officer, referral_pk=referral.pk,
                                       allegation_pk=allegation.pk, outcome="malicious",
                                       resolved_on=NOW.date())
    closed = services.referral_close(by=lado_officer, pk=referral.pk, version=1,
                                     closed_on=NOW.date())
    assert closed.status == Referral.Status.CLOSED
    assert closed.events.get(action="Referral closed").note == "Within 3 months"
    with pytest.raises(TransitionError):
        services.meeting_record(by=lado_officer, referral_pk=referral.pk, kind="strategy",
                                held_on=NOW.date(), attendees="x", discussion="",
                                actions="", next_meeting_on=None)


def test_outcomes_cannot_predate_the_referral(lado_officer):
    referral = InProgressReferralFactory.create()
    with pytest.raises(services.LadoError):
        services.allegation_record_outcome(
            by=lado_officer, referral_pk=referral.pk,
            allegation_pk=referral.allegations.get().pk, outcome="false",
            resolved_on=NOW.date() - dt.timedelta(days=30))


def test_meetings_are_recorded_once_held(lado_officer):
    referral = InProgressReferralFactory.create()
    with pytest.raises(services.LadoError):
        services.meeting_record(by=lado_officer, referral_pk=referral.pk, kind="strategy",
                                held_on=NOW.date() + dt.timedelta(days=1), attendees="LADO",
                                discussion="", actions="", next_meeting_on=None)
    meeting = services.meeting_record(
        by=lado_officer, referral_pk=referral.pk, kind="strategy", held_on=NOW.date(),
        attendees="LADO\nPolice\nHeadteacher", discussion="Police to interview",
        actions="Head to suspend pending", next_meeting_on=NOW.date() + dt.timedelta(days=14))
    assert referral.meetings.get() == meeting
    assert referral.events.get().action == "Strategy meeting recorded"


def test_oversight_is_the_senior_managers_alone(lado_officer, senior_manager):
    referral = InProgressReferralFactory.create()
    with pytest.raises(TransitionError):
        services.oversight_add(by=lado_officer, referral_pk=referral.pk, note="Fine")
    entry = services.oversight_add(by=senior_manager, referral_pk=referral.pk,
                                   note="Strategy meeting timely; chase the police outcome")
    assert entry.by == senior_manager
    assert selectors.quality_checklist(referral)[6].done


def test_reopening_needs_a_reason(lado_officer, senior_manager):
    referral = ClosedReferralFactory.create()
    with pytest.raises(services.LadoError):
        services.referral_reopen(by=senior_manager, pk=referral.pk, version=1, reason="")
    reopened = services.referral_reopen(by=senior_manager, pk=referral.pk, version=1,
                                        reason="New information from the police")
    assert (reopened.status, reopened.closed_on) == (Referral.Status.IN_PROGRESS, None)


@pytest.mark.parametrize(("resolved", "band"), [
    (dt.date(2026, 2, 28), "Within 1 month"),
    (dt.date(2026, 3, 1), "Within 3 months"),
    (dt.date(2026, 4, 30), "Within 3 months"),
    (dt.date(2026, 5, 1), "Within 12 months"),
    (dt.date(2027, 1, 31), "Within 12 months"),
    (dt.date(2027, 2, 1), "Over 12 months"),
    (None, ""),
])
def test_timeliness_bands(resolved, band):
    assert selectors.timeliness_band(received=dt.date(2026, 1, 31), resolved=resolved) == band


def test_quality_checklist_reflects_the_record(lado_officer):
    referral = InProgressReferralFactory.create(discussion="Discussed with the head",
                                         support_child="Counsellor offered", rationale="Harm")
    checks = {check.text: check.done for check in selectors.quality_checklist(referral)}
    assert checks["What was discussed is recorded"]
    assert checks["Support offered to the child is recorded"]
    assert not checks["Support offered to the person is recorded"]
    assert not checks["A strategy or evaluation meeting is recorded"]
    assert not checks["Every allegation has an outcome and a resolution date"]


def test_overview_counts_patterns_and_repeat_subjects(lado_officer):
    april = dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC)
    ReferralFactory.create(received_at=april, sector="school", subject_name="Kim Ash",
                    employer="Hill School")
    ReferralFactory.create(received_at=april + dt.timedelta(days=30), sector="school",
                    subject_name="kim ash ", employer="Hill School", kind="consultation")
    ClosedReferralFactory.create(received_at=april, sector="sport", employer="Town FC",
                          closed_on=dt.date(2026, 4, 20))
    ReferralFactory.create(received_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))  # last year
    overview = selectors.overview_for(user=lado_officer, year_start=dt.date(2026, 4, 1))
    assert (overview.referrals, overview.consultations) == (2, 1)
    assert overview.by_sector == [("School or college", 2), ("Sport and leisure", 1)]
    assert overview.by_employer == [("Hill School", 2)]
    assert overview.repeat_subjects[0][1] == 2
    assert overview.repeat_subjects[0][0].startswith("Kim Ash")
    assert ("Within 1 month", 1) in overview.timeliness
    assert ("Unsubstantiated", 1) in overview.by_outcome
    assert ("April 2026", 2) in overview.by_month


def test_retention_command_lists_then_deletes(lado_officer):
    settings = LadoSettings.objects.create(pk=1, retention_years=6)
    old = ClosedReferralFactory.create(closed_on=dt.date(2020, 11, 29))
    ClosedReferralFactory.create(closed_on=dt.date(2020, 12, 1))  # not yet six years
    InProgressReferralFactory.create(received_at=NOW - dt.timedelta(days=4000))  # open: kept
    out = io.StringIO()
    call_command("lado_retention", "--today", "2026-11-30", stdout=out)
    assert "1 referral past it" in out.getvalue()
    assert old.reference in out.getvalue()
    assert Referral.objects.count() == 3
    call_command("lado_retention", "--today", "2026-11-30", "--delete", stdout=out)
    assert not Referral.objects.filter(pk=old.pk).exists()
    assert Referral.objects.count() == 2
    assert not Allegation.objects.filter(referral_id=old.pk).exists()
    settings.retention_years = 5
    settings.save()
    assert selectors.referrals_past_retention(today=NOW.date()).count() == 1


def test_the_monthly_task_deletes_once_a_month(lado_officer):
    from clearsight.lado.tasks import lado_retention

    LadoSettings.objects.create(pk=1, retention_years=1)
    ClosedReferralFactory.create(closed_on=dt.date(2024, 1, 1))
    lado_retention.call_local()
    assert not Referral.objects.exists()
    ClosedReferralFactory.create(closed_on=dt.date(2024, 1, 1))
    lado_retention.call_local()  # already ran this month
    assert Referral.objects.count() == 1


def test_outcomes_are_counted_only_where_the_threshold_was_met(lado_officer):
    april = dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC)
    ReferralFactory.create(received_at=april, decision="advice_only", status="closed")
    InProgressReferralFactory.create(received_at=april)
    overview = selectors.overview_for(user=lado_officer, year_start=dt.date(2026, 4, 1))
    assert overview.by_outcome == [("No outcome yet", 1)]


def test_compare_counts_keeps_last_years_labels():
    assert selectors.compare_counts([("School", 3)], [("Sport", 2), ("School", 1)]) == [
        ("School", 3, 1), ("Sport", 0, 2)]
