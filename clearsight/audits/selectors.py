"""Reads of audits. Which audits a person may see is written once, in `audit_visibility_q`.

- QA officers, the service director and the principal social worker: every audit.
- Heads of service and service managers: audits of cases in their service area.
- Team managers: audits of their team's cases.
- Practitioners: completed audits of cases allocated to them (to reflect on the findings).
- Anyone named on an audit (lead, peer, moderator, head of service overseeing it): that audit.
- Performance analysts, LADO officers, board members and administrators: none.

The dashboard (`dashboard_for_user`) counts the audits the same filter lets a person see;
board members see authority-wide counts only, with small numbers suppressed (ADR 0009).

Grades are independent: before both the lead and the peer have submitted, nobody sees a
grading but the person writing it (`grading_visible`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    Expression,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404
from django.utils import timezone

from clearsight.audits.models import (
    GRADE_SCORE,
    Audit,
    AuditAction,
    AuditGrading,
    DomainGrade,
    Exemplar,
    FindingTheme,
    Grade,
    PracticeTheme,
    SampleDraw,
    Status,
    TemplateDomain,
)
from clearsight.audits.workflow import LATE_STATUSES
from clearsight.organisation.models import ServiceArea, Team, User
from clearsight.organisation.roles import Role
from clearsight_analytics.agreement import weighted_kappa_from_counts
from clearsight_analytics.suppression import SUPPRESSED, suppress_small

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


# ------------------------------------------------------------------ the dashboard (Learn)

# Board members see authority-wide aggregates only, with counts under 5 suppressed.
BOARD_ROLES = frozenset({Role.BOARD_MEMBER})
DASHBOARD_ROLES = AUDITOR_ROLES | BOARD_ROLES
DASHBOARD_MONTHS = 12
SMALL_NUMBER = 10  # a month with fewer completed audits than this gets a note


def _score(field_name: str) -> Case:
    return Case(*[When(**{field_name: grade}, then=Value(score))
                  for grade, score in GRADE_SCORE.items()],
                default=Value(None), output_field=IntegerField())


@dataclass
class Cell:
    count: int | str  # a number, or "c" when suppressed
    percent: float | None  # None when suppressed or there is nothing to divide by


@dataclass
class MonthRow:
    month: date
    total: int | str
    grades: list[Cell]
    on_time: Cell
    small: bool


@dataclass
class DomainRow:
    title: str
    total: int | str
    grades: list[Cell]


@dataclass
class Agreement:
    label: str
    pairs: int | str
    linear: float | None
    quadratic: float | None


@dataclass
class Tendency:
    auditor: str
    mean: float
    n: int


@dataclass
class Dashboard:
    months: list[MonthRow]
    domains: list[DomainRow]
    agreements: list[Agreement]
    tendencies: list[Tendency]
    total: int | str
    suppressed: bool
    grade_labels: list[str] = field(default_factory=lambda: list(Grade.labels))
    calibration: "DomainCalibration | None" = None


@dataclass
class DashboardScope:
    """What the person may filter by: the service areas, teams and practitioners in reach."""

    service_areas: list[ServiceArea]
    teams: list[Team]
    practitioners: list[User]
    authority_only: bool


def dashboard_scope(*, user: User) -> DashboardScope:
    roles = set(user.role_codes())
    if roles & (ALL_AUDITS | SERVICE_AUDITS | {Role.TEAM_MANAGER}) == set():
        return DashboardScope([], [], [], authority_only=True)
    teams = Team.objects.select_related("service_area").order_by("service_area__name", "name")
    if not roles & ALL_AUDITS:
        if user.team is None:
            teams = teams.none()
        elif roles & SERVICE_AUDITS:
            teams = teams.filter(service_area_id=user.team.service_area_id)
        else:
            teams = teams.filter(pk=user.team.pk)
    team_list = list(teams)
    areas = {team.service_area_id: team.service_area for team in team_list}
    practitioners = list(User.objects.filter(
        team__in=team_list, role_grants__role=Role.PRACTITIONER).distinct().order_by(
        "last_name", "first_name"))
    return DashboardScope(sorted(areas.values(), key=lambda area: area.name), team_list,
                          practitioners, authority_only=False)


def _cell(count: int, total: int, suppress: bool) -> Cell:
    shown = suppress_small(count) if suppress else count
    if shown == SUPPRESSED or (suppress and suppress_small(total) == SUPPRESSED) or not total:
        return Cell(shown, None)
    return Cell(shown, 100 * count / total)


def _grade_cells(counts: dict[str, int], total: int, suppress: bool) -> list[Cell]:
    return [_cell(counts.get(grade, 0), total, suppress) for grade in Grade.values]


def dashboard_for_user(*, user: User, service_area: int | None = None,
                       team: int | None = None, practitioner: int | None = None,
                       today: date | None = None,
                       domain_calibration_on: bool = False) -> Dashboard | None:
    """Grades, completion on time and calibration for the completed audits this person may
    count, month by month over the last 12 months; None if they may count none.

    Every figure comes from an aggregate query (one for months, completion on time and
    agreement together, one for domains and one for tendencies), so the page's cost does
    not grow with the number of audits shown."""
    today = today or timezone.localdate()
    board_only = not set(user.role_codes()) & AUDITOR_ROLES
    if board_only:
        if not user.has_role(*BOARD_ROLES):
            return None
        visible: Q | None = Q()
    else:
        visible = audit_visibility_q(user)
        if visible is None:
            return None
    first = date(today.year, today.month, 1)
    for _ in range(DASHBOARD_MONTHS - 1):
        first = date(first.year - 1, 12, 1) if first.month == 1 else date(
            first.year, first.month - 1, 1)
    # A datetime bound (local midnight), not completed_at__date: the index-free per-row date
    # conversion cost seconds over 50,000 audits on SQLite.
    since = timezone.make_aware(datetime.combine(first, time.min))
    audits = Audit.objects.filter(visible, status=Status.COMPLETED, completed_at__gte=since)
    if not board_only:
        if service_area:
            audits = audits.filter(case__team__service_area_id=service_area)
        if team:
            audits = audits.filter(case__team_id=team)
        if practitioner:
            audits = audits.filter(case__allocated_worker_id=practitioner)
    suppress = board_only

    # One grouped query gives the months, completion on time and the three agreements: each
    # audit's month (a CASE over the months' first moments, no per-row date function), its
    # final grade, whether it was finished by the deadline, and the lead's, peer's and
    # moderator's submitted overall grades (None when there is none). At most 12 x 4 x 5 x 5
    # x 5 groups whatever the number of audits.
    starts = _month_starts(first)  # 13: the 12 months, then the month after (not shown)
    bucket = Case(*[When(completed_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
                         then=Value(index)) for index, start in reversed(list(enumerate(starts)))],
                  default=Value(0), output_field=IntegerField())
    later = len(starts) - 1  # completed after this month: rare (a clock ahead), split below
    submitted = {role: FilteredRelation("gradings", condition=Q(
        gradings__role=role, gradings__submitted_at__isnull=False))
        for role in ("lead", "peer", "moderator")}
    by_month: dict[date, dict[str, int]] = {}
    on_time: dict[date, int] = {}
    triples: dict[tuple[str | None, str | None, str | None], int] = {}
    any_later = False
    for row in (audits.annotate(month=bucket, **{f"g_{r}": f for r, f in submitted.items()})
                .order_by().values_list("month", "overall_grade", "g_lead__overall_grade",
                                        "g_peer__overall_grade", "g_moderator__overall_grade")
                .annotate(n=Count("pk"), timely=Count("pk", filter=LessThanOrEqual(
                    _local_date("completed_at", starts[0], starts[later]), F("deadline"))))):
        index, grade, lead, peer, moderator, n, timely = row
        triples[(lead, peer, moderator)] = triples.get((lead, peer, moderator), 0) + n
        if index == later:
            any_later = True
        else:
            _add_month(by_month, on_time, starts[index], grade, n, timely)
    if any_later:
        for grade_month in (audits.filter(completed_at__gte=timezone.make_aware(
                datetime.combine(starts[later], time.min)))
                .annotate(month=TruncMonth("completed_at")).order_by()
                .values_list("month", "overall_grade")
                .annotate(n=Count("pk"),
                          timely=Count("pk", filter=Q(completed_at__date__lte=F("deadline"))))):
            month, grade, n, timely = grade_month
            _add_month(by_month, on_time, month.date() if hasattr(month, "date") else month,
                       grade, n, timely)
    months = []
    grand_total = 0
    for month in sorted(by_month):
        total = sum(by_month[month].values())
        grand_total += total
        months.append(MonthRow(
            month=month, total=suppress_small(total) if suppress else total,
            grades=_grade_cells(by_month[month], total, suppress),
            on_time=_cell(on_time.get(month, 0), total, suppress), small=total < SMALL_NUMBER))

    # Each domain's final grade: the moderator's if moderated, otherwise the lead's (which
    # the peer's matched, or the audit would have gone to moderation).
    # Counted by domain id (no join to the domains for each of the grades); the few domains
    # counted are then read for their order and title.
    by_id: dict[int, dict[str, int]] = {}
    for domain_id, grade, n in (
            DomainGrade.objects.filter(grading__audit__in=audits.values("pk"))
            .filter(Q(grading__role=AuditGrading.Role.MODERATOR)
                    | Q(grading__role=AuditGrading.Role.LEAD,
                        grading__audit__moderated_at__isnull=True))
            .order_by().values_list("domain_id", "grade").annotate(n=Count("pk"))):
        by_id.setdefault(domain_id, {})[grade] = n
    by_domain: dict[tuple[int, str], dict[str, int]] = {}
    for domain_id, order, title in TemplateDomain.objects.filter(pk__in=by_id).values_list(
            "pk", "order", "title"):
        counts = by_domain.setdefault((order, title), {})
        for grade, n in by_id[domain_id].items():
            counts[grade] = counts.get(grade, 0) + n
    domains = []
    for (_order, title), counts in sorted(by_domain.items()):
        total = sum(counts.values())
        domains.append(DomainRow(title=title, total=suppress_small(total) if suppress else total,
                                 grades=_grade_cells(counts, total, suppress)))

    agreements = [
        _agreement(triples, "Lead and peer auditor", 0, 1, suppress),
        _agreement(triples, "Lead auditor and moderator", 0, 2, suppress),
        _agreement(triples, "Peer auditor and moderator", 1, 2, suppress),
    ]
    tendencies = [] if board_only else _tendencies(audits)
    return Dashboard(months=months, domains=domains, agreements=agreements,
                     tendencies=tendencies,
                     total=suppress_small(grand_total) if suppress else grand_total,
                     suppressed=suppress,
                     calibration=domain_calibration(audits, suppress=suppress)
                     if domain_calibration_on else None)


def _month_starts(first: date) -> list[date]:
    """The first days of the dashboard's months, oldest first, and of the month after."""
    starts = [first]
    for _ in range(DASHBOARD_MONTHS):
        last = starts[-1]
        starts.append(date(last.year + 1, 1, 1) if last.month == 12 else date(
            last.year, last.month + 1, 1))
    return starts


def _offsets(since: datetime, until: datetime) -> list[tuple[datetime, datetime, timedelta]]:
    """The stretches of [since, until) over which the current time zone's offset from UTC is
    the same, with that offset: found day by day, then hour by hour on a day it changes."""
    zone = timezone.get_current_timezone()
    spans: list[tuple[datetime, datetime, timedelta]] = []
    start, offset = since, since.astimezone(zone).utcoffset()
    day = since
    while day < until:
        following = min(day + timedelta(days=1), until)
        if following.astimezone(zone).utcoffset() != offset:
            moment = day
            while moment.astimezone(zone).utcoffset() == offset:
                moment += timedelta(minutes=15)
            spans.append((start, moment, offset or timedelta()))
            start, offset = moment, moment.astimezone(zone).utcoffset()
        day = following
    spans.append((start, until, offset or timedelta()))
    return spans


def _local_date(field_name: str, first: date, after: date) -> Expression:
    """The local date of a date-and-time column, as `<field>__date` compares it. On SQLite,
    Django does that with a Python function per row (about 0.35 s of CPU over 50,000 audits);
    between `first` and `after` the offset is known in advance, so SQLite's own `date()`
    with a fixed shift does it there, and only rows outside fall back to Django's."""
    exact = TruncDate(field_name, output_field=DateField())
    if connection.vendor != "sqlite":
        return exact
    since = timezone.make_aware(datetime.combine(first, time.min))
    until = timezone.make_aware(datetime.combine(after, time.min))
    return Case(*[When(Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end}),
                       then=Func(F(field_name),
                                 Value(f"{offset.total_seconds():+.0f} seconds"),
                                 function="date", output_field=DateField()))
                  for start, end, offset in _offsets(since, until)],
                default=exact, output_field=DateField())


def _add_month(by_month: dict[date, dict[str, int]], on_time: dict[date, int], month: date,
               grade: str, n: int, timely: int) -> None:
    counts = by_month.setdefault(month, {})
    counts[grade] = counts.get(grade, 0) + n
    on_time[month] = on_time.get(month, 0) + timely


def _agreement(triples: dict[tuple[str | None, str | None, str | None], int], label: str,
               first: int, second: int, suppress: bool) -> Agreement:
    """Kappa for two of the three graders, from the count of each (lead, peer, moderator)
    triple of submitted overall grades: the audits where both of the two submitted."""
    counts: dict[tuple[str, str], int] = {}
    for grades, n in triples.items():
        a, b = grades[first], grades[second]
        if a is not None and b is not None:
            counts[(a, b)] = counts.get((a, b), 0) + n
    pairs = sum(counts.values())
    if suppress and suppress_small(pairs) == SUPPRESSED:
        return Agreement(label, SUPPRESSED, None, None)
    return Agreement(label, pairs, weighted_kappa_from_counts(counts),
                     weighted_kappa_from_counts(counts, weighting="quadratic"))


def _tendencies(audits: QuerySet[Audit]) -> list[Tendency]:
    """Each lead or peer auditor's mean grade minus the final (agreed or moderated) grade, in
    steps of the scale: above 0 they grade more generously than the outcome."""
    rows = (AuditGrading.objects
            .filter(audit__in=audits.values("pk"), submitted_at__isnull=False,
                    role__in=[AuditGrading.Role.LEAD, AuditGrading.Role.PEER])
            .exclude(overall_grade="")
            .annotate(difference=_score("overall_grade") - _score("audit__overall_grade"))
            .order_by().values_list("auditor_id")
            .annotate(mean=Avg("difference"), n=Count("pk")))
    figures = {auditor_id: (mean, n) for auditor_id, mean, n in rows}
    # The names of the auditors counted, in one query rather than a join for every grading.
    names = {pk: (f"{first} {last}".strip() or username) for pk, first, last, username
             in User.objects.filter(pk__in=figures).values_list(
                 "pk", "first_name", "last_name", "username")}
    found = [Tendency(auditor=names[pk], mean=float(mean or 0), n=n)
             for pk, (mean, n) in figures.items()]
    return sorted(found, key=lambda t: (-abs(t.mean), t.auditor))


# ------------------------------------------------------------------ closing the loop


def audit_get_for_supervisor(*, user: User, pk: int) -> Audit:
    """A finished audit whose findings a team manager of the case's team (the worker's
    supervisor) records as discussed in supervision; 404 for anyone else."""
    audit = audit_get_for_user(user=user, pk=pk)
    if not (user.has_role(Role.TEAM_MANAGER) and user.team_id is not None
            and audit.case.team_id == user.team_id
            and audit.status in (Status.COMPLETED, Status.ESCALATED)):
        raise Http404("No such audit")
    return audit


def final_grading(audit: Audit) -> AuditGrading | None:
    """The grading that stands: the moderator's if moderated, otherwise the lead's."""
    gradings = {g.role: g for g in audit.gradings.all() if g.is_submitted}
    return gradings.get(AuditGrading.Role.MODERATOR) or gradings.get(AuditGrading.Role.LEAD)


@dataclass
class ReauditRow:
    title: str
    first: str
    second: str

    @property
    def change(self) -> int:
        """Steps up the scale (above 0: better at the re-audit); 0 if either is missing."""
        if not self.first or not self.second:
            return 0
        return GRADE_SCORE[Grade(self.second)] - GRADE_SCORE[Grade(self.first)]


SETTLED = (Status.AGREED, Status.MODERATED, Status.COMPLETED, Status.ESCALATED)


def _rank(count: int, suppress: bool) -> int:
    """A count to order rows by, the same for every count that is shown suppressed."""
    return 0 if suppress and suppress_small(count) == SUPPRESSED else count


def reaudit_comparison(*, audit: Audit, reaudit: Audit) -> list[ReauditRow] | None:
    """The first audit's final grades beside the re-audit's, domain by domain and overall
    (domains matched by code, as the re-audit may use a newer template); None until both
    audits' grades are settled (agreed or moderated), so a lead's grade that the peer
    disputes is never shown as final."""
    if reaudit.status not in SETTLED or audit.status not in SETTLED:
        return None
    first, second = final_grading(audit), final_grading(reaudit)
    if first is None or second is None:
        return None
    before = {row.domain.code: row.grade for row in first.domains.select_related("domain")}
    rows = [ReauditRow(row.domain.title, before.get(row.domain.code, ""), row.grade)
            for row in second.domains.select_related("domain").order_by("domain__order")]
    rows.append(ReauditRow("Overall", audit.overall_grade, reaudit.overall_grade))
    return rows


# ------------------------------------------------------------------ governance packs


@dataclass(frozen=True)
class AuditActivity:
    """Raw counts of audit activity in a period, for the governance packs (which suppress
    small numbers themselves). Counts every audit: the packs are authority-wide."""

    completed: int
    on_time: int
    grades: dict[str, int]
    moderated: int
    escalated: int


def audit_activity_between(*, start: date, end: date) -> AuditActivity:
    """Audits completed from `start` to `end` (inclusive): how many, how many by their deadline,
    their final grades and how many were moderated; and audits escalated as inadequate."""
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.max))
    done = Audit.objects.filter(status=Status.COMPLETED, completed_at__range=(since, until))
    totals = done.aggregate(
        completed=Count("pk"),
        on_time=Count("pk", filter=Q(completed_at__date__lte=F("deadline"))),
        moderated=Count("pk", filter=Q(moderated_at__isnull=False)))
    grades = dict(done.order_by().values_list("overall_grade").annotate(n=Count("pk")))
    escalated = Audit.objects.filter(escalated_at__range=(since, until)).count()
    return AuditActivity(completed=totals["completed"], on_time=totals["on_time"],
                         grades={grade: grades.get(grade, 0) for grade in Grade.values},
                         moderated=totals["moderated"], escalated=escalated)


def audit_data_marker() -> tuple[int, str]:
    """How many audits there are and when the latest changed: part of a pack's data version."""
    from django.db.models import Max

    found = Audit.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return found["n"], found["latest"].isoformat() if found["latest"] else ""


# ------------------------------------------------------------------ calibration by domain

@dataclass
class DomainAgreement:
    """Weighted kappa on one domain's grades, for the three comparisons."""

    title: str
    rows: list[Agreement]


@dataclass
class DomainTendency:
    """One auditor's mean difference from the final grade, domain by domain (None: no
    grades in that domain)."""

    auditor: str
    n: int
    means: list[float | None]


@dataclass
class DomainCalibration:
    domains: list[str]
    agreements: list[DomainAgreement]
    tendencies: list[DomainTendency]


COMPARISONS = (("Lead and peer auditor", "lead", "peer"),
               ("Lead auditor and moderator", "lead", "moderator"),
               ("Peer auditor and moderator", "peer", "moderator"))


def _tables() -> dict[str, str]:
    return {"dg": DomainGrade._meta.db_table, "g": AuditGrading._meta.db_table}


def _audit_ids_sql(audits: QuerySet[Audit]) -> tuple[str, tuple[Any, ...]]:
    sql, params = audits.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


SCORE_SQL = ("CASE {col} " + " ".join(f"WHEN '{grade}' THEN {score}"
                                     for grade, score in GRADE_SCORE.items()) + " END")


def _domain_pairs(audits: QuerySet[Audit], first: str, second: str
                  ) -> dict[int, dict[tuple[str, str], int]]:
    """domain id -> (first's grade, second's grade) -> number of audits. One aggregate query
    joining each domain row of the first part's grading to the same domain of the second's,
    through the unique (audit, role) and (grading, domain) indexes."""
    ids, params = _audit_ids_sql(audits)
    sql = (
        "SELECT d1.domain_id, d1.grade, d2.grade, COUNT(*) "
        "FROM {dg} d1 JOIN {g} g1 ON d1.grading_id = g1.id "
        "JOIN {g} g2 ON g2.audit_id = g1.audit_id AND g2.role = %s "
        "JOIN {dg} d2 ON d2.grading_id = g2.id AND d2.domain_id = d1.domain_id "
        "WHERE g1.role = %s AND g1.submitted_at IS NOT NULL AND g2.submitted_at IS NOT NULL "
        "AND g1.audit_id IN (" + ids + ") "
        "GROUP BY d1.domain_id, d1.grade, d2.grade").format(**_tables())
    found: dict[int, dict[tuple[str, str], int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, (second, first, *params))
        for domain_id, grade, other, n in cursor.fetchall():
            found.setdefault(domain_id, {})[(grade, other)] = n
    return found


def _domain_tendencies(audits: QuerySet[Audit], domains: list[int]) -> list[DomainTendency]:
    """Each lead or peer auditor's mean domain grade minus the final domain grade (the
    moderator's if moderated; otherwise the lead's, which the peer's matched)."""
    ids, params = _audit_ids_sql(audits)
    final = "COALESCE(dm.grade, dl.grade)"
    sql = (
        "SELECT g1.auditor_id, d1.domain_id, "
        "AVG(" + SCORE_SQL.format(col="d1.grade") + " - " + SCORE_SQL.format(col=final)
        + "), COUNT(*) "
        "FROM {dg} d1 JOIN {g} g1 ON d1.grading_id = g1.id "
        "LEFT JOIN {g} gm ON gm.audit_id = g1.audit_id AND gm.role = 'moderator' "
        "AND gm.submitted_at IS NOT NULL "
        "LEFT JOIN {dg} dm ON dm.grading_id = gm.id AND dm.domain_id = d1.domain_id "
        "LEFT JOIN {g} gl ON gl.audit_id = g1.audit_id AND gl.role = 'lead' "
        "AND gl.submitted_at IS NOT NULL "
        "LEFT JOIN {dg} dl ON dl.grading_id = gl.id AND dl.domain_id = d1.domain_id "
        "WHERE g1.role IN ('lead', 'peer') AND g1.submitted_at IS NOT NULL "
        "AND d1.grade <> '' AND " + final + " IS NOT NULL AND " + final + " <> '' "
        "AND g1.audit_id IN (" + ids + ") "
        "GROUP BY g1.auditor_id, d1.domain_id").format(**_tables())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    index = {pk: i for i, pk in enumerate(domains)}
    names = {user.pk: user.display_name for user in User.objects.filter(
        pk__in={row[0] for row in rows})}
    people: dict[int, DomainTendency] = {}
    for auditor_id, domain_id, mean, n in rows:
        if domain_id not in index:
            continue
        person = people.setdefault(auditor_id, DomainTendency(
            names.get(auditor_id, str(auditor_id)), 0, [None] * len(domains)))
        person.means[index[domain_id]] = float(mean or 0)
        person.n = max(person.n, n)
    return sorted(people.values(), key=lambda t: t.auditor)


def domain_calibration(audits: QuerySet[Audit], *, suppress: bool) -> DomainCalibration:
    """Calibration domain by domain: weighted kappa for lead and peer, and each against the
    moderated grade; and (not for the board) each auditor's tendency per domain. Domains of
    different template versions with the same title are shown together."""
    pairs = {first + second: _domain_pairs(audits, first, second)
             for _label, first, second in COMPARISONS}
    domain_ids = sorted({pk for found in pairs.values() for pk in found})
    info = {d.pk: (d.order, d.title) for d in TemplateDomain.objects.filter(pk__in=domain_ids)}
    titles = sorted({info[pk] for pk in domain_ids}, key=lambda key: (key[0], key[1]))
    by_title: dict[tuple[int, str], list[int]] = {}
    for pk in domain_ids:
        by_title.setdefault(info[pk], []).append(pk)
    agreements = []
    for key in titles:
        rows = []
        for label, first, second in COMPARISONS:
            counts: dict[tuple[str, str], int] = {}
            for pk in by_title[key]:
                for cell, n in pairs[first + second].get(pk, {}).items():
                    counts[cell] = counts.get(cell, 0) + n
            total = sum(counts.values())
            if suppress and suppress_small(total) == SUPPRESSED:
                rows.append(Agreement(label, SUPPRESSED, None, None))
                continue
            rows.append(Agreement(label, total, weighted_kappa_from_counts(counts),
                                  weighted_kappa_from_counts(counts, weighting="quadratic")))
        agreements.append(DomainAgreement(key[1], rows))
    tendencies: list[DomainTendency] = []
    if not suppress and titles:
        # One column per title: each domain id maps to its title's column.
        column = {pk: titles.index(info[pk]) for pk in domain_ids}
        raw = _domain_tendencies(audits, domain_ids)
        for person in raw:
            merged: list[float | None] = [None] * len(titles)
            for pk, mean in zip(domain_ids, person.means, strict=True):
                if mean is not None:
                    merged[column[pk]] = mean
            tendencies.append(DomainTendency(person.auditor, person.n, merged))
    return DomainCalibration([title for _order, title in titles], agreements, tendencies)


# ------------------------------------------------------------------ themes over a period


@dataclass
class ThemeRow:
    theme: str
    audits: int | str
    strengths: int | str
    development: int | str


@dataclass
class ThemeAreaRow:
    area: str
    team: str
    theme: str
    strengths: int | str
    development: int | str


@dataclass
class ThemesReport:
    start: date
    end: date
    audits: int | str
    rows: list[ThemeRow]
    by_team: list[ThemeAreaRow]
    suppressed: bool


def _finished_between(audits: QuerySet[Audit], start: date, end: date) -> QuerySet[Audit]:
    """Audits whose findings were settled (completed, or escalated as inadequate) from
    `start` to `end` inclusive."""
    low = timezone.make_aware(datetime.combine(start, time.min))
    high = timezone.make_aware(datetime.combine(end, time.max))
    return audits.filter(Q(completed_at__gte=low, completed_at__lte=high)
                         | Q(completed_at__isnull=True, escalated_at__gte=low,
                             escalated_at__lte=high))


def themes_report(*, user: User, start: date, end: date, service_area: int | None = None,
                  team: int | None = None) -> ThemesReport | None:
    """Themes tagged on the audits settled in the period that this person may count: how
    many audits each theme was tagged on, as a strength and as an area for development, and
    by service area and team. Board members see authority-wide counts with 1-4 shown as "c"."""
    board_only = not set(user.role_codes()) & AUDITOR_ROLES
    if board_only:
        if not user.has_role(*BOARD_ROLES):
            return None
        visible: Q | None = Q()
    else:
        visible = audit_visibility_q(user)
        if visible is None:
            return None
    audits = _finished_between(Audit.objects.filter(visible), start, end)
    if not board_only:
        if service_area:
            audits = audits.filter(case__team__service_area_id=service_area)
        if team:
            audits = audits.filter(case__team_id=team)
    suppress = board_only

    def shown(n: int) -> int | str:
        return suppress_small(n) if suppress else n

    tags = FindingTheme.objects.filter(audit__in=audits.values("pk")).order_by()
    counted = tags.values("theme__name").annotate(
        audits=Count("audit", distinct=True),
        strengths=Count("audit", distinct=True, filter=Q(kind=FindingTheme.Kind.STRENGTH)),
        development=Count("audit", distinct=True, filter=Q(kind=FindingTheme.Kind.DEVELOPMENT)))
    rows = sorted((ThemeRow(row["theme__name"], shown(row["audits"]), shown(row["strengths"]),
                            shown(row["development"]), ) for row in counted),
                  key=lambda r: (r.theme,))
    raw = {row["theme__name"]: row["audits"] for row in counted}
    # Suppressed rows go last, by name: ranking them by their real counts would tell them apart.
    rows.sort(key=lambda r: (-_rank(raw[r.theme], suppress), r.theme))
    by_team = []
    for row in tags.values("audit__case__team__service_area__name", "audit__case__team__name",
                           "theme__name").annotate(
            strengths=Count("audit", distinct=True, filter=Q(kind=FindingTheme.Kind.STRENGTH)),
            development=Count("audit", distinct=True,
                              filter=Q(kind=FindingTheme.Kind.DEVELOPMENT))).order_by(
            "audit__case__team__service_area__name", "audit__case__team__name",
            "theme__name"):
        by_team.append(ThemeAreaRow(row["audit__case__team__service_area__name"],
                                    row["audit__case__team__name"], row["theme__name"],
                                    shown(row["strengths"]), shown(row["development"])))
    if suppress:
        # A team's counts are too fine for the board: service areas only.
        merged: dict[tuple[str, str], list[int]] = {}
        for area_row in tags.values("audit__case__team__service_area__name",
                                    "theme__name").annotate(
                strengths=Count("audit", distinct=True,
                                filter=Q(kind=FindingTheme.Kind.STRENGTH)),
                development=Count("audit", distinct=True,
                                  filter=Q(kind=FindingTheme.Kind.DEVELOPMENT))):
            merged[(area_row["audit__case__team__service_area__name"],
                    area_row["theme__name"])] = [area_row["strengths"],
                                                 area_row["development"]]
        by_team = [ThemeAreaRow(area, "", theme, shown(s), shown(d))
                   for (area, theme), (s, d) in sorted(merged.items())]
    return ThemesReport(start, end, shown(audits.count()), rows, by_team, suppress)


def themes_active() -> QuerySet[PracticeTheme]:
    return PracticeTheme.objects.filter(is_active=True).order_by("name")


def themes_all() -> QuerySet[PracticeTheme]:
    return PracticeTheme.objects.annotate(tag_count=Count("tags")).order_by("-is_active",
                                                                            "name")


def audit_get_for_findings(*, user: User, pk: int) -> Audit:
    """An audit whose findings this person may tag with themes or nominate as good practice:
    QA officers any audit they may see; otherwise the lead or the moderator named on it."""
    audit = audit_get_for_user(user=user, pk=pk)
    if user.has_role(Role.QA_OFFICER) or user.pk in (audit.lead_id, audit.moderator_id):
        return audit
    raise Http404("No such audit")


# ------------------------------------------------------------------ the exemplar library


@dataclass
class LibraryEntry:
    pk: int
    title: str
    summary: str
    domain: str
    themes: list[str]
    approved: date | None
    audit_pk: int | None  # only when the reader may open the audit


def exemplars_pending() -> QuerySet[Exemplar]:
    return Exemplar.objects.filter(status=Exemplar.Status.NOMINATED).select_related(
        "domain", "nominated_by", "audit__case").order_by("created_at")


def exemplar_get_for_review(*, pk: int) -> Exemplar:
    """An exemplar waiting for a decision, for the QA team (who may see every audit)."""
    try:
        return Exemplar.objects.select_related("audit__case__team", "domain",
                                               "nominated_by").get(
            pk=pk, status=Exemplar.Status.NOMINATED)
    except Exemplar.DoesNotExist:
        raise Http404("No such exemplar") from None


def exemplar_library(*, user: User, domain: str = "", theme: int | None = None
                     ) -> list[LibraryEntry]:
    """Approved exemplars, newest first, filtered by domain (its code) and theme. Only the
    anonymised text is given; the audit is linked only for readers who may open it."""
    found = Exemplar.objects.filter(status=Exemplar.Status.APPROVED).select_related(
        "domain").prefetch_related("themes").order_by("-decided_at", "-pk")
    if domain:
        found = found.filter(domain__code=domain)
    if theme:
        found = found.filter(themes__pk=theme)
    visible = audit_visibility_q(user)
    openable = set(Audit.objects.filter(visible, pk__in=found.values("audit_id")).values_list(
        "pk", flat=True)) if visible is not None else set()
    return [LibraryEntry(e.pk, e.title, e.summary, e.domain.title,
                         [t.name for t in e.themes.all()],
                         timezone.localdate(e.decided_at) if e.decided_at else None,
                         e.audit_id if e.audit_id in openable else None)
            for e in found.distinct()]


def library_domains() -> list[tuple[str, str]]:
    """(code, title) of the domains that have an approved exemplar."""
    return sorted(set(Exemplar.objects.filter(status=Exemplar.Status.APPROVED).values_list(
        "domain__code", "domain__title")), key=lambda pair: pair[1])


# ------------------------------------------------------------------ the managers' briefing


@dataclass
class BriefingGrade:
    grade: str
    count: int | str
    percent: float | None
    previous_percent: float | None
    change: float | None  # percentage points since the previous month


@dataclass
class BriefingTheme:
    theme: str
    audits: int | str


@dataclass
class BriefingExemplar:
    title: str
    domain: str
    summary: str
    themes: list[str]


@dataclass
class BriefingDomain:
    domain: str
    graded: int | str
    below_good: int | str  # requires improvement or inadequate
    percent: float | None


@dataclass
class Briefing:
    """The monthly managers' briefing, authority-wide, with counts from 1 to 4 shown as "c".
    The page, the Word document and the PDF are all built from this."""

    month: date
    previous: date
    due: int | str
    completed: int | str
    on_time: int | str
    late: int | str
    on_time_percent: float | None
    graded: int | str
    grades: list[BriefingGrade]
    moderated: int | str
    moderation_percent: float | None
    strengths: list[BriefingTheme]
    development: list[BriefingTheme]
    domains_to_develop: list[BriefingDomain]
    exemplars: list[BriefingExemplar]
    escalations_open: int | str
    reviews_overdue: int | str


def briefing_month(value: str | None, today: date | None = None) -> date:
    """The month asked for as YYYY-MM; by default (or if unreadable) the last full month."""
    today = today or timezone.localdate()
    if value:
        try:
            year, month = (int(part) for part in value.split("-", 1))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1)
        except ValueError:
            pass
    first = today.replace(day=1)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year,
                                                                       first.month - 1, 1)


def _month_end(month: date) -> date:
    following = date(month.year + 1, 1, 1) if month.month == 12 else date(
        month.year, month.month + 1, 1)
    return following - timedelta(days=1)


def _percent(part: int, whole: int) -> float | None:
    if not whole or suppress_small(part) == SUPPRESSED or suppress_small(whole) == SUPPRESSED:
        return None
    return 100 * part / whole


def _grade_counts(month: date) -> dict[str, int]:
    return dict(_finished_between(Audit.objects.exclude(overall_grade=""), month,
                                  _month_end(month))
                .order_by().values_list("overall_grade").annotate(n=Count("pk")))


def managers_briefing(*, month: date) -> Briefing:
    """Compliance, grades (and their change from the previous month), moderation, themes,
    good practice, areas to develop and open escalations for `month`, authority-wide."""
    month = month.replace(day=1)
    end = _month_end(month)
    previous = date(month.year - 1, 12, 1) if month.month == 1 else date(month.year,
                                                                           month.month - 1, 1)
    all_audits = Audit.objects.exclude(status=Status.WITHDRAWN)
    due = all_audits.filter(deadline__gte=month, deadline__lte=end)
    finished = due.filter(Q(completed_at__isnull=False) | Q(escalated_at__isnull=False))
    on_time = finished.filter(Q(completed_at__isnull=False, completed_at__date__lte=F("deadline"))
                              | Q(completed_at__isnull=True,
                                  escalated_at__date__lte=F("deadline"))).count()
    due_n, finished_n = due.count(), finished.count()

    now, before = _grade_counts(month), _grade_counts(previous)
    graded_n, before_n = sum(now.values()), sum(before.values())
    grades = []
    for code, label in Grade.choices:
        share, earlier = _percent(now.get(code, 0), graded_n), _percent(before.get(code, 0),
                                                                          before_n)
        grades.append(BriefingGrade(label, suppress_small(now.get(code, 0)), share, earlier,
                                    None if share is None or earlier is None
                                    else share - earlier))
    settled = _finished_between(Audit.objects.all(), month, end)
    moderated = settled.filter(moderated_at__isnull=False).count()
    settled_n = settled.count()

    tags = (FindingTheme.objects.filter(audit__in=settled.values("pk")).order_by()
            .values("kind", "theme__name").annotate(n=Count("audit", distinct=True)))
    strengths = sorted(((row["n"], row["theme__name"]) for row in tags
                        if row["kind"] == FindingTheme.Kind.STRENGTH),
                       key=lambda p: (-_rank(p[0], True), p[1]))
    development = sorted(((row["n"], row["theme__name"]) for row in tags
                          if row["kind"] == FindingTheme.Kind.DEVELOPMENT),
                         key=lambda p: (-_rank(p[0], True), p[1]))

    domains = []
    for row in (DomainGrade.objects.filter(grading__audit__in=settled.values("pk"))
                .filter(Q(grading__role=AuditGrading.Role.MODERATOR)
                        | Q(grading__role=AuditGrading.Role.LEAD,
                            grading__audit__moderated_at__isnull=True))
                .exclude(grade="").order_by().values("domain__title")
                .annotate(n=Count("pk"), low=Count("pk", filter=Q(grade__in=[
                    Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]))).order_by("-low",
                                                                              "domain__title")):
        domains.append(BriefingDomain(row["domain__title"], suppress_small(row["n"]),
                                      suppress_small(row["low"]),
                                      _percent(row["low"], row["n"])))

    exemplars = [BriefingExemplar(e.title, e.domain.title, e.summary,
                                  [t.name for t in e.themes.all()])
                 for e in Exemplar.objects.filter(
                     status=Exemplar.Status.APPROVED,
                     decided_at__gte=timezone.make_aware(datetime.combine(month, time.min)),
                     decided_at__lte=timezone.make_aware(datetime.combine(end, time.max)))
                 .select_related("domain").prefetch_related("themes").order_by("decided_at")]

    end_at = timezone.make_aware(datetime.combine(end, time.max))
    open_escalations = Audit.objects.filter(escalated_at__lte=end_at).filter(
        Q(completed_at__isnull=True) | Q(completed_at__gt=end_at))
    overdue = open_escalations.filter(review_due__lte=end).filter(
        Q(reviewed_at__isnull=True) | Q(reviewed_at__gt=end_at)).count()
    return Briefing(
        month=month, previous=previous, due=suppress_small(due_n),
        completed=suppress_small(finished_n), on_time=suppress_small(on_time),
        late=suppress_small(due_n - on_time), on_time_percent=_percent(on_time, due_n),
        graded=suppress_small(graded_n), grades=grades, moderated=suppress_small(moderated),
        moderation_percent=_percent(moderated, settled_n),
        strengths=[BriefingTheme(name, suppress_small(n)) for n, name in strengths[:5]],
        development=[BriefingTheme(name, suppress_small(n)) for n, name in development[:5]],
        domains_to_develop=domains, exemplars=exemplars,
        escalations_open=suppress_small(open_escalations.count()),
        reviews_overdue=suppress_small(overdue))
