"""Complaints and compliments: every write. Each function owns its transaction and its rules.

Steps of the procedure go through `_step`, which checks the transition table (workflow.py), the
person's role, the version the form loaded (a stale one raises ConflictError) and writes the
event for the timeline. Rules a person can break raise ValidationError with a message for them.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from clearsight.casework.models import Case
from clearsight.complaints import clocks, selectors, workflow
from clearsight.complaints.models import (
    ClockPause,
    Complaint,
    ComplaintEvent,
    ComplaintPoint,
    Compliment,
    DeadlineNotice,
    LearningAction,
    Outcome,
    Resolution,
    Status,
)
from clearsight.core.calendar import working_calendar
from clearsight.core.jobs import run_once_per_period
from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import Role


class ConflictError(Exception):
    """Someone else changed the record after the form was opened."""


def _check_date(on: date, *, not_before: date | None = None, what: str = "The date") -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")
    if not_before is not None and on < not_before:
        raise ValidationError(f"{what} must be on or after {not_before:%d/%m/%Y}")


def _event(complaint: Complaint, action: str, on: date, by: User | None, note: str = "") -> None:
    ComplaintEvent.objects.create(complaint=complaint, action=action, on=on, by=by, note=note)


def _step(*, complaint: Complaint, action: str, by: User | None, version: int) -> Complaint:
    """Lock the complaint, check the step is allowed and the version current; the caller
    changes fields, then `_save_step` saves and records the event."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.version != version:
        raise ConflictError
    workflow.next_state(locked.status, action)  # raises TransitionError
    if by is not None and not workflow.may_take(by.role_codes(), action):
        raise workflow.TransitionError("Your role cannot take this step.")
    return locked


def _save_step(complaint: Complaint, action: str, on: date, by: User | None,
               note: str = "", event: str = "") -> Complaint:
    complaint.status = workflow.next_state(complaint.status, action)
    complaint.version += 1
    complaint.save()
    _event(complaint, event or action, on, by, note)
    return complaint


# ------------------------------------------------------------------ intake


def _next_reference(year: int) -> str:
    prefix = f"CMP-{year}-"
    last = (Complaint.objects.filter(reference__startswith=prefix)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def complaint_create(*, by: User | None, received_on: date, source: str, complainant_type: str,
                     complainant_name: str, summary: str, team: Team | None,
                     case: Case | None = None, worker: User | None = None,
                     reference: str | None = None) -> Complaint:
    """Record a complaint received (day 0). The team is the case's team when a case is given
    and no team is."""
    _check_date(received_on, what="The date received")
    if team is None:
        if case is None:
            raise ValidationError("Choose the team the complaint is about, or give a case")
        team = case.team
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    reference=reference or _next_reference(received_on.year),
                    received_on=received_on, source=source, complainant_type=complainant_type,
                    complainant_name=complainant_name, summary=summary, team=team, case=case,
                    child=case.child if case is not None else None, worker=worker,
                    stage1_clock_start=received_on)
                _event(complaint, "receive", received_on, by)
                return complaint
        except IntegrityError:
            if reference is not None:
                raise
    raise ValidationError("Could not give the complaint a reference; try again")


def complaint_allocate(*, complaint: Complaint, by: User | None, version: int, qa_officer: User,
                       on: date) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="allocate", by=by, version=version)
        _check_date(on, not_before=complaint.received_on, what="The date allocated")
        complaint.qa_officer = qa_officer
        complaint.allocated_on = on
        return _save_step(complaint, "allocate", on, by, f"Allocated to {qa_officer}")


def complaint_record_contact(*, complaint: Complaint, by: User | None, version: int, on: date,
                             advocate_offered: bool, note: str = "") -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="record_contact", by=by, version=version)
        _check_date(on, not_before=complaint.allocated_on, what="The date of first contact")
        complaint.first_contact_on = on
        complaint.advocate_offered = complaint.advocate_offered or advocate_offered
        if advocate_offered:
            note = f"{note}\nAn advocate was offered.".strip()
        return _save_step(complaint, "record_contact", on, by, note)


def complaint_record_meeting(*, complaint: Complaint, by: User | None, version: int, on: date,
                             note: str = "") -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="record_meeting", by=by, version=version)
        if complaint.first_contact_on is None:
            raise ValidationError("Record the first contact with the complainant first")
        _check_date(on, not_before=complaint.first_contact_on, what="The date of the meeting")
        complaint.initial_meeting_on = on
        return _save_step(complaint, "record_meeting", on, by, note)


def complaint_add_point(*, complaint: Complaint, by: User | None, version: int, on: date,
                        text: str, theme: str, restart_clock: bool = False,
                        restart_reason: str = "") -> ComplaintPoint:
    """Agree a complaint point. A point added at the meeting may restart the stage 1 clock
    from that day (day 0), with the reason recorded."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="add_point", by=by, version=version)
        _check_date(on, not_before=complaint.received_on, what="The date the point was agreed")
        note = text
        if restart_clock:
            if not restart_reason.strip():
                raise ValidationError("Give the reason for restarting the clock")
            complaint.stage1_clock_start = on
            note = f"{text}\nThe stage 1 clock restarted from {on:%d/%m/%Y}: {restart_reason}"
        number = (complaint.points.order_by("-number").values_list("number", flat=True)
                  .first() or 0) + 1
        point = ComplaintPoint.objects.create(complaint=complaint, number=number, text=text,
                                              theme=theme, added_on=on)
        _save_step(complaint, "add_point", on, by, f"Point {number}: {note}",
                   event="restart_clock" if restart_clock else "")
        return point


def complaint_resolve_early(*, complaint: Complaint, by: User | None, version: int, on: date,
                            note: str, satisfaction: str) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="resolve_early", by=by, version=version)
        if complaint.initial_meeting_on is None:
            raise ValidationError("Record the initial meeting first")
        _check_date(on, not_before=complaint.initial_meeting_on, what="The date resolved")
        complaint.closed_on = on
        complaint.resolution = Resolution.EARLY
        complaint.satisfaction = satisfaction
        return _save_step(complaint, "resolve_early", on, by, note)


def complaint_start_stage1(*, complaint: Complaint, by: User | None, version: int,
                           on: date) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="start_stage1", by=by, version=version)
        if complaint.initial_meeting_on is None:
            raise ValidationError("Record the initial meeting first")
        if not complaint.points.exists():
            raise ValidationError("Agree at least one complaint point first")
        _check_date(on, not_before=complaint.initial_meeting_on, what="The date")
        return _save_step(complaint, "start_stage1", on, by)


# ------------------------------------------------------------------ clocks


def complaint_pause(*, complaint: Complaint, by: User | None, version: int, on: date,
                    reason: str) -> Complaint:
    """Stop the clocks from `on` while an advocate is arranged."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="pause", by=by, version=version)
        if complaint.pauses.filter(ends_on__isnull=True).exists():
            raise ValidationError("The clock is already paused")
        last = complaint.pauses.order_by("-ends_on").values_list("ends_on", flat=True).first()
        _check_date(on, not_before=max(filter(None, [complaint.received_on, last])),
                    what="The date the pause starts")
        ClockPause.objects.create(complaint=complaint, starts_on=on, reason=reason)
        return _save_step(complaint, "pause", on, by, reason)


def complaint_resume(*, complaint: Complaint, by: User | None, version: int,
                     on: date) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="resume", by=by, version=version)
        pause = complaint.pauses.filter(ends_on__isnull=True).first()
        if pause is None:
            raise ValidationError("The clock is not paused")
        _check_date(on, not_before=pause.starts_on, what="The date the clock restarts")
        pause.ends_on = on
        pause.save(update_fields=["ends_on"])
        return _save_step(complaint, "resume", on, by)


def complaint_extend(*, complaint: Complaint, by: User | None, version: int, new_due: date,
                     agreed_on: date, reason: str) -> Complaint:
    """Extend the stage 1 deadline, up to 20 working days in all, with the complainant's
    written agreement (its date) and the reason recorded."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="extend", by=by, version=version)
        _check_date(agreed_on, not_before=complaint.received_on,
                    what="The date of the written agreement")
        if not reason.strip():
            raise ValidationError("Give the reason for the extension")
        calendar = working_calendar()
        today = timezone.localdate()
        start = complaint.stage1_clock_start or complaint.received_on
        pauses = selectors.pauses_of(complaint)
        current = clocks.due_date(calendar, start, complaint.stage1_days, pauses, today)
        if new_due <= current:
            raise ValidationError(f"The new date must be after the current deadline, "
                                  f"{current:%d/%m/%Y}")
        days = clocks.days_counted(calendar, start, new_due, pauses, today)
        if days > clocks.STAGE1_MAX_DAYS:
            latest = clocks.due_date(calendar, start, clocks.STAGE1_MAX_DAYS, pauses, today)
            raise ValidationError(f"Stage 1 can run to 20 working days at most: the latest "
                                  f"date is {latest:%d/%m/%Y}")
        complaint.stage1_days = days
        complaint.extension_agreed_on = agreed_on
        complaint.extension_reason = reason
        due = clocks.due_date(calendar, start, days, pauses, today)
        return _save_step(complaint, "extend", agreed_on, by,
                          f"New deadline {due:%d/%m/%Y} ({days} working days), agreed in "
                          f"writing on {agreed_on:%d/%m/%Y}: {reason}")


# ------------------------------------------------------------------ stage 1 outcome


def point_record_outcome(*, point: ComplaintPoint, by: User | None, version: int, outcome: str,
                         finding: str) -> ComplaintPoint:
    with transaction.atomic():
        locked = ComplaintPoint.objects.select_for_update().get(pk=point.pk)
        if locked.version != version:
            raise ConflictError
        complaint = locked.complaint
        if complaint.status != Status.STAGE1:
            raise ValidationError("Outcomes are recorded during the stage 1 investigation")
        if by is not None and not workflow.may_take(by.role_codes(), "respond"):
            raise workflow.TransitionError("Your role cannot record outcomes.")
        locked.outcome = outcome
        locked.finding = finding
        locked.version += 1
        locked.save()
        _event(complaint, "point_outcome", timezone.localdate(), by,
               f"Point {locked.number}: {Outcome(outcome).label}")
        return locked


def overall_outcome(outcomes: Iterable[str]) -> str:
    """Upheld when every point is, not upheld when none is, otherwise partly upheld."""
    found = set(outcomes)
    if found == {Outcome.UPHELD}:
        return Outcome.UPHELD
    if found == {Outcome.NOT_UPHELD}:
        return Outcome.NOT_UPHELD
    return Outcome.PARTLY_UPHELD


def _require_outcomes(complaint: Complaint) -> list[str]:
    outcomes = list(complaint.points.values_list("outcome", flat=True))
    if not outcomes or "" in outcomes:
        raise ValidationError("Record an outcome for every complaint point first")
    return outcomes


def complaint_sign_off(*, complaint: Complaint, by: User | None, version: int,
                       on: date, note: str = "") -> Complaint:
    """Quality assurance of the draft response (due two working days before the deadline)."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="sign_off", by=by, version=version)
        _require_outcomes(complaint)
        _check_date(on, not_before=complaint.received_on, what="The date quality assured")
        complaint.qa_signed_off_on = on
        complaint.qa_signed_off_by = by
        return _save_step(complaint, "sign_off", on, by, note)


def complaint_respond(*, complaint: Complaint, by: User | None, version: int, on: date,
                      response_summary: str, copy_on_case_file: bool,
                      good_practice: str = "") -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="respond", by=by, version=version)
        outcomes = _require_outcomes(complaint)
        if complaint.qa_signed_off_on is None:
            raise ValidationError("The response must be quality assured before it is sent")
        if complaint.complainant_type == "child" and not complaint.advocate_offered:
            raise ValidationError("Offer the child an advocate before sending the response "
                                  "(record it with the first contact)")
        _check_date(on, not_before=complaint.qa_signed_off_on, what="The date sent")
        complaint.stage1_responded_on = on
        complaint.overall_outcome = overall_outcome(outcomes)
        complaint.response_summary = response_summary
        complaint.good_practice = good_practice
        complaint.copy_on_case_file = copy_on_case_file
        return _save_step(complaint, "respond", on, by,
                          f"Overall: {Outcome(complaint.overall_outcome).label}")


# ------------------------------------------------------------------ escalation


def _within_window(responded: date | None, requested: date, late_reason: str, what: str) -> str:
    if responded is None:
        raise ValidationError(f"There is no {what} to escalate from")
    window_ends = working_calendar().add_working_days(responded, clocks.ESCALATION_WINDOW_DAYS)
    if requested > window_ends:
        if not late_reason.strip():
            raise ValidationError(f"The request came after {window_ends:%d/%m/%Y}, 20 working "
                                  f"days after the {what}: give the reason it is accepted late")
        return f" Accepted late: {late_reason}"
    return ""


def complaint_mediate(*, complaint: Complaint, by: User | None, version: int, on: date,
                      note: str) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="mediate", by=by, version=version)
        _check_date(on, not_before=complaint.stage1_responded_on, what="The date of mediation")
        complaint.mediation_on = on
        return _save_step(complaint, "mediate", on, by, note)


def complaint_escalate(*, complaint: Complaint, by: User | None, version: int, requested_on: date,
                       investigating_officer: str, independent_person: str,
                       late_reason: str = "") -> Complaint:
    """Stage 2: asked for within 20 working days of the stage 1 response (or accepted late
    with a reason); 25 working days from the request."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="escalate", by=by, version=version)
        _check_date(requested_on, not_before=complaint.stage1_responded_on,
                    what="The date of the request")
        late = _within_window(complaint.stage1_responded_on, requested_on, late_reason,
                              "stage 1 response")
        complaint.stage2_requested_on = requested_on
        complaint.investigating_officer = investigating_officer
        complaint.independent_person = independent_person
        return _save_step(complaint, "escalate", requested_on, by,
                          f"Investigating officer {investigating_officer}; independent person "
                          f"{independent_person}.{late}")


def complaint_extend_stage2(*, complaint: Complaint, by: User | None, version: int,
                            new_due: date, reason: str) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="extend_stage2", by=by, version=version)
        if not reason.strip():
            raise ValidationError("Give the reason for the extension")
        calendar = working_calendar()
        today = timezone.localdate()
        pauses = selectors.pauses_of(complaint)
        start = complaint.stage2_requested_on or complaint.received_on
        current = clocks.due_date(calendar, start, complaint.stage2_days, pauses, today)
        if new_due <= current:
            raise ValidationError(f"The new date must be after the current deadline, "
                                  f"{current:%d/%m/%Y}")
        days = clocks.days_counted(calendar, start, new_due, pauses, today)
        if days > clocks.STAGE2_MAX_DAYS:
            latest = clocks.due_date(calendar, start, clocks.STAGE2_MAX_DAYS, pauses, today)
            raise ValidationError(f"Stage 2 can run to 65 working days at most: the latest "
                                  f"date is {latest:%d/%m/%Y}")
        complaint.stage2_days = days
        complaint.stage2_extension_reason = reason
        return _save_step(complaint, "extend_stage2", today, by,
                          f"New deadline {new_due:%d/%m/%Y} ({days} working days): {reason}")


def complaint_respond_stage2(*, complaint: Complaint, by: User | None, version: int, on: date,
                             outcome: str) -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="respond_stage2", by=by, version=version)
        _check_date(on, not_before=complaint.stage2_requested_on, what="The date sent")
        complaint.stage2_responded_on = on
        complaint.stage2_outcome = outcome
        return _save_step(complaint, "respond_stage2", on, by, Outcome(outcome).label)


def complaint_escalate_stage3(*, complaint: Complaint, by: User | None, version: int,
                              requested_on: date, late_reason: str = "") -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="escalate_stage3", by=by, version=version)
        _check_date(requested_on, not_before=complaint.stage2_responded_on,
                    what="The date of the request")
        late = _within_window(complaint.stage2_responded_on, requested_on, late_reason,
                              "stage 2 response")
        complaint.stage3_requested_on = requested_on
        return _save_step(complaint, "escalate_stage3", requested_on, by, late.strip())


def complaint_record_panel(*, complaint: Complaint, by: User | None, version: int, on: date,
                           outcome: str, note: str = "") -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="record_panel", by=by, version=version)
        _check_date(on, not_before=complaint.stage3_requested_on, what="The date of the panel")
        complaint.panel_held_on = on
        complaint.stage3_outcome = outcome
        return _save_step(complaint, "record_panel", on, by,
                          f"{Outcome(outcome).label}. {note}".strip())


RESOLUTION_BY_STATE = {
    Status.STAGE1_RESPONDED: Resolution.STAGE1,
    Status.MEDIATION: Resolution.MEDIATION,
    Status.STAGE2_RESPONDED: Resolution.STAGE2,
    Status.STAGE3_RESPONDED: Resolution.STAGE3,
}


def complaint_close(*, complaint: Complaint, by: User | None, version: int, on: date,
                    satisfaction: str, remedy: str = "", payment_pence: int | None = None,
                    note: str = "") -> Complaint:
    """Close, with the complainant's satisfaction asked and any remedy or payment."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="close", by=by, version=version)
        last = max(filter(None, [complaint.stage1_responded_on, complaint.mediation_on,
                                 complaint.stage2_responded_on, complaint.panel_held_on]))
        _check_date(on, not_before=last, what="The date closed")
        if payment_pence is not None and payment_pence > 0 and not remedy.strip():
            raise ValidationError("Describe the remedy the payment is part of")
        complaint.resolution = RESOLUTION_BY_STATE[Status(complaint.status)]
        complaint.closed_on = on
        complaint.satisfaction = satisfaction
        complaint.remedy = remedy
        complaint.payment_pence = payment_pence
        return _save_step(complaint, "close", on, by, note)


def complaint_withdraw(*, complaint: Complaint, by: User | None, version: int, on: date,
                       note: str) -> Complaint:
    """The complainant withdrew: the complaint closes and its clocks stop."""
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="withdraw", by=by, version=version)
        _check_date(on, not_before=complaint.received_on, what="The date withdrawn")
        complaint.closed_on = on
        complaint.resolution = Resolution.WITHDRAWN
        complaint.pauses.filter(ends_on__isnull=True).update(ends_on=on)
        return _save_step(complaint, "withdraw", on, by, note)


def complaint_refer_ombudsman(*, complaint: Complaint, by: User | None, version: int, on: date,
                              ombudsman_reference: str = "") -> Complaint:
    with transaction.atomic():
        complaint = _step(complaint=complaint, action="refer_ombudsman", by=by, version=version)
        _check_date(on, not_before=complaint.received_on, what="The date of the referral")
        complaint.ombudsman_referred_on = on
        complaint.ombudsman_reference = ombudsman_reference
        if complaint.closed_on is None:
            complaint.closed_on = on
        return _save_step(complaint, "refer_ombudsman", on, by, ombudsman_reference)


# ------------------------------------------------------------------ learning


def learning_action_add(*, complaint: Complaint, by: User | None, learning: str, action: str,
                        owner: User, due_on: date) -> LearningAction:
    if by is not None and not workflow.may_take(by.role_codes(), "respond"):
        raise workflow.TransitionError("Your role cannot record learning.")
    with transaction.atomic():
        item = LearningAction.objects.create(complaint=complaint, learning=learning,
                                             action=action, owner=owner, due_on=due_on)
        _event(complaint, "learning", timezone.localdate(), by,
               f"{action} (owner {owner}, due {due_on:%d/%m/%Y})")
        return item


def learning_action_complete(*, item: LearningAction, by: User | None, version: int,
                             on: date) -> LearningAction:
    with transaction.atomic():
        locked = LearningAction.objects.select_for_update().get(pk=item.pk)
        if locked.version != version:
            raise ConflictError
        if locked.completed_on is not None:
            raise ValidationError("This action is already complete")
        _check_date(on, not_before=locked.created_at.date(), what="The date completed")
        locked.completed_on = on
        locked.version += 1
        locked.save()
        _event(locked.complaint, "learning_done", on, by, locked.action)
        return locked


# ------------------------------------------------------------------ compliments


def compliment_record(*, by: User | None, received_on: date, category: str, giver_type: str,
                      giver_name: str, text: str, staff: Iterable[User],
                      team: Team | None = None) -> Compliment:
    """Log a compliment about one or more members of staff; the team is the first one's."""
    staff = list(staff)
    if not staff and team is None:
        raise ValidationError("Choose the member of staff or the team the compliment is about")
    _check_date(received_on, what="The date received")
    team = team or staff[0].team
    if team is None:
        raise ValidationError("Choose the team the compliment is about")
    with transaction.atomic():
        compliment = Compliment.objects.create(
            received_on=received_on, category=category, giver_type=giver_type,
            giver_name=giver_name, text=text, team=team,
            recorded_by=by if by is not None and by.is_authenticated else None,
            shared_on=timezone.localdate())
        compliment.staff.set(staff)
    _share(compliment, staff)
    return compliment


def _share(compliment: Compliment, staff: list[User]) -> None:
    """Tell the people praised, and their team managers, by email."""
    names = ", ".join(person.display_name for person in staff) or compliment.team.name
    managers = User.objects.filter(team__in={person.team_id for person in staff if person.team_id}
                                   | {compliment.team_id},
                                   role_grants__role=Role.TEAM_MANAGER, is_active=True)
    recipients = {person.email for person in [*staff, *managers] if person.email}
    for address in sorted(recipients):
        _email(address, f"A compliment for {names}",
               f"{compliment.get_giver_type_display()} said, on "
               f"{compliment.received_on:%d %B %Y}:\n\n\"{compliment.text}\"\n\n"
               "Thank you. You can see your compliments in Clearsight.")


# ------------------------------------------------------------------ reminders


def _email(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def deadline_notices_send(*, today: date) -> int:
    """Email each allocated QA officer a reminder two working days before each deadline and an
    alert once it has passed; each is sent once per deadline. Returns how many were sent."""
    calendar = working_calendar()
    sent = 0
    open_ones = (Complaint.objects.exclude(status__in=[Status.CLOSED, Status.OMBUDSMAN])
                 .filter(qa_officer__isnull=False).select_related("qa_officer")
                 .prefetch_related("pauses"))
    for complaint in open_ones:
        officer = complaint.qa_officer
        if officer is None or not officer.email:
            continue
        for clock in selectors.complaint_clocks(complaint, calendar, today):
            if clock.done is not None or clock.due is None:
                continue
            if today > clock.due:
                kind = DeadlineNotice.Kind.OVERDUE
                subject = f"Overdue: {clock.name.lower()} for complaint {complaint.reference}"
                body = (f"The deadline for '{clock.name.lower()}' on complaint "
                        f"{complaint.reference} was {clock.due:%A %d %B %Y}. It has not been "
                        "recorded as done. Please record it, or the reason for the delay, in "
                        "Clearsight.")
            elif calendar.add_working_days(today, clocks.DUE_SOON_DAYS) >= clock.due:
                kind = DeadlineNotice.Kind.REMINDER
                subject = f"Due soon: {clock.name.lower()} for complaint {complaint.reference}"
                body = (f"The deadline for '{clock.name.lower()}' on complaint "
                        f"{complaint.reference} is {clock.due:%A %d %B %Y}.")
            else:
                continue
            try:
                with transaction.atomic():
                    DeadlineNotice.objects.create(complaint=complaint, clock=clock.code,
                                                  kind=kind, due_on=clock.due,
                                                  sent_to=officer.email)
            except IntegrityError:
                continue  # already told
            _email(officer.email, subject, body)
            sent += 1
    return sent


def deadline_notices_daily(*, today: date | None = None) -> Any:
    """Once a day (catching up if a day was missed: notices are keyed by deadline)."""
    today = today or timezone.localdate()
    return run_once_per_period(
        job="complaints-deadline-notices", period=today.isoformat(),
        work=lambda: f"{deadline_notices_send(today=today)} notices sent")
