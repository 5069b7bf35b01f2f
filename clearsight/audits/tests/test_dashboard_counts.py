"""The dashboard's grouped query against a plain count, audit by audit, in Python.

The months, completion on time and the three agreements come from one grouped query whose
month is a CASE over the months' first moments and whose local date (on SQLite) is SQLite's
`date()` with the offset of the stretch of time the row falls in. These tests put audits
either side of local midnight, in British Summer Time and out of it and on the days the
clocks change, and check every figure against the same thing worked out row by row with
`timezone.localtime`.
"""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from clearsight.audits import selectors
from clearsight.audits.models import Audit, AuditGrading, Grade, Status
from clearsight.audits.tests.factories import audit_make, make_case, make_team, make_user
from clearsight.organisation.roles import Role
from clearsight_analytics.agreement import weighted_kappa

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
GRADES = list(Grade.values)

# Moments around local midnight: the clocks went forward at 01:00 UTC on 29 March 2026 and
# back at 01:00 UTC on 25 October 2026.
EDGES = [
    datetime(2025, 12, 1, 0, 0, tzinfo=UTC),  # the first moment counted
    datetime(2025, 11, 30, 23, 59, tzinfo=UTC),  # just before: not counted
    datetime(2026, 1, 31, 23, 30, tzinfo=UTC),  # GMT: still 31 January
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # before the change: 29 March 00:30 GMT
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # after it: 29 March 02:30 BST
    datetime(2026, 3, 31, 23, 30, tzinfo=UTC),  # BST: already 1 April
    datetime(2026, 6, 30, 22, 30, tzinfo=UTC),  # BST: 30 June 23:30
    datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # BST: 1 July 00:30
    datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # BST: 25 October 00:30
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 01:30 BST, before the change back
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 01:30 GMT, after it
    datetime(2026, 11, 19, 23, 59, tzinfo=UTC),
]


def _expected(audits: list[Audit]) -> tuple[dict[date, dict[str, int]], dict[date, int]]:
    since = datetime(2025, 12, 1, tzinfo=UTC)  # local midnight: GMT in December
    months: dict[date, dict[str, int]] = {}
    on_time: dict[date, int] = {}
    for audit in audits:
        assert audit.completed_at is not None
        assert audit.deadline is not None
        if audit.completed_at < since:
            continue
        local = timezone.localtime(audit.completed_at)
        month = date(local.year, local.month, 1)
        months.setdefault(month, {})
        months[month][audit.overall_grade] = months[month].get(audit.overall_grade, 0) + 1
        on_time[month] = on_time.get(month, 0) + (local.date() <= audit.deadline)
    return months, on_time


def test_months_and_on_time_match_a_count_row_by_row():
    team = make_team()
    rng = random.Random(3)
    audits = []
    for moment in EDGES:
        local_day = timezone.localtime(moment).date()
        for shift in (-1, 0, 1):  # deadline the day before, the day itself, the day after
            audits.append(audit_make(
                status=Status.COMPLETED, case=make_case(team=team), overall=rng.choice(GRADES),
                completed_at=moment, deadline=local_day + timedelta(days=shift)))
    # One finished after this month (a clock ahead): still counted, in its own month.
    audits.append(audit_make(status=Status.COMPLETED, case=make_case(team=team),
                             overall=Grade.GOOD, deadline=date(2026, 12, 31),
                             completed_at=datetime(2026, 12, 2, 9, tzinfo=UTC)))
    board = selectors.dashboard_for_user(user=make_user(roles=[Role.QA_OFFICER]), today=TODAY)
    assert board is not None
    months, on_time = _expected(audits)
    assert [row.month for row in board.months] == sorted(months)
    assert date(2026, 7, 1) in months
    assert date(2026, 12, 1) in months
    for row in board.months:
        assert row.total == sum(months[row.month].values()), row.month
        assert [cell.count for cell in row.grades] == [
            months[row.month].get(grade, 0) for grade in GRADES], row.month
        assert row.on_time.count == on_time[row.month], row.month
    assert board.total == len(audits) - 3  # the three just before the first month


def test_agreements_match_kappa_over_the_pairs():
    team = make_team()
    lead, peer, moderator = (make_user(roles=[Role.QA_OFFICER]) for _ in range(3))
    rng = random.Random(7)
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {
        ("lead", "peer"): [], ("lead", "moderator"): [], ("peer", "moderator"): []}
    for n in range(60):
        audit = audit_make(status=Status.COMPLETED, case=make_case(team=team),
                           overall=rng.choice(GRADES), lead=lead, peer=peer,
                           completed_at=datetime(2026, 1 + n % 10, 10, 12, tzinfo=UTC))
        given = {}
        for role, person in (("lead", lead), ("peer", peer), ("moderator", moderator)):
            if role == "moderator" and n % 3:
                continue
            grade = rng.choice([*GRADES, ""]) if n % 11 else ""
            submitted = n % 13 != 5 or role != "peer"  # a few peers never submitted
            AuditGrading.objects.create(audit=audit, role=role, auditor=person,
                                        overall_grade=grade,
                                        submitted_at=audit.completed_at if submitted else None)
            if submitted:
                given[role] = grade
        for first, second in pairs:
            if first in given and second in given:
                pairs[(first, second)].append((given[first], given[second]))
    board = selectors.dashboard_for_user(user=make_user(roles=[Role.QA_OFFICER]), today=TODAY)
    assert board is not None
    for agreement, found in zip(board.agreements, pairs.values(), strict=True):
        assert agreement.pairs == len(found)
        assert agreement.linear == pytest.approx(weighted_kappa(found))
        assert agreement.quadratic == pytest.approx(weighted_kappa(found,
                                                                   weighting="quadratic"))
    assert [a.pairs for a in board.agreements] == [55, 20, 18]
