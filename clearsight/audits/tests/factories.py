"""Audits in any state, with the people around them, for tests."""

from datetime import date
from typing import Any, cast

from clearsight.audits import services
from clearsight.audits.models import Audit, Grade, Status
from clearsight.audits.services import DomainInput, GradingInput
from clearsight.casework.models import Case
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import TeamFactory, UserFactory


def make_team(**kwargs: Any) -> Team:
    return cast(Team, TeamFactory(**kwargs))


def make_user(**kwargs: Any) -> User:
    return cast(User, UserFactory(**kwargs))


def make_case(**kwargs: Any) -> Case:
    return cast(Case, OpenCaseFactory(**kwargs))

MONTH = date(2026, 11, 1)


def people(team: Team | None = None) -> dict[str, User]:
    """A team manager in the case team, a QA officer elsewhere, and a principal social worker
    and a head of service in the case team's service area."""
    team = team or make_team()
    elsewhere = make_team(service_area=team.service_area)
    return {
        "manager": make_user(team=team, roles=[Role.TEAM_MANAGER]),
        "qa": make_user(team=elsewhere, roles=[Role.QA_OFFICER]),
        "moderator": make_user(team=elsewhere, roles=[Role.PRINCIPAL_SOCIAL_WORKER]),
        "head": make_user(team=elsewhere, roles=[Role.HEAD_OF_SERVICE]),
    }


def grading_input(audit: Audit, grade: str = Grade.GOOD, overall: str | None = None,
                  **by_code: str) -> GradingInput:
    """A complete grading: every domain `grade` unless named by domain code."""
    domains = {}
    for domain in audit.template.domains.all():
        domains[domain.pk] = DomainInput(
            grade=by_code.get(domain.code.replace("-", "_"), grade),
            evidence=f"Evidence seen for {domain.title}", strengths="Some", development="Some")
    return GradingInput(overall_grade=overall or grade, child_views="Said they feel safe",
                        parent_views="", parent_views_not_sought="Mother declined",
                        worker_reflection="Talked it through with the worker", domains=domains)


def audit_make(*, status: str = Status.ALLOCATED, case: Case | None = None,
               lead: User | None = None, peer: User | None = None,
               moderator: User | None = None, overseer: User | None = None,
               overall: str = Grade.GOOD, **extra: Any) -> Audit:
    """An audit put straight into `status` (no events), for tests of reading and access."""
    case = case or make_case()
    template = services.audit_template_current()
    fields: dict[str, Any] = {
        "deadline": date(2026, 11, 30), "period_start": date(2026, 5, 1),
        "period_end": date(2026, 10, 31),
        "overall_grade": overall if status in (Status.AGREED, Status.MODERATED,
                                               Status.COMPLETED, Status.ESCALATED) else ""}
    fields.update(extra)
    audit = Audit.objects.create(case=case, template=template, status=status, lead=lead,
                                 peer=peer, moderator=moderator, overseer=overseer, **fields)
    return audit


def audit_through_grading(*, lead_grade: str = Grade.GOOD, peer_grade: str = Grade.GOOD,
                          team: Team | None = None) -> tuple[Audit, dict[str, User]]:
    """An audit drawn, allocated and graded by both, through the services."""
    team = team or make_team()
    who = people(team)
    case = make_case(team=team)
    audit = audit_make(case=case, lead=who["manager"], peer=who["qa"])
    services.grading_save(audit=audit, user=who["manager"],
                          data=grading_input(audit, lead_grade), version=0, submit=True)
    services.grading_save(audit=audit, user=who["qa"], data=grading_input(audit, peer_grade),
                          version=0, submit=True)
    audit.refresh_from_db()
    return audit, who


# ------------------------------------------------------------------ URLs for the matrix

# The state each audit page is tried in.
ROUTE_STATE = {"audits:detail": Status.COMPLETED, "audits:grade": Status.ALLOCATED,
               "audits:moderate": Status.MODERATION, "audits:complete": Status.AGREED,
               "audits:escalation": Status.ESCALATED, "audits:swap": Status.DRAWN,
               "audits:reassign": Status.ALLOCATED,
               "audits:tag-themes": Status.COMPLETED, "audits:nominate": Status.COMPLETED}
PARTS = ("lead", "peer", "moderator", "overseer")
ROUTE_STATE["audits:supervision"] = Status.COMPLETED


def url_for_route(route: str, *, user: User, ownership: str, home_team: Team,
                  sibling_team: Team | None = None, elsewhere: Team | None = None) -> str:
    """A URL for an audit page whose record sits where `ownership` says relative to `user`:
    named on it ("lead", "peer", "moderator", "overseer", or "named" for every part), on a
    case of theirs ("own-case"), of their team, of their service area, elsewhere ("other"),
    or "missing". Draw pages take "exists"; action pages "owner" or (someone else's) "other".
    """
    from django.urls import reverse

    from clearsight.audits.models import AuditAction, SampleDraw

    if ownership == "missing":
        return reverse(route, args=[999999])
    if route in ("audits:draw", "audits:draw-allocate"):
        draw, _ = SampleDraw.objects.get_or_create(
            month=MONTH.replace(year=2020),
            defaults={"seed": "s", "rules": {"quotas": {}, "swaps": []}})
        return reverse(route, args=[draw.pk])
    if route == "audits:exemplar-review":
        from clearsight.audits.models import Exemplar

        exemplar = Exemplar.objects.create(
            audit=audit_make(status=Status.COMPLETED),
            domain=services.audit_template_current().domains.get(code="assessment"),
            reason="Clear analysis")
        return reverse(route, args=[exemplar.pk])
    sibling_team = sibling_team or make_team(service_area=home_team.service_area)
    elsewhere = elsewhere or make_team()
    if route == "audits:action":
        audit = audit_make(status=Status.COMPLETED, case=make_case(team=elsewhere))
        owner = user if ownership == "owner" else make_user(team=elsewhere)
        action = AuditAction.objects.create(audit=audit, description="Update the plan",
                                            owner=owner, due_on=date(2026, 12, 1))
        return reverse(route, args=[action.pk])
    if ownership == "own-case":
        case = make_case(team=home_team, allocated_worker=user)
    elif ownership == "team":
        case = make_case(team=home_team)
    elif ownership == "service":
        case = make_case(team=sibling_team)
    else:
        case = make_case(team=elsewhere)
    parts: dict[str, Any] = {part: user for part in PARTS if ownership in (part, "named")}
    if ownership == "named":
        parts.pop("peer")  # one person is the lead, not both
    audit = audit_make(status=ROUTE_STATE[route], case=case, **parts)
    return reverse(route, args=[audit.pk])


# ------------------------------------------------------------------ samples for the browser


def audit_moderated(*, case: Case, lead: User | None = None, peer: User | None = None,
                    moderator: User | None = None, complete: bool = True) -> Audit:
    """An audit graded differently by the lead and the peer, moderated with a commentary and
    an action, and (by default) completed: every part of the audit page filled."""
    from clearsight.audits.services import ActionInput

    lead = lead or make_user(team=case.team, roles=[Role.TEAM_MANAGER])
    peer = peer or make_user(roles=[Role.QA_OFFICER])
    audit = audit_make(case=case, lead=lead, peer=peer)
    services.grading_save(audit=audit, user=lead, data=grading_input(audit, Grade.GOOD),
                          version=0, submit=True)
    services.grading_save(audit=audit, user=peer,
                          data=grading_input(audit, Grade.GOOD,
                                             assessment=Grade.REQUIRES_IMPROVEMENT),
                          version=0, submit=True)
    audit.refresh_from_db()
    if moderator is not None:
        audit.moderator = moderator
        audit.save(update_fields=["moderator"])
    if not complete:
        return audit
    moderator = audit.moderator or make_user(roles=[Role.PRINCIPAL_SOCIAL_WORKER])
    audit.moderator = moderator
    audit.save(update_fields=["moderator"])
    services.audit_moderate(
        audit=audit, user=moderator, data=grading_input(audit, Grade.GOOD),
        commentary="The assessment was late but its analysis was sound, so the lead's grade "
                   "stands; the peer was right to ask for timeliness to be tracked.",
        actions=[ActionInput(description="Track assessment timeliness in supervision",
                             owner=lead, due_on=date(2027, 1, 15))], version=audit.version)
    audit.refresh_from_db()
    services.audit_complete(audit=audit, user=moderator, actions=[], version=audit.version)
    audit.refresh_from_db()
    return audit


def browser_sample(route: str, user: User) -> dict[str, str]:
    """URL arguments for an audit page the user may open, made for them
    (tests/browser/pages.py SAMPLE_ARGUMENTS)."""
    from django.utils import timezone

    from clearsight.audits.models import AuditAction, SampleDraw

    team = user.team or make_team()
    case = make_case(team=team, allocated_worker=user)
    if route == "audits:detail":
        return {"pk": str(audit_moderated(case=case).pk)}
    if route == "audits:grade":
        return {"pk": str(audit_make(case=case, lead=user, peer=make_user()).pk)}
    if route == "audits:moderate":
        return {"pk": str(audit_moderated(case=case, moderator=user, complete=False).pk)}
    if route == "audits:complete":
        audit = audit_make(case=case, lead=user, peer=make_user(roles=[Role.QA_OFFICER]))
        services.grading_save(audit=audit, user=user, data=grading_input(audit), version=0,
                              submit=True)
        services.grading_save(audit=audit, user=audit.peer,  # type: ignore[arg-type]
                              data=grading_input(audit), version=0, submit=True)
        return {"pk": str(audit.pk)}
    if route == "audits:escalation":
        today = timezone.localdate()
        audit = audit_make(status=Status.ESCALATED, case=case, overseer=user,
                           overall=Grade.INADEQUATE, escalated_at=timezone.now(),
                           review_due=today, reaudit_due=today)
        return {"pk": str(audit.pk)}
    if route == "audits:action":
        audit = audit_moderated(case=case)
        action = AuditAction.objects.create(audit=audit, description="Update the plan",
                                            owner=user, due_on=date(2027, 1, 31))
        return {"pk": str(action.pk)}
    if route == "audits:supervision":
        return {"pk": str(audit_moderated(case=case).pk)}
    if route in ("audits:tag-themes", "audits:nominate", "audits:exemplar-review"):
        from clearsight.audits.models import Exemplar, PracticeTheme

        PracticeTheme.objects.get_or_create(name="Neglect")
        audit = audit_moderated(case=case, lead=user if route != "audits:exemplar-review"
                                else None)
        if route != "audits:exemplar-review":
            return {"pk": str(audit.pk)}
        exemplar = Exemplar.objects.create(
            audit=audit, domain=audit.template.domains.get(code="voice-of-the-child"),
            reason="The child's words shaped the plan")
        return {"pk": str(exemplar.pk)}
    month = timezone.localdate().replace(day=1)
    draw = SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY, month=month).first()
    if draw is None:
        draw = services.draw_monthly(month=month, by=user)
    if route == "audits:draw":
        return {"pk": str(draw.pk)}
    status = Status.DRAWN if route == "audits:swap" else Status.ALLOCATED
    audit = audit_make(status=status, case=case, lead=make_user(), peer=make_user(),
                       draw=draw)
    return {"pk": str(audit.pk)}
