"""What is due and overdue now: the statutory clocks in the latest Annex A extract.

Annex A's point-in-time columns say when a child was last visited, last reviewed, last had a
health assessment; from them each open piece of work gets a due date, by the rules below
(our reading of the statutory guidance; an authority with stricter local rules will want them
made settings). Managers see the list by team and worker; "overdue" is judged against today
when the page is shown, not when the snapshot was taken.

- assessment (List 4, started and not authorised): 45 working days after the start.
- icpc (List 5, an enquiry with no conference that was not deemed unnecessary): 15 working
  days after the strategy discussion.
- cp_visit (List 7, plan not ended): 10 working days after the last statutory visit, or after
  the plan's start if there has been none.
- cp_review (List 7, plan not ended): 6 months after the latest review conference; 3 months
  after the plan's start if there has been none.
- cla_visit (List 8, still looked after): 6 weeks after the last social work visit; 1 week
  after the start if there has been none.
- cla_review (List 8, still looked after): 6 months after the latest review; 20 working days
  after the start if there has been none.
- cla_health (List 8, still looked after): 12 months after the last health assessment (6
  months for a child under 5); 20 working days after the start if there has been none.
- pathway_plan (List 9): 6 months after the latest pathway plan review.
- leaver_contact (List 9): 8 weeks after the latest contact.

Working days are counted on the England and Wales bank-holiday calendar with the start as
day 0 (clearsight_analytics.calendar).
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from clearsight_analytics.calendar import WorkingDayCalendar
from clearsight_analytics.indicators.inputs import Inputs
from clearsight_analytics.indicators.periods import add_months

YES = {"yes", "y", "true", "1"}


@dataclass(frozen=True)
class Due:
    child_id: str
    kind: str
    label: str
    team: str | None
    worker: str | None
    last_done: date | None
    due_on: date
    rule: str


def _age(dob: date | None, on: date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _rows(inputs: Inputs, number: int, extract: date) -> Iterator[Mapping[str, Any]]:
    table = inputs.raw[f"raw_aa_list_{number}"]
    for row in table.to_pylist():
        if row["extract_date"] == extract and row.get("child_id"):
            yield row


def due_items(inputs: Inputs, calendar: WorkingDayCalendar | None = None) -> list[Due]:
    """Every clock running in the latest Annex A extract, soonest first."""
    if not inputs.extracts:
        return []
    extract = max(inputs.extracts)
    wd = calendar or WorkingDayCalendar()
    items: list[Due] = []

    def add(row: Mapping[str, Any], kind: str, label: str, last: date | None, due: date,
            rule: str) -> None:
        items.append(Due(str(row["child_id"]), kind, label, row.get("allocated_team"),
                         row.get("allocated_worker"), last, due, rule))

    for row in _rows(inputs, 4, extract):
        start = row["assessment_start_date"]
        if start and not row["assessment_authorised_date"]:
            add(row, "assessment", "Assessment to complete", start,
                wd.add_working_days(start, 45), "45 working days from the start")
    for row in _rows(inputs, 5, extract):
        start = row["s47_start_date"]
        unnecessary = str(row.get("icpc_unnecessary") or "").strip().lower() in YES
        if start and not row["icpc_date"] and not unnecessary:
            add(row, "icpc", "Initial child protection conference", start,
                wd.add_working_days(start, 15), "15 working days from the strategy discussion")
    for row in _rows(inputs, 7, extract):
        start = row["cpp_start_date"]
        if not start or row["cpp_end_date"]:
            continue
        visited = row["last_statutory_visit_date"]
        add(row, "cp_visit", "Child protection visit", visited,
            wd.add_working_days(visited or start, 10), "every 10 working days")
        reviewed = row["latest_review_conference_date"]
        add(row, "cp_review", "Child protection review conference", reviewed,
            add_months(reviewed, 6) if reviewed else add_months(start, 3),
            "first within 3 months, then every 6 months")
    for row in _rows(inputs, 8, extract):
        start = row["looked_after_start_date"]
        if not start or row["looked_after_end_date"]:
            continue
        visited = row["last_social_work_visit_date"]
        add(row, "cla_visit", "Social work visit (child looked after)", visited,
            visited + timedelta(weeks=6) if visited else start + timedelta(weeks=1),
            "within a week of starting, then every 6 weeks")
        reviewed = row["latest_statutory_review_date"]
        add(row, "cla_review", "Looked-after review", reviewed,
            add_months(reviewed, 6) if reviewed else wd.add_working_days(start, 20),
            "first within 20 working days, then every 6 months")
        checked = row["last_health_assessment_date"]
        age = _age(row.get("date_of_birth"), extract)
        months = 6 if age is not None and age < 5 else 12
        add(row, "cla_health", "Health assessment", checked,
            add_months(checked, months) if checked else wd.add_working_days(start, 20),
            f"every {months} months" + (" (under 5)" if months == 6 else ""))
    for row in _rows(inputs, 9, extract):
        reviewed = row.get("pathway_plan_review_date")
        if reviewed:
            add(row, "pathway_plan", "Pathway plan review", reviewed, add_months(reviewed, 6),
                "every 6 months")
        contacted = row.get("latest_contact_date")
        if contacted:
            add(row, "leaver_contact", "Contact with care leaver", contacted,
                contacted + timedelta(weeks=8), "every 8 weeks")
    return sorted(items, key=lambda item: (item.due_on, item.child_id, item.kind))
