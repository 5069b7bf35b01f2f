"""Feedback: inviting families, taking their answers (by link or by phone), safety alerts,
themes and the "you said, we did" log. Every write goes through a function here.

Links and codes (ADR 0010): the link carries `secrets.token_urlsafe(32)` (256 random bits); the
short code is 8 characters from an alphabet without look-alike letters and digits (about 40
bits), for people who type it from a letter. Only an HMAC of each (keyed with SECRET_KEY) is
stored, so the database alone cannot be used to answer as a family. The code's smaller space is
why the public pages count failed guesses and stop a client after a few (core.rate_limit).
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clearsight.casework.models import Case
from clearsight.feedback import workflow
from clearsight.feedback.models import (
    Action,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Route,
    SafetyAlert,
    SafetyPhrase,
    Survey,
    SurveyPoint,
    SurveyVersion,
    Theme,
)
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
LINK_DAYS = 42  # six weeks to answer, unless settings.FEEDBACK_LINK_DAYS says otherwise
MAX_TEXT = 2000
MAX_NAME = 120


class ConflictError(Exception):
    """Someone else saved the record after this person opened it."""


class Unavailable(Exception):
    """The invitation cannot be answered: `state` is used, expired, withdrawn or unknown."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    token: str  # shown once, never stored
    code: str  # shown once, as XXXX-XXXX


@dataclass(frozen=True)
class Found:
    state: str  # "issued" (may be answered), "used", "withdrawn", "expired" or "unknown"
    invitation: Invitation | None


# ------------------------------------------------------------------ tokens and codes


def secret_digest(value: str, *, purpose: str) -> str:
    key = f"clearsight.feedback.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def code_normalise(value: str) -> str:
    """What a person typed, as the code is stored: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def code_format(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def invitation_create(*, case: Case, point: str, by: User | None,
                      now: datetime | None = None) -> Issued:
    """A new invitation for the family on `case`, with its link token and code (returned once:
    put them in the letter or message; they cannot be shown again)."""
    if point not in SurveyPoint.values:
        raise ValidationError("Choose a survey point")
    now = now or timezone.now()
    days = int(getattr(settings, "FEEDBACK_LINK_DAYS", LINK_DAYS))
    for _ in range(5):
        token, code = secrets.token_urlsafe(32), _new_code()
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    case=case, point=point, created_by=by, expires_at=now + timedelta(days=days),
                    token_hash=secret_digest(token, purpose="token"),
                    code_hash=secret_digest(code, purpose="code"))
        except IntegrityError:  # a code already in use: draw again
            continue
        return Issued(invitation, token, code_format(code))
    raise RuntimeError("could not draw an unused code")  # pragma: no cover


def invitation_send_email(*, to: str, link: str, code: str, start_url: str) -> None:
    """Send the family their link and code by email, through the configured backend (GOV.UK
    Notify when NOTIFY_API_KEY is set). The address is used once and not kept."""
    from clearsight.core.tasks import send_email

    body = ("We would like to know what you think of the help your family had from us.\n\n"
            f"Answer a few short questions here: {link}\n\n"
            f"Or go to {start_url} and type this code: {code}\n\n"
            "The link works once and stops working after six weeks. You do not need an account."
            "\n\nIf you or a child are in danger, call 999. Children can call Childline free "
            "on 0800 1111.")
    transaction.on_commit(lambda: send_email(subject="Tell us what you think", body=body,
                                             to=[to]))


def invitation_find(*, token: str = "", code: str = "", now: datetime | None = None) -> Found:
    """The invitation a link token or typed code belongs to, and its state."""
    now = now or timezone.now()
    if token:
        if len(token) > 100:
            return Found("unknown", None)
        lookup = {"token_hash": secret_digest(token, purpose="token")}
    else:
        normal = code_normalise(code)
        if len(normal) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in normal):
            return Found("unknown", None)
        lookup = {"code_hash": secret_digest(normal, purpose="code")}
    invitation = Invitation.objects.filter(**lookup).first()
    if invitation is None:
        return Found("unknown", None)
    return Found(workflow.invitation_state(invitation, now=now), invitation)


def invitation_withdraw(*, invitation: Invitation, by: User) -> Invitation:
    if not workflow.may_act(workflow.INVITATION_ACTORS, "withdraw", by.role_codes()):
        raise ValidationError("You cannot withdraw invitations")
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        locked.status = workflow.next_state(workflow.INVITATION_TRANSITIONS, locked.status,
                                            "withdraw")
        locked.save(update_fields=["status", "updated_at"])
    return locked


# ------------------------------------------------------------------ surveys


def surveys_install_defaults() -> int:
    """Add the shipped surveys and safety phrases that are missing (feedback/defaults.py)."""
    from clearsight.feedback import defaults

    return defaults.install(survey_model=Survey, version_model=SurveyVersion,
                            question_model=Question, phrase_model=SafetyPhrase,
                            published_at=timezone.now())


def survey_version_current(*, point: str, audience: str) -> SurveyVersion:
    """The published version of the active survey for this point and audience."""
    survey = Survey.objects.filter(point=point, audience=audience, is_active=True).first()
    version = survey.current_version() if survey else None
    if version is None:
        raise ValidationError("There is no survey for this point yet. Ask the quality "
                              "assurance team to set one up")
    return version


def survey_version_publish(*, version: SurveyVersion, now: datetime | None = None
                           ) -> SurveyVersion:
    """Make a draft version the one families answer from now on. Earlier versions stay, with
    the responses made to them."""
    if version.published_at is not None:
        raise ValidationError("This version is already published")
    if not version.questions.exists():
        raise ValidationError("Add at least one question before publishing")
    latest = version.survey.current_version()
    if latest is not None and latest.number > version.number:
        raise ValidationError("A later version is already published")
    version.published_at = now or timezone.now()
    version.save(update_fields=["published_at"])
    return version


def survey_version_draft(*, survey: Survey) -> SurveyVersion:
    """A new draft copying the current version's questions, for an authority to edit."""
    with transaction.atomic():
        current = survey.current_version()
        number = (survey.versions.order_by("-number").values_list("number", flat=True).first()
                  or 0) + 1
        draft = SurveyVersion.objects.create(
            survey=survey, number=number,
            introduction=current.introduction if current else "")
        for question in current.questions.all() if current else []:
            question.pk = None
            question.version = draft
            question.save()
    return draft


# ------------------------------------------------------------------ answers


def _clean_answers(questions: Sequence[Question], answers: Mapping[str, Any]
                   ) -> list[Answer]:
    """Answer rows for the questions, or ValidationError naming each problem by question."""
    errors: dict[str, str] = {}
    rows: list[Answer] = []
    for question in questions:
        value = answers.get(question.code)
        empty = value in (None, "", [])
        if empty:
            if question.required:
                errors[question.code] = f"Answer: {question.text}"
            continue
        options = {key for key, _ in question.option_list()}
        row = Answer(question=question)
        if question.kind == QuestionKind.SCALE:
            if str(value) not in options:
                errors[question.code] = f"Choose a number for: {question.text}"
                continue
            row.number = int(str(value))
        elif question.kind == QuestionKind.MULTIPLE:
            chosen = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
            if any(v not in options for v in chosen):
                errors[question.code] = f"Choose from the list for: {question.text}"
                continue
            row.choices = chosen
        elif question.kind == QuestionKind.TEXT:
            text = str(value).strip()
            if len(text) > MAX_TEXT:
                errors[question.code] = f"Your answer must be {MAX_TEXT} characters or fewer"
                continue
            row.text = text
        else:
            if str(value) not in options:
                errors[question.code] = f"Choose an answer for: {question.text}"
                continue
            row.choice = str(value)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def safety_phrases() -> list[str]:
    return list(SafetyPhrase.objects.filter(is_active=True).values_list("phrase", flat=True))


def safety_matches(texts: Sequence[str], phrases: Sequence[str] | None = None) -> list[str]:
    """The active safety phrases found (as whole words, any case) in the free-text answers."""
    found = []
    joined = " ".join(t.lower() for t in texts)
    for phrase in safety_phrases() if phrases is None else phrases:
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in phrase.lower().split()) + r"\b"
        if re.search(pattern, joined):
            found.append(phrase)
    return found


def _create_response(*, version: SurveyVersion, case: Case, route: str, received_on: date,
                     answers: Mapping[str, Any], respondent_name: str, hide_from_worker: bool,
                     unsafe: bool, invitation: Invitation | None = None,
                     caller: User | None = None, link_base: str = "") -> Response:
    rows = _clean_answers(list(version.questions.all()), answers)
    if len(respondent_name) > MAX_NAME:
        raise ValidationError({"respondent_name": f"A name must be {MAX_NAME} characters or "
                                                  "fewer"})
    response = Response.objects.create(
        invitation=invitation, version=version, point=version.survey.point,
        audience=version.survey.audience, route=route, received_on=received_on, case=case,
        team=case.team, service_area=case.team.service_area, worker=case.allocated_worker,
        respondent_name=respondent_name.strip(), hide_from_worker=hide_from_worker,
        unsafe=unsafe, caller=caller)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    reasons = []
    if unsafe:
        reasons.append("They said they or a child are not safe")
    matched = safety_matches([row.text for row in rows if row.text])
    if matched:
        reasons.append("Their words include: " + ", ".join(f'"{m}"' for m in matched))
    if reasons:
        _alert_raise(response=response, reason="; ".join(reasons)[:200], link_base=link_base)
    return response


def _alert_raise(*, response: Response, reason: str, link_base: str) -> SafetyAlert:
    from clearsight.core.tasks import send_email

    alert = SafetyAlert.objects.create(response=response, reason=reason)
    link = link_base.rstrip("/") + reverse("feedback:response-detail", args=[response.pk])
    to = list(User.objects.filter(is_active=True, role_grants__role=Role.QA_OFFICER)
              .exclude(email="").values_list("email", flat=True).distinct())
    if to:
        # No names or answers in the email: the link opens the response for those allowed.
        transaction.on_commit(lambda: send_email(
            subject="Clearsight: feedback that needs looking at now",
            body=f"A family's feedback may mean a child is not safe ({reason}).\n\n"
                 f"Open it now: {link}\n\nAll open alerts: "
                 f"{link_base.rstrip('/')}{reverse('feedback:alerts')}",
            to=to))
    return alert


def response_submit_by_link(*, invitation_id: int, audience: str, answers: Mapping[str, Any],
                            respondent_name: str = "", hide_from_worker: bool = False,
                            unsafe: bool = False, link_base: str = "",
                            now: datetime | None = None) -> Response:
    """The family's answers through their invitation. The invitation is locked and used in the
    same transaction, and the one-to-one column refuses a second response, so a double submit
    (or two tabs) makes one response and the other gets Unavailable("used")."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update().select_related("case__team")
                      .filter(pk=invitation_id).first())
        if invitation is None:
            raise Unavailable("unknown")
        state = workflow.invitation_state(invitation, now=now)
        if state != Invitation.Status.ISSUED:
            raise Unavailable(state)
        version = survey_version_current(point=invitation.point, audience=audience)
        try:
            with transaction.atomic():
                response = _create_response(
                    version=version, case=invitation.case, route=Route.LINK,
                    received_on=timezone.localdate(now), answers=answers,
                    respondent_name=respondent_name, hide_from_worker=hide_from_worker,
                    unsafe=unsafe, invitation=invitation, link_base=link_base)
        except IntegrityError:
            raise Unavailable("used") from None
        invitation.status = workflow.next_state(workflow.INVITATION_TRANSITIONS,
                                                invitation.status, "answer")
        invitation.used_at = now
        invitation.save(update_fields=["status", "used_at", "updated_at"])
    return response


def response_record_by_phone(*, case: Case, point: str, audience: str,
                             answers: Mapping[str, Any], caller: User, called_on: date,
                             respondent_name: str = "", hide_from_worker: bool = False,
                             unsafe: bool = False, link_base: str = "") -> Response:
    """Answers a family gave on the phone, typed in by the member of staff who called."""
    if called_on > timezone.localdate():
        raise ValidationError({"called_on": "The date of the call must be today or in the past"})
    version = survey_version_current(point=point, audience=audience)
    with transaction.atomic():
        return _create_response(
            version=version, case=case, route=Route.PHONE, received_on=called_on,
            answers=answers, respondent_name=respondent_name,
            hide_from_worker=hide_from_worker, unsafe=unsafe, caller=caller,
            link_base=link_base)


# ------------------------------------------------------------------ alerts, themes, actions


def alert_deal_with(*, alert: SafetyAlert, by: User, note: str) -> SafetyAlert:
    if not workflow.may_act(workflow.ALERT_ACTORS, "deal_with", by.role_codes()):
        raise ValidationError("Only quality assurance officers close safety alerts")
    if not note.strip():
        raise ValidationError({"note": "Say what was done"})
    with transaction.atomic():
        locked = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
        locked.status = workflow.next_state(workflow.ALERT_TRANSITIONS, locked.status,
                                            "deal_with")
        locked.dealt_with_by, locked.dealt_with_at = by, timezone.now()
        locked.note = note.strip()[:MAX_TEXT]
        locked.save()
    return locked


def theme_create(*, name: str) -> Theme:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter a name for the theme"})
    if Theme.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a theme with that name"})
    return Theme.objects.create(name=name[:80])


def response_themes_set(*, response: Response, themes: Sequence[Theme], by: User) -> Response:
    if not by.has_role(Role.QA_OFFICER):
        raise ValidationError("Only quality assurance officers tag themes")
    response.themes.set(themes)
    return response


def action_create(*, you_said: str, we_did: str, done_on: date, theme: Theme | None,
                  by: User) -> Action:
    _check_action(you_said, we_did)
    return Action.objects.create(you_said=you_said.strip(), we_did=we_did.strip(),
                                 done_on=done_on, theme=theme, recorded_by=by)


def action_update(*, action: Action, version: int, you_said: str, we_did: str, done_on: date,
                  theme: Theme | None, by: User) -> Action:
    """Save changes, refusing to overwrite a change made since the form was opened."""
    _check_action(you_said, we_did)
    with transaction.atomic():
        updated = Action.objects.filter(pk=action.pk, version=version).update(
            you_said=you_said.strip(), we_did=we_did.strip(), done_on=done_on, theme=theme,
            recorded_by=by, version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return Action.objects.get(pk=action.pk)


def _check_action(you_said: str, we_did: str) -> None:
    errors = {}
    if not you_said.strip():
        errors["you_said"] = "Enter what people told us"
    if not we_did.strip():
        errors["we_did"] = "Enter what we did about it"
    if errors:
        raise ValidationError(errors)
