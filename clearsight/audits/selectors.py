"""Reads of audits. Which audits a person may see is written once, in `audit_visibility_q`.

- QA officers, the service director and the principal social worker: every audit.
- Heads of service and service managers: audits of cases in their service area.
- Team managers: audits of their team's cases.
- Practitioners: completed audits of cases allocated to them (to reflect on the findings).
- Anyone named on an audit (lead, peer, moderator, head of service overseeing it): that audit.
- Performance analysts, LADO officers, board members and administrators: none (aggregates
  only, in later issues).

Grades are independent: before both the lead and the peer have submitted, nobody sees a
grading but the person writing it (`grading_visible`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from clearsight.audits.models import (
    Audit,
    AuditAction,
    AuditGrading,
    SampleDraw,
    Status,
)
from clearsight.audits.workflow import LATE_STATUSES
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

ALL_AUDITS = frozenset({Role.QA_OFFICER, Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER})
SERVICE_AUDITS = frozenset({Role.HEAD_OF_SERVICE, Role.SERVICE_MANAGER})
# Roles that may open the audit pages at all (each then sees only its own reach).
AUDIT_ROLES = frozenset({Role.PRACTITIONER, Role.TEAM_MANAGER, Role.QA_OFFICER,
                         Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR,
                         Role.PRINCIPAL_SOCIAL_WORKER})
# Roles that may be asked to grade: leads are team managers, peers QA officers and service
# managers, and re-audits are done by senior managers.
AUDITOR_ROLES = AUDIT_ROLES - {Role.PRACTITIONER}
QA_ROLES = frozenset({Role.QA_OFFICER})
# Roles that see the late list (of the audits they may see).
LATE_LIST_ROLES = AUDITOR_ROLES


def audit_visibility_q(user: User) -> Q | None:
    """The filter on Audit this user may see, or None for nothing at all."""
    roles = set(user.role_codes())
    if roles & ALL_AUDITS:
        return Q()
    if not roles & AUDIT_ROLES:
        return None
    q = Q(lead=user) | Q(peer=user) | Q(moderator=user) | Q(overseer=user)
    if roles & SERVICE_AUDITS and user.team is not None:
        q |= Q(case__team__service_area_id=user.team.service_area_id)
    if Role.TEAM_MANAGER in roles and user.team_id is not None:
        q |= Q(case__team_id=user.team_id)
    if Role.PRACTITIONER in roles:
        q |= Q(case__allocated_worker=user, status=Status.COMPLETED)
    return q


def audit_list_for_user(*, user: User) -> QuerySet[Audit]:
    visible = audit_visibility_q(user)
    if visible is None:
        return Audit.objects.none()
    return Audit.objects.filter(visible).select_related(
        "case__team__service_area", "case__child", "lead", "peer", "moderator", "overseer",
        "draw")


def audit_get_for_user(*, user: User, pk: int) -> Audit:
    """The audit, or 404 whether it does not exist or the user may not see it."""
    try:
        return audit_list_for_user(user=user).prefetch_related(
            Prefetch("gradings", queryset=AuditGrading.objects.select_related("auditor")
                     .prefetch_related("domains__domain")),
            "template__domains", "actions__owner", "events__by", "reaudits").get(pk=pk)
    except Audit.DoesNotExist:
        raise Http404("No such audit") from None


def _get_named(*, user: User, pk: int, part: str) -> Audit:
    audit = audit_get_for_user(user=user, pk=pk)
    if getattr(audit, f"{part}_id") != user.pk:
        raise Http404("No such audit")
    return audit


def audit_get_for_grading(*, user: User, pk: int) -> tuple[Audit, str]:
    """The audit and the part (lead or peer) the user grades it as; 404 for anyone else."""
    audit = audit_get_for_user(user=user, pk=pk)
    if audit.lead_id == user.pk:
        return audit, AuditGrading.Role.LEAD
    if audit.peer_id == user.pk:
        return audit, AuditGrading.Role.PEER
    raise Http404("No such audit")


def audit_get_for_moderator(*, user: User, pk: int) -> Audit:
    return _get_named(user=user, pk=pk, part="moderator")


def audit_get_for_overseer(*, user: User, pk: int) -> Audit:
    return _get_named(user=user, pk=pk, part="overseer")


def grading_visible(*, audit: Audit, grading: AuditGrading, user: User) -> bool:
    """Whether `user` may see `grading` now: their own always; the lead's and peer's to anyone
    who may see the audit once both are in (the audit has left "in progress")."""
    if grading.auditor_id == user.pk:
        return True
    return audit.status not in (Status.DRAWN, Status.ALLOCATED, Status.IN_PROGRESS)


@dataclass
class ToDo:
    grading: list[Audit] = field(default_factory=list)
    moderation: list[Audit] = field(default_factory=list)
    completion: list[Audit] = field(default_factory=list)
    oversight: list[Audit] = field(default_factory=list)
    actions: list[AuditAction] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.grading) + len(self.moderation) + len(self.completion)
                + len(self.oversight) + len(self.actions))


def todo_for_user(*, user: User) -> ToDo:
    """What is waiting for this person."""
    audits = Audit.objects.select_related("case__team", "lead", "peer").order_by(
        "deadline", "pk")
    submitted = set(AuditGrading.objects.filter(
        auditor=user, submitted_at__isnull=False,
        audit__status__in=[Status.ALLOCATED, Status.IN_PROGRESS]).values_list(
        "audit_id", flat=True))
    grading = [audit for audit in audits.filter(
        Q(lead=user) | Q(peer=user), status__in=[Status.ALLOCATED, Status.IN_PROGRESS])
        if audit.pk not in submitted]
    return ToDo(
        grading=grading,
        moderation=list(audits.filter(moderator=user, status=Status.MODERATION)),
        completion=list(audits.filter(Q(lead=user, status=Status.AGREED)
                                      | Q(moderator=user, status=Status.MODERATED))),
        oversight=list(audits.filter(overseer=user, status=Status.ESCALATED)),
        actions=list(AuditAction.objects.filter(owner=user, completed_at__isnull=True)
                     .select_related("audit__case").order_by("due_on")),
    )


def audits_late(*, user: User, today: date | None = None) -> QuerySet[Audit]:
    today = today or timezone.localdate()
    return audit_list_for_user(user=user).filter(
        status__in=LATE_STATUSES, deadline__lt=today).order_by("deadline", "pk")


def draw_list() -> QuerySet[SampleDraw]:
    return SampleDraw.objects.annotate(audit_count=Count("audits")).select_related("drawn_by")


def draw_get(*, pk: int) -> SampleDraw:
    """A draw, for the QA team (who may see every audit)."""
    try:
        return SampleDraw.objects.select_related("drawn_by").get(pk=pk)
    except SampleDraw.DoesNotExist:
        raise Http404("No such draw") from None


def action_get_for_user(*, user: User, pk: int) -> AuditAction:
    """An action its owner (or a QA officer) may record as done; 404 for anyone else."""
    try:
        action = AuditAction.objects.select_related("audit__case", "owner").get(pk=pk)
    except AuditAction.DoesNotExist:
        raise Http404("No such action") from None
    if action.owner_id != user.pk and not user.has_role(Role.QA_OFFICER):
        raise Http404("No such action")
    return action


def month_summary(*, draw: SampleDraw) -> dict[str, int]:
    counts = dict(draw.audits.values_list("status").annotate(n=Count("pk")).values_list(
        "status", "n"))
    return {label: counts.get(code, 0) for code, label in Status.choices if counts.get(code)}
