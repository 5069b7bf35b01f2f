"""The Learn dashboard: grade distribution by month, completion on time, calibration."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from clearsight.audits import selectors, services
from clearsight.audits.models import Audit, AuditGrading, DomainGrade, Grade, Status
from clearsight.audits.tests.factories import audit_make, make_case, make_team, make_user
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
O, G, R = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT  # noqa: E741


def _completed(team, overall: str, on: date, *, deadline: date = date(2026, 11, 30),
               lead: User | None = None, peer: User | None = None,
               grades: dict[str, str] | None = None) -> Audit:
    audit = audit_make(status=Status.COMPLETED, case=make_case(team=team), overall=overall,
                       lead=lead, peer=peer, deadline=deadline,
                       completed_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC))
    for role, grade in (grades or {}).items():
        auditor = {"lead": lead, "peer": peer}.get(role) or make_user(roles=[Role.QA_OFFICER])
        AuditGrading.objects.create(audit=audit, role=role, auditor=auditor, overall_grade=grade,
                                    submitted_at=audit.completed_at)
    return audit


@pytest.fixture
def hand_made():
    """Five completed audits in one team. October: Good, Good, Requires improvement (one
    finished late). November: Outstanding, Good. Lead Lee and peer Pat graded two of them:
    audit 1 final Good, Lee Outstanding (+1), Pat Good (0); audit 2 final Good, Lee Good (0),
    Pat Requires improvement (-1). So Lee +0.5 over 2, Pat -0.5 over 2; lead-peer pairs
    (O,G) and (G,R) give linear kappa 0 (observed 1/3 = expected 1/3)."""
    team = make_team()
    lee = make_user(team=team, roles=[Role.TEAM_MANAGER], first_name="Lee", last_name="Lead")
    pat = make_user(roles=[Role.QA_OFFICER], first_name="Pat", last_name="Peer")
    _completed(team, G, date(2026, 10, 3), lead=lee, peer=pat, grades={"lead": O, "peer": G})
    _completed(team, G, date(2026, 10, 9), lead=lee, peer=pat, grades={"lead": G, "peer": R})
    _completed(team, R, date(2026, 10, 20), deadline=date(2026, 10, 15))
    _completed(team, O, date(2026, 11, 2))
    _completed(team, G, date(2026, 11, 5))
    # Not counted: not completed, and completed over a year ago.
    audit_make(status=Status.MODERATION, case=make_case(team=team))
    _completed(team, G, date(2025, 10, 1))
    return team, lee, pat


def test_grade_distribution_by_month_and_on_time(hand_made):
    _team, _lee, _ = hand_made
    qa = make_user(roles=[Role.QA_OFFICER])
    board = selectors.dashboard_for_user(user=qa, today=TODAY)
    assert board is not None
    assert [row.month for row in board.months] == [date(2026, 10, 1), date(2026, 11, 1)]
    october, november = board.months
    assert october.total == 3
    assert [cell.count for cell in october.grades] == [0, 2, 1, 0]
    assert october.grades[1].percent == pytest.approx(200 / 3)
    assert october.on_time.count == 2
    assert [cell.count for cell in november.grades] == [1, 1, 0, 0]
    assert november.on_time.percent == pytest.approx(100)
    assert october.small
    assert board.total == 5


def test_calibration_kappa_and_tendencies(hand_made):
    qa = make_user(roles=[Role.QA_OFFICER])
    board = selectors.dashboard_for_user(user=qa, today=TODAY)
    assert board is not None
    lead_peer = board.agreements[0]
    assert lead_peer.pairs == 2
    assert lead_peer.linear == pytest.approx(0.0)
    assert board.agreements[1].pairs == 0
    assert board.agreements[1].linear is None
    tendencies = {t.auditor: (t.mean, t.n) for t in board.tendencies}
    assert tendencies == {"Lee Lead": (pytest.approx(0.5), 2),
                          "Pat Peer": (pytest.approx(-0.5), 2)}


def test_lead_and_peer_against_the_moderator(hand_made):
    team, lee, pat = hand_made
    _completed(team, R, date(2026, 11, 6), lead=lee, peer=pat,
               grades={"lead": G, "peer": R, "moderator": R}, )
    qa = make_user(roles=[Role.QA_OFFICER])
    board = selectors.dashboard_for_user(user=qa, today=TODAY)
    assert board is not None
    assert board.agreements[1].pairs == 1
    assert board.agreements[2].pairs == 1
    # One pair only, both raters a single grade: chance disagreement is 0, kappa undefined.
    assert board.agreements[2].linear is None


def test_domain_grades_use_the_moderators_when_moderated(hand_made):
    team, lee, pat = hand_made
    domain = services.audit_template_current().domains.all()[0]
    audit = _completed(team, R, date(2026, 11, 6), lead=lee, peer=pat,
                       grades={"lead": G, "peer": R, "moderator": R})
    Audit.objects.filter(pk=audit.pk).update(moderated_at=audit.completed_at)
    for grading in audit.gradings.all():
        DomainGrade.objects.create(grading=grading, domain=domain,
                                   grade=R if grading.role != "lead" else G)
    qa = make_user(roles=[Role.QA_OFFICER])
    board = selectors.dashboard_for_user(user=qa, today=TODAY)
    assert board is not None
    (row,) = board.domains
    assert row.title == domain.title
    assert row.total == 1
    assert [cell.count for cell in row.grades] == [0, 0, 1, 0]


def test_team_manager_counts_only_their_team_and_filters(hand_made):
    team, lee, _ = hand_made
    other = make_user(team=make_team(), roles=[Role.TEAM_MANAGER])
    board = selectors.dashboard_for_user(user=other, today=TODAY)
    assert board is not None
    assert board.months == []
    assert board.tendencies == []
    board = selectors.dashboard_for_user(user=lee, today=TODAY, team=team.pk)
    assert board is not None
    assert board.total == 5
    scope = selectors.dashboard_scope(user=lee)
    assert scope.teams == [team]
    assert not scope.authority_only


def test_board_members_see_suppressed_authority_figures(hand_made):
    member = make_user(roles=[Role.BOARD_MEMBER])
    board = selectors.dashboard_for_user(user=member, today=TODAY)
    assert board is not None
    assert board.suppressed
    october = board.months[0]
    assert october.total == "c"
    assert [cell.count for cell in october.grades] == [0, "c", "c", 0]
    assert all(cell.percent is None for cell in october.grades)
    assert board.total == 5
    assert board.tendencies == []
    assert board.agreements[0].pairs == "c"
    assert board.agreements[0].linear is None
    assert selectors.dashboard_scope(user=member).authority_only
    assert selectors.dashboard_for_user(user=make_user(roles=[Role.PRACTITIONER])) is None


@pytest.fixture
def on_today(time_machine):  # type: ignore[no-untyped-def]
    """The pages count the last 12 months back from today: hold today at TODAY."""
    time_machine.move_to(datetime(2026, 11, 20, 12, 0, tzinfo=UTC), tick=False)


def test_dashboard_page_for_qa_with_filters(on_today, page_client, sign_in, hand_made):
    team, _, _ = hand_made
    sign_in(page_client, make_user(roles=[Role.QA_OFFICER]))
    page = page_client.get(reverse("audits:dashboard")).content.decode()
    assert "Overall grades by month" in page
    assert "Lee Lead" in page
    assert "+0.50" in page
    assert "weighted kappa" in page
    page = page_client.get(reverse("audits:dashboard"), {"team": team.pk}).content.decode()
    assert f'<option value="{team.pk}" selected>' in page


def test_dashboard_page_for_a_board_member(on_today, page_client, sign_in, hand_made):
    sign_in(page_client, make_user(roles=[Role.BOARD_MEMBER]))
    page = page_client.get(reverse("audits:dashboard")).content.decode()
    assert "counts from 1 to 4 are shown as" in page
    assert "Lee Lead" not in page
    assert 'name="team"' not in page


def test_the_audits_page_links_to_the_dashboard(page_client, sign_in):
    sign_in(page_client, make_user(roles=[Role.QA_OFFICER]))
    page = page_client.get(reverse("audits:my-audits")).content.decode()
    assert reverse("audits:dashboard") in page
