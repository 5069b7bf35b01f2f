"""The statutory quarterly report and the compliments counts: aggregates only.

Every count shown goes through `suppress_small` (counts from 1 to 4 become "c"), and a
percentage built on a suppressed count is suppressed too, so the page is safe for board
members. Quarters are the council's financial quarters: Q1 is April to June.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from clearsight.complaints import selectors
from clearsight.complaints.clocks import Calendar
from clearsight.complaints.models import (
    Complaint,
    ComplaintPoint,
    Compliment,
    ComplimentCategory,
    LearningAction,
    Outcome,
    Resolution,
    Satisfaction,
    Source,
    Theme,
)
from clearsight.core.documents import docx_bytes, docx_table
from clearsight.organisation.models import Team
from clearsight_analytics import SUPPRESSED, suppress_small


@dataclass(frozen=True)
class Quarter:
    year: int  # the financial year's starting calendar year (2025 for 2025-26)
    number: int  # 1 to 4

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        following = Quarter(self.year + (self.number == 4), self.number % 4 + 1)
        return date.fromordinal(following.start.toordinal() - 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return (f"Quarter {self.number} {self.year}-{(self.year + 1) % 100:02d} "
                f"({self.start:%-d %B %Y} to {self.end:%-d %B %Y})")

    def a_year_earlier(self) -> "Quarter":
        return Quarter(self.year - 1, self.number)

    def previous(self) -> "Quarter":
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(
            self.year - 1, 4)


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: date) -> Quarter:
    return Quarter(financial_year_of(day), ((day.month - 4) % 12) // 3 + 1)


def quarter_from(code: str, today: date) -> Quarter:
    """The quarter named `2025-Q2`; the last complete quarter when none (or a bad one) is."""
    year, _, number = code.partition("-Q")
    if year.isdigit() and number in ("1", "2", "3", "4"):
        return Quarter(int(year), int(number))
    return quarter_of(today).previous()


def quarter_choices(today: date, count: int = 8) -> list[Quarter]:
    quarters = [quarter_of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def shown(count: int) -> int | str:
    return suppress_small(count)


def percent(part: int, whole: int) -> str:
    """A percentage, suppressed when either count is small; a dash when there is none."""
    if whole == 0:
        return "-"
    if suppress_small(part) == SUPPRESSED or suppress_small(whole) == SUPPRESSED:
        return SUPPRESSED
    return f"{round(100 * part / whole)}%"


@dataclass
class Row:
    label: str
    count: int | str
    last_year: int | str | None = None


@dataclass
class Timeliness:
    label: str
    met: int | str
    total: int | str
    percent: str
    last_year_percent: str


@dataclass
class Report:
    quarter: Quarter
    received: Row
    by_source: list[Row] = field(default_factory=list)
    by_stage: list[Row] = field(default_factory=list)
    timeliness: list[Timeliness] = field(default_factory=list)
    point_outcomes: list[Row] = field(default_factory=list)
    overall_outcomes: list[Row] = field(default_factory=list)
    themes: list[Row] = field(default_factory=list)
    satisfaction: list[Row] = field(default_factory=list)
    compliments: Row | None = None
    compliment_categories: list[Row] = field(default_factory=list)
    learning_open: int | str = 0
    learning_done: int | str = 0


def _in(field_name: str, quarter: Quarter) -> dict[str, date]:
    return {f"{field_name}__gte": quarter.start, f"{field_name}__lte": quarter.end}


def _timeliness(quarter: Quarter, calendar: Calendar, today: date) -> dict[str, tuple[int, int]]:
    """Clocks completed in the quarter: (met, total) by clock code."""
    results: dict[str, list[int]] = {}
    done_fields = {"first_contact": "first_contact_on", "qa": "qa_signed_off_on",
                   "stage1": "stage1_responded_on", "stage2": "stage2_responded_on",
                   "stage3": "panel_held_on", "allocation": "allocated_on"}
    any_done = Q()
    for done_field in done_fields.values():
        any_done |= Q(**_in(done_field, quarter))
    for complaint in Complaint.objects.filter(any_done).prefetch_related("pauses"):
        for clock in selectors.complaint_clocks(complaint, calendar, today):
            if clock.done is None or clock.due is None:
                continue
            if not quarter.start <= clock.done <= quarter.end:
                continue
            tally = results.setdefault(clock.code, [0, 0])
            tally[1] += 1
            tally[0] += clock.done <= clock.due
    return {code: (met, total) for code, (met, total) in results.items()}


CLOCK_LABELS = [
    ("allocation", "Allocated to a QA officer by day 1"),
    ("first_contact", "Complainant contacted within 2 working days"),
    ("qa", "Response quality assured 2 working days before the deadline"),
    ("stage1", "Stage 1 response within 10 working days (20 if agreed)"),
    ("stage2", "Stage 2 response within 25 working days (65 if extended)"),
    ("stage3", "Review panel held within 30 working days"),
]


def _counts(values: Iterable[str]) -> Counter[str]:
    return Counter(values)


def quarterly(*, quarter: Quarter, calendar: Calendar, today: date) -> Report:
    earlier = quarter.a_year_earlier()
    received = Complaint.objects.filter(**_in("received_on", quarter))
    received_before = Complaint.objects.filter(**_in("received_on", earlier))
    report = Report(quarter=quarter, received=Row("Complaints received", shown(received.count()),
                                                 shown(received_before.count())))

    sources = _counts(received.values_list("source", flat=True))
    sources_before = _counts(received_before.values_list("source", flat=True))
    report.by_source = [Row(label, shown(sources[code]), shown(sources_before[code]))
                        for code, label in Source.choices]

    def stage(label: str, field_name: str, **extra: str) -> Row:
        now = Complaint.objects.filter(**_in(field_name, quarter), **extra).count()
        before = Complaint.objects.filter(**_in(field_name, earlier), **extra).count()
        return Row(label, shown(now), shown(before))

    report.by_stage = [
        stage("Resolved early", "closed_on", resolution=Resolution.EARLY),
        stage("Stage 1 responses sent", "stage1_responded_on"),
        stage("Mediation", "mediation_on"),
        stage("Stage 2 requested", "stage2_requested_on"),
        stage("Stage 3 review panels requested", "stage3_requested_on"),
        stage("Referred to the Ombudsman", "ombudsman_referred_on"),
    ]

    now = _timeliness(quarter, calendar, today)
    before = _timeliness(earlier, calendar, today)
    for code, label in CLOCK_LABELS:
        met, total = now.get(code, (0, 0))
        met_before, total_before = before.get(code, (0, 0))
        report.timeliness.append(Timeliness(label, shown(met), shown(total), percent(met, total),
                                            percent(met_before, total_before)))

    responded = Complaint.objects.filter(**_in("stage1_responded_on", quarter))
    points = ComplaintPoint.objects.filter(complaint__in=responded)
    outcome_counts = _counts(points.values_list("outcome", flat=True))
    overall_counts = _counts(responded.values_list("overall_outcome", flat=True))
    report.point_outcomes = [Row(label, shown(outcome_counts[code]))
                             for code, label in Outcome.choices]
    report.overall_outcomes = [Row(label, shown(overall_counts[code]))
                               for code, label in Outcome.choices]
    themes = _counts(ComplaintPoint.objects.filter(complaint__in=received)
                     .values_list("theme", flat=True))
    themes_before = _counts(ComplaintPoint.objects.filter(complaint__in=received_before)
                            .values_list("theme", flat=True))
    report.themes = sorted((Row(label, shown(themes[code]), shown(themes_before[code]))
                            for code, label in Theme.choices if themes[code] or
                            themes_before[code]),
                           key=lambda row: -themes[_theme_code(row.label)])
    closed = Complaint.objects.filter(**_in("closed_on", quarter)).exclude(satisfaction="")
    satisfied = _counts(closed.values_list("satisfaction", flat=True))
    report.satisfaction = [Row(label, shown(satisfied[code]))
                           for code, label in Satisfaction.choices]

    compliments = Compliment.objects.filter(**_in("received_on", quarter))
    report.compliments = Row("Compliments received", shown(compliments.count()),
                             shown(Compliment.objects.filter(**_in("received_on", earlier))
                                   .count()))
    categories = _counts(compliments.values_list("category", flat=True))
    report.compliment_categories = [Row(label, shown(categories[code]))
                                    for code, label in ComplimentCategory.choices]
    actions = LearningAction.objects.filter(complaint__in=responded)
    report.learning_done = shown(actions.filter(completed_on__isnull=False).count())
    report.learning_open = shown(actions.filter(completed_on__isnull=True).count())
    return report


def _theme_code(label: str) -> str:
    return {lab: code for code, lab in Theme.choices}[label]


@dataclass(frozen=True)
class TeamCompliments:
    team: Team
    this_year: int
    all_time: int


def compliments_by_team(*, compliments: QuerySet[Compliment], year: int) -> list[TeamCompliments]:
    """How many compliments each team received this financial year and in all, most first."""
    start = date(year, 4, 1)
    totals = dict(compliments.values_list("team").annotate(n=Count("pk", distinct=True))
                  .values_list("team", "n"))
    this_year = dict(compliments.filter(received_on__gte=start).values_list("team")
                     .annotate(n=Count("pk", distinct=True)).values_list("team", "n"))
    teams = Team.objects.filter(pk__in=totals).select_related("service_area")
    rows = [TeamCompliments(team, this_year.get(team.pk, 0), totals[team.pk]) for team in teams]
    return sorted(rows, key=lambda row: (-row.this_year, -row.all_time, row.team.name))


# ------------------------------------------------------------------ documents


def _sections(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report as (title, header, rows) tables, for the Excel and Word versions."""
    this, last = "This quarter", "Same quarter last year"
    return [
        ("Complaints received", ["", this, last],
         [[report.received.label, report.received.count, report.received.last_year]]),
        ("By how they came in", ["How it came in", this, last],
         [[r.label, r.count, r.last_year] for r in report.by_source]),
        ("By stage", ["Stage", this, last],
         [[r.label, r.count, r.last_year] for r in report.by_stage]),
        ("Timeliness", ["Step", "On time", "Completed", "On time (%)", "Last year (%)"],
         [[t.label, t.met, t.total, t.percent, t.last_year_percent]
          for t in report.timeliness]),
        ("Outcome of each point", ["Outcome", this],
         [[r.label, r.count] for r in report.point_outcomes]),
        ("Overall outcomes", ["Outcome", this],
         [[r.label, r.count] for r in report.overall_outcomes]),
        ("Themes", ["Theme", this, last], [[r.label, r.count, r.last_year]
                                           for r in report.themes]),
        ("Satisfaction at closure", ["Answer", this],
         [[r.label, r.count] for r in report.satisfaction]),
        ("Compliments", ["Category", this],
         [[r.label, r.count] for r in report.compliment_categories]),
    ]


def report_xlsx(report: Report, authority: str) -> bytes:
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Quarterly report")
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 4, 16)
    sheet.write_string(0, 0, f"{authority}: complaints and compliments", bold)
    sheet.write_string(1, 0, report.quarter.label)
    sheet.write_string(2, 0, 'Counts from 1 to 4 are shown as "c".')
    row = 4
    for title, header, rows in _sections(report):
        sheet.write_string(row, 0, title, bold)
        row += 1
        for column, text in enumerate(header):
            sheet.write_string(row, column, text, bold)
        row += 1
        for values in rows:
            for column, value in enumerate(values):
                if isinstance(value, int):
                    sheet.write_number(row, column, value)
                else:
                    sheet.write_string(row, column, str(value if value is not None else ""))
            row += 1
        row += 1
    book.close()
    return out.getvalue()


def report_docx(report: Report, authority: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(f"{authority}: quarterly complaints report", level=1)
    document.add_paragraph(report.quarter.label)
    document.add_paragraph('Counts from 1 to 4 are shown as "c" so that nobody can be '
                           "recognised, and so are percentages built on them.")
    for title, header, rows in _sections(report):
        document.add_heading(title, level=2)
        docx_table(document, list(header), rows)
    return docx_bytes(document)



# ------------------------------------------------------------------ the learning bulletin

# The QA team's workshops, and the complaint themes each one answers.
WORKSHOPS: dict[str, list[str]] = {
    Theme.COMMUNICATION: ["Voice of the child and purposeful visits",
                          "Engaging fathers and men"],
    Theme.ASSESSMENT: ["Chronology, genogram and case summaries", "Confirmatory bias",
                       "Professional curiosity"],
    Theme.DELAY: ["SMART planning and safety plans"],
    Theme.DECISION: ["Threshold training"],
    Theme.RECORDS: ["Chronology, genogram and case summaries"],
    Theme.CONTACT: ["Voice of the child and purposeful visits"],
    Theme.PLACEMENT: ["SMART planning and safety plans"],
    Theme.STAFF_CONDUCT: ["Professional curiosity"],
}
BULLETIN_QUOTES = 4


@dataclass
class Bulletin:
    quarter: Quarter
    good_practice: list[str]
    learning: list[str]
    compliments: int
    quotes: list[Compliment]
    workshops: list[tuple[str, list[str]]]  # (workshop, the themes it answers this quarter)


def bulletin(*, quarter: Quarter) -> Bulletin:
    """The quarterly learning bulletin for all staff: from the stage 1 responses of the
    quarter, the good practice found and the learning; the compliments received; and the
    workshops that answer the quarter's themes, most common theme first."""
    responded = Complaint.objects.filter(**_in("stage1_responded_on", quarter))
    good = [text.strip() for text in responded.exclude(good_practice="")
            .values_list("good_practice", flat=True)]
    learning = [text.strip() for text in LearningAction.objects.filter(complaint__in=responded)
                .order_by("pk").values_list("learning", flat=True)]
    compliments = Compliment.objects.filter(**_in("received_on", quarter))
    themes = _counts(ComplaintPoint.objects.filter(complaint__in=responded)
                     .values_list("theme", flat=True))
    workshops: dict[str, list[str]] = {}
    for theme, _count in themes.most_common():
        for workshop in WORKSHOPS.get(theme, []):
            workshops.setdefault(workshop, []).append(Theme(theme).label.lower())
    return Bulletin(
        quarter=quarter, good_practice=list(dict.fromkeys(good)),
        learning=list(dict.fromkeys(learning)), compliments=compliments.count(),
        quotes=list(compliments.prefetch_related("staff").order_by("-received_on", "-pk")
                    [:BULLETIN_QUOTES]),
        workshops=list(workshops.items()))
