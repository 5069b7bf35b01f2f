"""The authorisation matrix: role x route x ownership.

`EXPECTED` below is written out by hand, independently of the decorators on the views, and
every route in the URL configuration must appear in it: adding a route without deciding who may
open it fails `test_every_route_is_classified`. Then every route is requested by every role
(and anonymously) for each ownership case, and the status must match:

- 302 to sign-in for anonymous visitors of non-public pages;
- 403 for a role that may not open the page at all;
- 404 for a record the role may not see, exactly as for a record that does not exist;
- 200 otherwise.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from clearsight.audits.tests.factories import url_for_route
from clearsight.casework.models import Case
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.core.models import ImportRecord
from clearsight.organisation.roles import PRIVILEGED_ROLES, Role
from clearsight.organisation.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
from clearsight.performance.tests.factories import FAKE_PERIOD, snapshot_fake
from tests.routes import app_routes

ALL_ROLES = frozenset(Role)
CASE_VIEWERS = ALL_ROLES - {Role.LADO_OFFICER, Role.BOARD_MEMBER, Role.ADMINISTRATOR}
DIRECTORY = frozenset(
    {
        Role.TEAM_MANAGER,
        Role.QA_OFFICER,
        Role.SERVICE_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.SERVICE_DIRECTOR,
        Role.PRINCIPAL_SOCIAL_WORKER,
        Role.ADMINISTRATOR,
    }
)
DATA = frozenset({Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR})
# Feedback: aggregate pages for case roles and the board; safety alerts, themes and the log
# for quality assurance officers.
FEEDBACK_RESULTS = CASE_VIEWERS | {Role.BOARD_MEMBER}
QA_ONLY = frozenset({Role.QA_OFFICER})

# Which cases each role may open, by where the case sits relative to the user.
CASE_OWNERSHIP = ("own", "team", "service", "other", "missing")
CASE_REACH = {
    Role.PRACTITIONER: {"own"},
    Role.TEAM_MANAGER: {"own", "team"},
    Role.SERVICE_MANAGER: {"own", "team", "service"},
    Role.HEAD_OF_SERVICE: {"own", "team", "service"},
    Role.QA_OFFICER: {"own", "team", "service", "other"},
    Role.SERVICE_DIRECTOR: {"own", "team", "service", "other"},
    Role.PRINCIPAL_SOCIAL_WORKER: {"own", "team", "service", "other"},
    Role.PERFORMANCE_ANALYST: {"own", "team", "service", "other"},
}

# Which import records each role may open: case extracts and national returns quote
# children's details.
IMPORT_OWNERSHIP = ("staff", "cases", "cin_census", "population", "plan", "missing")
IMPORT_REACH = {
    Role.ADMINISTRATOR: {"staff", "population", "plan"},
    Role.PERFORMANCE_ANALYST: {"staff", "cases", "cin_census", "population", "plan"},
    # Those who run improvement plans read the plans imported (no child-level data).
    Role.HEAD_OF_SERVICE: {"plan"},
    Role.SERVICE_DIRECTOR: {"plan"},
    Role.PRINCIPAL_SOCIAL_WORKER: {"plan"},
    Role.QA_OFFICER: {"plan"},
}
IMPORT_READERS = frozenset(IMPORT_REACH)
ANALYST = frozenset({Role.PERFORMANCE_ANALYST})
# The children behind an indicator: the page opens for every case role whatever child it
# lists (the list itself is cut to the children whose cases the role may open, tested in
# clearsight/performance/tests/test_views.py); a period with no list is not found.
CHILDREN_OWNERSHIP = ("own", "team", "service", "other", "no-case", "missing-period")
CHILDREN_REACH = {role: set(CHILDREN_OWNERSHIP) - {"missing-period"} for role in CASE_REACH}
# Audits (clearsight/audits/selectors.py): people named on an audit see it; QA, the service
# director and the principal social worker every audit; heads of service and service managers
# their service area's; team managers their team's; practitioners completed audits of their
# own cases. Analysts, LADO officers, board members and administrators none.
AUDIT_ROLES = CASE_VIEWERS - {Role.PERFORMANCE_ANALYST}
AUDITORS = AUDIT_ROLES - {Role.PRACTITIONER}
QA = frozenset({Role.QA_OFFICER})
AUDIT_OWNERSHIP = ("lead", "peer", "moderator", "overseer", "own-case", "team", "service",
                   "other", "missing")
ALL_AUDITS = set(AUDIT_OWNERSHIP) - {"missing"}
NAMED = {"lead", "peer", "moderator", "overseer"}
AUDIT_REACH = {
    Role.PRACTITIONER: NAMED | {"own-case"},
    Role.TEAM_MANAGER: NAMED | {"own-case", "team"},
    Role.SERVICE_MANAGER: NAMED | {"own-case", "team", "service"},
    Role.HEAD_OF_SERVICE: NAMED | {"own-case", "team", "service"},
    Role.QA_OFFICER: ALL_AUDITS,
    Role.SERVICE_DIRECTOR: ALL_AUDITS,
    Role.PRINCIPAL_SOCIAL_WORKER: ALL_AUDITS,
}

# Improvement plans hold no child-level data: everyone signed in reads active and closed plans;
# those who run plans also read drafts, and write. An action's owner (any role) adds progress
# and rates it; a draft plan's actions are hidden from non-editors even when they own one.
PLANS_EDITORS = frozenset({Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR,
                           Role.PRINCIPAL_SOCIAL_WORKER, Role.QA_OFFICER})
PLANS_OWNERSHIP = ("active", "closed", "draft", "missing")
PLANS_REACH = {role: {"active", "closed"} | ({"draft"} if role in PLANS_EDITORS else set())
               for role in ALL_ROLES}
PLANS_ACTION_OWNERSHIP = ("own", "other", "draft-own", "missing")
PLANS_ACTION_READ_REACH = {
    role: {"own", "other"} | ({"draft-own"} if role in PLANS_EDITORS else set())
    for role in ALL_ROLES}
PLANS_ACTION_UPDATE_REACH = {
    role: {"own", "other", "draft-own"} if role in PLANS_EDITORS else {"own"}
    for role in ALL_ROLES}


# Governance packs hold aggregates only, small numbers suppressed: board members read them with
# those who run QA and the plan and those who prepare for boards; QA and senior roles ask for
# them (clearsight/governance/workflow.py).
PACK_REQUESTERS = frozenset({Role.QA_OFFICER, Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR,
                             Role.PRINCIPAL_SOCIAL_WORKER})
PACK_READERS = PACK_REQUESTERS | {Role.BOARD_MEMBER, Role.SERVICE_MANAGER,
                                  Role.PERFORMANCE_ANALYST}
PACK_OWNERSHIP = ("done", "missing")
PACK_REACH = {role: {"done"} for role in PACK_READERS}

# --- lado ---
LADO_ONLY = frozenset({Role.LADO_OFFICER})
# A referral in the state the route needs ("fit"), or one that does not exist.
LADO_OWNERSHIP = ("fit", "missing")
LADO_REACH = {Role.LADO_OFFICER: {"fit"}}
# --- fostering ---
FOSTERING_DECIDERS = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE,
                                Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER})
# Complaints: QA officers and senior roles run the procedure and see every complaint; service
# managers see their service area's, team managers their team's; by the complaint's team.
COMPLAINT_MANAGERS = frozenset({Role.QA_OFFICER, Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR,
                                Role.PRINCIPAL_SOCIAL_WORKER})
COMPLAINT_VIEWERS = COMPLAINT_MANAGERS | {Role.SERVICE_MANAGER, Role.TEAM_MANAGER}
COMPLAINT_OWNERSHIP = ("team", "service", "other", "missing")
COMPLAINT_REACH = {
    **{role: {"team", "service", "other"} for role in COMPLAINT_MANAGERS},
    Role.SERVICE_MANAGER: {"team", "service"},
    Role.TEAM_MANAGER: {"team"},
}


@dataclass(frozen=True)
class Expect:
    roles: frozenset[str] | None  # None: public; ALL_ROLES: any signed-in user
    object: str | None = None  # the kind of record in the URL, if any
    method: str = "get"
    allowed_status: int = 200  # e.g. 302 for a page that sends a verified user onwards
    reach: dict[str, set[str]] = field(default_factory=dict)
    anonymous_status: int = 200  # for public pages
    signed_in_status: int = 200  # the sign-in page sends people already signed in home
    child_data: bool = False  # each view writes one access-log row
    html: bool = True  # a page for people (the browser suite runs axe on it), not JSON


EXPECTED: dict[str, Expect] = {
    "accounts:home": Expect(ALL_ROLES),
    "accounts:sign-in": Expect(None, signed_in_status=302),
    "accounts:sign-out": Expect(ALL_ROLES),
    "accounts:signed-out": Expect(None),
    "core:accessibility": Expect(None),
    "core:privacy": Expect(None),
    "core:health": Expect(None, html=False),
    "admin-sign-in": Expect(None, anonymous_status=302, signed_in_status=302),
    # Second-factor pages send anyone who has already passed it (as here) onwards.
    "accounts:mfa-setup": Expect(ALL_ROLES, allowed_status=302),
    "accounts:mfa-verify": Expect(ALL_ROLES, allowed_status=302),
    "accounts:session-extend": Expect(ALL_ROLES, method="post", allowed_status=302),
    "casework:case-list": Expect(CASE_VIEWERS, child_data=True),
    "casework:case-import": Expect(frozenset({Role.PERFORMANCE_ANALYST})),
    "casework:case-detail": Expect(CASE_VIEWERS, object="case", reach=CASE_REACH, child_data=True),
    "organisation:team-list": Expect(DIRECTORY),
    "organisation:team-detail": Expect(DIRECTORY, object="team"),
    "organisation:import-list": Expect(IMPORT_READERS),
    "organisation:import-staff": Expect(frozenset({Role.ADMINISTRATOR})),
    "organisation:import-detail": Expect(IMPORT_READERS, object="import", reach=IMPORT_REACH,
                                         child_data=True),
    "performance:dashboard": Expect(ALL_ROLES),
    "performance:catalogue": Expect(ALL_ROLES),
    "performance:indicator": Expect(ALL_ROLES, object="indicator"),
    # Every role that may list children may open the page; it lists only the children whose
    # cases they can open (see test_children_are_listed_by_case_access).
    "performance:indicator-children": Expect(CASE_VIEWERS, object="children",
                                             reach=CHILDREN_REACH, child_data=True),
    "performance:indicator-settings": Expect(ANALYST, object="indicator"),
    "performance:due": Expect(CASE_VIEWERS, child_data=True),
    "performance:data": Expect(ANALYST),
    "performance:load-annex-a": Expect(ANALYST),
    "performance:load-ssda903": Expect(ANALYST),
    "performance:load-cin-census": Expect(ANALYST),
    "performance:population": Expect(ANALYST),
    "performance:compute": Expect(ANALYST, method="post", allowed_status=302),
    "performance:computation": Expect(ANALYST, object="computation"),
    "performance:profile": Expect(ANALYST),
    # --- plans ---
    "plans:plan-list": Expect(ALL_ROLES),
    "plans:plan-create": Expect(PLANS_EDITORS),
    "plans:plan-import": Expect(PLANS_EDITORS),
    "plans:plan-detail": Expect(ALL_ROLES, object="plans-plan", reach=PLANS_REACH),
    "plans:plan-on-a-page": Expect(ALL_ROLES, object="plans-plan", reach=PLANS_REACH),
    "plans:plan-edit": Expect(PLANS_EDITORS, object="plans-plan", reach=PLANS_REACH),
    # A post without the version the page showed changes nothing and goes back to the plan.
    "plans:plan-transition": Expect(PLANS_EDITORS, object="plans-plan", method="post",
                                    allowed_status=302, reach=PLANS_REACH),
    "plans:recommendation-detail": Expect(ALL_ROLES, object="plans-recommendation",
                                          reach=PLANS_REACH),
    "plans:recommendation-create": Expect(PLANS_EDITORS, object="plans-plan", reach=PLANS_REACH),
    "plans:recommendation-edit": Expect(PLANS_EDITORS, object="plans-recommendation",
                                        reach=PLANS_REACH),
    "plans:action-create": Expect(PLANS_EDITORS, object="plans-recommendation",
                                  reach=PLANS_REACH),
    "plans:measure-create": Expect(PLANS_EDITORS, object="plans-recommendation",
                                   reach=PLANS_REACH),
    "plans:action-edit": Expect(PLANS_EDITORS, object="plans-action",
                                reach=PLANS_ACTION_READ_REACH),
    "plans:action-detail": Expect(ALL_ROLES, object="plans-action",
                                  reach=PLANS_ACTION_READ_REACH),
    "plans:action-progress": Expect(ALL_ROLES, object="plans-action",
                                    reach=PLANS_ACTION_UPDATE_REACH),
    "plans:action-rate": Expect(ALL_ROLES, object="plans-action",
                                reach=PLANS_ACTION_UPDATE_REACH),
    # --- lado ---
    # Only LADO officers; the named senior manager is tested in clearsight/lado/tests (not a
    # role, so not a row here). Every other role is refused, administrators included.
    "lado:register": Expect(LADO_ONLY, child_data=True),
    "lado:referral-new": Expect(LADO_ONLY, child_data=True),
    "lado:overview": Expect(LADO_ONLY, child_data=True),
    "lado:annual-report": Expect(LADO_ONLY, child_data=True),
    "lado:annual-report-docx": Expect(LADO_ONLY, child_data=True, html=False),
    "lado:settings": Expect(LADO_ONLY, child_data=True),
    "lado:referral": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    "lado:referral-edit": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    "lado:referral-decide": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    "lado:allegation-new": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    "lado:allegation-outcome": Expect(LADO_ONLY, object="lado", reach=LADO_REACH,
                                      child_data=True),
    "lado:meeting-new": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    "lado:referral-close": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    "lado:referral-reopen": Expect(LADO_ONLY, object="lado", reach=LADO_REACH, child_data=True),
    # Oversight is the named senior manager's alone: no role opens it.
    "lado:oversight-new": Expect(frozenset(), object="lado", child_data=True),
    # --- fostering ---
    "fostering:dashboard": Expect(CASE_VIEWERS, child_data=True),
    "fostering:arrangement-list": Expect(CASE_VIEWERS, child_data=True),
    "fostering:arrangement-new": Expect(CASE_VIEWERS, child_data=True),
    "fostering:awareness": Expect(CASE_VIEWERS),
    "fostering:arrangement": Expect(CASE_VIEWERS, object="fostering", reach=CASE_REACH,
                                    child_data=True),
    "fostering:visit-new": Expect(CASE_VIEWERS, object="fostering", reach=CASE_REACH,
                                  child_data=True),
    "fostering:notice-new": Expect(CASE_VIEWERS, object="fostering", reach=CASE_REACH,
                                   child_data=True),
    "fostering:decision": Expect(FOSTERING_DECIDERS, object="fostering", reach=CASE_REACH,
                                 child_data=True),
    # --- complaints ---
    "complaints:list": Expect(COMPLAINT_VIEWERS, child_data=True),
    "complaints:create": Expect(COMPLAINT_MANAGERS),
    "complaints:report": Expect(COMPLAINT_VIEWERS | {Role.BOARD_MEMBER, Role.PERFORMANCE_ANALYST}),
    "complaints:report-download": Expect(COMPLAINT_VIEWERS | {Role.BOARD_MEMBER,
                                                             Role.PERFORMANCE_ANALYST},
                                         html=False),
    "complaints:bulletin": Expect(COMPLAINT_VIEWERS | {Role.BOARD_MEMBER,
                                                       Role.PERFORMANCE_ANALYST,
                                                       Role.PRACTITIONER}),
    "complaints:about-me": Expect(CASE_VIEWERS, child_data=True),
    "complaints:compliments": Expect(COMPLAINT_VIEWERS | {Role.PRACTITIONER}),
    "complaints:compliment-create": Expect(COMPLAINT_VIEWERS),
    "complaints:compliments-by-team": Expect(COMPLAINT_VIEWERS),
    "complaints:detail": Expect(COMPLAINT_VIEWERS, object="complaint", reach=COMPLAINT_REACH,
                                child_data=True),
    "complaints:action": Expect(COMPLAINT_MANAGERS, object="complaint-action",
                                reach=COMPLAINT_REACH, child_data=True),
    "complaints:point": Expect(COMPLAINT_MANAGERS, object="complaint-point",
                               reach=COMPLAINT_REACH, child_data=True),
    "complaints:learning-add": Expect(COMPLAINT_MANAGERS, object="complaint",
                                      reach=COMPLAINT_REACH, child_data=True),
    "complaints:learning-complete": Expect(COMPLAINT_MANAGERS, object="complaint-learning",
                                           reach=COMPLAINT_REACH, child_data=True),
    "complaints:letter": Expect(COMPLAINT_MANAGERS, object="complaint-responded",
                                reach=COMPLAINT_REACH, child_data=True, html=False),
    # --- feedback ---
    # Public survey pages: a valid link sends the family on to the questions; the questions
    # page without an opened link sends people to the code page.
    "feedback:start": Expect(None),
    "feedback:link": Expect(None, object="feedback-token", anonymous_status=302,
                            signed_in_status=302),
    "feedback:respond": Expect(None, anonymous_status=302, signed_in_status=302),
    "feedback:thanks": Expect(None),
    "feedback:overview": Expect(FEEDBACK_RESULTS),
    "feedback:results": Expect(FEEDBACK_RESULTS),
    "feedback:themes": Expect(FEEDBACK_RESULTS),
    "feedback:early-help": Expect(CASE_VIEWERS, child_data=True),
    "feedback:responses": Expect(CASE_VIEWERS, child_data=True),
    "feedback:response-detail": Expect(CASE_VIEWERS, object="feedback-response",
                                       reach=CASE_REACH, child_data=True),
    "feedback:response-themes": Expect(QA_ONLY, object="feedback-response", method="post",
                                       allowed_status=302, reach=CASE_REACH),
    "feedback:case-find": Expect(CASE_VIEWERS),
    "feedback:invite": Expect(CASE_VIEWERS, object="feedback-case", reach=CASE_REACH,
                              child_data=True),
    "feedback:phone": Expect(CASE_VIEWERS, object="feedback-case", reach=CASE_REACH,
                             child_data=True),
    "feedback:invitation": Expect(CASE_VIEWERS, object="feedback-invitation", reach=CASE_REACH,
                                  child_data=True),
    "feedback:invitation-withdraw": Expect(CASE_VIEWERS, object="feedback-invitation",
                                           method="post", allowed_status=302, reach=CASE_REACH),
    "feedback:alerts": Expect(QA_ONLY, child_data=True),
    "feedback:alert-deal": Expect(QA_ONLY, object="feedback-alert",
                                  reach={Role.QA_OFFICER: {"any"}}, child_data=True),
    "feedback:theme-add": Expect(QA_ONLY),
    "feedback:actions": Expect(ALL_ROLES),
    "feedback:action-add": Expect(QA_ONLY),
    "feedback:action-edit": Expect(QA_ONLY, object="feedback-action",
                                   reach={Role.QA_OFFICER: {"any"}}),
    "feedback:report": Expect(FEEDBACK_RESULTS),
    "feedback:report-download": Expect(FEEDBACK_RESULTS, html=False),
    # --- audits ---
    "audits:my-audits": Expect(AUDIT_ROLES, child_data=True),
    "audits:late": Expect(AUDITORS, child_data=True),
    "audits:samples": Expect(QA),
    "audits:draw-monthly": Expect(QA, method="post", allowed_status=302),
    "audits:draw-thematic": Expect(QA),
    "audits:draw": Expect(QA, object="draw", reach={Role.QA_OFFICER: {"exists"}},
                          child_data=True),
    "audits:draw-allocate": Expect(QA, object="draw", method="post", allowed_status=302,
                                   reach={Role.QA_OFFICER: {"exists"}}),
    "audits:detail": Expect(AUDIT_ROLES, object="audit", reach=AUDIT_REACH, child_data=True),
    "audits:grade": Expect(AUDITORS, object="audit", child_data=True,
                           reach={role: {"lead", "peer"} for role in AUDITORS}),
    "audits:moderate": Expect(AUDITORS, object="audit", child_data=True,
                              reach={role: {"moderator"} for role in AUDITORS}),
    # Tried on an agreed audit: the lead completes it (a moderated one: the moderator); QA any.
    "audits:complete": Expect(AUDITORS, object="audit", child_data=True,
                              reach={role: {"lead"} for role in AUDITORS}
                              | {Role.QA_OFFICER: ALL_AUDITS}),
    "audits:escalation": Expect(AUDITORS, object="audit", child_data=True,
                                reach={role: {"overseer"} for role in AUDITORS}),
    "audits:swap": Expect(QA, object="audit", reach={Role.QA_OFFICER: ALL_AUDITS},
                          child_data=True),
    "audits:reassign": Expect(QA, object="audit", reach={Role.QA_OFFICER: ALL_AUDITS},
                              child_data=True),
    "audits:action": Expect(AUDIT_ROLES, object="action", child_data=True,
                            reach={role: {"owner"} for role in AUDIT_ROLES}
                            | {Role.QA_OFFICER: {"owner", "other"}}),
    # Aggregates only: auditors within their reach, board members authority-wide with
    # small numbers suppressed (ADR 0009).
    "audits:dashboard": Expect(AUDITORS | {Role.BOARD_MEMBER}),
    # The worker's supervisor (a team manager of the case's team) on a finished audit.
    "audits:supervision": Expect(frozenset({Role.TEAM_MANAGER}), object="audit",
                                 child_data=True,
                                 reach={Role.TEAM_MANAGER: {"own-case", "team"}}),
    # --- governance ---
    "governance:index": Expect(PACK_READERS),
    # An empty request is refused with the form's errors on the page.
    "governance:pack-request": Expect(PACK_REQUESTERS, method="post"),
    "governance:pack-detail": Expect(PACK_READERS, object="pack", reach=PACK_REACH),
    "governance:pack-download": Expect(PACK_READERS, object="pack", reach=PACK_REACH,
                                       html=False),
    # Learning (issue 3, item 7). Themes and nominations: QA keeps the list and reviews;
    # findings are tagged or nominated by QA (any audit) or the audit's lead or moderator.
    "audits:themes": Expect(QA),
    "audits:themes-report": Expect(AUDITORS | {Role.BOARD_MEMBER}),
    "audits:tag-themes": Expect(AUDITORS, object="audit", child_data=True,
                                reach={role: {"lead", "moderator"} for role in AUDITORS}
                                | {Role.QA_OFFICER: ALL_AUDITS}),
    "audits:nominate": Expect(AUDITORS, object="audit", child_data=True,
                              reach={role: {"lead", "moderator"} for role in AUDITORS}
                              | {Role.QA_OFFICER: ALL_AUDITS}),
    "audits:exemplar-review": Expect(QA, object="exemplar", child_data=True,
                                     reach={Role.QA_OFFICER: {"exists"}}),
    # The library is anonymised: every member of staff reads it.
    "audits:exemplars": Expect(ALL_ROLES),
    # The briefing is authority-wide with small numbers suppressed, like the board's view.
    "audits:briefing": Expect(AUDITORS | {Role.BOARD_MEMBER}),
    "audits:briefing-docx": Expect(AUDITORS | {Role.BOARD_MEMBER}, html=False),
    "audits:briefing-pdf": Expect(AUDITORS | {Role.BOARD_MEMBER}, html=False),
}


def test_every_route_is_classified():
    names = {route.name for route in app_routes()}
    unclassified = sorted(names - set(EXPECTED))
    assert not unclassified, (
        f"Routes with no entry in the authorisation matrix: {unclassified}. Decide who may "
        "open each one and add it to EXPECTED in tests/test_access_matrix.py."
    )
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"EXPECTED lists routes that no longer exist: {stale}"


def test_every_view_declares_its_access_rule():
    """Views must enforce access through clearsight.core.access, not ad hoc."""
    missing = [route.name for route in app_routes() if not hasattr(route.callback, "access_rule")]
    assert not missing, f"Views without @public, @signed_in or @for_roles: {missing}"


@pytest.fixture
def world(db):
    """Two service areas; the user's team and a sibling team in one, a third team elsewhere."""
    area = ServiceAreaFactory()
    home_team = TeamFactory(service_area=area)
    sibling_team = TeamFactory(service_area=area)
    elsewhere = TeamFactory(service_area=ServiceAreaFactory())
    return {"home_team": home_team, "sibling_team": sibling_team, "elsewhere": elsewhere}


def _case_url(ownership: str, user, world) -> str:  # type: ignore[no-untyped-def]
    if ownership == "missing":
        return reverse("casework:case-detail", args=["NO-SUCH-CASE"])
    if ownership == "own":
        case = OpenCaseFactory(team=world["home_team"], allocated_worker=user)
    elif ownership == "team":
        case = OpenCaseFactory(team=world["home_team"])
    elif ownership == "service":
        case = OpenCaseFactory(team=world["sibling_team"])
    else:
        case = OpenCaseFactory(team=world["elsewhere"])
    return reverse("casework:case-detail", args=[case.case_ref])


def _import_url(ownership: str) -> str:
    if ownership == "missing":
        return reverse("organisation:import-detail", args=[999999])
    record = ImportRecord.objects.create(kind=ownership, status="refused", filename="x.csv",
                                         sha256="0" * 64, size_bytes=1)
    return reverse("organisation:import-detail", args=[record.pk])


def _children_url(ownership: str, user, world) -> str:  # type: ignore[no-untyped-def]
    """A snapshot listing one child, whose case sits where `ownership` says."""
    child_id = "NO-CASE-CHILD"
    if ownership not in ("no-case", "missing-period"):
        case_url = _case_url(ownership, user, world)
        child_id = Case.objects.get(case_ref=case_url.rstrip("/").rsplit("/", 1)[1]).child.child_id
    snapshot_fake(child_ids=[child_id])
    period = "year:1999-03-31" if ownership == "missing-period" else FAKE_PERIOD
    return reverse("performance:indicator-children", args=["F09"]) + f"?period={period}"


def _plans_url(route: str, object_kind: str, ownership: str, user) -> str:  # type: ignore[no-untyped-def]
    """A plan, recommendation or action in an active, closed or draft plan; for actions, one
    the user owns or one owned by a forum."""
    from clearsight.plans.tests.factories import plan_with_actions

    if ownership == "missing":
        return reverse(route, args=[999999])
    status = {"closed": "closed", "draft": "draft", "draft-own": "draft"}.get(ownership,
                                                                               "active")
    plan = plan_with_actions(owner=user if ownership in ("own", "draft-own") else None,
                             status=status)
    recommendation = plan.recommendations.order_by("number").first()
    if object_kind == "plans-plan":
        return reverse(route, args=[plan.pk])
    if object_kind == "plans-recommendation":
        return reverse(route, args=[recommendation.pk])
    return reverse(route, args=[recommendation.actions.order_by("number").first().pk])


OWNERSHIPS = {"case": CASE_OWNERSHIP, "import": IMPORT_OWNERSHIP,
              "children": CHILDREN_OWNERSHIP, "plans-plan": PLANS_OWNERSHIP,
              "plans-recommendation": PLANS_OWNERSHIP, "plans-action": PLANS_ACTION_OWNERSHIP}
# --- lado ---
LADO_STATE_FOR = {"lado:referral-decide": "received", "lado:referral-edit": "received",
                  "lado:allegation-new": "received", "lado:referral-reopen": "closed"}


def _lado_url(route: str, ownership: str) -> str:
    """A referral in the state the route acts on (in progress unless said otherwise)."""
    from clearsight.lado.tests.factories import (
        ClosedReferralFactory,
        InProgressReferralFactory,
        ReferralFactory,
    )

    if ownership == "missing":
        args = [999999, 999999] if route == "lado:allegation-outcome" else [999999]
        return reverse(route, args=args)
    state = LADO_STATE_FOR.get(route, "in_progress")
    factory = {"received": ReferralFactory, "closed": ClosedReferralFactory}.get(
        state, InProgressReferralFactory)
    referral = factory()
    if route == "lado:allegation-outcome":
        return reverse(route, args=[referral.pk, referral.allegations.get().pk])
    return reverse(route, args=[referral.pk])


# --- fostering ---
def _fostering_url(route: str, ownership: str, user, world) -> str:  # type: ignore[no-untyped-def]
    from clearsight.fostering.tests.factories import ArrangementFactory

    if ownership == "missing":
        return reverse(route, args=[999999])
    team = {"own": world["home_team"], "team": world["home_team"],
            "service": world["sibling_team"]}.get(ownership, world["elsewhere"])
    found = ArrangementFactory(team=team, social_worker=user if ownership == "own" else None)
    return reverse(route, args=[found.pk])


OWNERSHIPS |= {"lado": LADO_OWNERSHIP, "fostering": CASE_OWNERSHIP}


def _complaint_url(route: str, kind: str, ownership: str, world) -> str:  # type: ignore[no-untyped-def]
    from clearsight.complaints.tests.factories import complaint_url

    team = {"team": world["home_team"], "service": world["sibling_team"],
            "other": world["elsewhere"]}.get(ownership)
    return complaint_url(route, kind, team)


OWNERSHIPS.update(dict.fromkeys(
    ("complaint", "complaint-action", "complaint-point", "complaint-learning",
     "complaint-responded"), COMPLAINT_OWNERSHIP))


def feedback_object_url(route: str, kind: str, case: Case | None) -> str:
    """The URL of a feedback record of `kind` on `case` (None: a record that does not exist).
    Shared with tests/test_access_log.py."""
    from clearsight.feedback.tests import factories as feedback

    if kind == "feedback-token":
        return reverse(route, args=[feedback.invite(case).token])
    if kind in ("feedback-alert", "feedback-action"):
        if case is None:
            return reverse(route, args=[999999])
        made = feedback.alert(case) if kind == "feedback-alert" else feedback.action()
        return reverse(route, args=[made.pk])
    if case is None:
        return reverse(route, args=["NO-SUCH-CASE" if kind == "feedback-case" else 999999])
    if kind == "feedback-case":
        return reverse(route, args=[case.case_ref])
    if kind == "feedback-invitation":
        return reverse(route, args=[feedback.invite(case).invitation.pk])
    return reverse(route, args=[feedback.phone_response(case).pk])


def _feedback_url(route: str, kind: str, ownership: str, user, world) -> str:  # type: ignore[no-untyped-def]
    case = None
    if ownership in ("any", *CASE_OWNERSHIP[:-1]):
        case_ref = _case_url("team" if ownership == "any" else ownership, user, world)
        case = Case.objects.get(case_ref=case_ref.rstrip("/").rsplit("/", 1)[1])
    return feedback_object_url(route, kind, case)


FEEDBACK_OWNERSHIP = {"feedback-token": ("any",), "feedback-alert": ("any", "missing"),
                      "feedback-action": ("any", "missing"), "feedback-case": CASE_OWNERSHIP,
                      "feedback-response": CASE_OWNERSHIP, "feedback-invitation": CASE_OWNERSHIP}

OWNERSHIPS |= FEEDBACK_OWNERSHIP
# audits: records for the audit pages (clearsight/audits/tests/factories.url_for_route)
OWNERSHIPS |= {"pack": PACK_OWNERSHIP}


def _pack_url(route: str, ownership: str) -> str:
    """A made pack (its PDF a stand-in file with its checksum), or one that does not exist."""
    import hashlib
    from datetime import date

    from django.conf import settings

    from clearsight.governance.models import Pack

    args: list[object] = [999999] if ownership == "missing" else []
    if ownership != "missing":
        data = b"%PDF-1.7 stand-in"
        (settings.PACKS_DIR / "pack").mkdir(parents=True, exist_ok=True)
        (settings.PACKS_DIR / "pack" / "board.pdf").write_bytes(data)
        pack = Pack.objects.create(
            kind="board", period_start=date(2026, 10, 1), period_end=date(2026, 11, 11),
            period_label="1 October 2026 to 11 November 2026", status="done",
            content={"title": "Board pack", "authority": "Demoshire", "rule": "Rule",
                     "kpis": [], "audits": {"completed": 0, "on_time": 0, "on_time_rate": None,
                                            "grades": [], "moderated": 0,
                                            "moderation_rate": None, "escalated": 0},
                     "feedback": {"rates": [], "headlines": []},
                     "complaints": dict.fromkeys(("received", "responded", "in_time",
                                                  "in_time_rate", "upheld", "upheld_rate",
                                                  "stage2", "stage3"), 0),
                     "plans": []},
            files={"pdf": {"name": "pack/board.pdf", "size": len(data),
                           "sha256": hashlib.sha256(data).hexdigest()}})
        args = [pack.pk]
    if route == "governance:pack-download":
        args.append("pdf")
    return reverse(route, args=args)


OWNERSHIPS |= {"audit": AUDIT_OWNERSHIP, "draw": ("exists", "missing"),
               "action": ("owner", "other", "missing"), "exemplar": ("exists", "missing")}


def _cases():  # type: ignore[no-untyped-def]
    for name, expect in sorted(EXPECTED.items()):
        ownerships = OWNERSHIPS.get(expect.object or "", ("any",))
        for role in [None, *sorted(Role)]:
            for ownership in ownerships:
                yield pytest.param(
                    name, role, ownership, id=f"{name}-{role or 'anonymous'}-{ownership}"
                )


@pytest.mark.parametrize(("route", "role", "ownership"), list(_cases()))
def test_matrix(client, sign_in, world, route, role, ownership):
    expect = EXPECTED[route]
    user = None
    if role is not None:
        user = sign_in(client, UserFactory(team=world["home_team"], roles=[role]))

    if route == "performance:due":
        snapshot_fake()
    if expect.object == "case":
        url = _case_url(ownership, user, world)
    elif expect.object == "import":
        url = _import_url(ownership)
    elif expect.object == "children":
        url = _children_url(ownership, user, world)
    elif expect.object == "indicator":
        url = reverse(route, args=["F09"])
    elif expect.object == "computation":
        url = reverse(route, args=[snapshot_fake().pk])
    elif expect.object == "team":
        url = reverse(route, args=[world["elsewhere"].code])
    elif expect.object and expect.object.startswith("plans-"):
        url = _plans_url(route, expect.object, ownership, user)
    elif expect.object == "lado":
        url = _lado_url(route, ownership)
    elif expect.object == "fostering":
        url = _fostering_url(route, ownership, user, world)
    elif expect.object and expect.object.startswith("complaint"):
        url = _complaint_url(route, expect.object, ownership, world)
    elif expect.object and expect.object.startswith("feedback-"):
        url = _feedback_url(route, expect.object, ownership, user, world)
    elif expect.object == "pack":
        url = _pack_url(route, ownership)
    elif expect.object in ("audit", "draw", "action", "exemplar"):
        url = url_for_route(route, user=user or UserFactory(team=world["home_team"]),
                            ownership=ownership, home_team=world["home_team"],
                            sibling_team=world["sibling_team"], elsewhere=world["elsewhere"])
    else:
        url = reverse(route)

    response = client.post(url) if expect.method == "post" else client.get(url)

    if expect.roles is None:
        assert response.status_code == (
            expect.anonymous_status if role is None else expect.signed_in_status
        )
    elif role is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    elif role not in expect.roles:
        assert response.status_code == 403
    elif expect.reach and ownership not in expect.reach.get(role, set()):
        assert response.status_code == 404
    else:
        assert response.status_code == expect.allowed_status


@pytest.mark.parametrize("role", sorted(PRIVILEGED_ROLES))
def test_privileged_roles_reach_nothing_before_the_second_factor(client, world, settings, role):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    client.force_login(UserFactory(team=world["home_team"], roles=[role]))
    for name, expect in EXPECTED.items():
        if (expect.roles is None or expect.object is not None or expect.method != "get"
                or name in ("accounts:sign-out", "accounts:mfa-setup", "accounts:mfa-verify")):
            continue
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/sign-in/authenticator/"), name


@pytest.mark.parametrize("role", sorted(Role))
def test_only_administrators_reach_the_admin_screens(db, client, sign_in, role):
    user = UserFactory(roles=[role])
    if role == Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    sign_in(client, user)
    response = client.get("/admin/")
    if role == Role.ADMINISTRATOR:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_the_admin_login_sends_people_to_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/admin/"


def test_losing_the_administrator_role_loses_the_admin_screens(db, client, sign_in):
    user = UserFactory(roles=[Role.PRACTITIONER])
    user.is_staff = user.is_superuser = True  # the flags alone are not enough
    user.save()
    sign_in(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
