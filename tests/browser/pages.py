"""Every page a role can open, from the authorisation matrix.

The routes come from Django's URL resolver (tests/routes.py) and what each role gets from
`EXPECTED` in tests/test_access_matrix.py, which every route must appear in. A role's pages are
the GET routes that answer it 200 with HTML. Patterns with arguments need a sample record:
SAMPLE_ARGUMENTS fills them from the signed-in user's own team, cases and imports; a new
pattern with arguments and no entry there fails loudly rather than going unchecked. Django's
admin site is left out: it is Django's own markup, not GOV.UK's, and only administrators use it.
"""

from collections.abc import Callable
from datetime import date

from django.urls import reverse

from clearsight.organisation.models import User
from clearsight.organisation.roles import Role
from tests.routes import Route, app_routes
from tests.test_access_matrix import EXPECTED


def _is_page_for(route: Route, role: str | None) -> bool:
    expect = EXPECTED[route.name]
    if expect.method != "get" or not expect.html:
        return False
    if expect.roles is None:
        return (expect.anonymous_status if role is None else expect.signed_in_status) == 200
    return role is not None and role in expect.roles and expect.allowed_status == 200


def role_routes() -> list[tuple[str, Route]]:
    """(role, route) for every page each role may open."""
    return [(role.value, route) for role in Role for route in app_routes()
            if _is_page_for(route, role.value)]


def public_routes() -> list[Route]:
    """Pages open to people who are not signed in."""
    return [route for route in app_routes() if _is_page_for(route, None)]


def _a_case_of(user: User) -> dict[str, str]:
    case = user.allocated_cases.filter(closed_on__isnull=True).order_by("case_ref").first()
    assert case is not None, f"{user} has no open case to visit"
    return {"case_ref": case.case_ref}


def _an_import_for(user: User) -> dict[str, str]:
    from clearsight.organisation.selectors import import_list_for_user

    record = import_list_for_user(user=user).filter(imported_by=user).order_by("pk").first()
    assert record is not None, f"{user} can read none of their imports"
    return {"pk": str(record.pk)}


def _latest_children(user: User) -> dict[str, str]:
    from clearsight.performance.selectors import computation_current, unit_periods

    computation = computation_current()
    assert computation is not None, "make_user made no performance snapshot"
    return {"code": "F09", "?": f"period={unit_periods(computation=computation, code='F09')[-1]}"}


def _latest_computation(user: User) -> dict[str, str]:
    from clearsight.performance.selectors import computation_current

    computation = computation_current()
    assert computation is not None, "make_user made no performance snapshot"
    return {"pk": str(computation.pk)}


def _plans_sample(user: User) -> dict[str, int]:
    """An active plan in which the user owns action 1.1 (made on first use)."""
    from clearsight.plans.models import Action
    from clearsight.plans.tests.factories import plan_with_actions

    action = Action.objects.filter(owner=user).select_related("recommendation").first()
    if action is None:
        from clearsight.feedback.services import surveys_install_defaults
        from clearsight.plans.services import measure_link_add

        # The shipped surveys come with a migration, which a transactional test's flush
        # removes: put them back so the feedback measure below has its question.
        surveys_install_defaults()
        plan = plan_with_actions(owner=user, name=f"Sample plan for {user.username}")
        action = Action.objects.get(owner=user, recommendation__plan=plan)
        # Measures named by their codes, so the pages show live evidence cards (ADR 0014).
        measure_link_add(recommendation=action.recommendation, kind="audit",
                         reference="voice-of-the-child")
        measure_link_add(recommendation=action.recommendation, kind="feedback",
                         reference="listened_to")
    return {"plan": action.recommendation.plan_id, "recommendation": action.recommendation_id,
            "action": action.pk}
# --- lado ---
def _a_lado_referral(route: str) -> dict[str, str]:
    """A referral in the state the route acts on, with a meeting and oversight to show."""
    from clearsight.lado.models import Meeting, OversightEntry
    from clearsight.lado.tests.factories import (
        ClosedReferralFactory,
        InProgressReferralFactory,
        ReferralFactory,
    )
    from tests.test_access_matrix import LADO_STATE_FOR

    state = LADO_STATE_FOR.get(route, "in_progress")
    factory = {"received": ReferralFactory, "closed": ClosedReferralFactory}.get(
        state, InProgressReferralFactory)
    referral = factory.create(discussion="Spoke to the headteacher", rationale="Harm test met")
    Meeting.objects.create(referral=referral, kind="strategy", held_on=date(2026, 1, 5),
                           attendees="LADO\nPolice", actions="Police to interview")
    OversightEntry.objects.create(referral=referral, note="Timely and proportionate",
                                  written_at=referral.received_at)
    arguments = {"pk": str(referral.pk)}
    if route == "lado:allegation-outcome":
        arguments["allegation"] = str(referral.allegations.get().pk)
    return arguments


# --- fostering ---
def _an_arrangement_of(user: User) -> dict[str, str]:
    from clearsight.fostering.models import Visit
    from clearsight.fostering.tests.factories import ArrangementFactory

    arrangement = ArrangementFactory.create(team=user.team, social_worker=user)
    Visit.objects.create(arrangement=arrangement, visited_on=arrangement.notified_on,
                         due_on=arrangement.notified_on, seen_alone=True, report="Settled")
    return {"pk": str(arrangement.pk)}
def _complaint_sample(kind: str) -> Callable[[User], dict[str, str]]:
    from clearsight.complaints.tests.factories import browser_sample

    return browser_sample(kind)  # type: ignore[no-any-return]
def _feedback_sample(kind: str) -> Callable[[User], dict[str, str]]:
    """A feedback record on one of the user's own cases, made when the page is visited."""

    def fill(user: User) -> dict[str, str]:
        from clearsight.feedback.tests import factories as feedback

        case = user.allocated_cases.filter(closed_on__isnull=True).order_by("case_ref").first()
        assert case is not None, f"{user} has no open case"
        if kind == "response":
            return {"pk": str(feedback.phone_response(case, respondent_name="A parent").pk)}
        if kind == "invitation":
            return {"pk": str(feedback.invite(case, by=user).invitation.pk)}
        if kind == "alert":
            return {"pk": str(feedback.alert(case).pk)}
        return {"pk": str(feedback.action(by=user).pk)}

    return fill
def _pack_sample(user: User) -> dict[str, str]:
    """A made board pack over the user's sample plan and the snapshot (made on first use)."""
    from clearsight.governance import selectors, services
    from clearsight.governance.models import Pack

    pack = Pack.objects.filter(status="done").order_by("pk").first()
    if pack is None:
        _plans_sample(user)
        from django.utils import timezone

        made = services.pack_create(kind="board",
                                    period=selectors.board_period(timezone.localdate()))
        pack = services.pack_generate(pack_id=made.pk)
    return {"pk": str(pack.pk)}


def _audit_sample(route: str, user: User) -> dict[str, str]:
    from clearsight.audits.tests.factories import browser_sample

    return browser_sample(route, user)


# route name -> the URL arguments for a record the user may see (made by helpers.make_user);
# a "?" entry is added as the query string.
SAMPLE_ARGUMENTS: dict[str, Callable[[User], dict[str, str]]] = {
    "casework:case-detail": _a_case_of,
    "organisation:team-detail": lambda user: {"code": user.team.code},
    "organisation:import-detail": _an_import_for,
    "performance:indicator": lambda user: {"code": "F09"},
    "performance:indicator-settings": lambda user: {"code": "F09"},
    "performance:indicator-children": _latest_children,
    "performance:computation": _latest_computation,
    # --- plans ---
    "plans:plan-detail": lambda user: {"pk": str(_plans_sample(user)["plan"])},
    "plans:plan-on-a-page": lambda user: {"pk": str(_plans_sample(user)["plan"])},
    "plans:plan-edit": lambda user: {"pk": str(_plans_sample(user)["plan"])},
    "plans:recommendation-detail": lambda user: {
        "pk": str(_plans_sample(user)["recommendation"])},
    "plans:recommendation-create": lambda user: {"pk": str(_plans_sample(user)["plan"])},
    "plans:recommendation-edit": lambda user: {
        "pk": str(_plans_sample(user)["recommendation"])},
    "plans:action-create": lambda user: {"pk": str(_plans_sample(user)["recommendation"])},
    "plans:measure-create": lambda user: {"pk": str(_plans_sample(user)["recommendation"])},
    "plans:action-edit": lambda user: {"pk": str(_plans_sample(user)["action"])},
    "plans:action-detail": lambda user: {"pk": str(_plans_sample(user)["action"])},
    "plans:action-progress": lambda user: {"pk": str(_plans_sample(user)["action"])},
    "plans:action-rate": lambda user: {"pk": str(_plans_sample(user)["action"])},
    # --- lado ---
    **{name: (lambda user, name=name: _a_lado_referral(name)) for name in (
        "lado:referral", "lado:referral-edit", "lado:referral-decide", "lado:allegation-new",
        "lado:allegation-outcome", "lado:meeting-new", "lado:referral-close",
        "lado:referral-reopen", "lado:oversight-new")},
    # --- fostering ---
    **dict.fromkeys(("fostering:arrangement", "fostering:visit-new", "fostering:notice-new",
                     "fostering:decision"), _an_arrangement_of),
    # --- complaints ---
    "complaints:detail": _complaint_sample("complaint"),
    "complaints:action": _complaint_sample("action"),
    "complaints:point": _complaint_sample("point"),
    "complaints:learning-add": _complaint_sample("complaint"),
    "complaints:learning-complete": _complaint_sample("learning"),
    "feedback:invite": _a_case_of,
    "feedback:phone": _a_case_of,
    "feedback:response-detail": _feedback_sample("response"),
    "feedback:invitation": _feedback_sample("invitation"),
    "feedback:alert-deal": _feedback_sample("alert"),
    "feedback:action-edit": _feedback_sample("action"),
    # --- governance ---
    "governance:pack-detail": _pack_sample,
    # --- audits --- (records made for the user: clearsight/audits/tests/factories.py)
    **{name: (lambda route: lambda user: _audit_sample(route, user))(name) for name in (
        "audits:detail", "audits:grade", "audits:moderate", "audits:complete",
        "audits:escalation", "audits:swap", "audits:reassign", "audits:draw",
        "audits:action", "audits:supervision")},
    **{name: (lambda route: lambda user: _audit_sample(route, user))(name) for name in (
        "audits:tag-themes", "audits:nominate", "audits:exemplar-review")},
}


def url_for(route: Route, user: User | None) -> str:
    if not route.arguments:
        return reverse(route.name) if route.name else route.path
    fill = SAMPLE_ARGUMENTS.get(route.name)
    if fill is None or user is None:
        raise LookupError(
            f"No sample arguments for {route.name} ({route.path}): add an entry to "
            "SAMPLE_ARGUMENTS in tests/browser/pages.py so the page is checked."
        )
    arguments = dict(fill(user))
    query = arguments.pop("?", "")
    return reverse(route.name, kwargs=arguments) + (f"?{query}" if query else "")
