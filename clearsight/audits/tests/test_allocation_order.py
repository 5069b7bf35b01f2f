"""Allocation picks each peer from a queue ordered by (open audits as peer, pk); this checks it
against the rule written plainly: for each audit in turn, the person with the fewest open
audits as peer (then the lowest pk) from outside the case's team who is not the lead."""

from datetime import date

import pytest

from clearsight.audits import services
from clearsight.audits.models import Audit, Status
from clearsight.audits.tests.factories import audit_make, make_case, make_team, make_user
from clearsight.organisation.roles import Role

pytestmark = pytest.mark.django_db


def test_peers_are_the_least_loaded_from_another_team_audit_by_audit():
    teams = [make_team() for _ in range(5)]
    for team in teams:
        make_user(team=team, roles=[Role.TEAM_MANAGER])
        for _ in range(4):
            make_case(team=team)
    # Peers in some of the case teams (so some are passed over) and a service manager who
    # leads for a team without a manager is not that audit's peer.
    pool = [make_user(team=teams[n % 5], roles=[Role.QA_OFFICER]) for n in range(4)]
    pool += [make_user(team=make_team(), roles=[Role.SERVICE_MANAGER]) for _ in range(2)]
    # Open audits already held as peer, so the queue does not start level.
    for person, held in zip(pool, [2, 0, 1, 0, 3, 0], strict=True):
        for _ in range(held):
            audit_make(status=Status.IN_PROGRESS, peer=person)
    rule = services.sampling_rule_get()
    rule.per_team = 3
    rule.save()
    draw = services.draw_monthly(month=date(2026, 11, 1), seed="order")
    load = {person.pk: Audit.objects.filter(peer=person, status=Status.IN_PROGRESS).count()
            for person in pool}
    team_of = {person.pk: person.team_id for person in pool}
    drawn = list(draw.audits.filter(status=Status.DRAWN)
                 .select_related("case__team"))
    assert services.draw_allocate(draw=draw, by=None) == []
    allocated = {audit.pk: audit for audit in draw.audits.all()}
    for audit in drawn:  # the order allocation works in
        got = allocated[audit.pk]
        expected = min((load[pk], pk) for pk in load
                       if team_of[pk] != audit.case.team_id and pk != got.lead_id)[1]
        assert got.peer_id == expected
        load[expected] += 1
    assert sorted(load.values()) != [0] * len(load)
