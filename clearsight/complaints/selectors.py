"""Reads of complaints and compliments. Every read for a person goes through these functions.

Complaint scope is written once, in `complaint_visibility_q`: QA officers and senior roles
every complaint, service managers their service area's, team managers their team's, nobody
else any. Compliment scope in `compliment_visibility_q`: the same, plus each member of staff
the compliments about them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from clearsight.complaints import clocks
from clearsight.complaints.clocks import Calendar, ClockStatus, Pause
from clearsight.complaints.models import Complaint, ComplaintPoint, Compliment, LearningAction
from clearsight.complaints.workflow import COMPLAINT_ALL_ROLES
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role


def complaint_visibility_q(user: User) -> Q | None:
    """The filter on Complaint this user may see, or None for none at all."""
    roles = set(user.role_codes())
    if roles & COMPLAINT_ALL_ROLES:
        return Q()
    q: Q | None = None
    if Role.SERVICE_MANAGER in roles and user.team is not None:
        q = Q(team__service_area_id=user.team.service_area_id)
    if Role.TEAM_MANAGER in roles and user.team_id is not None:
        q = Q(team_id=user.team_id) if q is None else q | Q(team_id=user.team_id)
    return q


def complaint_list_for_user(*, user: User) -> QuerySet[Complaint]:
    visible = complaint_visibility_q(user)
    if visible is None:
        return Complaint.objects.none()
    return Complaint.objects.filter(visible).select_related(
        "team__service_area", "qa_officer", "worker", "child", "case")


def complaint_get_for_user(*, user: User, reference: str) -> Complaint:
    """The complaint, or 404 whether it does not exist or the user may not see it."""
    try:
        return complaint_list_for_user(user=user).get(reference=reference)
    except Complaint.DoesNotExist:
        raise Http404("No such complaint") from None


def complaints_about(*, user: User) -> QuerySet[Complaint]:
    """Complaints naming this member of staff that have had a response: they see the
    outcome of each point, never the investigation's findings or notes."""
    return (Complaint.objects.filter(worker=user, stage1_responded_on__isnull=False)
            .prefetch_related("points"))


def point_get_for_user(*, user: User, reference: str, number: int) -> ComplaintPoint:
    complaint = complaint_get_for_user(user=user, reference=reference)
    try:
        return complaint.points.get(number=number)
    except ComplaintPoint.DoesNotExist:
        raise Http404("No such point") from None


def learning_action_get_for_user(*, user: User, reference: str, pk: int) -> LearningAction:
    complaint = complaint_get_for_user(user=user, reference=reference)
    try:
        return complaint.learning_actions.get(pk=pk)
    except LearningAction.DoesNotExist:
        raise Http404("No such action") from None


def compliment_visibility_q(user: User) -> Q | None:
    """Compliments this user may see: their own, and those their complaint scope reaches."""
    roles = set(user.role_codes())
    if roles & COMPLAINT_ALL_ROLES:
        return Q()
    q = Q(staff=user)
    area = complaint_visibility_q(user)
    return q if area is None else q | area


def compliment_list_for_user(*, user: User) -> QuerySet[Compliment]:
    visible = compliment_visibility_q(user)
    if visible is None:
        return Compliment.objects.none()
    return (Compliment.objects.filter(visible).distinct()
            .select_related("team").prefetch_related("staff"))


# ------------------------------------------------------------------ clocks


@dataclass(frozen=True)
class Clock:
    code: str
    name: str
    due: date | None
    done: date | None
    status: ClockStatus


def pauses_of(complaint: Complaint) -> list[Pause]:
    return [Pause(pause.starts_on, pause.ends_on) for pause in complaint.pauses.all()]


def stage1_due(complaint: Complaint, calendar: Calendar, today: date) -> date | None:
    if complaint.stage1_clock_start is None:
        return None
    return clocks.due_date(calendar, complaint.stage1_clock_start, complaint.stage1_days,
                           pauses_of(complaint), today)


def stage2_due(complaint: Complaint, calendar: Calendar, today: date) -> date | None:
    if complaint.stage2_requested_on is None:
        return None
    return clocks.due_date(calendar, complaint.stage2_requested_on, complaint.stage2_days,
                           pauses_of(complaint), today)


def complaint_clocks(complaint: Complaint, calendar: Calendar, today: date) -> list[Clock]:
    """Every clock that has started, with its deadline and whether it was met."""
    pauses = pauses_of(complaint)
    found: list[tuple[str, str, date | None, date | None]] = [
        ("allocation", "Allocated to a QA officer",
         clocks.due_date(calendar, complaint.received_on, clocks.ALLOCATION_DAYS, pauses, today),
         complaint.allocated_on)]
    if complaint.allocated_on is not None:
        found.append(("first_contact", "Complainant first contacted",
                      clocks.due_date(calendar, complaint.allocated_on,
                                      clocks.FIRST_CONTACT_DAYS, pauses, today),
                      complaint.first_contact_on))
    if complaint.resolution not in ("early", "withdrawn") or complaint.stage1_responded_on:
        due1 = stage1_due(complaint, calendar, today)
        if due1 is not None:
            found.append(("qa", "Response quality assured", clocks.qa_due(calendar, due1),
                          complaint.qa_signed_off_on))
            found.append(("stage1", "Stage 1 response sent", due1,
                          complaint.stage1_responded_on))
    due2 = stage2_due(complaint, calendar, today)
    if due2 is not None:
        found.append(("stage2", "Stage 2 response sent", due2, complaint.stage2_responded_on))
    if complaint.stage3_requested_on is not None:
        found.append(("stage3", "Review panel held",
                      clocks.due_date(calendar, complaint.stage3_requested_on,
                                      clocks.STAGE3_PANEL_DAYS, pauses, today),
                      complaint.panel_held_on))
    stopped = ClockStatus("stopped", "Stopped", "grey")
    return [Clock(code, name, due, done,
                  stopped if done is None and complaint.closed_on is not None
                  else clocks.status(calendar, due=due, done=done, today=today))
            for code, name, due, done in found]


def current_clock(clock_list: list[Clock]) -> Clock | None:
    """The clock that matters now: the first one running, if any."""
    running = [clock for clock in clock_list if clock.done is None and clock.due is not None]
    return min(running, key=lambda clock: clock.due or date.max) if running else None


# ------------------------------------------------------------------ governance packs


@dataclass(frozen=True)
class ComplaintCounts:
    """Raw counts of complaints in a period, for the governance packs (which suppress small
    numbers themselves)."""

    received: int
    responded: int  # stage 1 responses sent in the period
    responded_in_time: int  # of those, sent by the stage 1 deadline
    upheld: int  # of those, upheld or partly upheld overall
    stage2: int  # stage 2 investigations requested in the period
    stage3: int  # stage 3 review panels requested in the period


def complaint_counts_between(*, start: date, end: date, calendar: Calendar,
                             today: date) -> ComplaintCounts:
    def within(field_name: str) -> dict[str, date]:
        return {f"{field_name}__gte": start, f"{field_name}__lte": end}

    responded = list(Complaint.objects.filter(**within("stage1_responded_on"))
                     .prefetch_related("pauses"))
    in_time = 0
    for complaint in responded:
        due = stage1_due(complaint, calendar, today)
        in_time += bool(due is not None and complaint.stage1_responded_on is not None
                        and complaint.stage1_responded_on <= due)
    upheld = sum(1 for complaint in responded
                 if complaint.overall_outcome in ("upheld", "partly_upheld"))
    return ComplaintCounts(
        received=Complaint.objects.filter(**within("received_on")).count(),
        responded=len(responded), responded_in_time=in_time, upheld=upheld,
        stage2=Complaint.objects.filter(**within("stage2_requested_on")).count(),
        stage3=Complaint.objects.filter(**within("stage3_requested_on")).count())


def complaint_data_marker() -> tuple[int, str]:
    """How many complaints there are and when the latest changed: part of a pack's data
    version."""
    from django.db.models import Count, Max

    found = Complaint.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return found["n"], found["latest"].isoformat() if found["latest"] else ""
