"""Writes for private fostering: each checks the workflow table, owns its transaction and
records an event on the arrangement's timeline."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from clearsight.core.calendar import working_calendar
from clearsight.fostering import selectors
from clearsight.fostering.models import (
    Arrangement,
    ArrangementEvent,
    AwarenessActivity,
    Notice,
    Visit,
)
from clearsight.fostering.workflow import Action, next_state
from clearsight.organisation.models import Team, User


class ConflictError(Exception):
    """Someone else saved the arrangement after this form was opened; nothing was saved."""


class FosteringError(ValueError):
    """A rule was broken; the message says which, for the person."""


def _event(arrangement: Arrangement, *, by: User | None, action: str, note: str = "") -> None:
    ArrangementEvent.objects.create(arrangement=arrangement, at=timezone.now(), by=by,
                                    action=action, note=note)


def _not_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise FosteringError(f"{what} cannot be in the future.")


def _next_reference(notified_on: date) -> str:
    prefix = f"PF-{notified_on.year}-"
    last = (Arrangement.objects.filter(reference__startswith=prefix)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


def arrangement_notify(*, by: User, kind: str, notified_on: date, notified_by: str,
                       notifier_detail: str, child_id: str, carer_name: str,
                       carer_relationship: str, starts_on: date, team: Team,
                       social_worker: User | None) -> Arrangement:
    """Record a notification of a proposed arrangement or of one already in place."""
    _not_future(notified_on, "The date of the notification")
    if kind == Arrangement.Kind.IN_PLACE and starts_on > notified_on:
        raise FosteringError("An arrangement already in place must have started by the date "
                             "of the notification.")
    if kind == Arrangement.Kind.PROPOSED and starts_on < notified_on:
        raise FosteringError("A proposed arrangement starts after the notification. If the "
                             "child has already moved, record it as already in place.")
    with transaction.atomic():
        arrangement = Arrangement.objects.create(
            reference=_next_reference(notified_on), kind=kind, notified_on=notified_on,
            notified_by=notified_by, notifier_detail=notifier_detail,
            child_id=child_id.strip().upper(), carer_name=carer_name,
            carer_relationship=carer_relationship, starts_on=starts_on, team=team,
            social_worker=social_worker)
        due = selectors.first_visit_due(arrangement, working_calendar())
        late = selectors.notified_late(arrangement)
        _event(arrangement, by=by, action="Notification received",
               note=f"{arrangement.get_notified_by_display()}. First visit due by "
                    f"{due:%d/%m/%Y}." + (" Notified late." if late and
                                          kind == Arrangement.Kind.PROPOSED else ""))
    return arrangement


def _locked(*, by: User, pk: int, action: str, version: int | None = None
            ) -> tuple[Arrangement, str]:
    selectors.arrangement_get_for_user(user=by, pk=pk)  # 404 for an arrangement out of reach
    arrangement = Arrangement.objects.select_for_update().get(pk=pk)
    if version is not None and arrangement.version != version:
        raise ConflictError
    return arrangement, next_state(state=arrangement.status, action=action,
                                   roles=set(by.role_codes()))


def visit_record(*, by: User, arrangement_pk: int, visited_on: date, seen_alone: bool,
                 report: str) -> Visit:
    """A statutory visit with its written report. When it was due is worked out now, from the
    visits before it, so that lateness is fixed at the time."""
    _not_future(visited_on, "The date of the visit")
    if not report.strip():
        raise FosteringError("Write the report of the visit.")
    with transaction.atomic():
        arrangement, _ = _locked(by=by, pk=arrangement_pk, action=Action.RECORD_VISIT)
        if visited_on < arrangement.notified_on:
            raise FosteringError("A visit cannot be before the notification.")
        earlier = list(arrangement.visits.filter(visited_on__lte=visited_on))
        due = selectors.next_visit_due(arrangement, earlier, working_calendar())
        if due is None:  # ended arrangements take no visits (workflow)
            raise FosteringError("This arrangement has ended.")
        visit = Visit.objects.create(arrangement=arrangement, visited_on=visited_on, due_on=due,
                                     seen_alone=seen_alone, report=report, by=by)
        arrangement.save(update_fields=["updated_at"])
        _event(arrangement, by=by, action="Visit recorded",
               note=f"Visited {visited_on:%d/%m/%Y} (due {due:%d/%m/%Y}); child "
                    + ("seen alone." if seen_alone else "not seen alone."))
    return visit


def arrangement_decide(*, by: User, pk: int, version: int, decision: str, decided_on: date,
                       assessment: str) -> Arrangement:
    _not_future(decided_on, "The date of the decision")
    if not assessment.strip():
        raise FosteringError("Write the suitability assessment.")
    action = (Action.DECIDE_SUITABLE if decision == Arrangement.Decision.SUITABLE
              else Action.DECIDE_NOT_SUITABLE)
    with transaction.atomic():
        arrangement, target = _locked(by=by, pk=pk, action=action, version=version)
        if decided_on < arrangement.notified_on:
            raise FosteringError("The decision cannot be before the notification.")
        arrangement.decision = decision
        arrangement.decided_on = decided_on
        arrangement.assessment = assessment
        arrangement.status = target
        arrangement.version += 1
        arrangement.save()
        _event(arrangement, by=by, action=f"Decision: {arrangement.get_decision_display()}")
    return arrangement


def notice_record(*, by: User, pk: int, version: int, kind: str, received_on: date,
                  details: str) -> Notice:
    """A notice of change, or of the end of the arrangement (which ends it)."""
    _not_future(received_on, "The date the notice was received")
    action = Action.END if kind == Notice.Kind.END else Action.RECORD_CHANGE
    with transaction.atomic():
        arrangement, target = _locked(by=by, pk=pk, action=action, version=version)
        notice = Notice.objects.create(arrangement=arrangement, kind=kind,
                                       received_on=received_on, details=details)
        if kind == Notice.Kind.END:
            arrangement.ended_on = received_on
            arrangement.end_reason = details
        arrangement.status = target
        arrangement.version += 1
        arrangement.save()
        _event(arrangement, by=by, action=notice.get_kind_display(), note=details)
    return notice


def awareness_record(*, by: User, held_on: date, audience: str, description: str,
                     reached: int | None) -> AwarenessActivity:
    _not_future(held_on, "The date")
    return AwarenessActivity.objects.create(held_on=held_on, audience=audience,
                                            description=description, reached=reached, by=by)
