"""Reads of feedback. Responses and invitations follow the case access rule
(casework.selectors): a person sees the feedback on the cases they may open, and a response
whose family asked that their worker not know it was them shows that worker neither the case nor
the name (`identity_hidden`). Aggregates (rates, results) count everything and suppress small
numbers (clearsight_analytics.suppression)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from statistics import mean
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from clearsight.casework.models import Case, CaseType
from clearsight.casework.selectors import case_list_for_user
from clearsight.feedback import defaults
from clearsight.feedback.models import (
    Action,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Route,
    SafetyAlert,
    SurveyPoint,
    Theme,
)
from clearsight.organisation.models import ServiceArea, Team, User
from clearsight_analytics.suppression import SUPPRESSED, suppress_small

# ------------------------------------------------------------------ records


def response_list_for_user(*, user: User) -> QuerySet[Response]:
    cases = case_list_for_user(user=user, open_only=False)
    return (Response.objects.filter(case__in=cases.values("pk"))
            .select_related("case", "team", "worker", "caller", "version__survey"))


def response_get_for_user(*, user: User, pk: int) -> Response:
    """The response, or 404 whether it does not exist or the user may not see its case."""
    try:
        return response_list_for_user(user=user).get(pk=pk)
    except Response.DoesNotExist:
        raise Http404("No such response") from None


def identity_hidden(response: Response, user: User) -> bool:
    """The family asked that their worker does not see who said this, and `user` is that
    worker: show the answers without the case or the name."""
    return response.hide_from_worker and response.worker_id == user.pk


def invitation_list_for_user(*, user: User) -> QuerySet[Invitation]:
    cases = case_list_for_user(user=user, open_only=False)
    return Invitation.objects.filter(case__in=cases.values("pk")).select_related(
        "case", "created_by")


def invitation_get_for_user(*, user: User, pk: int) -> Invitation:
    try:
        return invitation_list_for_user(user=user).get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None


def invitation_in_session(*, pk: int) -> Invitation | None:
    """The invitation a family opened with its link or code (its id kept in their session)."""
    return Invitation.objects.filter(pk=pk).first()


def alert_list() -> QuerySet[SafetyAlert]:
    """Every alert: only quality assurance officers open the list (views.alerts)."""
    return SafetyAlert.objects.select_related("response__case", "response__team",
                                              "dealt_with_by")


def alert_get(*, pk: int) -> SafetyAlert:
    alert = alert_list().filter(pk=pk).first()
    if alert is None:
        raise Http404("No such alert")
    return alert


def action_list() -> QuerySet[Action]:
    """The "you said, we did" log: no child-level data, open to all staff."""
    return Action.objects.select_related("theme", "recorded_by")


def action_get(*, pk: int) -> Action:
    action = action_list().filter(pk=pk).first()
    if action is None:
        raise Http404("No such entry")
    return action


# ------------------------------------------------------------------ response rates


def _shown(count: int) -> int | str:
    return suppress_small(count)


def _rate(part: int, whole: int) -> str:
    if whole == 0:
        return "No one to ask"
    if suppress_small(part) == SUPPRESSED or suppress_small(whole) == SUPPRESSED:
        return SUPPRESSED
    return f"{round(100 * part / whole)}%"


@dataclass(frozen=True)
class RateRow:
    point: str
    label: str
    invited: int | str
    by_link: int | str
    link_rate: str
    by_phone: int | str
    eligible: int | str | None  # families the point applies to, where the case data says
    phone_rate: str | None
    raw: tuple[int, int, int, int | None] = (0, 0, 0, None)


def _eligible(point: str, start: date, end: date) -> int | None:
    """How many families reached this point in the period, when case data tells us."""
    if point == SurveyPoint.CLOSURE:
        return Case.objects.filter(closed_on__range=(start, end)).count()
    if point == SurveyPoint.EARLY_HELP_START:
        return Case.objects.filter(case_type=CaseType.EARLY_HELP,
                                   opened_on__range=(start, end)).count()
    if point == SurveyPoint.EARLY_HELP_END:
        return Case.objects.filter(case_type=CaseType.EARLY_HELP,
                                   closed_on__range=(start, end)).count()
    return None


def response_rates(*, start: date, end: date) -> list[RateRow]:
    """By survey point: invitations sent in the period and how many were answered by link;
    phone responses taken in the period; and where the case data says how many families reached
    the point (closures, early help starts and ends), the share reached by phone."""
    invited = dict(Invitation.objects.filter(created_at__date__range=(start, end))
                   .values_list("point").annotate(n=Count("pk")))
    answered = dict(Invitation.objects.filter(created_at__date__range=(start, end),
                                              status=Invitation.Status.USED)
                    .values_list("point").annotate(n=Count("pk")))
    phoned = dict(Response.objects.filter(route=Route.PHONE, received_on__range=(start, end))
                  .values_list("point").annotate(n=Count("pk")))
    rows = []
    for point, label in SurveyPoint.choices:
        i, a, p = invited.get(point, 0), answered.get(point, 0), phoned.get(point, 0)
        eligible = _eligible(point, start, end)
        rows.append(RateRow(
            point=point, label=label, invited=_shown(i), by_link=_shown(a),
            link_rate=_rate(a, i), by_phone=_shown(p),
            eligible=None if eligible is None else _shown(eligible),
            phone_rate=None if eligible is None else _rate(p, eligible),
            raw=(i, a, p, eligible)))
    return rows


# ------------------------------------------------------------------ results per question


RESULT_QUESTIONS = [defaults.SHARE_VIEWS, defaults.UNDERSTOOD_WHY, defaults.NEEDS_MET,
                    defaults.WORKED_TOGETHER, defaults.LISTENED_TO, defaults.KNEW_WHAT_NEXT,
                    defaults.OVERALL]


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(quarter: tuple[int, int]) -> str:
    first_month = (quarter[1] - 1) * 3 + 1
    return f"{date(quarter[0], first_month, 1):%b}-{date(quarter[0], first_month + 2, 1):%b %Y}"


def last_quarters(today: date, count: int) -> list[tuple[int, int]]:
    year, q = quarter_of(today)
    out = []
    for _ in range(count):
        out.append((year, q))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return list(reversed(out))


def question_label(code: str) -> str:
    question = (Question.objects.filter(code=code, version__survey__audience="adult")
                .order_by("-version__number").first())
    return question.text if question else code


def _is_positive(answer: Mapping[str, Any], positive: Iterable[str]) -> bool:
    wanted = set(positive)
    if answer["question__kind"] == QuestionKind.SCALE:
        return str(answer["number"]) in wanted
    return answer["choice"] in wanted


@dataclass
class ResultRow:
    name: str
    kind: str  # "authority", "service" or "team"
    cells: list[dict[str, object]] = field(default_factory=list)


def question_results(*, code: str, quarters: list[tuple[int, int]], audience: str = "",
                     service: ServiceArea | None = None) -> list[ResultRow]:
    """For one question: the share of positive answers per quarter, for the authority, each
    service area and (within one service area, when given) each team. Cells hold the
    percentage and the number answering, both suppressed below five."""
    start = date(quarters[0][0], (quarters[0][1] - 1) * 3 + 1, 1)
    answers = Answer.objects.filter(question__code=code, response__received_on__gte=start)
    if audience:
        answers = answers.filter(response__audience=audience)
    buckets: dict[tuple[str, object, tuple[int, int]], list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers.values("question__kind", "question__positive", "number", "choice",
                                 "response__received_on", "response__team_id",
                                 "response__service_area_id"):
        quarter = quarter_of(answer["response__received_on"])
        if quarter not in quarters:
            continue
        good = int(_is_positive(answer, answer["question__positive"] or []))
        for key in (("authority", None), ("service", answer["response__service_area_id"]),
                    ("team", answer["response__team_id"])):
            bucket = buckets[(key[0], key[1], quarter)]
            bucket[0] += 1
            bucket[1] += good

    def cells(kind: str, key: object) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for quarter in quarters:
            total, good = buckets.get((kind, key, quarter), [0, 0])
            shown = suppress_small(total)
            percent = (SUPPRESSED if shown == SUPPRESSED else
                       (f"{round(100 * good / total)}%" if total else "No answers"))
            out.append({"quarter": quarter_label(quarter), "answered": shown,
                        "percent": percent})
        return out

    rows = [ResultRow("All services", "authority", cells("authority", None))]
    services = [service] if service else list(ServiceArea.objects.order_by("name"))
    for area in services:
        rows.append(ResultRow(area.name, "service", cells("service", area.pk)))
    if service is not None:
        for team in Team.objects.filter(service_area=service).order_by("name"):
            rows.append(ResultRow(team.name, "team", cells("team", team.pk)))
    return rows


# ------------------------------------------------------------------ early help change


@dataclass(frozen=True)
class Pair:
    case_ref: str
    audience: str
    start_on: date
    start: int
    end_on: date
    end: int

    @property
    def change(self) -> int:
        return self.end - self.start


def early_help_pairs(*, responses: QuerySet[Response]) -> list[Pair]:
    """Each family's (case and audience) self-score at the start and at the end of early help:
    the latest start score on or before the latest end score."""
    scores = (Answer.objects.filter(response__in=responses, question__code=defaults.EH_SCORE,
                                    number__isnull=False,
                                    response__point__in=[SurveyPoint.EARLY_HELP_START,
                                                         SurveyPoint.EARLY_HELP_END])
              .values_list("response__case__case_ref", "response__audience", "response__point",
                           "response__received_on", "number")
              .order_by("response__received_on", "response__pk"))
    starts: dict[tuple[str, str], list[tuple[date, int]]] = defaultdict(list)
    ends: dict[tuple[str, str], tuple[date, int]] = {}
    for case_ref, audience, point, on, number in scores:
        if number is None:
            continue
        if point == SurveyPoint.EARLY_HELP_START:
            starts[(case_ref, audience)].append((on, number))
        else:
            ends[(case_ref, audience)] = (on, number)
    pairs = []
    for key, (end_on, end) in sorted(ends.items()):
        before = [s for s in starts.get(key, []) if s[0] <= end_on]
        if before:
            start_on, start = before[-1]
            pairs.append(Pair(key[0], key[1], start_on, start, end_on, end))
    return pairs


def average_change(pairs: list[Pair]) -> float | None:
    return round(mean(p.change for p in pairs), 1) if pairs else None


# ------------------------------------------------------------------ themes


def theme_counts(*, start: date, end: date) -> list[dict[str, object]]:
    themes = Theme.objects.annotate(
        n=Count("responses", filter=Q(responses__received_on__range=(start, end)))
    ).order_by("-n", "name")
    return [{"theme": theme, "count": suppress_small(theme.n),
             "actions": theme.actions.count()} for theme in themes]


# ------------------------------------------------------------------ the quarterly report

# The four headline questions of the quarterly report, in plain words.
HEADLINES = [
    (defaults.SHARE_VIEWS, "Were able to share their views"),
    (defaults.UNDERSTOOD_WHY, "Understood why they had a social worker"),
    (defaults.NEEDS_MET, "Got all or most of the help they needed"),
    (defaults.LISTENED_TO, "Felt listened to and treated with respect"),
]


def quarter_code(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}-Q{quarter[1]}"


def quarter_dates(quarter: tuple[int, int]) -> tuple[date, date]:
    first_month = (quarter[1] - 1) * 3 + 1
    start = date(quarter[0], first_month, 1)
    following = (date(quarter[0] + 1, 1, 1) if quarter[1] == 4
                 else date(quarter[0], first_month + 3, 1))
    return start, date.fromordinal(following.toordinal() - 1)


def previous_quarter(quarter: tuple[int, int]) -> tuple[int, int]:
    return (quarter[0], quarter[1] - 1) if quarter[1] > 1 else (quarter[0] - 1, 4)


def report_quarters(today: date, count: int = 8) -> list[tuple[int, int]]:
    """The complete quarters a report can be made for, the latest first."""
    return list(reversed(last_quarters(today, count + 1)[:-1]))


def report_quarter_from(code: str, today: date) -> tuple[int, int]:
    """The quarter named `2026-Q3` (calendar quarters: Q3 is July to September); the last
    complete quarter when none, or one that is not over yet, is asked for."""
    year, _, number = code.partition("-Q")
    if year.isdigit() and len(year) == 4 and number in ("1", "2", "3", "4"):
        quarter = (int(year), int(number))
        if quarter_dates(quarter)[1] < today:
            return quarter
    return previous_quarter(quarter_of(today))


@dataclass(frozen=True)
class Headline:
    code: str
    label: str
    answered: int | str
    positive: int | str
    percent: str
    previous_percent: str
    change: str
    raw: tuple[int, int, int, int] = (0, 0, 0, 0)  # answered, positive, and the same before


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int | str


@dataclass
class QuarterReport:
    quarter: tuple[int, int]
    label: str
    code: str
    start: date
    end: date
    previous_label: str
    responses_link: int | str
    responses_phone: int | str
    responses_total: int | str
    rates: list[RateRow]
    headlines: list[Headline]
    early_help_pairs: int | str
    early_help_average: str
    themes: list[CountRow]
    alerts_raised: int | str
    alerts_dealt_with: int | str
    actions: list[Action]


def _positive_counts(code: str, start: date, end: date) -> tuple[int, int]:
    """(answered, positive) for one question over responses received in the period."""
    answered = good = 0
    for answer in (Answer.objects.filter(question__code=code,
                                         response__received_on__range=(start, end))
                   .values("question__kind", "question__positive", "number", "choice")):
        if answer["question__kind"] == QuestionKind.SCALE and answer["number"] is None:
            continue
        if answer["question__kind"] != QuestionKind.SCALE and not answer["choice"]:
            continue
        answered += 1
        good += int(_is_positive(answer, answer["question__positive"] or []))
    return answered, good


def _percent_value(part: int, whole: int) -> int | None:
    """The whole-number percentage, or None when there are no answers or too few to show."""
    if whole == 0 or suppress_small(whole) == SUPPRESSED or suppress_small(part) == SUPPRESSED:
        return None
    return round(100 * part / whole)


def _percent_text(part: int, whole: int) -> str:
    if whole == 0:
        return "No answers"
    value = _percent_value(part, whole)
    return SUPPRESSED if value is None else f"{value}%"


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return "Not available"
    difference = now - before
    if difference == 0:
        return "No change"
    return f"{difference:+d} point{'s' if abs(difference) != 1 else ''}"


def quarterly_report(*, quarter: tuple[int, int]) -> QuarterReport:
    """The quarterly feedback report, for boards as well as staff: aggregates only, every count
    from 1 to 4 shown as "c" and every percentage or average built on one suppressed too. Nothing
    in it names a child, a family, a case or a worker."""
    start, end = quarter_dates(quarter)
    before = previous_quarter(quarter)
    before_start, before_end = quarter_dates(before)

    received = Response.objects.filter(received_on__range=(start, end))
    by_route = dict(received.values_list("route").annotate(n=Count("pk")))

    headlines = []
    for code, label in HEADLINES:
        answered, good = _positive_counts(code, start, end)
        answered_before, good_before = _positive_counts(code, before_start, before_end)
        headlines.append(Headline(
            code=code, label=label, answered=_shown(answered),
            positive=_shown(good) if answered else 0,
            percent=_percent_text(good, answered),
            previous_percent=_percent_text(good_before, answered_before),
            change=_change(_percent_value(good, answered),
                           _percent_value(good_before, answered_before)),
            raw=(answered, good, answered_before, good_before)))

    pairs = [pair for pair in early_help_pairs(responses=Response.objects.all())
             if start <= pair.end_on <= end]
    average = average_change(pairs)
    if not pairs:
        average_text = "No pairs"
    elif suppress_small(len(pairs)) == SUPPRESSED or average is None:
        average_text = SUPPRESSED
    else:
        average_text = f"{average:+.1f}"

    themes = [CountRow(str(row["theme"]), row["count"])  # type: ignore[arg-type]
              for row in theme_counts(start=start, end=end) if row["count"] != 0]

    # An alert is raised when its response arrives: counted by the response's date, which for
    # a phone call is the day of the call, not the day it was typed in.
    raised = SafetyAlert.objects.filter(response__received_on__range=(start, end))
    return QuarterReport(
        quarter=quarter, label=quarter_label(quarter), code=quarter_code(quarter),
        start=start, end=end, previous_label=quarter_label(before),
        responses_link=_shown(by_route.get(Route.LINK, 0)),
        responses_phone=_shown(by_route.get(Route.PHONE, 0)),
        responses_total=_shown(sum(by_route.values())),
        rates=response_rates(start=start, end=end),
        headlines=headlines,
        early_help_pairs=_shown(len(pairs)), early_help_average=average_text,
        themes=themes,
        alerts_raised=_shown(raised.count()),
        alerts_dealt_with=_shown(raised.filter(status=SafetyAlert.Status.DEALT_WITH).count()),
        actions=list(action_list().filter(done_on__range=(start, end)).order_by("done_on", "pk")))


# ------------------------------------------------------------------ governance packs


def headline_counts(*, start: date, end: date) -> list[tuple[str, int, int]]:
    """The quarterly report's headline questions over responses received from `start` to
    `end`: (plain-words label, answered, positive), raw counts for the governance packs (which
    suppress small numbers themselves)."""
    return [(label, *_positive_counts(code, start, end)) for code, label in HEADLINES]


def feedback_data_marker() -> tuple[int, str]:
    """How many responses there are and when the latest changed: part of a pack's data
    version."""
    from django.db.models import Max

    found = Response.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return found["n"], found["latest"].isoformat() if found["latest"] else ""
