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
    Grade,
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
                       today: date | None = None) -> Dashboard | None:
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
                     suppressed=suppress)


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
