"""Reads of the LADO register. Every read for a person goes through `lado_access` first.

The rule, written once here: a user may read LADO records when they hold the LADO officer role,
or when they are the senior manager named in LadoSettings and still hold a senior manager role
(and not the administrator role). Everyone else is refused (403) whatever roles they hold.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from clearsight.lado.models import (
    Allegation,
    LadoSettings,
    Outcome,
    Referral,
    Sector,
)
from clearsight.lado.workflow import Actor
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

# Roles from which the named senior manager may be chosen.
SENIOR_MANAGER_ROLES = frozenset({Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE,
                                  Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER})
# The roles that may reach a LADO page at all before the finer check in lado_access.
LADO_ENTRY_ROLES = frozenset({Role.LADO_OFFICER}) | SENIOR_MANAGER_ROLES


def lado_settings() -> LadoSettings:
    found, _ = LadoSettings.objects.get_or_create(pk=1)
    return found


def may_be_senior_manager(user: User) -> bool:
    return (user.is_active and user.has_role(*SENIOR_MANAGER_ROLES)
            and not user.has_role(Role.ADMINISTRATOR, Role.LADO_OFFICER))


def lado_actor(user: User) -> Actor | None:
    """Officer, named senior manager, or None for everyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_role(Role.LADO_OFFICER):
        return Actor.OFFICER
    named = LadoSettings.objects.filter(pk=1).values_list("senior_manager_id", flat=True).first()
    if named is not None and named == user.pk and may_be_senior_manager(user):
        return Actor.SENIOR_MANAGER
    return None


def lado_access(user: User) -> Actor:
    """The user's part in LADO work, or 403 (PermissionDenied) for anyone else."""
    actor = lado_actor(user)
    if actor is None:
        raise PermissionDenied
    return actor


def referral_list_for_user(*, user: User) -> QuerySet[Referral]:
    lado_access(user)
    return Referral.objects.select_related("officer").annotate(
        allegation_count=Count("allegations")).order_by("-received_at", "-pk")


def referral_get_for_user(*, user: User, pk: int) -> Referral:
    """The referral, or 404 when there is none (after the 403 for people outside LADO)."""
    try:
        return referral_list_for_user(user=user).get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404("No such referral") from None


def related_referrals_for_user(*, user: User, referral: Referral) -> QuerySet[Referral]:
    """Other referrals about the same person (same name, any case), newest first: a pattern
    the officer should see at intake."""
    return (referral_list_for_user(user=user)
            .filter(subject_name__iexact=referral.subject_name.strip())
            .exclude(pk=referral.pk))


def allegation_get_for_user(*, user: User, referral: Referral, pk: int) -> Allegation:
    lado_access(user)
    try:
        return referral.allegations.get(pk=pk)
    except Allegation.DoesNotExist:
        raise Http404("No such allegation") from None


# ------------------------------------------------------------------ timeliness and quality


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


TIMELINESS_BANDS = ("Within 1 month", "Within 3 months", "Within 12 months", "Over 12 months")


def timeliness_band(*, received: date, resolved: date | None) -> str:
    """Which of the usual targets the referral was resolved within ('' while open)."""
    if resolved is None:
        return ""
    for months, band in zip((1, 3, 12), TIMELINESS_BANDS, strict=False):
        if resolved <= add_months(received, months):
            return band
    return TIMELINESS_BANDS[-1]


@dataclass(frozen=True)
class Check:
    text: str
    done: bool


def quality_checklist(referral: Referral) -> list[Check]:
    """What a complete record holds; the inspection found these missing too often."""
    allegations = list(referral.allegations.all())
    considered_in_time = (referral.considered_on is not None
                          and referral.considered_on <= referral.consideration_due)
    checks = [
        Check("At least one allegation recorded, with its harm threshold and category",
              bool(allegations)),
        Check("Initial consideration within one working day", considered_in_time),
        Check("What was discussed is recorded", bool(referral.discussion.strip())),
        Check("Support offered to the child is recorded", bool(referral.support_child.strip())),
        Check("Support offered to the person is recorded",
              bool(referral.support_person.strip())),
        Check("The rationale for the decision is recorded", bool(referral.rationale.strip())),
        Check("Management oversight by the senior manager is recorded",
              referral.oversight.exists()),
    ]
    if referral.decision == "threshold_met":
        checks.append(Check("A strategy or evaluation meeting is recorded",
                            referral.meetings.exists()))
        checks.append(Check("Every allegation has an outcome and a resolution date",
                            bool(allegations) and all(a.outcome and a.resolved_on
                                                      for a in allegations)))
    return checks


# ------------------------------------------------------------------ the overview


@dataclass
class Overview:
    year_start: date
    year_end: date
    referrals: int
    consultations: int
    considered_in_time: int
    considered: int
    by_sector: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    by_decision: list[tuple[str, int]]
    by_employer: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    timeliness: list[tuple[str, int]]
    open_now: int
    repeat_subjects: list[tuple[str, int]]
    police: int
    suspended: int
    dbs: int
    regulator: int


def financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def overview_for(*, user: User, year_start: date) -> Overview:
    """Patterns over one year (1 April to 31 March) of referrals received."""
    referrals = referral_list_for_user(user=user)
    year_end = date(year_start.year + 1, 3, 31)
    in_year = list(referrals.filter(received_at__date__gte=year_start,
                                    received_at__date__lte=year_end))
    allegations = list(Allegation.objects.filter(referral__in=[r.pk for r in in_year]))
    sector_names = dict(Sector.choices)
    sectors = Counter(sector_names[r.sector] for r in in_year)
    categories = Counter(a.get_category_display() for a in allegations)
    # Outcomes belong to referrals whose threshold was met; the others end at the decision.
    met = {r.pk for r in in_year if r.decision == "threshold_met"}
    outcomes = Counter(a.get_outcome_display() if a.outcome else "No outcome yet"
                       for a in allegations if a.referral_id in met)
    decisions = Counter(r.get_decision_display() if r.decision else "Not yet decided"
                        for r in in_year)
    employers = Counter(r.employer for r in in_year)
    months = Counter(r.received_at.date().replace(day=1) for r in in_year)
    bands = Counter(timeliness_band(received=r.received_at.date(), resolved=r.closed_on)
                    or "Still open" for r in in_year if r.decision == "threshold_met")
    # The same person referred more than once, in any year up to the end of this one.
    subjects = Counter((r.subject_name.strip().lower(), r.employer.strip().lower())
                       for r in referrals.filter(received_at__date__lte=year_end))
    names = {(r.subject_name.strip().lower(), r.employer.strip().lower()): r.subject_name
             for r in in_year}
    repeats = sorted(((f"{names[key]} ({key[1].title()})", count)
                      for key, count in subjects.items() if count > 1 and key in names),
                     key=lambda item: (-item[1], item[0]))
    considered = [r for r in in_year if r.considered_on is not None]
    month_cursor = year_start
    by_month = []
    while month_cursor <= year_end:
        by_month.append((f"{month_cursor:%B %Y}", months.get(month_cursor, 0)))
        month_cursor = add_months(month_cursor, 1)
    return Overview(
        year_start=year_start, year_end=year_end,
        referrals=sum(1 for r in in_year if r.kind == "referral"),
        consultations=sum(1 for r in in_year if r.kind == "consultation"),
        considered_in_time=sum(1 for r in considered
                               if r.considered_on and r.considered_on <= r.consideration_due),
        considered=len(considered),
        by_sector=sectors.most_common(),
        by_category=categories.most_common(),
        by_outcome=[(label, outcomes[label]) for label in
                    [*(o.label for o in Outcome), "No outcome yet"] if outcomes[label]],
        by_decision=decisions.most_common(),
        by_employer=[(name, count) for name, count in employers.most_common(10) if count > 1],
        by_month=by_month,
        timeliness=[(band, bands[band]) for band in (*TIMELINESS_BANDS, "Still open")],
        open_now=referrals.exclude(status=Referral.Status.CLOSED).count(),
        repeat_subjects=repeats,
        police=sum(1 for r in in_year if r.police_involved),
        suspended=sum(1 for r in in_year if r.suspended_on),
        dbs=sum(1 for r in in_year if r.dbs_referred_on),
        regulator=sum(1 for r in in_year if r.regulator_referred_on),
    )


def compare_counts(current: list[tuple[str, int]], before: list[tuple[str, int]]
                   ) -> list[tuple[str, int, int]]:
    """(label, this year, the year before), in this year's order then last year's extras."""
    earlier = dict(before)
    rows = [(label, count, earlier.pop(label, 0)) for label, count in current]
    return rows + [(label, 0, count) for label, count in earlier.items() if count]


def overdue_consideration(*, user: User, today: date) -> QuerySet[Referral]:
    return referral_list_for_user(user=user).filter(status=Referral.Status.RECEIVED,
                                                    consideration_due__lt=today)


def referrals_past_retention(*, today: date) -> QuerySet[Referral]:
    """Closed referrals whose retention period has run out (for the retention command; no
    user, so it is not a read for a person)."""
    years = lado_settings().retention_years
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return Referral.objects.filter(status=Referral.Status.CLOSED, closed_on__lt=cutoff)
