"""Reads of private fostering arrangements, and the statutory clocks.

Private fostering is ordinary child-level casework: an arrangement is seen by the same people
who would see a case held by its team and allocated to its social worker (the case access rule
in organisation/roles.py, applied here once, in `arrangement_visibility_q`).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from clearsight.core.calendar import working_calendar
from clearsight.fostering.models import Arrangement, AwarenessActivity, NotifiedBy, Visit
from clearsight.organisation.models import User
from clearsight.organisation.roles import CaseScope
from clearsight.organisation.selectors import user_case_scope
from clearsight_analytics.calendar import WorkingDayCalendar

FIRST_VISIT_WORKING_DAYS = 7
FIRST_YEAR_INTERVAL = timedelta(weeks=6)
LATER_INTERVAL = timedelta(weeks=12)
NOTICE_WEEKS = 6  # a proposed arrangement is to be notified at least six weeks ahead


def arrangement_visibility_q(user: User) -> Q | None:
    """The arrangements this user may see, by the case scope of their widest role."""
    scope = user_case_scope(user)
    if scope == CaseScope.ALL:
        return Q()
    if scope == CaseScope.NONE:
        return None
    q = Q(social_worker=user)
    if scope in (CaseScope.TEAM, CaseScope.SERVICE) and user.team_id is not None:
        q |= Q(team_id=user.team_id)
    if scope == CaseScope.SERVICE and user.team is not None:
        q |= Q(team__service_area_id=user.team.service_area_id)
    return q


def arrangement_list_for_user(*, user: User) -> QuerySet[Arrangement]:
    visible = arrangement_visibility_q(user)
    if visible is None:
        return Arrangement.objects.none()
    return Arrangement.objects.filter(visible).select_related("team", "social_worker")


def arrangement_get_for_user(*, user: User, pk: int) -> Arrangement:
    """The arrangement, or 404 whether it does not exist or the user may not see it."""
    try:
        return arrangement_list_for_user(user=user).get(pk=pk)
    except Arrangement.DoesNotExist:
        raise Http404("No such arrangement") from None


# ------------------------------------------------------------------ the clocks


def first_visit_due(arrangement: Arrangement, calendar: WorkingDayCalendar) -> date:
    return calendar.add_working_days(arrangement.notified_on, FIRST_VISIT_WORKING_DAYS)


def next_visit_due(arrangement: Arrangement, visits: list[Visit],
                   calendar: WorkingDayCalendar) -> date | None:
    """When the next visit is due: 7 working days from notification for the first, then six
    weeks after the last visit during the arrangement's first year and twelve weeks after.
    None once the arrangement has ended."""
    if arrangement.status == Arrangement.Status.ENDED:
        return None
    if not visits:
        return first_visit_due(arrangement, calendar)
    last = max(visit.visited_on for visit in visits)
    first_year_ends = arrangement.starts_on.replace(year=arrangement.starts_on.year + 1) if not (
        arrangement.starts_on.month == 2 and arrangement.starts_on.day == 29) else date(
        arrangement.starts_on.year + 1, 3, 1)
    interval = FIRST_YEAR_INTERVAL if last < first_year_ends else LATER_INTERVAL
    return last + interval


def notified_late(arrangement: Arrangement) -> bool:
    """A proposed arrangement notified less than six weeks before it starts, or one already
    in place when the authority heard of it."""
    if arrangement.kind == Arrangement.Kind.IN_PLACE:
        return True
    return arrangement.starts_on - arrangement.notified_on < timedelta(weeks=NOTICE_WEEKS)


@dataclass
class Clock:
    arrangement: Arrangement
    next_due: date | None
    overdue: bool
    due_soon: bool
    visits: int
    late_visits: int
    first_visit_in_time: bool | None  # None: no visit yet


def clocks_for(*, arrangements: list[Arrangement], today: date) -> list[Clock]:
    calendar = working_calendar()
    soon = calendar.add_working_days(today, 10)
    by_arrangement: dict[int, list[Visit]] = {a.pk: [] for a in arrangements}
    for visit in Visit.objects.filter(arrangement__in=list(by_arrangement)).order_by(
            "visited_on"):
        by_arrangement[visit.arrangement_id].append(visit)
    clocks = []
    for arrangement in arrangements:
        visits = by_arrangement[arrangement.pk]
        due = next_visit_due(arrangement, visits, calendar)
        clocks.append(Clock(
            arrangement=arrangement, next_due=due,
            overdue=due is not None and due < today,
            due_soon=due is not None and today <= due <= soon,
            visits=len(visits), late_visits=sum(1 for v in visits if not v.in_time),
            first_visit_in_time=visits[0].in_time if visits else None))
    return clocks


@dataclass
class Compliance:
    clocks: list[Clock]
    open_count: int
    overdue: int
    due_soon: int
    visits_in_year: int
    visits_in_time: int
    seen_alone: int
    first_visits: int
    first_visits_in_time: int
    sources: list[tuple[str, int]]
    notified_late: int
    notified_in_year: int
    awareness: list[tuple[str, int]]


def compliance_for(*, user: User, today: date) -> Compliance:
    """The dashboard: what is due and overdue now, and the last twelve months' record."""
    visible = arrangement_list_for_user(user=user)
    open_arrangements = list(visible.exclude(status=Arrangement.Status.ENDED))
    clocks = sorted(clocks_for(arrangements=open_arrangements, today=today),
                    key=lambda c: (c.next_due or date.max, c.arrangement.reference))
    year_ago = today - timedelta(days=365)
    visits = list(Visit.objects.filter(arrangement__in=visible, visited_on__gt=year_ago,
                                       visited_on__lte=today).order_by("visited_on"))
    first_ids: set[int] = set()
    firsts = []
    for visit in Visit.objects.filter(arrangement__in=visible).order_by("visited_on", "pk"):
        if visit.arrangement_id not in first_ids:
            first_ids.add(visit.arrangement_id)
            if visit.visited_on > year_ago:
                firsts.append(visit)
    notified = list(visible.filter(notified_on__gt=year_ago, notified_on__lte=today))
    names = dict(NotifiedBy.choices)
    sources = Counter(names[a.notified_by] for a in notified)
    audiences = dict(AwarenessActivity.Audience.choices)
    awareness = Counter(audiences[a] for a in AwarenessActivity.objects.filter(
        held_on__gt=year_ago).values_list("audience", flat=True))
    return Compliance(
        clocks=clocks, open_count=len(open_arrangements),
        overdue=sum(1 for c in clocks if c.overdue),
        due_soon=sum(1 for c in clocks if c.due_soon),
        visits_in_year=len(visits), visits_in_time=sum(1 for v in visits if v.in_time),
        seen_alone=sum(1 for v in visits if v.seen_alone),
        first_visits=len(firsts), first_visits_in_time=sum(1 for v in firsts if v.in_time),
        sources=[(label, sources[label]) for label in names.values()],
        notified_late=sum(1 for a in notified if notified_late(a)),
        notified_in_year=len(notified),
        awareness=awareness.most_common())


def awareness_list() -> QuerySet[AwarenessActivity]:
    return AwarenessActivity.objects.select_related("by")
