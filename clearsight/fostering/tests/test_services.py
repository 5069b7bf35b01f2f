"""The private fostering rules and clocks, through the services and selectors."""

import datetime as dt

import pytest

from clearsight.core.models import Closure
from clearsight.fostering import selectors, services
from clearsight.fostering.models import Arrangement
from clearsight.fostering.tests.factories import ArrangementFactory
from clearsight.fostering.workflow import TransitionError
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)  # a Monday


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def worker(db):  # type: ignore[no-untyped-def]
    return UserFactory.create(roles=[Role.PRACTITIONER])


@pytest.fixture
def manager(worker):  # type: ignore[no-untyped-def]
    return UserFactory.create(roles=[Role.TEAM_MANAGER], team=worker.team)


def _notify(by, **overrides):  # type: ignore[no-untyped-def]
    values = {"kind": "in_place", "notified_on": dt.date(2026, 11, 2), "notified_by": "school",
                  "notifier_detail": "Head of year, Hill School", "child_id": "pf123",
                  "carer_name": "Dana Fox", "carer_relationship": "Aunt's friend",
                  "starts_on": dt.date(2026, 9, 1), "team": by.team, "social_worker": by}
    return services.arrangement_notify(by=by, **(values | overrides))


def test_notification_sets_the_first_visit_seven_working_days_on(worker):
    arrangement = _notify(worker)
    assert arrangement.reference == "PF-2026-001"
    assert arrangement.child_id == "PF123"
    assert selectors.first_visit_due(arrangement, selectors.working_calendar()) == dt.date(
        2026, 11, 11)
    assert "First visit due by 11/11/2026" in arrangement.events.get().note


def test_a_closure_moves_the_first_visit(worker):
    Closure.objects.create(day=dt.date(2026, 11, 4), reason="Office move")
    arrangement = _notify(worker)
    assert selectors.first_visit_due(arrangement, selectors.working_calendar()) == dt.date(
        2026, 11, 12)


def test_late_notice_of_a_proposed_arrangement_is_flagged(worker):
    ahead = _notify(worker, kind="proposed", notified_on=dt.date(2026, 10, 1),
                    starts_on=dt.date(2026, 11, 12))
    late = _notify(worker, kind="proposed", notified_on=dt.date(2026, 10, 1),
                   starts_on=dt.date(2026, 11, 11))
    assert not selectors.notified_late(ahead)
    assert selectors.notified_late(late)
    assert selectors.notified_late(_notify(worker))  # already in place


def test_proposed_and_in_place_dates_must_make_sense(worker):
    with pytest.raises(services.FosteringError):
        _notify(worker, kind="in_place", starts_on=dt.date(2026, 11, 20))
    with pytest.raises(services.FosteringError):
        _notify(worker, kind="proposed", starts_on=dt.date(2026, 10, 1))
    with pytest.raises(services.FosteringError):
        _notify(worker, notified_on=TODAY + dt.timedelta(days=1))


def test_visits_every_six_weeks_in_the_first_year_then_twelve(worker):
    arrangement = _notify(worker, notified_on=dt.date(2025, 9, 1),
                          starts_on=dt.date(2025, 8, 1))
    first = services.visit_record(by=worker, arrangement_pk=arrangement.pk,
                                  visited_on=dt.date(2025, 9, 12), seen_alone=True,
                                  report="Settled; sees mum at weekends")
    assert first.due_on == dt.date(2025, 9, 10)
    assert not first.in_time
    second = services.visit_record(by=worker, arrangement_pk=arrangement.pk,
                                   visited_on=dt.date(2025, 10, 20), seen_alone=False,
                                   report="Carer present throughout")
    assert second.due_on == dt.date(2025, 10, 24)
    assert second.in_time
    # A visit after the first year (which ended on 1 August 2026): twelve weeks to the next.
    services.visit_record(by=worker, arrangement_pk=arrangement.pk,
                          visited_on=dt.date(2026, 8, 3), seen_alone=True, report="Well")
    visits = list(arrangement.visits.all())
    assert selectors.next_visit_due(arrangement, visits, selectors.working_calendar()) == (
        dt.date(2026, 8, 3) + dt.timedelta(weeks=12))
    clock = selectors.clocks_for(arrangements=[arrangement], today=TODAY)[0]
    assert clock.overdue
    assert (clock.visits, clock.late_visits, clock.first_visit_in_time) == (3, 2, False)


def test_a_visit_needs_a_report_and_cannot_be_in_the_future(worker):
    arrangement = _notify(worker)
    with pytest.raises(services.FosteringError):
        services.visit_record(by=worker, arrangement_pk=arrangement.pk,
                              visited_on=TODAY, seen_alone=True, report=" ")
    with pytest.raises(services.FosteringError):
        services.visit_record(by=worker, arrangement_pk=arrangement.pk,
                              visited_on=TODAY + dt.timedelta(days=1), seen_alone=True,
                              report="x")


def test_the_suitability_decision_is_a_managers(worker, manager):
    arrangement = _notify(worker)
    with pytest.raises(TransitionError):
        services.arrangement_decide(by=worker, pk=arrangement.pk, version=1,
                                    decision="suitable", decided_on=TODAY, assessment="Fine")
    decided = services.arrangement_decide(by=manager, pk=arrangement.pk, version=1,
                                          decision="suitable", decided_on=TODAY,
                                          assessment="Checks done; home suitable")
    assert decided.status == Arrangement.Status.SUITABLE
    with pytest.raises(services.ConflictError):
        services.arrangement_decide(by=manager, pk=arrangement.pk, version=1,
                                    decision="not_suitable", decided_on=TODAY, assessment="x")


def test_notice_of_end_ends_it_and_stops_the_clock(worker):
    arrangement = _notify(worker)
    services.notice_record(by=worker, pk=arrangement.pk, version=1, kind="change",
                           received_on=TODAY, details="Carer moved house")
    services.notice_record(by=worker, pk=arrangement.pk, version=2, kind="end",
                           received_on=TODAY, details="Returned to mother")
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.ended_on) == (Arrangement.Status.ENDED, TODAY)
    assert selectors.clocks_for(arrangements=[arrangement], today=TODAY)[0].next_due is None
    with pytest.raises(TransitionError):
        services.visit_record(by=worker, arrangement_pk=arrangement.pk, visited_on=TODAY,
                              seen_alone=True, report="x")


def test_no_one_writes_to_an_arrangement_they_cannot_see(worker):
    from django.http import Http404

    elsewhere = ArrangementFactory.create(team=TeamFactory.create())
    with pytest.raises(Http404):
        services.visit_record(by=worker, arrangement_pk=elsewhere.pk, visited_on=TODAY,
                              seen_alone=True, report="x")


def test_visibility_follows_the_case_rule(worker, manager):
    mine = ArrangementFactory.create(team=TeamFactory.create(), social_worker=worker)
    team = ArrangementFactory.create(team=worker.team)
    elsewhere = ArrangementFactory.create(team=TeamFactory.create())
    assert set(selectors.arrangement_list_for_user(user=worker)) == {mine}
    assert set(selectors.arrangement_list_for_user(user=manager)) == {team}
    director = UserFactory.create(roles=[Role.SERVICE_DIRECTOR])
    assert set(selectors.arrangement_list_for_user(user=director)) == {mine, team, elsewhere}
    for role in (Role.LADO_OFFICER, Role.ADMINISTRATOR, Role.BOARD_MEMBER):
        outsider = UserFactory.create(roles=[role])
        assert not selectors.arrangement_list_for_user(user=outsider).exists()


def test_compliance_counts(worker):
    in_time = _notify(worker, notified_on=dt.date(2026, 11, 2))
    services.visit_record(by=worker, arrangement_pk=in_time.pk, visited_on=dt.date(2026, 11, 5),
                          seen_alone=True, report="Fine")
    _notify(worker, notified_on=dt.date(2026, 11, 16), notified_by="health")  # due 25/11
    services.awareness_record(by=worker, held_on=TODAY, audience="schools",
                              description="Briefing to designated safeguarding leads",
                              reached=40)
    compliance = selectors.compliance_for(user=worker, today=TODAY)
    assert (compliance.open_count, compliance.overdue) == (2, 1)
    assert (compliance.first_visits, compliance.first_visits_in_time) == (1, 1)
    assert (compliance.visits_in_year, compliance.seen_alone) == (1, 1)
    assert dict(compliance.sources)["A school or college"] == 1
    assert dict(compliance.sources)["Health services"] == 1
    assert compliance.awareness == [("Schools and colleges", 1)]
    assert compliance.notified_late == 2
