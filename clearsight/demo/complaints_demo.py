"""Demoshire's complaints and compliments: two years of them, seeded, written in bulk.

Volumes follow the source authority: about 102 complaints in the earlier year and 75 in the
later one (twelve months each, ending on the demo's as-of date), and about 31 compliments a
quarter. Most complaints are about a child's case (the case's team and worker); a quarter are
resolved early; most stage 1 responses are on time, some after an extension agreed in
writing, some late; a few go to stage 2, fewer to a review panel, one or two to the Ombudsman.
The most recent ones are still open, at each step of the procedure.

Idempotent: every demo complaint (reference DS-...) and every compliment of a demo team that
nobody recorded by hand is deleted and made again from the same seed. The command calls
`load` after loading the cases and before pruning stale ones, so that no complaint holds on to
a case that is about to go.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from clearsight.casework.models import Case
from clearsight.complaints import clocks, services
from clearsight.complaints.models import (
    ClockPause,
    Complaint,
    ComplaintEvent,
    ComplaintPoint,
    Compliment,
    LearningAction,
    Outcome,
    Resolution,
    Satisfaction,
    Status,
    Theme,
)
from clearsight.core.calendar import working_calendar
from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import Role

PREFIX = "DS-"
EARLIER_YEAR = 102
LATER_YEAR = 75
COMPLIMENTS_A_QUARTER = 31

SOURCES = [("portal", 35), ("email", 35), ("phone", 20), ("letter", 10)]
COMPLAINANTS = [("parent", 58), ("carer", 10), ("child", 12), ("advocate", 8),
                ("professional", 12)]
THEMES = [(Theme.COMMUNICATION, 30), (Theme.DELAY, 14), (Theme.ASSESSMENT, 14),
          (Theme.CONTACT, 10), (Theme.PLACEMENT, 8), (Theme.STAFF_CONDUCT, 9),
          (Theme.DECISION, 8), (Theme.RECORDS, 5), (Theme.OTHER, 2)]
POINT_TEXT = {
    Theme.COMMUNICATION: ["My calls and emails were not returned.",
                          "I was not told that the social worker had changed.",
                          "Letters used words we could not understand."],
    Theme.DELAY: ["The assessment took far longer than we were told.",
                  "Support agreed at the meeting did not start for weeks."],
    Theme.ASSESSMENT: ["The assessment records things that are not true.",
                       "The report mixes up what was alleged with what was found."],
    Theme.CONTACT: ["Family time was cancelled at short notice more than once.",
                    "I was not told why contact moved to another centre."],
    Theme.PLACEMENT: ["My belongings were not brought to my new home.",
                      "I was moved without being asked what I wanted."],
    Theme.STAFF_CONDUCT: ["The worker spoke to me in a way I found rude.",
                          "The worker did not turn up to visits and did not say why."],
    Theme.DECISION: ["The decision to close the case was made without talking to us.",
                     "The plan was changed without our views being heard."],
    Theme.RECORDS: ["Minutes of the meeting were never sent to us.",
                    "My questions were not recorded or answered."],
    Theme.OTHER: ["The complaint process itself was confusing."],
}
LEARNING = [
    ("Calls from parents were not logged or returned.",
     "Reflective supervision on recording and returning calls."),
    ("Facts and allegations were not kept apart in the report.",
     "Team workshop on writing reports that separate facts from allegations."),
    ("Minutes were not sent after the meeting.",
     "Send the minutes and check the team's process for sending them."),
    ("The child's belongings were not moved with them.",
     "Agree a clear timeframe for moving children's belongings."),
    ("The family did not understand the letter.",
     "Rewrite the letter in plain language and share the example with the team."),
]
GOOD_PRACTICE = [
    "Phone calls and emails were recorded and easy to find on the case file.",
    "The assessment was accurate and its analysis well written.",
    "There was good evidence of information shared with partner agencies.",
    "The correct thresholds were applied when the referral came in.",
    "The child's lived experience was analysed and reflected on.",
]
COMPLIMENT_TEXT = [
    "Thank you for listening to us and never judging.",
    "The letter written for our child was clear and kind, and she understood it.",
    "Always available when we needed to talk, and always did what she said she would.",
    "You made a real difference to our family this year.",
    "Working with you on this case was a model of partnership.",
    "He kept me informed at every step, even when the news was hard.",
    "The best social worker I have had, because she listens.",
]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


@dataclass
class _People:
    qa: list[User]
    signers: list[User]
    by_team: dict[int, list[User]]


def _people(team_ids: list[int]) -> _People:
    staff = list(User.objects.filter(team_id__in=team_ids).prefetch_related("role_grants"))
    qa = [person for person in staff if person.has_role(Role.QA_OFFICER)]
    signers = [person for person in staff
               if person.has_role(Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE)]
    by_team: dict[int, list[User]] = {}
    for person in staff:
        if person.team_id is not None:
            by_team.setdefault(person.team_id, []).append(person)
    return _People(qa or staff[:1], signers or qa or staff[:1], by_team)


def clear() -> None:
    with transaction.atomic():
        Complaint.objects.filter(reference__startswith=PREFIX).delete()


def load(authority: Any) -> str:
    """Make the demo's complaints and compliments; returns a line for the command's output."""
    rng = random.Random(authority.seed * 7919 + 6)
    calendar = working_calendar()
    as_of: date = authority.as_of
    teams = list(Team.objects.filter(code__in=[team.code for team in authority.teams]))
    team_ids = [team.pk for team in teams]
    case_refs = [case.case_ref for case in authority.cases]
    cases = list(Case.objects.filter(case_ref__in=case_refs).select_related("child", "team")
                 .order_by("case_ref"))
    people = _people(team_ids)
    if not teams or not cases:
        return "No teams or cases: no complaints made."

    with transaction.atomic():
        clear()
        Compliment.objects.filter(team_id__in=team_ids, recorded_by__isnull=True).delete()
        made = _complaints(rng, calendar, as_of, cases, people)
        praised = _compliments(rng, as_of, teams, people)
    return f"Complaints: {made} made over two years; compliments: {praised}."


def _received_days(rng: random.Random, as_of: date) -> list[date]:
    days = []
    for count, (start, end) in ((EARLIER_YEAR, (730, 366)), (LATER_YEAR, (365, 1))):
        for _ in range(count):
            days.append(as_of - timedelta(days=rng.randint(end, start)))
    return sorted(days)


def _complaints(rng: random.Random, calendar: Any, as_of: date, cases: list[Case],
                people: _People) -> int:
    complaints: list[Complaint] = []
    points: list[ComplaintPoint] = []
    events: list[ComplaintEvent] = []
    pauses: list[ClockPause] = []
    learning: list[LearningAction] = []
    counters: dict[int, int] = {}

    def add_days(day: date, n: int) -> date:
        return calendar.add_working_days(day, n)

    for received in _received_days(rng, as_of):
        if received.weekday() >= 5:
            received = add_days(received, 1)
        if received > as_of:
            received = as_of
        counters[received.year] = counters.get(received.year, 0) + 1
        reference = f"{PREFIX}{received.year}-{counters[received.year]:04d}"
        case = rng.choice(cases) if rng.random() < 0.8 else None
        team = case.team if case is not None else rng.choice(cases).team
        worker = case.allocated_worker if case is not None else None
        kind = _pick(rng, COMPLAINANTS)
        complaint = Complaint(
            reference=reference, received_on=received, source=_pick(rng, SOURCES),
            complainant_type=kind, complainant_name=f"Complainant {reference[-4:]}",
            summary=rng.choice(POINT_TEXT[_pick(rng, THEMES)]), case=case,
            child=case.child if case is not None else None, team=team, worker=worker,
            stage1_clock_start=received, advocate_offered=kind == "child")
        log: list[tuple[str, date, str]] = [("receive", received, "")]
        age = calendar.working_days_between(received, as_of)  # working days since day 0

        def happened(day: date) -> bool:
            return day <= as_of

        allocated = add_days(received, 1 if rng.random() < 0.9 else 2)
        if not happened(allocated):
            complaints.append(complaint)
            events.extend(ComplaintEvent(complaint=complaint, action=a, on=d, note=n)
                          for a, d, n in log)
            continue
        officer = rng.choice(people.qa)
        complaint.qa_officer, complaint.allocated_on = officer, allocated
        complaint.status = Status.ALLOCATED
        log.append(("allocate", allocated, f"Allocated to {officer}"))
        contact = add_days(allocated, rng.choice([1, 1, 2, 2, 2, 3]))
        meeting = add_days(contact, rng.randint(1, 3))
        if happened(contact):
            complaint.first_contact_on = contact
            log.append(("record_contact", contact, "An advocate was offered."
                        if complaint.advocate_offered else ""))
        if happened(meeting):
            complaint.initial_meeting_on = meeting
            log.append(("record_meeting", meeting, ""))
        if not happened(meeting):
            _finish(complaint, log, complaints, events)
            continue

        # Early resolution for about a quarter.
        if rng.random() < 0.25:
            resolved = add_days(meeting, rng.randint(1, 4))
            if happened(resolved):
                complaint.status = Status.CLOSED
                complaint.closed_on, complaint.resolution = resolved, Resolution.EARLY
                complaint.satisfaction = _pick(rng, [(Satisfaction.SATISFIED, 7),
                                                     (Satisfaction.PARTLY, 2),
                                                     (Satisfaction.NOT_ASKED, 1)])
                log.append(("resolve_early", resolved, "Resolved with the team manager."))
            _finish(complaint, log, complaints, events)
            continue

        complaint.status = Status.STAGE1
        n_points = _pick(rng, [(1, 30), (2, 35), (3, 25), (4, 10)])
        themes = [_pick(rng, THEMES) for _ in range(n_points)]
        if rng.random() < 0.08:  # a point added at the meeting restarted the clock
            complaint.stage1_clock_start = meeting
            log.append(("restart_clock", meeting, "A new point was raised at the meeting."))
        log.append(("start_stage1", meeting, ""))
        start = complaint.stage1_clock_start or received
        pause_list: list[clocks.Pause] = []
        if complaint.complainant_type == "child" and rng.random() < 0.5:
            pause_start = add_days(meeting, 1)
            pause_end = add_days(pause_start, rng.randint(2, 5))
            if happened(pause_end):
                pauses.append(ClockPause(complaint=complaint, starts_on=pause_start,
                                         ends_on=pause_end, reason="Arranging an advocate"))
                pause_list.append(clocks.Pause(pause_start, pause_end))
                log.append(("pause", pause_start, "Arranging an advocate"))
                log.append(("resume", pause_end, ""))
        roll = rng.random()
        if roll < 0.15:  # extended with written agreement
            complaint.stage1_days = rng.randint(15, 20)
            complaint.extension_agreed_on = add_days(start, 7)
            complaint.extension_reason = "Waiting for records from a partner agency"
            log.append(("extend", complaint.extension_agreed_on,
                        f"Extended to {complaint.stage1_days} working days, agreed in writing"))
        due = clocks.due_date(calendar, start, complaint.stage1_days, pause_list, as_of)
        late = roll > 0.88
        responded = (clocks.due_date(calendar, due, rng.randint(1, 4)) if late else
                     calendar.add_working_days(due, -rng.randint(0, 2)))
        signed = calendar.add_working_days(responded, -rng.randint(1, 3))
        outcomes = [_pick(rng, [(Outcome.UPHELD, 25), (Outcome.PARTLY_UPHELD, 22),
                                (Outcome.NOT_UPHELD, 53)]) for _ in themes]
        for number, theme in enumerate(themes, start=1):
            points.append(ComplaintPoint(
                complaint=complaint, number=number, text=rng.choice(POINT_TEXT[theme]),
                theme=theme, added_on=meeting,
                outcome=outcomes[number - 1] if happened(signed) else "",
                finding="The records were checked and the staff involved were spoken to."
                if happened(signed) else ""))
        if happened(signed):
            complaint.qa_signed_off_on = signed
            complaint.qa_signed_off_by = rng.choice(people.signers)
            log.append(("sign_off", signed, ""))
        if not happened(responded):
            _finish(complaint, log, complaints, events)
            continue
        complaint.status = Status.STAGE1_RESPONDED
        complaint.stage1_responded_on = responded
        complaint.overall_outcome = services.overall_outcome(outcomes)
        complaint.response_summary = "We looked at each point and explain what we found."
        complaint.good_practice = rng.choice(GOOD_PRACTICE) if rng.random() < 0.4 else ""
        complaint.copy_on_case_file = case is not None
        log.append(("respond", responded, f"Overall: {Outcome(complaint.overall_outcome).label}"))
        if complaint.overall_outcome != Outcome.NOT_UPHELD:
            text, action = rng.choice(LEARNING)
            owner = rng.choice(people.by_team.get(team.pk) or people.qa)
            action_due = add_days(responded, 20)
            learning.append(LearningAction(
                complaint=complaint, learning=text, action=action, owner=owner,
                due_on=action_due,
                completed_on=add_days(responded, rng.randint(5, 25))
                if action_due < as_of and rng.random() < 0.85 else None))

        escalate = rng.random()
        if escalate < 0.1:
            requested = add_days(responded, rng.randint(5, 18))
            if happened(requested):
                complaint.status = Status.STAGE2
                complaint.stage2_requested_on = requested
                complaint.investigating_officer = "Independent investigating officer"
                complaint.independent_person = "Independent person"
                log.append(("escalate", requested, ""))
                answer = add_days(requested, rng.choice([22, 24, 25, 30, 45]))
                if answer > add_days(requested, 25):
                    complaint.stage2_days = calendar.working_days_between(requested, answer)
                    complaint.stage2_extension_reason = "Many records to read"
                if happened(answer):
                    complaint.status = Status.STAGE2_RESPONDED
                    complaint.stage2_responded_on = answer
                    complaint.stage2_outcome = _pick(rng, [(Outcome.PARTLY_UPHELD, 1),
                                                           (Outcome.NOT_UPHELD, 2)])
                    log.append(("respond_stage2", answer, ""))
                    if rng.random() < 0.35 and happened(add_days(answer, 40)):
                        panel_asked = add_days(answer, 10)
                        panel = add_days(panel_asked, rng.randint(20, 30))
                        complaint.stage3_requested_on = panel_asked
                        complaint.panel_held_on = panel
                        complaint.stage3_outcome = Outcome.NOT_UPHELD
                        complaint.status = Status.STAGE3_RESPONDED
                        log.append(("escalate_stage3", panel_asked, ""))
                        log.append(("record_panel", panel, ""))
                        if rng.random() < 0.5:
                            referred = add_days(panel, 15)
                            if happened(referred):
                                complaint.status = Status.OMBUDSMAN
                                complaint.ombudsman_referred_on = referred
                                complaint.closed_on = referred
                                log.append(("refer_ombudsman", referred, ""))
        if complaint.status in (Status.STAGE1_RESPONDED, Status.STAGE2_RESPONDED,
                                Status.STAGE3_RESPONDED) and age > 40:
            last = max(filter(None, [complaint.stage1_responded_on,
                                     complaint.stage2_responded_on, complaint.panel_held_on]))
            closed = add_days(last, 21)
            if happened(closed):
                complaint.resolution = {Status.STAGE1_RESPONDED: Resolution.STAGE1,
                                        Status.STAGE2_RESPONDED: Resolution.STAGE2,
                                        Status.STAGE3_RESPONDED: Resolution.STAGE3}[
                    Status(complaint.status)]
                complaint.status = Status.CLOSED
                complaint.closed_on = closed
                complaint.satisfaction = _pick(rng, [
                    (Satisfaction.SATISFIED, 4), (Satisfaction.PARTLY, 3),
                    (Satisfaction.DISSATISFIED, 2), (Satisfaction.NOT_ASKED, 2)])
                log.append(("close", closed, ""))
        _finish(complaint, log, complaints, events)

    Complaint.objects.bulk_create(complaints)
    ComplaintPoint.objects.bulk_create(points)
    ClockPause.objects.bulk_create(pauses)
    LearningAction.objects.bulk_create(learning)
    ComplaintEvent.objects.bulk_create(events)
    return len(complaints)


def _finish(complaint: Complaint, log: list[tuple[str, date, str]],
            complaints: list[Complaint], events: list[ComplaintEvent]) -> None:
    complaints.append(complaint)
    events.extend(ComplaintEvent(complaint=complaint, action=action, on=day, note=note)
                  for action, day, note in log)


def _compliments(rng: random.Random, as_of: date, teams: list[Team], people: _People) -> int:
    from clearsight.complaints.models import ComplimentCategory, GiverType

    made = []
    staff_links = []
    for _quarter in range(8):
        for _ in range(COMPLIMENTS_A_QUARTER + rng.randint(-6, 6)):
            received = as_of - timedelta(days=rng.randint(0, 729))
            team = rng.choice(teams)
            members = people.by_team.get(team.pk) or []
            compliment = Compliment(
                received_on=received, team=team,
                category=rng.choice(ComplimentCategory.values),
                giver_type=_pick(rng, [(GiverType.PARENT, 45), (GiverType.CHILD, 15),
                                       (GiverType.CARER, 15), (GiverType.PROFESSIONAL, 25)]),
                text=rng.choice(COMPLIMENT_TEXT))
            made.append(compliment)
            staff_links.append(rng.choice(members) if members else None)
    Compliment.objects.bulk_create(made)
    through = Compliment.staff.through
    through.objects.bulk_create([through(compliment_id=compliment.pk, user_id=person.pk)
                                 for compliment, person in zip(made, staff_links, strict=True)
                                 if person is not None])
    return len(made)
