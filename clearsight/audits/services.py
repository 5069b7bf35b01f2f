"""Case audits: every write. Each function owns its transaction and its checks; a move of an
audit's status goes through `_move`, which checks the transition table (workflow.py) and writes
the timeline event.

The draw is reproducible: `select_sample` is a pure function of the recorded population, the
quotas and the seed, and `draw_reproduce` runs it again over what a draw recorded.
"""

import calendar
import heapq
import math
import random
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from clearsight.audits import default_template
from clearsight.audits.models import (
    Audit,
    AuditAction,
    AuditEvent,
    AuditGrading,
    AuditNotice,
    AuditTemplate,
    DomainGrade,
    Exemplar,
    FindingTheme,
    Grade,
    PracticeTheme,
    SampleDraw,
    SamplingRule,
    Status,
    SupervisionDiscussion,
    TemplateDomain,
)
from clearsight.audits.workflow import (
    LATE_STATUSES,
    OPEN_STATUSES,
    TransitionError,
    transition_check,
)
from clearsight.casework.models import Case
from clearsight.core.calendar import working_calendar
from clearsight.core.jobs import run_once_per_period
from clearsight.organisation.models import User
from clearsight.organisation.roles import SENIOR_MODERATORS, Role

__all__ = ["TransitionError"]

REVIEW_AFTER_DAYS = 42  # the review of an inadequate audit falls due at 6 weeks
REAUDIT_AFTER_MONTHS = 3
MIN_COMMENTARY = 40  # characters: a reflective commentary is more than "agreed"


class ConflictError(Exception):
    """Someone else saved the record after this form was opened; nothing was saved."""


class AuditError(Exception):
    """A rule refused the change. `errors` maps form fields to messages, when it is about
    particular fields."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


# ------------------------------------------------------------------ template and settings


def audit_template_current(
        purpose: str = AuditTemplate.Purpose.SINGLE_AGENCY) -> AuditTemplate:
    """The version new audits use (of the single-agency tool unless asked for the
    multi-agency one); the shipped default is made the first time."""
    current = AuditTemplate.objects.filter(is_current=True, purpose=purpose).order_by(
        "-version").first()
    if current is not None:
        return current
    multi = purpose == AuditTemplate.Purpose.MULTI_AGENCY
    name = default_template.MULTI_AGENCY_NAME if multi else default_template.NAME
    shipped = default_template.MULTI_AGENCY_DOMAINS if multi else default_template.DOMAINS
    with transaction.atomic():
        template, created = AuditTemplate.objects.get_or_create(
            name=name, version=1, defaults={"is_current": True, "purpose": purpose})
        if created:
            for order, domain in enumerate(shipped, start=1):
                TemplateDomain.objects.create(
                    template=template, order=order, code=str(domain["code"]),
                    title=str(domain["title"]), questions=domain["questions"],
                    descriptors=domain["descriptors"])
        elif not template.is_current:
            template.is_current = True
            template.save(update_fields=["is_current"])
    return template


def sampling_rule_get() -> SamplingRule:
    rule, _ = SamplingRule.objects.get_or_create(pk=1)
    return rule


# ------------------------------------------------------------------ dates


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_deadline(month: date) -> date:
    """The last working day of the month."""
    cal = working_calendar()
    day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    while not cal.is_working_day(day):
        day -= timedelta(days=1)
    return day


# ------------------------------------------------------------------ the draw


def select_sample(*, population: Mapping[str, Sequence[str]], quotas: Mapping[str, int],
                  seed: str) -> dict[str, list[str]]:
    """The cases drawn from each stratum: a seeded random sample, the same every time for the
    same population, quotas and seed."""
    chosen: dict[str, list[str]] = {}
    for stratum in sorted(population):
        refs = sorted(population[stratum])
        quota = min(quotas.get(stratum, 0), len(refs))
        if quota:
            chosen[stratum] = random.Random(f"{seed}:{stratum}").sample(  # noqa: S311
                refs, quota)  # reproducible sampling, not a secret
    return chosen


def _reserve_order(*, population: Mapping[str, Sequence[str]], stratum: str,
                   seed: str) -> list[str]:
    """Every case of a stratum in its seeded order: the draw takes the first few, swaps take
    the next."""
    refs = sorted(population.get(stratum, []))
    return random.Random(f"{seed}:{stratum}").sample(refs, len(refs))  # noqa: S311


def draw_reproduce(*, draw: SampleDraw) -> list[str]:
    """The case references the draw's recorded seed, rules and population give, after the
    recorded swaps: what the draw should hold."""
    chosen = select_sample(population=draw.population, quotas=draw.rules.get("quotas", {}),
                           seed=draw.seed)
    refs = [ref for stratum in sorted(chosen) for ref in chosen[stratum]]
    for swap in draw.rules.get("swaps", []):
        refs = [swap["in"] if ref == swap["out"] else ref for ref in refs]
    return sorted(refs)


def _recently_audited(month: date, months: int) -> set[int]:
    since = add_months(month, -months)
    return set(Audit.objects.filter(
        Q(period_end__gte=since) | Q(status__in=OPEN_STATUSES)).exclude(
        status=Status.WITHDRAWN).values_list("case_id", flat=True))


def _stratum(service_code: str, team_code: str) -> str:
    return f"{service_code}/{team_code}"


def _create_audits(*, draw: SampleDraw, refs: Sequence[str], kind: str, by: User | None,
                   template: AuditTemplate) -> None:
    period_end = draw.month - timedelta(days=1)
    period_start = add_months(draw.month, -template.months_considered)
    cases = dict(Case.objects.filter(case_ref__in=refs).values_list("case_ref", "pk"))
    audits = Audit.objects.bulk_create([
        Audit(draw=draw, case_id=cases[ref], template=template, kind=kind,
              status=Status.DRAWN, period_start=period_start, period_end=period_end)
        for ref in sorted(refs)])
    AuditEvent.objects.bulk_create([
        AuditEvent(audit=audit, by=by, action="draw", from_status=Status.DRAWN,
                   to_status=Status.DRAWN, note=f"Drawn in {draw}") for audit in audits])


def draw_monthly(*, month: date, by: User | None = None, seed: str | None = None) -> SampleDraw:
    """Draw the month's sample: open cases, stratified by service area and team, each team's
    quota from the sampling rule, leaving out cases audited recently or being audited now."""
    month = month_start(month)
    if SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY, month=month).exists():
        raise AuditError(f"The sample for {month:%B %Y} has already been drawn.")
    rule = sampling_rule_get()
    template = audit_template_current()
    excluded = _recently_audited(month, rule.exclude_months)
    population: dict[str, list[str]] = defaultdict(list)
    open_count: dict[str, int] = defaultdict(int)
    for pk, ref, team, service in Case.objects.filter(
            closed_on__isnull=True, opened_on__lt=month, team__is_active=True).values_list(
            "pk", "case_ref", "team__code", "team__service_area__code").iterator(
            chunk_size=5000):
        stratum = _stratum(service, team)
        open_count[stratum] += 1
        if pk not in excluded:
            population[stratum].append(ref)
    quotas = {}
    for stratum, count in open_count.items():
        if rule.quota == SamplingRule.Quota.PERCENT:
            wanted = math.ceil(count * float(rule.percent) / 100)
        else:
            wanted = rule.per_team
        quotas[stratum] = min(wanted, len(population.get(stratum, [])))
    for refs in population.values():
        refs.sort()
    seed = seed or secrets.token_hex(8)
    chosen = select_sample(population=population, quotas=quotas, seed=seed)
    with transaction.atomic():
        draw = SampleDraw.objects.create(
            kind=SampleDraw.Kind.MONTHLY, month=month, seed=seed, drawn_by=by,
            population=dict(population), population_size=sum(map(len, population.values())),
            rules={"quota": rule.quota, "per_team": rule.per_team,
                   "percent": str(rule.percent), "exclude_months": rule.exclude_months,
                   "excluded": len(excluded), "open": dict(open_count), "quotas": quotas,
                   "template": template.pk, "swaps": []})
        _create_audits(draw=draw, refs=[r for refs in chosen.values() for r in refs],
                       kind=Audit.Kind.MONTHLY, by=by, template=template)
    return draw


@dataclass(frozen=True)
class Theme:
    """What a thematic audit looks at: the open cases matching every part given."""

    name: str
    number: int
    case_type: str = ""
    min_age: int | None = None
    max_age: int | None = None
    pre_birth: bool = False
    service_area: str = ""  # a service area code

    def as_rules(self) -> dict[str, Any]:
        return {"case_type": self.case_type, "min_age": self.min_age, "max_age": self.max_age,
                "pre_birth": self.pre_birth, "service_area": self.service_area}


def draw_thematic(*, month: date, theme: Theme, by: User | None,
                  seed: str | None = None, template: AuditTemplate | None = None) -> SampleDraw:
    """Draw `theme.number` open cases matching the theme (recent audits left out), audited
    with `template` (by default the current single-agency one; a multi-agency audit passes
    the current multi-agency template)."""
    if theme.number < 1:
        raise AuditError("Enter how many cases to draw", {"number": "Enter a number above 0"})
    month = month_start(month)
    rule = sampling_rule_get()
    template = template or audit_template_current()
    cases = Case.objects.filter(closed_on__isnull=True, opened_on__lt=month).exclude(
        pk__in=_recently_audited(month, rule.exclude_months))
    if theme.case_type:
        cases = cases.filter(case_type=theme.case_type)
    if theme.service_area:
        cases = cases.filter(team__service_area__code=theme.service_area)
    if theme.pre_birth:
        cases = cases.filter(child__expected_date_of_birth__isnull=False,
                             child__date_of_birth__isnull=True)
    if theme.min_age is not None:
        cases = cases.filter(child__date_of_birth__lte=add_months(month, -12 * theme.min_age))
    if theme.max_age is not None:
        cases = cases.filter(
            child__date_of_birth__gt=add_months(month, -12 * (theme.max_age + 1)))
    population = {"theme": sorted(cases.values_list("case_ref", flat=True))}
    if not population["theme"]:
        raise AuditError("No open case matches this theme, so nothing was drawn.")
    quotas = {"theme": min(theme.number, len(population["theme"]))}
    seed = seed or secrets.token_hex(8)
    chosen = select_sample(population=population, quotas=quotas, seed=seed)
    with transaction.atomic():
        draw = SampleDraw.objects.create(
            kind=SampleDraw.Kind.THEMATIC, month=month, theme=theme.name, seed=seed,
            drawn_by=by, population=population, population_size=len(population["theme"]),
            rules={"filter": theme.as_rules(), "exclude_months": rule.exclude_months,
                   "quotas": quotas, "template": template.pk, "swaps": []})
        _create_audits(draw=draw, refs=chosen.get("theme", []), kind=Audit.Kind.THEMATIC,
                       by=by, template=template)
    return draw


def audit_swap(*, audit: Audit, by: User, reason: str, version: int) -> Audit:
    """Swap a drawn case for the next one of its stratum in the draw's seeded order."""
    reason = reason.strip()
    if not reason:
        raise AuditError("Enter why the case is swapped", {"reason": "Enter why the case is "
                                                                     "swapped"})
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="swap", user=by)
        if audit.draw_id is None:
            raise AuditError("Only a drawn case can be swapped.")
        draw = SampleDraw.objects.select_for_update().get(pk=audit.draw_id)
        ref = audit.case.case_ref
        stratum = next((s for s, refs in draw.population.items() if ref in refs), None)
        in_draw = set(draw.audits.values_list("case__case_ref", flat=True))
        swapped_out = {swap["out"] for swap in draw.rules.get("swaps", [])}
        replacement = None
        if stratum is not None:
            for candidate in _reserve_order(population=draw.population, stratum=stratum,
                                            seed=draw.seed):
                if candidate not in in_draw and candidate not in swapped_out and \
                        Case.objects.filter(case_ref=candidate, closed_on__isnull=True).exists():
                    replacement = candidate
                    break
        if replacement is None:
            raise AuditError("There is no other case in this team's part of the draw to swap "
                             "in. Withdraw the audit instead.")
        draw.rules.setdefault("swaps", []).append(
            {"out": ref, "in": replacement, "reason": reason, "by": by.display_name,
             "at": timezone.now().isoformat(timespec="seconds")})
        draw.save(update_fields=["rules", "updated_at"])
        audit.case = Case.objects.get(case_ref=replacement)
        _move(audit, "swap", by, f"Swapped {ref} for {replacement}: {reason}")
    return audit


# ------------------------------------------------------------------ allocation


def _open_load(field_name: str) -> dict[int, int]:
    return dict(Audit.objects.filter(status__in=OPEN_STATUSES).exclude(
        **{f"{field_name}__isnull": True}).values_list(field_name).annotate(
        n=Count("pk")).values_list(field_name, "n"))


def _people_with(roles: Sequence[str]) -> list[User]:
    return list(User.objects.filter(is_active=True, role_grants__role__in=roles)
                .select_related("team").distinct().order_by("pk"))


def draw_allocate(*, draw: SampleDraw, by: User | None) -> list[Audit]:
    """Allocate every drawn audit of the draw: the lead is the case team's manager, the peer a
    QA officer or service manager from another team with the fewest open audits as peer.
    Returns the audits that could not be allocated (no manager or no peer)."""
    template_deadline = month_deadline(draw.month)
    managers: dict[int, list[User]] = defaultdict(list)
    service_managers: dict[int, list[User]] = defaultdict(list)
    for person in _people_with([Role.TEAM_MANAGER]):
        if person.team_id:
            managers[person.team_id].append(person)
    for person in _people_with([Role.SERVICE_MANAGER]):
        if person.team_id:
            service_managers[person.team.service_area_id].append(person)  # type: ignore[union-attr]
    pool = {p.pk: p for p in _people_with([Role.QA_OFFICER, Role.SERVICE_MANAGER])}
    peer_load = _open_load("peer")
    # Possible peers by (open audits as peer, pk), the fewest first: the first one from
    # another team who is not the lead is the one `min` over the whole pool would give, found
    # without looking at all 200 for each of 800 audits.
    queue = [(peer_load.get(pk, 0), pk) for pk in pool]
    heapq.heapify(queue)
    lead_load = _open_load("lead")
    left_over = []
    rows = []
    # Values as the database takes them (the raw statement below skips the fields' own
    # conversion).
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    deadline_value = connection.ops.adapt_datefield_value(template_deadline)
    with transaction.atomic():
        audits = list(draw.audits.select_for_update().filter(status=Status.DRAWN)
                      .select_related("case__team"))
        events = []
        for audit in audits:
            team = audit.case.team
            leads = managers.get(team.pk) or service_managers.get(team.service_area_id, [])
            lead = min(leads, key=lambda p: (lead_load.get(p.pk, 0), p.pk), default=None)
            lead_pk = lead.pk if lead is not None else None
            passed, best = [], None
            while queue:
                entry = heapq.heappop(queue)
                if pool[entry[1]].team_id != team.pk and entry[1] != lead_pk:
                    best = entry
                    break
                passed.append(entry)
            for entry in passed:
                heapq.heappush(queue, entry)
            if lead is None or best is None:
                if best is not None:
                    heapq.heappush(queue, best)
                left_over.append(audit)
                continue
            peer = pool[best[1]]
            heapq.heappush(queue, (best[0] + 1, best[1]))
            transition_check(audit=audit, action="allocate", user=by)
            lead_load[lead.pk] = lead_load.get(lead.pk, 0) + 1
            peer_load[peer.pk] = peer_load.get(peer.pk, 0) + 1
            rows.append((lead.pk, peer.pk, deadline_value, Status.ALLOCATED.value,
                         audit.version + 1, now, audit.pk))
            events.append(AuditEvent(
                audit=audit, by=by, action="allocate", from_status=Status.DRAWN,
                to_status=Status.ALLOCATED,
                note=f"Lead {lead.display_name}, peer {peer.display_name}, "
                     f"due {template_deadline:%d/%m/%Y}"))
        # One statement run for every row: far quicker than one query per audit or
        # bulk_update's CASE expressions for a month of hundreds of audits.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Audit._meta.db_table} SET lead_id = %s, peer_id = %s, "  # noqa: S608
                "deadline = %s, status = %s, version = %s, updated_at = %s WHERE id = %s", rows)
        AuditEvent.objects.bulk_create(events)
        draw.allocated_at = timezone.now()
        draw.save(update_fields=["allocated_at", "updated_at"])
    return left_over


def audit_reassign(*, audit: Audit, by: User, part: str, to: User, reason: str,
                   version: int) -> Audit:
    """Give the lead's, peer's or moderator's part to someone else, with a reason."""
    if part not in ("lead", "peer", "moderator"):
        raise AuditError("Choose whose part to reassign", {"part": "Choose whose part"})
    if not reason.strip():
        raise AuditError("Enter why", {"reason": "Enter why the audit is reassigned"})
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="reassign", user=by)
        if part == "moderator" and audit.status != Status.MODERATION:
            raise AuditError("Only an audit awaiting moderation has a moderator to change.",
                             {"part": "This audit has no moderator yet"})
        if part == "peer" and to.team_id == audit.case.team_id:
            raise AuditError("The peer auditor must come from outside the case's team.",
                             {"to": "Choose someone from another team"})
        if part == "moderator" and not to.has_role(*SENIOR_MODERATORS):
            raise AuditError("Moderators come from the senior managers.",
                             {"to": "Choose a service director, head of service or the "
                                    "principal social worker"})
        others = {"lead": audit.peer_id, "peer": audit.lead_id}.get(part)
        if others == to.pk:
            raise AuditError("The lead and the peer must be different people.",
                             {"to": "Choose someone else"})
        before = getattr(audit, part)
        if part != "moderator":
            grading = audit.grading(part)
            if grading is not None and grading.is_submitted:
                raise AuditError("That grading has been submitted, so it stays with its "
                                 "author.")
            AuditGrading.objects.filter(audit=audit, role=part).delete()
        setattr(audit, part, to)
        _move(audit, "reassign", by,
              f"{part.capitalize()} {before.display_name if before else 'nobody'} to "
              f"{to.display_name}: {reason.strip()}")
    return audit


# ------------------------------------------------------------------ grading


@dataclass
class DomainInput:
    grade: str = ""
    evidence: str = ""
    strengths: str = ""
    development: str = ""


@dataclass
class GradingInput:
    overall_grade: str = ""
    child_views: str = ""
    child_views_not_sought: str = ""
    parent_views: str = ""
    parent_views_not_sought: str = ""
    worker_reflection: str = ""
    domains: dict[int, DomainInput] = field(default_factory=dict)  # TemplateDomain pk


def domain_field(domain: TemplateDomain, name: str) -> str:
    """The form field name for one part of one domain."""
    return f"d{domain.pk}_{name}"


def _incomplete(*, audit: Audit, data: GradingInput, part: str) -> dict[str, str]:
    errors = {}
    for domain in audit.template.domains.all():
        given = data.domains.get(domain.pk, DomainInput())
        if given.grade not in Grade.values:
            errors[domain_field(domain, "grade")] = f"Select a grade for {domain.title.lower()}"
        if not given.evidence.strip():
            errors[domain_field(domain, "evidence")] = (
                f"Enter the evidence for {domain.title.lower()}")
    if data.overall_grade not in Grade.values:
        errors["overall_grade"] = "Select the overall grade"
    if part != AuditGrading.Role.MODERATOR:
        if not data.child_views.strip() and not data.child_views_not_sought.strip():
            errors["child_views"] = ("Enter the child's views, or why they could not be "
                                     "sought")
        if not data.parent_views.strip() and not data.parent_views_not_sought.strip():
            errors["parent_views"] = ("Enter the parent's or carer's views, or why they could "
                                      "not be sought")
        if (part == AuditGrading.Role.PEER or audit.peer_id is None) and \
                not data.worker_reflection.strip():
            errors["worker_reflection"] = "Enter the reflection with the allocated worker"
    return errors


def _write_grading(*, grading: AuditGrading, data: GradingInput) -> None:
    for name in ("overall_grade", "child_views", "child_views_not_sought", "parent_views",
                 "parent_views_not_sought", "worker_reflection"):
        setattr(grading, name, getattr(data, name).strip() if name != "overall_grade"
                else getattr(data, name))
    grading.version += 1
    grading.save()
    existing = {d.domain_id: d for d in grading.domains.all()}
    for domain in grading.audit.template.domains.all():
        given = data.domains.get(domain.pk, DomainInput())
        row = existing.get(domain.pk) or DomainGrade(grading=grading, domain=domain)
        row.grade = given.grade if given.grade in Grade.values else ""
        row.evidence, row.strengths, row.development = (
            given.evidence.strip(), given.strengths.strip(), given.development.strip())
        row.save()


def grading_save(*, audit: Audit, user: User, data: GradingInput, version: int,
                 submit: bool) -> AuditGrading:
    """Save the lead's or peer's grading as a draft, or submit it. When the second of the two
    is submitted, the audit is agreed or goes to moderation."""
    with transaction.atomic():
        audit = _locked(audit.pk, None)
        if audit.lead_id == user.pk:
            part = AuditGrading.Role.LEAD
        elif audit.peer_id == user.pk:
            part = AuditGrading.Role.PEER
        else:
            raise TransitionError("You are not an auditor of this audit.")
        if audit.status == Status.ALLOCATED:
            _move(audit, "start", user, f"{AuditGrading.Role(part).label} started")
        transition_check(audit=audit, action="submit", user=user)
        grading, _ = AuditGrading.objects.select_for_update().get_or_create(
            audit=audit, role=part, defaults={"auditor": user, "version": 0})
        if grading.is_submitted:
            raise AuditError("You have already submitted your grades for this audit.")
        if grading.version != version:
            raise ConflictError
        if submit:
            errors = _incomplete(audit=audit, data=data, part=part)
            if errors:
                raise AuditError("Your grades were not submitted", errors)
        _write_grading(grading=grading, data=data)
        if submit:
            grading.submitted_at = timezone.now()
            grading.save(update_fields=["submitted_at"])
            _move(audit, "submit", user, f"{AuditGrading.Role(part).label} submitted")
            _compare(audit)
    return grading


def grades_of(grading: AuditGrading) -> dict[str, str]:
    grades = {"overall": grading.overall_grade}
    for row in grading.domains.all():
        grades[str(row.domain_id)] = row.grade
    return grades


def _compare(audit: Audit) -> None:
    """Both in (or the only one, for a re-audit): agree, or send to a moderator."""
    gradings = {g.role: g for g in audit.gradings.all() if g.is_submitted}
    lead = gradings.get(AuditGrading.Role.LEAD)
    if lead is None:
        return
    if audit.peer_id is None:
        audit.overall_grade = lead.overall_grade
        _move(audit, "agree", None, "Graded by a single senior auditor")
        return
    peer = gradings.get(AuditGrading.Role.PEER)
    if peer is None:
        return
    differ = sorted(key for key, grade in grades_of(lead).items()
                    if grades_of(peer).get(key) != grade)
    if not differ:
        audit.overall_grade = lead.overall_grade
        _move(audit, "agree", None, "The lead and peer gave the same grades")
        return
    audit.moderator = _pick_moderator(exclude={audit.lead_id, audit.peer_id})
    names = {str(d.pk): d.title for d in audit.template.domains.all()} | {"overall": "overall"}
    _move(audit, "refer", None,
          "Grades differ (" + ", ".join(names[key] for key in differ) + "); moderator "
          + (audit.moderator.display_name if audit.moderator else "not yet named"))
    if audit.moderator and audit.moderator.email:
        send_mail("A case audit needs moderation",
                  f"The lead and peer auditors graded audit {audit.pk} differently. "
                  "Please moderate it in Clearsight.", None, [audit.moderator.email])


def _pick_moderator(*, exclude: set[int | None]) -> User | None:
    load = dict(Audit.objects.filter(status=Status.MODERATION, moderator__isnull=False)
                .values_list("moderator").annotate(n=Count("pk")).values_list("moderator",
                                                                               "n"))
    pool = [p for p in _people_with(sorted(SENIOR_MODERATORS)) if p.pk not in exclude]
    return min(pool, key=lambda p: (load.get(p.pk, 0), p.pk), default=None)


# ------------------------------------------------------------------ moderation and completion


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: User
    due_on: date


def _add_actions(audit: Audit, actions: Sequence[ActionInput], by: User) -> None:
    for action in actions:
        AuditAction.objects.create(audit=audit, description=action.description.strip(),
                                   owner=action.owner, due_on=action.due_on, created_by=by)


def audit_moderate(*, audit: Audit, user: User, data: GradingInput, commentary: str,
                   actions: Sequence[ActionInput], version: int) -> Audit:
    """The moderator's agreed grades, reflective commentary (required) and action plan."""
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="moderate", user=user)
        errors = _incomplete(audit=audit, data=data, part=AuditGrading.Role.MODERATOR)
        if len(commentary.strip()) < MIN_COMMENTARY:
            errors["commentary"] = ("Enter a reflective commentary: why these grades, and "
                                    "what the auditors and the service can learn (at least "
                                    f"{MIN_COMMENTARY} characters)")
        if errors:
            raise AuditError("The moderation was not saved", errors)
        grading, _ = AuditGrading.objects.get_or_create(
            audit=audit, role=AuditGrading.Role.MODERATOR, defaults={"auditor": user})
        grading.auditor = user
        _write_grading(grading=grading, data=data)
        grading.submitted_at = timezone.now()
        grading.save(update_fields=["submitted_at", "auditor"])
        audit.overall_grade = data.overall_grade
        audit.moderation_commentary = commentary.strip()
        audit.moderated_at = timezone.now()
        _add_actions(audit, actions, user)
        _move(audit, "moderate", user, f"Moderated: overall {Grade(audit.overall_grade).label}")
    return audit


def _pick_overseer(audit: Audit) -> User | None:
    heads = _people_with([Role.HEAD_OF_SERVICE])
    service = audit.case.team.service_area_id
    local = [p for p in heads if p.team is not None and p.team.service_area_id == service]
    return min(local or heads, key=lambda p: p.pk, default=None)


def audit_complete(*, audit: Audit, user: User, actions: Sequence[ActionInput],
                   version: int) -> Audit:
    """Share the findings and set the actions. An inadequate overall grade goes to the head of
    service instead (review at 6 weeks, re-audit at 3 months)."""
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        _add_actions(audit, actions, user)
        if audit.overall_grade == Grade.INADEQUATE:
            transition_check(audit=audit, action="escalate", user=user)
            today = timezone.localdate()
            audit.overseer = _pick_overseer(audit)
            audit.escalated_at = timezone.now()
            audit.review_due = today + timedelta(days=REVIEW_AFTER_DAYS)
            audit.reaudit_due = add_months(today, REAUDIT_AFTER_MONTHS)
            _move(audit, "escalate", user,
                  "Graded inadequate: alerted "
                  + (audit.overseer.display_name if audit.overseer else "no head of service")
                  + f"; review due {audit.review_due:%d/%m/%Y}, re-audit due "
                  f"{audit.reaudit_due:%d/%m/%Y}")
            if audit.overseer and audit.overseer.email:
                send_mail("A case audit was graded inadequate",
                          f"Audit {audit.pk} of case {audit.case.case_ref} was graded "
                          "inadequate. Please record your oversight in Clearsight.", None,
                          [audit.overseer.email])
        else:
            transition_check(audit=audit, action="complete", user=user)
            audit.completed_at = timezone.now()
            _move(audit, "complete", user, "Findings shared")
        _notify_findings(audit)
    return audit


def _notify_findings(audit: Audit) -> None:
    """Everyone involved in the case hears the findings: the allocated worker, the case
    team's managers (the worker's supervisors), the lead, the peer and the moderator."""
    managers = User.objects.filter(is_active=True, team_id=audit.case.team_id,
                                   role_grants__role=Role.TEAM_MANAGER)
    people = {audit.case.allocated_worker, audit.lead, audit.peer, audit.moderator,
              *managers}
    emails = sorted({p.email for p in people if p is not None and p.email})
    if emails:
        send_mail("Case audit findings",
                  f"The audit of case {audit.case.case_ref} is finished. Read the findings and "
                  "any actions in Clearsight.", None, emails)


# ------------------------------------------------------------------ escalation


def audit_oversee(*, audit: Audit, user: User, comment: str, version: int) -> Audit:
    if not comment.strip():
        raise AuditError("Enter your oversight", {"comment": "Enter your oversight and comment"})
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="oversee", user=user)
        audit.oversight_comment = comment.strip()
        audit.oversight_at = timezone.now()
        _move(audit, "oversee", user, "Oversight recorded")
    return audit


def audit_review(*, audit: Audit, user: User, note: str, version: int) -> Audit:
    if not note.strip():
        raise AuditError("Enter the review", {"note": "Enter what the 6-week review found"})
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="review", user=user)
        if audit.oversight_at is None:
            raise AuditError("Record your oversight before the review.")
        audit.review_note = note.strip()
        audit.reviewed_at = timezone.now()
        _move(audit, "review", user, "6-week review recorded")
    return audit


def reaudit_start(*, audit: Audit, user: User, version: int) -> Audit:
    """A new audit of the same case, by the senior manager alone, linked to the first."""
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="reaudit", user=user)
        if audit.reaudits.exclude(status=Status.WITHDRAWN).exists():
            raise AuditError("A re-audit of this audit has already started.")
        template = audit_template_current()
        today = timezone.localdate()
        second = Audit.objects.create(
            case=audit.case, template=template, kind=Audit.Kind.REAUDIT, reaudit_of=audit,
            status=Status.ALLOCATED, lead=user, deadline=audit.reaudit_due or today,
            period_start=audit.period_end + timedelta(days=1), period_end=today)
        AuditEvent.objects.create(audit=second, by=user, action="allocate",
                                  from_status=Status.DRAWN, to_status=Status.ALLOCATED,
                                  note=f"Re-audit of audit {audit.pk}")
        _move(audit, "reaudit", user, f"Re-audit {second.pk} started")
    return second


def escalation_close(*, audit: Audit, user: User, actions_complete: bool,
                     experience_improved: bool, outcome: str, version: int) -> Audit:
    """Close the escalation once the re-audit is done, saying whether the actions are complete
    and the child's experience has improved."""
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        transition_check(audit=audit, action="close", user=user)
        if audit.oversight_at is None or audit.reviewed_at is None:
            raise AuditError("Record your oversight and the 6-week review first.")
        if not audit.reaudits.filter(status__in=[Status.COMPLETED, Status.ESCALATED]).exists():
            raise AuditError("The re-audit must be finished before the escalation is closed.")
        if not outcome.strip():
            raise AuditError("Enter the outcome", {"outcome": "Enter what the re-audit found"})
        still_open = audit.actions.filter(completed_at__isnull=True).count()
        if actions_complete and still_open:
            raise AuditError("Some actions are still open", {
                "actions_complete": f"{still_open} of this audit's actions "
                                    f"{'is' if still_open == 1 else 'are'} not recorded as "
                                    "done: record them with their evidence, or answer No"})
        audit.actions_complete = actions_complete
        audit.experience_improved = experience_improved
        audit.escalation_outcome = outcome.strip()
        audit.completed_at = timezone.now()
        _move(audit, "close", user, "Escalation closed")
    return audit


def action_complete(*, action: AuditAction, user: User, evidence: str,
                    version: int) -> AuditAction:
    if not evidence.strip():
        raise AuditError("Enter the evidence", {"evidence": "Enter what shows it is done"})
    with transaction.atomic():
        updated = AuditAction.objects.filter(pk=action.pk, version=version,
                                             completed_at__isnull=True).update(
            evidence=evidence.strip(), completed_at=timezone.now(), version=version + 1,
            updated_at=timezone.now())
        if not updated:
            raise ConflictError
        AuditEvent.objects.create(audit=action.audit, by=user, action="action-done",
                                  from_status=action.audit.status,
                                  to_status=action.audit.status,
                                  note=f"Action done: {action.description[:80]}")
    return AuditAction.objects.get(pk=action.pk)


# ------------------------------------------------------------------ closing the loop


def supervision_record(*, audit: Audit, user: User, discussed_on: date,
                       note: str) -> SupervisionDiscussion:
    """The worker's supervisor (a team manager of the case's team) records that the findings
    were discussed in the worker's supervision; it goes on the audit's timeline."""
    note = note.strip()
    errors = {}
    if not note:
        errors["note"] = "Enter what was discussed"
    if discussed_on > timezone.localdate():
        errors["discussed_on"] = "The date of the supervision must be today or in the past"
    if errors:
        raise AuditError("The supervision discussion was not saved", errors)
    with transaction.atomic():
        audit = _locked(audit.pk, None)
        if not (user.has_role(Role.TEAM_MANAGER) and user.team_id == audit.case.team_id):
            raise TransitionError("Only a team manager of the case's team can record the "
                                  "supervision discussion.")
        if audit.status not in (Status.COMPLETED, Status.ESCALATED):
            raise TransitionError("The findings can be discussed in supervision once the "
                                  "audit is finished.")
        if discussed_on < (audit.period_start):
            raise AuditError("The supervision discussion was not saved",
                             {"discussed_on": "The date must be after the practice audited"})
        discussion = SupervisionDiscussion.objects.create(
            audit=audit, discussed_on=discussed_on, note=note, recorded_by=user)
        AuditEvent.objects.create(
            audit=audit, by=user, action="supervision", from_status=audit.status,
            to_status=audit.status,
            note=f"Findings discussed in the worker's supervision on {discussed_on:%d/%m/%Y}")
    return discussion


def _notice(*, audit: Audit, kind: str, to: User, due_on: date, subject: str, body: str,
            action: AuditAction | None = None) -> bool:
    """Send one notice unless it has been sent already; True if sent now."""
    if not to.email or not to.is_active:
        return False
    try:
        with transaction.atomic():
            AuditNotice.objects.create(audit=audit, action=action, kind=kind, recipient=to,
                                       due_on=due_on)
    except IntegrityError:
        return False  # already told
    send_mail(subject, body, None, [to.email])
    return True


def reminders_send(*, today: date) -> dict[str, int]:
    """The day's reminders, each sent once: lead and peer auditors who have not submitted, a
    few working days before the deadline (settings.AUDIT_REMINDER_WORKING_DAYS) and once it
    has passed; every late audit to the service managers of the case's service area; and
    action owners before and after an action's due date. Returns how many of each went."""
    cal = working_calendar()
    days = settings.AUDIT_REMINDER_WORKING_DAYS
    soon = cal.add_working_days(today, days)
    sent: dict[str, int] = defaultdict(int)
    open_audits = (Audit.objects.filter(status__in=LATE_STATUSES, deadline__isnull=False,
                                        deadline__lte=soon)
                   .select_related("case__team", "lead", "peer")
                   .prefetch_related("gradings").order_by("deadline", "pk"))
    service_managers: dict[int, list[User]] = defaultdict(list)
    for person in _people_with([Role.SERVICE_MANAGER]):
        if person.team is not None:
            service_managers[person.team.service_area_id].append(person)
    for audit in open_audits:
        deadline = audit.deadline
        assert deadline is not None  # noqa: S101 (filtered above)
        late = deadline < today
        if audit.status in (Status.ALLOCATED, Status.IN_PROGRESS):
            submitted = {g.role for g in audit.gradings.all() if g.is_submitted}
            for part in ("lead", "peer"):
                person = getattr(audit, part)
                if person is None or part in submitted:
                    continue
                if late:
                    kind, subject = AuditNotice.Kind.LATE, "A case audit is late"
                    body = (f"Your grades for the audit of case {audit.case.case_ref} were due "
                            f"on {deadline:%A %d %B %Y}. Please submit them in Clearsight.")
                else:
                    kind, subject = AuditNotice.Kind.DUE_SOON, "A case audit is due soon"
                    body = (f"Your grades for the audit of case {audit.case.case_ref} are due "
                            f"by {deadline:%A %d %B %Y}.")
                sent[kind] += _notice(audit=audit, kind=kind, to=person, due_on=deadline,
                                      subject=subject, body=body)
        if late:
            for manager in service_managers.get(audit.case.team.service_area_id, []):
                sent[AuditNotice.Kind.LATE_ESCALATED] += _notice(
                    audit=audit, kind=AuditNotice.Kind.LATE_ESCALATED, to=manager,
                    due_on=deadline, subject="A case audit in your service is late",
                    body=(f"The audit of case {audit.case.case_ref} ({audit.case.team.name}) "
                          f"was due on {deadline:%A %d %B %Y} and is "
                          f"{audit.get_status_display().lower()}. See the late audits in "
                          "Clearsight."))
    actions = (AuditAction.objects.filter(completed_at__isnull=True, due_on__lte=soon)
               .select_related("audit__case", "owner").order_by("due_on", "pk"))
    for item in actions:
        if item.due_on < today:
            kind, subject = AuditNotice.Kind.ACTION_OVERDUE, "An audit action is overdue"
            body = (f"The action \"{item.description[:200]}\" from the audit of case "
                    f"{item.audit.case.case_ref} was due on {item.due_on:%A %d %B %Y}. "
                    "Record it as done, with the evidence, in Clearsight.")
        else:
            kind, subject = AuditNotice.Kind.ACTION_DUE_SOON, "An audit action is due soon"
            body = (f"The action \"{item.description[:200]}\" from the audit of case "
                    f"{item.audit.case.case_ref} is due by {item.due_on:%A %d %B %Y}.")
        sent[kind] += _notice(audit=item.audit, action=item, kind=kind, to=item.owner,
                              due_on=item.due_on, subject=subject, body=body)
    return {str(kind): n for kind, n in sent.items() if n}


def reminders_daily(*, today: date | None = None) -> str | None:
    """Once a day (a missed day is caught up: each notice is keyed by its deadline)."""
    today = today or timezone.localdate()
    run = run_once_per_period(
        job="audit-reminders", period=today.isoformat(),
        work=lambda: ", ".join(f"{kind} {n}" for kind, n in
                               sorted(reminders_send(today=today).items())) or "none due")
    return run.outcome if run else None


# ------------------------------------------------------------------ the one way to move


def _locked(pk: int, version: int | None) -> Audit:
    audit = Audit.objects.select_for_update().select_related("case__team", "template").get(
        pk=pk)
    if version is not None and audit.version != version:
        raise ConflictError
    return audit


def _move(audit: Audit, action: str, by: User | None, note: str = "") -> None:
    target = transition_check(audit=audit, action=action, user=by)
    before = audit.status
    audit.status = target
    audit.version += 1
    audit.save()
    AuditEvent.objects.create(audit=audit, by=by, action=action, from_status=before,
                              to_status=target, note=note)


# ------------------------------------------------------------------ learning: templates, themes
# and exemplars (issue 3, item 7). Kept below the workflow: none of these moves an audit's status.

TEMPLATE_GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


def template_load(data: Mapping[str, Any], *, make_current: bool = True) -> AuditTemplate:
    """Add a new version of an audit template from a mapping (read from JSON by the
    `load_audit_template` command). The version is one above the highest of the same name;
    made current, it replaces the current template of the same purpose for new audits only."""
    errors: list[str] = []
    name = str(data.get("name", "")).strip()
    if not name:
        errors.append('"name" is missing')
    purpose = str(data.get("purpose", AuditTemplate.Purpose.SINGLE_AGENCY))
    if purpose not in AuditTemplate.Purpose.values:
        errors.append(f'"purpose" must be one of {", ".join(AuditTemplate.Purpose.values)}')
    months = data.get("months_considered", 6)
    if not isinstance(months, int) or not 1 <= months <= 24:
        errors.append('"months_considered" must be a whole number from 1 to 24')
    domains = data.get("domains")
    if not isinstance(domains, list) or not domains:
        errors.append('"domains" must be a list with at least one domain')
        domains = []
    codes: set[str] = set()
    for number, domain in enumerate(domains, start=1):
        if not isinstance(domain, Mapping):
            errors.append(f"domain {number} is not an object")
            continue
        code, title = str(domain.get("code", "")).strip(), str(domain.get("title", "")).strip()
        if not code or not title:
            errors.append(f'domain {number} needs a "code" and a "title"')
        if code in codes:
            errors.append(f'domain code "{code}" is used twice')
        codes.add(code)
        questions = domain.get("questions", [])
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            errors.append(f'domain {number}: "questions" must be a list of lines of text')
        descriptors = domain.get("descriptors", {})
        if not isinstance(descriptors, Mapping) or set(descriptors) - set(TEMPLATE_GRADES):
            errors.append(f'domain {number}: "descriptors" may only have the grades '
                          + ", ".join(TEMPLATE_GRADES))
    if errors:
        raise AuditError("The template was not loaded: " + "; ".join(errors))
    with transaction.atomic():
        latest = AuditTemplate.objects.filter(name=name).order_by("-version").first()
        if latest is not None and latest.purpose != purpose:
            raise AuditError(f'The template "{name}" is already used for another purpose.')
        template = AuditTemplate.objects.create(
            name=name, version=(latest.version + 1) if latest else 1, purpose=purpose,
            months_considered=months, is_current=False)
        for order, domain in enumerate(domains, start=1):
            TemplateDomain.objects.create(
                template=template, order=order, code=str(domain["code"]).strip(),
                title=str(domain["title"]).strip(), questions=list(domain.get("questions", [])),
                descriptors=dict(domain.get("descriptors", {})))
        if make_current:
            AuditTemplate.objects.filter(purpose=purpose, is_current=True).update(
                is_current=False)
            template.is_current = True
            template.save(update_fields=["is_current"])
    return template


def theme_create(*, name: str, description: str, by: User) -> PracticeTheme:
    name = " ".join(name.split())
    if not name:
        raise AuditError("Enter the theme", {"name": "Enter the name of the theme"})
    if PracticeTheme.objects.filter(name__iexact=name).exists():
        raise AuditError("That theme exists", {"name": "There is already a theme with this "
                                                       "name"})
    return PracticeTheme.objects.create(name=name, description=description.strip(),
                                        created_by=by)


def theme_set_active(*, theme: PracticeTheme, active: bool) -> PracticeTheme:
    """Retire a theme (kept on past findings, no longer offered) or bring it back."""
    theme.is_active = active
    theme.save(update_fields=["is_active", "updated_at"])
    return theme


# The statuses in which findings are settled enough to tag and to nominate.
FINDINGS_STATUSES = frozenset({Status.AGREED, Status.MODERATED, Status.ESCALATED,
                               Status.COMPLETED})


def final_grading(audit: Audit) -> AuditGrading | None:
    """The grading that holds the final domain grades: the moderator's, else the lead's."""
    gradings = {g.role: g for g in audit.gradings.all() if g.is_submitted}
    return gradings.get(AuditGrading.Role.MODERATOR) or gradings.get(AuditGrading.Role.LEAD)


def audit_tag_themes(*, audit: Audit, user: User,
                     tags: Mapping[tuple[int | None, str], Sequence[int]],
                     version: int) -> Audit:
    """Replace the audit's theme tags. `tags` maps (domain id or None for the whole audit,
    "strength" or "development") to theme ids. Refused before the grades are settled."""
    with transaction.atomic():
        audit = _locked(audit.pk, version)
        if audit.status not in FINDINGS_STATUSES:
            raise AuditError("Themes are tagged once the grades are agreed or moderated.")
        domains = set(audit.template.domains.values_list("pk", flat=True))
        themes = set(PracticeTheme.objects.values_list("pk", flat=True))
        rows = []
        for (domain, kind), theme_ids in tags.items():
            if domain is not None and domain not in domains:
                raise AuditError("That domain is not part of this audit.")
            if kind not in FindingTheme.Kind.values:
                raise AuditError("Unknown kind of finding.")
            for theme_id in sorted(set(theme_ids)):
                if theme_id not in themes:
                    raise AuditError("That theme does not exist.")
                rows.append(FindingTheme(audit=audit, domain_id=domain, theme_id=theme_id,
                                         kind=kind, tagged_by=user))
        audit.theme_tags.all().delete()
        FindingTheme.objects.bulk_create(rows)
        audit.version += 1
        audit.save(update_fields=["version", "updated_at"])
        AuditEvent.objects.create(audit=audit, by=user, action="themes",
                                  from_status=audit.status, to_status=audit.status,
                                  note=f"Themes tagged ({len(rows)})")
    return audit


def exemplar_nominate(*, audit: Audit, user: User, domain: TemplateDomain,
                      reason: str) -> Exemplar:
    """Nominate one domain's finding as good practice (graded Good or Outstanding)."""
    reason = reason.strip()
    if not reason:
        raise AuditError("Enter why", {"reason": "Enter why this is good practice"})
    if audit.status not in FINDINGS_STATUSES:
        raise AuditError("A finding can be nominated once the grades are agreed or moderated.")
    if domain.template_id != audit.template_id:
        raise AuditError("That domain is not part of this audit.", {"domain": "Choose a domain "
                                                                              "of this audit"})
    final = final_grading(audit)
    row = next((r for r in final.domains.all() if r.domain_id == domain.pk), None) \
        if final else None
    if row is None or row.grade not in (Grade.OUTSTANDING, Grade.GOOD):
        raise AuditError("Only good practice can be nominated",
                         {"domain": "Choose a domain graded Good or Outstanding"})
    if Exemplar.objects.filter(audit=audit, domain=domain).exists():
        raise AuditError("Already nominated", {"domain": "This finding is already nominated"})
    with transaction.atomic():
        exemplar = Exemplar.objects.create(audit=audit, domain=domain, reason=reason,
                                           nominated_by=user)
        AuditEvent.objects.create(audit=audit, by=user, action="exemplar",
                                  from_status=audit.status, to_status=audit.status,
                                  note=f"{domain.title} nominated as good practice")
    return exemplar


def _identifiers(audit: Audit) -> list[str]:
    """Text that would identify the child or the worker if it appeared in a summary."""
    case = audit.case
    found = [case.case_ref, case.child.child_id]
    worker = case.allocated_worker
    if worker is not None:
        full = f"{worker.first_name} {worker.last_name}".strip()
        if full:
            found.append(full)
    return [text for text in found if text and len(text) > 2]


def exemplar_decide(*, exemplar: Exemplar, user: User, approve: bool, title: str,
                    summary: str, themes: Sequence[PracticeTheme], version: int) -> Exemplar:
    """Approve (with the anonymised title and summary the approver writes) or decline.
    A summary that quotes the case reference, the child's identifier or the worker's name is
    refused."""
    title, summary = title.strip(), summary.strip()
    with transaction.atomic():
        # Lock the exemplar row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins select_related adds.
        locked = Exemplar.objects.select_for_update(of=("self",)).select_related(
            "audit__case__child", "audit__case__allocated_worker").get(pk=exemplar.pk)
        if locked.version != version:
            raise ConflictError
        if locked.status != Exemplar.Status.NOMINATED:
            raise AuditError("This exemplar has been decided already")
        if approve:
            errors = {}
            if not title:
                errors["title"] = "Enter a short title"
            if len(summary) < MIN_COMMENTARY:
                errors["summary"] = ("Enter an anonymised summary of the practice (at least "
                                     f"{MIN_COMMENTARY} characters)")
            lowered = f"{title}\n{summary}".lower()
            if any(text.lower() in lowered for text in _identifiers(locked.audit)):
                errors["summary"] = ("Remove the case reference, the child's identifier and "
                                     "the worker's name: the library is anonymised")
            if errors:
                raise AuditError("The exemplar was not approved", errors)
        locked.status = Exemplar.Status.APPROVED if approve else Exemplar.Status.DECLINED
        locked.title, locked.summary = title, summary
        locked.decided_by, locked.decided_at = user, timezone.now()
        locked.version += 1
        locked.save()
        locked.themes.set(themes)
    return locked
