"""Improvement plans: every write. Each function owns its transaction and its rules.

Records people edit carry a `version`: a write names the version its form loaded and is
refused (ConflictError, nothing saved) when someone else saved the record since. Progress
updates and RAG ratings are only ever added.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from clearsight.core.csv_import import (
    CONFLICT_MESSAGE,
    MB,
    CsvSpec,
    CsvTable,
    ProblemList,
    RowError,
    RowReader,
    csv_read,
    date_parse,
    import_record_create,
)
from clearsight.core.evidence import reference_problem
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import User
from clearsight.plans.models import (
    Action,
    MeasureLink,
    Plan,
    ProgressUpdate,
    RagRating,
    Recommendation,
)
from clearsight.plans.selectors import action_actor_kinds, user_edits_plans
from clearsight.plans.workflow import (
    ACTION_ACTORS,
    EDITOR,
    PLAN_ACTORS,
    PROGRESS_ACTORS,
    RATE_ACTORS,
    ActionStatus,
    PlanStatus,
    Rag,
    TransitionError,
    action_next,
    plan_next,
)
from clearsight_analytics.indicators import BY_CODE


class ConflictError(Exception):
    """Someone else saved the record after this form was opened; nothing was saved."""


class PlanError(ValueError):
    """A rule about plans was broken; the message says which, in plain English."""


def _who(user: Any) -> tuple[Any, str]:
    if user is None or not user.is_authenticated:
        return None, ""
    return user, str(user.display_name)[:200]


# ------------------------------------------------------------------ timescales

QUARTER = re.compile(r"q([1-4])\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})", re.IGNORECASE)
QUARTER_ENDS = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}


def timescale_parse(value: str) -> tuple[str, date]:
    """A timescale as written in a plan: a financial quarter ("Q2 2025/26", April to March
    years) or a date. Returns the quarter as written in one form ("" for a date) and the date
    the action is due by (for a quarter, its last day). Raises PlanError."""
    text = value.strip()
    if match := QUARTER.fullmatch(text):
        quarter, start = int(match.group(1)), int(match.group(2))
        end = match.group(3)
        follows = int(end) == (start + 1 if len(end) == 4 else (start + 1) % 100)
        if not follows:
            raise PlanError(f'"{text}" is not a financial year: the second year must follow '
                            f"the first, as in Q{quarter} {start}/{(start + 1) % 100:02d}.")
        add, month, day = QUARTER_ENDS[quarter]
        return f"Q{quarter} {start}/{(start + 1) % 100:02d}", date(start + add, month, day)
    try:
        return "", date_parse(text)
    except ValueError:
        raise PlanError(f'"{text[:40]}" is not a timescale. Write a financial quarter such as '
                        "Q2 2025/26, or a date such as 30/09/2025.") from None


# ------------------------------------------------------------------ plans


def plan_create(*, name: str, starts_on: date, ends_on: date, summary: str = "",
                by: Any = None, import_record: ImportRecord | None = None) -> Plan:
    name = name.strip()
    if not name:
        raise PlanError("Enter a name for the plan")
    if ends_on < starts_on:
        raise PlanError("The plan must end after it starts")
    with transaction.atomic():
        if Plan.objects.filter(name__iexact=name).exists():
            raise PlanError(f'There is already a plan called "{name}". Choose another name.')
        return Plan.objects.create(name=name, summary=summary, starts_on=starts_on,
                                   ends_on=ends_on, created_by=_who(by)[0],
                                   import_record=import_record)


def plan_update(*, plan: Plan, version: int, name: str, summary: str, starts_on: date,
                ends_on: date, by: Any) -> Plan:
    name = name.strip()
    if ends_on < starts_on:
        raise PlanError("The plan must end after it starts")
    if not user_edits_plans(by):
        raise TransitionError("Only those who run improvement plans may change one.")
    with transaction.atomic():
        if Plan.objects.filter(name__iexact=name).exclude(pk=plan.pk).exists():
            raise PlanError(f'There is already a plan called "{name}". Choose another name.')
        updated = Plan.objects.filter(pk=plan.pk, version=version).update(
            name=name, summary=summary, starts_on=starts_on, ends_on=ends_on,
            version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return Plan.objects.get(pk=plan.pk)


def plan_transition(*, plan: Plan, action: str, version: int, by: Any) -> Plan:
    """Move a plan on (activate, close, reopen), as the transition table allows."""
    if EDITOR not in PLAN_ACTORS.get(action, frozenset()) or not user_edits_plans(by):
        raise TransitionError("Only those who run improvement plans may do that.")
    new_status = plan_next(plan.status, action)
    with transaction.atomic():
        updated = Plan.objects.filter(pk=plan.pk, version=version, status=plan.status).update(
            status=new_status, version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return Plan.objects.get(pk=plan.pk)


# ------------------------------------------------------------------ recommendations, actions


def recommendation_create(*, plan: Plan, title: str, text: str = "", number: int | None = None
                          ) -> Recommendation:
    """Add a recommendation, numbered next unless `number` is given."""
    if not title.strip():
        raise PlanError("Enter a short title for the recommendation")
    with transaction.atomic():
        if number is None:
            number = (plan.recommendations.aggregate(last=Max("number"))["last"] or 0) + 1
        if plan.recommendations.filter(number=number).exists():
            raise PlanError(f"The plan already has a recommendation {number}.")
        return Recommendation.objects.create(plan=plan, number=number, title=title.strip(),
                                             text=text.strip())


def recommendation_update(*, recommendation: Recommendation, version: int, title: str,
                          text: str, by: Any) -> Recommendation:
    if not user_edits_plans(by):
        raise TransitionError("Only those who run improvement plans may change one.")
    if not title.strip():
        raise PlanError("Enter a short title for the recommendation")
    with transaction.atomic():
        updated = Recommendation.objects.filter(pk=recommendation.pk, version=version).update(
            title=title.strip(), text=text.strip(), version=version + 1,
            updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return Recommendation.objects.get(pk=recommendation.pk)


def action_create(*, recommendation: Recommendation, text: str, timescale: str,
                  owner: User | None = None, owner_forum: str = "", partners: str = "",
                  status: str = ActionStatus.NOT_STARTED) -> Action:
    """Add an action to the end of a recommendation's list. It needs an owner: a person or
    the name of a forum (not both)."""
    if (owner is None) == (not owner_forum.strip()):
        raise PlanError("An action is owned by one person or one forum: name one of them.")
    if not text.strip():
        raise PlanError("Enter what the action is")
    quarter, due_on = timescale_parse(timescale)
    with transaction.atomic():
        last = recommendation.actions.aggregate(last=Max("number"))["last"] or 0
        return Action.objects.create(
            recommendation=recommendation, number=last + 1, text=text.strip(), owner=owner,
            owner_forum=owner_forum.strip(), partners=partners.strip(), due_quarter=quarter,
            due_on=due_on, status=status)


def action_update(*, action: Action, version: int, by: Any, text: str, timescale: str,
                  owner: User | None, owner_forum: str, partners: str) -> Action:
    """Change what an action is, who owns it and when it is due (not its status or rating,
    which move through the workflow)."""
    if not user_edits_plans(by):
        raise TransitionError("Only those who run improvement plans may change an action.")
    if (owner is None) == (not owner_forum.strip()):
        raise PlanError("An action is owned by one person or one forum: name one of them.")
    if not text.strip():
        raise PlanError("Enter what the action is")
    quarter, due_on = timescale_parse(timescale)
    with transaction.atomic():
        updated = Action.objects.filter(pk=action.pk, version=version).update(
            text=text.strip(), owner=owner, owner_forum=owner_forum.strip(),
            partners=partners.strip(), due_quarter=quarter, due_on=due_on,
            version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return Action.objects.get(pk=action.pk)


def measure_link_add(*, recommendation: Recommendation, kind: str, reference: str = "",
                     note: str = "") -> MeasureLink:
    """Link a measure of success. An indicator is named by its catalogue code; audit evidence
    by a domain's code, "overall" or "theme:<name>"; feedback by a question's code. The app
    that owns the kind checks the reference (core.evidence, ADR 0014), and its live figures
    are then shown beside the recommendation. Audit evidence and feedback may instead be
    described in words only (no reference)."""
    reference, note = reference.strip(), note.strip()
    if kind not in MeasureLink.Kind.values:
        raise PlanError(f"{kind!r} is not a kind of measure.")
    if kind == MeasureLink.Kind.INDICATOR and not reference:
        raise PlanError("Enter the indicator's code in the catalogue.")
    if reference and (problem := reference_problem(kind, reference)):
        raise PlanError(problem)
    if kind == MeasureLink.Kind.INDICATOR and reference in BY_CODE:
        note = note or BY_CODE[reference].title
    elif not (reference or note):
        raise PlanError("Describe the measure")
    link, _ = MeasureLink.objects.get_or_create(recommendation=recommendation, kind=kind,
                                                reference=reference, note=note[:300])
    return link


# ------------------------------------------------------------------ progress and RAG


def _require(user: Any, action: Action, actors: frozenset[str], what: str) -> None:
    if not action_actor_kinds(user=user, action=action) & actors:
        raise TransitionError(f"Only the action's owner or those who run the plan may {what}.")


def _check_open(action: Action) -> None:
    if action.recommendation.plan.status == PlanStatus.CLOSED:
        raise PlanError("The plan is closed. Reopen it to record more progress.")


def action_progress_add(*, action: Action, version: int, by: Any, text: str,
                        happened_on: date, evidence: str = "", step: str = "",
                        today: date | None = None) -> ProgressUpdate:
    """Add a progress update, and move the action on (`step`) if one is given. Refused when
    the action changed since the form was opened."""
    _require(by, action, PROGRESS_ACTORS, "add progress")
    _check_open(action)
    if not text.strip():
        raise PlanError("Enter what has happened")
    if happened_on > (today or timezone.localdate()):
        raise PlanError("The date must be today or in the past")
    before = action.status
    after = before
    if step:
        if not action_actor_kinds(user=by, action=action) & ACTION_ACTORS.get(step, frozenset()):
            raise TransitionError("Only those who run the plan may do that.")
        after = action_next(before, step)
    user, name = _who(by)
    with transaction.atomic():
        updated = Action.objects.filter(pk=action.pk, version=version, status=before).update(
            status=after, version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
        update = ProgressUpdate.objects.create(
            action=action, happened_on=happened_on, text=text.strip(),
            evidence=evidence.strip(), status_before=before if step else "",
            status_after=after if step else "", by=user, by_name=name,
            added_at=timezone.now())
    action.refresh_from_db()
    return update


def action_rate(*, action: Action, version: int, by: Any, rating: str, reason: str,
                rated_on: date | None = None) -> RagRating:
    """Set the action's RAG rating, with the reason, next to the latest evidence."""
    _require(by, action, RATE_ACTORS, "rate it")
    _check_open(action)
    if rating not in Rag.values:
        raise PlanError("Choose red, amber or green")
    if not reason.strip():
        raise PlanError("Explain why you chose this rating")
    user, name = _who(by)
    with transaction.atomic():
        updated = Action.objects.filter(pk=action.pk, version=version).update(
            rag=rating, version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
        rated = rated_on or timezone.localdate()
        evidence = action.updates.filter(happened_on__lte=rated).order_by(
            "-happened_on", "-added_at", "-pk").first()
        rag = RagRating.objects.create(action=action, rating=rating, reason=reason.strip(),
                                       evidence=evidence, rated_on=rated, by=user,
                                       by_name=name, added_at=timezone.now())
    action.refresh_from_db()
    return rag


# ------------------------------------------------------------------ import from a spreadsheet

IMPORT_SPEC = CsvSpec(
    columns=("recommendation", "recommendation_title", "recommendation_text", "action", "owner",
             "partners", "timescale", "status", "rag", "rag_reason", "indicators",
             "audit_evidence", "feedback"),
    required=frozenset({"recommendation", "action", "owner", "timescale"}),
    max_rows=2000, max_bytes=5 * MB)
STATUS_CODES = {status.label.lower(): status.value for status in ActionStatus} | {
    status.value: status.value for status in ActionStatus}
RAG_CODES = {rag.value: rag.value for rag in Rag} | {"r": "red", "a": "amber", "g": "green"}
XLSX_MAX_UNPACKED = 50 * MB
NUMBER = re.compile(r"[1-9][0-9]?")
# An audit or feedback item written as a reference (a code such as voice-of-the-child or
# listened_to, "overall", or "theme:" and a name) rather than described in words.
REFERENCE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}|theme:.{1,34}")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):  # a datetime
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_as_csv(data: bytes) -> tuple[bytes | None, str]:
    """The first sheet of a workbook as CSV bytes (each row as it is numbered in the
    spreadsheet), or None and why it cannot be read."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return None, "The file is not an Excel workbook (.xlsx). Save it as one, or as CSV."
    if unpacked > XLSX_MAX_UNPACKED:
        return None, "The workbook is too large once unpacked. Save the plan as CSV instead."
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        return None, "The workbook cannot be read. Save it again as .xlsx, or as CSV."
    out = io.StringIO()
    writer = csv.writer(out)
    try:
        sheet = book.worksheets[0]
        for count, row in enumerate(sheet.iter_rows(values_only=True)):
            if count > IMPORT_SPEC.max_rows + 1:
                break
            writer.writerow([_cell_text(value) for value in row])
    finally:
        book.close()
    return out.getvalue().encode("utf-8"), ""


@dataclass
class _ActionRow:
    row: int
    text: str
    owner: User | None
    forum: str
    partners: str
    timescale: str
    status: str
    rag: str
    rag_reason: str


@dataclass
class _RecommendationRows:
    number: int
    title: str = ""
    text: str = ""
    actions: list[_ActionRow] = field(default_factory=list)
    measures: set[tuple[str, str, str]] = field(default_factory=set)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _read_plan(table: CsvTable, errors: ProblemList) -> dict[int, _RecommendationRows]:
    people = {user.email.lower(): user for user in User.objects.filter(is_active=True)
              if user.email}
    recommendations: dict[int, _RecommendationRows] = {}
    for row in table.rows:
        read = RowReader(row, errors)
        number_text = read.text("recommendation", required=True, pattern=NUMBER,
                                expected="a whole number from 1 to 99")
        title = read.text("recommendation_title", max_length=200)
        text = read.text("recommendation_text")
        action = read.text("action", required=True)
        owner_text = read.text("owner", required=True, max_length=200)
        partners = read.text("partners", max_length=300)
        timescale = read.text("timescale", required=True)
        status = read.code("status", STATUS_CODES,
                           expected="not started, in progress, complete or withdrawn")
        rag = read.code("rag", RAG_CODES, expected="red, amber or green")
        rag_reason = read.text("rag_reason")
        owner: User | None = None
        forum = ""
        if "@" in owner_text:
            owner = people.get(owner_text.lower())
            if owner is None:
                read.error("owner", f'Nobody with an active account has the email address '
                                    f'"{owner_text[:100]}". Check it, or name a forum instead.')
        else:
            forum = owner_text
        if timescale:
            try:
                timescale_parse(timescale)
            except PlanError as error:
                read.error("timescale", str(error))
        if rag and not rag_reason:
            read.error("rag_reason", "Give the reason for the RAG rating.")
        measures: set[tuple[str, str, str]] = set()
        for code in _split(row.values["indicators"]):
            if code not in BY_CODE:
                read.error("indicators", f'"{code[:20]}" is not an indicator code in the '
                                         "catalogue (for example F09 or C17).")
            measures.add((MeasureLink.Kind.INDICATOR, code, ""))
        for column, kind in (("audit_evidence", MeasureLink.Kind.AUDIT),
                             ("feedback", MeasureLink.Kind.FEEDBACK)):
            for item in _split(row.values[column]):
                if not REFERENCE.fullmatch(item):
                    measures.add((kind, "", item[:300]))  # described in words
                elif problem := reference_problem(kind, item):
                    read.error(column, problem)
                else:
                    measures.add((kind, item, ""))
        if not number_text:
            continue
        number = int(number_text)
        entry = recommendations.setdefault(number, _RecommendationRows(number))
        if title:
            if entry.title and entry.title != title:
                read.error("recommendation_title",
                           f"Recommendation {number} has a different title on an earlier row. "
                           "Give it the same title on every row, or on its first row only.")
            entry.title = entry.title or title
        if text and not entry.text:
            entry.text = text
        entry.measures |= measures
        entry.actions.append(_ActionRow(row.number, action, owner, forum, partners, timescale,
                                        status or ActionStatus.NOT_STARTED, rag or "",
                                        rag_reason))
    for number, entry in recommendations.items():
        if not entry.title:
            first = entry.actions[0].row if entry.actions else 0
            errors.append(RowError(first, "recommendation_title", "",
                                   f"Recommendation {number} has no title. Give it one on its "
                                   "first row."))
    return recommendations


def plan_import(*, data: bytes, filename: str, by: Any, name: str, starts_on: date,
                ends_on: date, summary: str = "") -> tuple[ImportRecord, Plan | None]:
    """Create a draft plan from a spreadsheet (.xlsx or .csv; columns in docs/imports.md).

    All or nothing: every row is checked first, and if any cell is wrong nothing is saved and
    each problem is listed with its file, row, column and value. Each attempt is recorded as
    an ImportRecord. Raises PlanError (nothing recorded) for a plan name already used.
    """
    if Plan.objects.filter(name__iexact=name.strip()).exists():
        raise PlanError(f'There is already a plan called "{name.strip()}". Choose another name.')
    if ends_on < starts_on:
        raise PlanError("The plan must end after it starts")
    errors = ProblemList()
    csv_bytes: bytes | None = data
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        if len(data) > IMPORT_SPEC.max_bytes:
            csv_bytes, problem = None, "The workbook is larger than 5 MB."
        else:
            csv_bytes, problem = xlsx_as_csv(data)
        if csv_bytes is None:
            errors.append(RowError(0, "", "", problem))
    recommendations: dict[int, _RecommendationRows] = {}
    rows = 0
    if csv_bytes is not None:
        table = csv_read(data=csv_bytes, spec=IMPORT_SPEC)
        errors.extend(table.errors)
        rows = table.count
        if table.readable:
            recommendations = _read_plan(table, errors)
    plan: Plan | None = None
    if not errors:
        try:
            with transaction.atomic():
                record = import_record_create(kind=ImportRecord.Kind.PLAN, data=data,
                                              filename=filename, by=by, rows=rows,
                                              created=rows)
                plan = _plan_save(name=name, starts_on=starts_on, ends_on=ends_on,
                                  summary=summary, by=by, record=record,
                                  recommendations=recommendations)
        except (IntegrityError, PlanError):
            errors.append(RowError(0, "", "", CONFLICT_MESSAGE))
            plan = None
    if errors:
        record = import_record_create(kind=ImportRecord.Kind.PLAN, data=data,
                                      filename=filename, by=by, errors=errors, rows=rows)
        # Name the file in each problem, as the problem tables show it.
        record.errors = [{**problem, "file": record.filename} for problem in record.errors]
        record.save(update_fields=["errors"])
        return record, None
    return record, plan


def _plan_save(*, name: str, starts_on: date, ends_on: date, summary: str, by: Any,
               record: ImportRecord, recommendations: dict[int, _RecommendationRows]) -> Plan:
    plan = plan_create(name=name, starts_on=starts_on, ends_on=ends_on, summary=summary,
                       by=by, import_record=record)
    today = timezone.localdate()
    user, who = _who(by)
    for number in sorted(recommendations):
        entry = recommendations[number]
        recommendation = recommendation_create(plan=plan, number=number, title=entry.title,
                                               text=entry.text)
        for kind, reference, note in sorted(entry.measures):
            measure_link_add(recommendation=recommendation, kind=kind, reference=reference,
                             note=note)
        for row in entry.actions:
            action = action_create(recommendation=recommendation, text=row.text,
                                   timescale=row.timescale, owner=row.owner,
                                   owner_forum=row.forum, partners=row.partners,
                                   status=row.status)
            if row.rag:
                # The rating the spreadsheet held, kept as history with its reason.
                RagRating.objects.create(action=action, rating=row.rag, reason=row.rag_reason,
                                         rated_on=today, by=user, by_name=who,
                                         added_at=timezone.now())
                Action.objects.filter(pk=action.pk).update(rag=row.rag)
    return plan
