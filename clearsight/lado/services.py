"""Writes to the LADO register. Each function checks the workflow table (workflow.py) for the
acting person, owns its transaction and records an event on the referral's timeline."""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearsight.core.calendar import working_calendar
from clearsight.lado import selectors
from clearsight.lado.models import (
    Allegation,
    LadoSettings,
    Meeting,
    OversightEntry,
    Referral,
    ReferralEvent,
)
from clearsight.lado.workflow import DECISION_ACTIONS, Action, Actor, next_state
from clearsight.organisation.models import User


class ConflictError(Exception):
    """Someone else saved the referral after this form was opened; nothing was saved."""


class LadoError(ValueError):
    """A rule of the register was broken; the message says which, for the person."""


def _event(referral: Referral, *, by: User | None, action: str, note: str = "") -> None:
    ReferralEvent.objects.create(referral=referral, at=timezone.now(), by=by, action=action,
                                 note=note)


def _locked(*, by: User, pk: int, action: str, version: int | None = None
            ) -> tuple[Referral, str]:
    """The referral locked for update, and the state the action leads to (or an error)."""
    actor = selectors.lado_access(by)
    referral = Referral.objects.select_for_update().get(pk=pk)
    if version is not None and referral.version != version:
        raise ConflictError
    return referral, next_state(state=referral.status, action=action, actor=actor)


def consideration_due_for(received: date) -> date:
    """Initial consideration is due one working day after the referral arrived (day 0)."""
    return working_calendar().add_working_days(received, 1)


def _next_reference(received: date) -> str:
    prefix = f"LADO-{received.year}-"
    last = (Referral.objects.filter(reference__startswith=prefix)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def referral_create(*, by: User, kind: str, received_at: datetime, referrer_name: str,
                    referrer_agency: str, subject_name: str, subject_role: str, employer: str,
                    sector: str, child_ids: str, description: str, harm_test: str,
                    category: str) -> Referral:
    """Record a new referral or consultation with its first allegation."""
    if selectors.lado_access(by) != Actor.OFFICER:
        raise LadoError("Only the LADO officers can record a referral.")
    if received_at > timezone.now():
        raise LadoError("The time the referral was received cannot be in the future.")
    received = timezone.localtime(received_at).date()
    with transaction.atomic():
        referral = Referral.objects.create(
            reference=_next_reference(received), kind=kind, received_at=received_at,
            referrer_name=referrer_name, referrer_agency=referrer_agency,
            subject_name=subject_name, subject_role=subject_role, employer=employer,
            sector=sector, child_ids=normalise_child_ids(child_ids), officer=by,
            consideration_due=consideration_due_for(received))
        Allegation.objects.create(referral=referral, description=description,
                                  harm_test=harm_test, category=category)
        _event(referral, by=by, action="Referral received",
               note=f"{referral.get_kind_display()} from {referrer_name}, {referrer_agency}")
    return referral


def normalise_child_ids(raw: str) -> str:
    ids = [part.strip().upper() for part in raw.replace("\n", ",").split(",") if part.strip()]
    return ", ".join(dict.fromkeys(ids))


EDITABLE = ("referrer_name", "referrer_agency", "subject_name", "subject_role", "employer",
            "sector", "child_ids", "discussion", "support_child", "support_person", "rationale",
            "police_involved", "employer_involved", "regulator_involved", "suspended_on",
            "dbs_referred_on", "regulator_referred_on", "regulator_name")


def referral_update(*, by: User, pk: int, version: int, **fields: Any) -> Referral:
    """Save the referral's details and record-quality fields, refusing a stale form."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    if fields.get("regulator_referred_on") and not (fields.get("regulator_name") or "").strip():
        raise LadoError("Say which regulator the person was referred to.")
    with transaction.atomic():
        referral, _ = _locked(by=by, pk=pk, action=Action.EDIT, version=version)
        if "child_ids" in fields:
            fields["child_ids"] = normalise_child_ids(fields["child_ids"])
        changed = [name for name, value in fields.items() if getattr(referral, name) != value]
        for name, value in fields.items():
            setattr(referral, name, value)
        referral.version += 1
        referral.save()
        labels = [str(getattr(Referral._meta.get_field(name), "verbose_name", name))
                  for name in changed]
        _event(referral, by=by, action="Record updated",
               note=("Changed: " + ", ".join(labels)) if labels else "No changes")
    return referral


def referral_decide(*, by: User, pk: int, version: int, decision: str, considered_on: date,
                    rationale: str) -> Referral:
    """The initial consideration: threshold met, not met, or advice only."""
    if decision not in DECISION_ACTIONS:
        raise LadoError("Choose a decision.")
    if not rationale.strip():
        raise LadoError("Write the rationale for the decision.")
    with transaction.atomic():
        referral, target = _locked(by=by, pk=pk, action=DECISION_ACTIONS[decision],
                                   version=version)
        received = timezone.localtime(referral.received_at).date()
        if considered_on < received:
            raise LadoError("The consideration cannot be before the referral was received.")
        if considered_on > timezone.localdate():
            raise LadoError("The consideration date cannot be in the future.")
        referral.decision = decision
        referral.considered_on = considered_on
        referral.rationale = rationale
        referral.status = target
        if target == Referral.Status.CLOSED:
            referral.closed_on = considered_on
        referral.version += 1
        referral.save()
        late = considered_on > referral.consideration_due
        _event(referral, by=by, action=f"Decision: {referral.get_decision_display()}",
               note=("Considered after the one working day target. " if late else "")
               + rationale)
    return referral


def allegation_add(*, by: User, referral_pk: int, description: str, harm_test: str,
                   category: str) -> Allegation:
    with transaction.atomic():
        referral, _ = _locked(by=by, pk=referral_pk, action=Action.ADD_ALLEGATION)
        allegation = Allegation.objects.create(referral=referral, description=description,
                                               harm_test=harm_test, category=category)
        _event(referral, by=by, action="Allegation added",
               note=allegation.get_category_display())
    return allegation


def allegation_record_outcome(*, by: User, referral_pk: int, allegation_pk: int, outcome: str,
                              resolved_on: date) -> Allegation:
    with transaction.atomic():
        referral, _ = _locked(by=by, pk=referral_pk, action=Action.RECORD_OUTCOME)
        allegation = referral.allegations.get(pk=allegation_pk)
        if resolved_on < timezone.localtime(referral.received_at).date():
            raise LadoError("An allegation cannot be resolved before it was received.")
        if resolved_on > timezone.localdate():
            raise LadoError("The resolution date cannot be in the future.")
        allegation.outcome = outcome
        allegation.resolved_on = resolved_on
        allegation.save()
        _event(referral, by=by, action="Outcome recorded",
               note=f"{allegation.get_category_display()}: {allegation.get_outcome_display()}")
    return allegation


def meeting_record(*, by: User, referral_pk: int, kind: str, held_on: date, attendees: str,
                   discussion: str, actions: str, next_meeting_on: date | None) -> Meeting:
    if held_on > timezone.localdate():
        raise LadoError("Record a meeting once it has been held.")
    if next_meeting_on is not None and next_meeting_on <= held_on:
        raise LadoError("The next meeting must be after this one.")
    with transaction.atomic():
        referral, _ = _locked(by=by, pk=referral_pk, action=Action.RECORD_MEETING)
        meeting = Meeting.objects.create(
            referral=referral, kind=kind, held_on=held_on, attendees=attendees,
            discussion=discussion, actions=actions, next_meeting_on=next_meeting_on)
        _event(referral, by=by, action=f"{meeting.get_kind_display()} recorded",
               note=f"Held on {held_on:%d/%m/%Y}")
    return meeting


def referral_close(*, by: User, pk: int, version: int, closed_on: date) -> Referral:
    """Close a referral whose threshold was met: every allegation needs an outcome first."""
    with transaction.atomic():
        referral, target = _locked(by=by, pk=pk, action=Action.CLOSE, version=version)
        allegations = list(referral.allegations.all())
        if not allegations or any(not a.outcome or a.resolved_on is None for a in allegations):
            raise LadoError("Record an outcome and resolution date for every allegation "
                            "before closing the referral.")
        if closed_on < max(a.resolved_on for a in allegations if a.resolved_on):
            raise LadoError("The referral cannot close before its last allegation was "
                            "resolved.")
        if closed_on > timezone.localdate():
            raise LadoError("The closing date cannot be in the future.")
        referral.status = target
        referral.closed_on = closed_on
        referral.version += 1
        referral.save()
        band = selectors.timeliness_band(received=timezone.localtime(referral.received_at)
                                         .date(), resolved=closed_on)
        _event(referral, by=by, action="Referral closed", note=band)
    return referral


def referral_reopen(*, by: User, pk: int, version: int, reason: str) -> Referral:
    if not reason.strip():
        raise LadoError("Say why the referral is being reopened.")
    with transaction.atomic():
        referral, target = _locked(by=by, pk=pk, action=Action.REOPEN, version=version)
        referral.status = target
        referral.closed_on = None
        if referral.decision != "threshold_met":
            referral.decision = "threshold_met"
        referral.version += 1
        referral.save()
        _event(referral, by=by, action="Referral reopened", note=reason)
    return referral


def oversight_add(*, by: User, referral_pk: int, note: str) -> OversightEntry:
    if not note.strip():
        raise LadoError("Write the oversight note.")
    with transaction.atomic():
        referral, _ = _locked(by=by, pk=referral_pk, action=Action.ADD_OVERSIGHT)
        entry = OversightEntry.objects.create(referral=referral, by=by,
                                              written_at=timezone.now(), note=note)
        _event(referral, by=by, action="Management oversight recorded")
    return entry


def lado_settings_update(*, by: User, version: int, senior_manager: User | None,
                         retention_years: int) -> LadoSettings:
    """Name the senior manager and set retention. Only LADO officers may; who changed it and
    when is kept on the row and shown on the settings page."""
    if selectors.lado_access(by) != Actor.OFFICER:
        raise LadoError("Only the LADO officers can change these settings.")
    if senior_manager is not None and not selectors.may_be_senior_manager(senior_manager):
        raise LadoError("The senior manager must hold a service manager, head of service, "
                        "service director or principal social worker role, and must not be "
                        "an administrator or a LADO officer.")
    if not 1 <= retention_years <= 100:
        raise LadoError("Retention must be between 1 and 100 years.")
    with transaction.atomic():
        current = selectors.lado_settings()
        updated = LadoSettings.objects.filter(pk=current.pk, version=version).update(
            senior_manager=senior_manager, retention_years=retention_years,
            version=version + 1, updated_by=by, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return selectors.lado_settings()


def referrals_delete_past_retention(*, today: date) -> list[str]:
    """Delete closed referrals past retention (with their allegations, meetings, oversight
    and timeline). Returns the references deleted."""
    with transaction.atomic():
        expired = selectors.referrals_past_retention(today=today)
        references = list(expired.values_list("reference", flat=True))
        expired.delete()
    return references
