"""Demoshire's LADO register and private fostering: a year of referrals and a handful of
arrangements, seeded so that every run makes the same records.

Called once by `demo_authority` after the staff are loaded. Each run deletes what an earlier run
made (LADO references starting DS-LADO-, fostering references starting DS-PF-, and the demo
awareness activities) and writes them again, so running twice keeps the same data. Volumes
follow a county of Demoshire's size: about three LADO contacts a week, most from schools and
early years, and a few private fostering arrangements (the inspection found too few).
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearsight.core.calendar import working_calendar
from clearsight.demo.names import FIRST_NAMES, LAST_NAMES
from clearsight.fostering.models import (
    Arrangement,
    ArrangementEvent,
    AwarenessActivity,
    Visit,
)
from clearsight.fostering.selectors import next_visit_due
from clearsight.lado.models import (
    Allegation,
    LadoSettings,
    Meeting,
    OversightEntry,
    Referral,
    ReferralEvent,
)
from clearsight.organisation.models import Team, User

LADO_PREFIX = "DS-LADO-"
PF_PREFIX = "DS-PF-"
PER_WEEK = 3.2

# sector: (weight, employers, roles)
SECTORS: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] = {
    "school": (34, ("Riverside Academy", "St Anne's CE Primary", "Hillcrest High School",
                    "Demoshire College", "Northgate Primary School", "Oakfield Special School",
                    "Meadow Lane Junior School", "Kingsway Academy"),
               ("Teacher", "Teaching assistant", "PE teacher", "Lunchtime supervisor",
                "Head of year")),
    "early_years": (12, ("Little Acorns Nursery", "Busy Bees Day Nursery",
                         "Sunflower Pre-school", "a registered childminder"),
                    ("Nursery practitioner", "Childminder", "Room leader")),
    "foster_carer": (10, ("Demoshire fostering service", "Brightpath Fostering Agency"),
                     ("Foster carer",)),
    "residential_care": (9, ("Willow House children's home", "Cedar Lodge",
                             "Harbour View residential school"),
                         ("Residential care worker", "Shift leader")),
    "health": (8, ("Demoshire Hospitals NHS Trust", "Eastfield GP practice",
                   "Children's community health team"),
               ("Nurse", "Healthcare assistant", "Paediatric physiotherapist")),
    "sport": (7, ("Demoshire Town FC academy", "Swim Demoshire", "Valley Gymnastics Club"),
              ("Football coach", "Swimming instructor", "Gymnastics coach")),
    "transport": (5, ("County school transport", "Ace Taxis"),
                  ("Taxi driver", "Passenger assistant")),
    "faith": (4, ("St Michael's Church", "Central Mosque madrasa", "Gurdwara Sahib school"),
              ("Youth leader", "Volunteer teacher")),
    "police": (3, ("Demoshire Police",), ("Police constable", "PCSO")),
    "other": (8, ("Demoshire Youth Service", "Library service", "Scout group"),
              ("Youth worker", "Volunteer leader")),
}
ALLEGATIONS = {
    "physical": ("Grabbed a child by the arm and pulled them out of the room",
                 "Pushed a child who would not follow an instruction",
                 "Used a restraint that was not in the child's plan"),
    "sexual": ("Sent private messages to a pupil on social media",
               "Made sexualised comments to young people",
               "Arrested for having indecent images of children"),
    "emotional": ("Shouted at and humiliated a child in front of the group",
                  "Repeatedly belittled a child about their weight"),
    "neglect": ("Left young children unsupervised in the garden",
                "Did not seek medical help after a child was injured"),
    "conduct": ("Arrested after a domestic incident at home where their own children live",
                "Drink-driving conviction with their own child in the car"),
}
HARM_FOR = {"physical": "harmed", "sexual": "offence", "emotional": "harmed",
            "neglect": "harmed", "conduct": "unsuitable"}
OUTCOMES = (("substantiated", 30), ("unsubstantiated", 33), ("unfounded", 20),
            ("false", 11), ("malicious", 6))
REFERRERS = ("Designated safeguarding lead", "Headteacher", "Registered manager", "Police",
             "Parent", "Ofsted", "Human resources")
AWARENESS = (
    ("schools", "Briefing for designated safeguarding leads at the termly network", 42),
    ("health", "Private fostering slot at the health visitors' team meeting", 18),
    ("faith", "Leaflets and a talk for the interfaith forum", 25),
    ("language_schools", "Letter to language schools about host families", None),
    ("own_staff", "Practice session for the front door and assessment teams", 30),
    ("community", "Stall at the Eastfield community fun day", 120),
    ("schools", "Item in the schools' safeguarding bulletin", None),
    ("health", "Briefing for GP practice safeguarding leads", 22),
)


def _weighted(rng: random.Random, pairs: Any) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17),
                                                         rng.choice((0, 15, 30, 45)))))


def load(*, authority: Any, stdout: Any = None) -> str:
    """Write Demoshire's LADO referrals and private fostering arrangements. Returns a summary."""
    rng = random.Random(f"demoshire/lado/{authority.seed}")
    with transaction.atomic():
        Referral.objects.filter(reference__startswith=LADO_PREFIX).delete()
        Arrangement.objects.filter(reference__startswith=PF_PREFIX).delete()
        AwarenessActivity.objects.filter(
            description__in=[text for _, text, _ in AWARENESS]).delete()
        referrals = _lado(authority, rng)
        arrangements = _fostering(authority, rng)
    summary = (f"LADO: {referrals} referrals and consultations over the last year; private "
               f"fostering: {arrangements} arrangements.")
    if stdout is not None:
        stdout.write(summary)
    return summary


def _lado(authority: Any, rng: random.Random) -> int:
    calendar = working_calendar()
    officer_ids = [p.staff_id for p in authority.staff if "lado_officer" in p.roles]
    officers = list(User.objects.filter(staff_id__in=officer_ids).order_by("staff_id"))
    manager = User.objects.filter(
        staff_id=authority.sign_ins["principal_social_worker"].staff_id).first()
    if manager is not None:
        settings, _ = LadoSettings.objects.get_or_create(pk=1)
        settings.senior_manager = manager
        settings.save()
    children = [case.child.child_id for case in authority.cases]
    today = authority.as_of
    start = today - timedelta(days=365)
    days = [start + timedelta(days=n) for n in range(365)]
    working = [day for day in days if calendar.is_working_day(day)]
    count = round(PER_WEEK * 52)
    sectors = [(sector, spec[0]) for sector, spec in SECTORS.items()]
    people: list[tuple[str, str, str, str]] = []  # (name, role, employer, sector) for repeats
    events: list[ReferralEvent] = []
    allegations: list[Allegation] = []
    meetings: list[Meeting] = []
    oversight: list[OversightEntry] = []
    made = []
    for number, day in enumerate(sorted(rng.choices(working, k=count)), start=1):
        if people and rng.random() < 0.05:
            name, role, employer, sector = rng.choice(people)
        else:
            sector = _weighted(rng, sectors)
            _, employers, roles = SECTORS[sector]
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            role, employer = rng.choice(roles), rng.choice(employers)
            people.append((name, role, employer, sector))
        received_at = _at(day, rng)
        due = calendar.add_working_days(day, 1)
        consultation = rng.random() < 0.25
        considered = due if rng.random() < 0.9 else calendar.add_working_days(day, 3)
        considered = min(considered, today)
        if consultation:
            decision = "advice_only"
        else:
            decision = _weighted(rng, (("threshold_met", 50), ("threshold_not_met", 35),
                                       ("advice_only", 15)))
        referral = Referral(
            reference=f"{LADO_PREFIX}{number:04d}", received_at=received_at,
            kind="consultation" if consultation else "referral",
            referrer_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            referrer_agency=f"{rng.choice(REFERRERS)}, {employer}",
            subject_name=name, subject_role=role, employer=employer, sector=sector,
            child_ids=", ".join(rng.sample(children, k=rng.choice((1, 1, 1, 2, 3)))),
            officer=rng.choice(officers) if officers else None, consideration_due=due,
            status=Referral.Status.RECEIVED)
        if day < today:  # today's referrals wait for their consideration
            referral.considered_on = considered
            referral.decision = decision
            referral.discussion = ("Discussed with the referrer and the employer's "
                                   "safeguarding lead." if rng.random() < 0.85 else "")
            referral.support_child = ("School to offer the child time with their trusted "
                                      "adult; parents informed." if rng.random() < 0.8 else "")
            referral.support_person = ("Employer to name a welfare contact for the person."
                                       if rng.random() < 0.6 else "")
            referral.rationale = {"threshold_met": "The harm test is met.",
                                  "threshold_not_met": "Concerns about practice below the "
                                  "harm threshold; employer to address through its own "
                                  "procedures.",
                                  "advice_only": "Advice given on managing the concern."}[
                decision]
            referral.status = (Referral.Status.IN_PROGRESS if decision == "threshold_met"
                               else Referral.Status.CLOSED)
            if decision != "threshold_met":
                referral.closed_on = considered
            else:
                referral.police_involved = rng.random() < 0.45
                referral.employer_involved = True
                referral.regulator_involved = rng.random() < 0.2
                if rng.random() < 0.3:
                    referral.suspended_on = considered
                months = _weighted(rng, ((0.7, 40), (2, 40), (6, 18), (14, 2)))
                resolved = day + timedelta(days=round(30 * months * rng.uniform(0.5, 1.0)))
                if resolved < today:
                    referral.closed_on = resolved
                    referral.status = Referral.Status.CLOSED
        made.append(referral)
    Referral.objects.bulk_create(made)
    for referral in made:
        day = timezone.localtime(referral.received_at).date()
        category = _weighted(rng, (("physical", 40), ("sexual", 22), ("emotional", 16),
                                   ("neglect", 10), ("conduct", 12)))
        outcome = ""
        if referral.decision == "threshold_met" and referral.closed_on:
            outcome = _weighted(rng, OUTCOMES)
            if outcome == "substantiated" and rng.random() < 0.6:
                referral.dbs_referred_on = referral.closed_on
            if referral.regulator_involved and outcome == "substantiated":
                referral.regulator_referred_on = referral.closed_on
                referral.regulator_name = ("Teaching Regulation Agency"
                                           if referral.sector == "school" else "Ofsted")
        allegations.append(Allegation(
            referral=referral, description=rng.choice(ALLEGATIONS[category]),
            harm_test=HARM_FOR[category], category=category, outcome=outcome,
            resolved_on=referral.closed_on if outcome else None))
        events.append(ReferralEvent(referral=referral, at=referral.received_at,
                                    by=referral.officer, action="Referral received",
                                    note=f"{referral.get_kind_display()} from "
                                         f"{referral.referrer_agency}"))
        if referral.decision and referral.considered_on:
            decided_at = _at(referral.considered_on, rng)
            events.append(ReferralEvent(referral=referral, at=max(decided_at,
                                                                  referral.received_at),
                                        by=referral.officer,
                                        action=f"Decision: {referral.get_decision_display()}",
                                        note=referral.rationale))
        if referral.decision == "threshold_met":
            held = calendar.add_working_days(day, rng.randint(2, 6))
            if held < authority.as_of:
                meetings.append(Meeting(
                    referral=referral, kind="strategy", held_on=held,
                    attendees="LADO\nPolice child abuse investigation team\nEmployer's "
                              "safeguarding lead\nHuman resources",
                    discussion="Information shared; agreed who investigates and how the "
                               "child will be supported.",
                    actions="Police to decide on a criminal investigation within 10 days; "
                            "employer to consider suspension."))
                events.append(ReferralEvent(referral=referral, at=_at(held, rng),
                                            by=referral.officer,
                                            action="Strategy meeting recorded"))
            if manager is not None and rng.random() < 0.6:
                written = _at(min(calendar.add_working_days(day, 5), authority.as_of), rng)
                oversight.append(OversightEntry(
                    referral=referral, by=manager, written_at=written,
                    note="Reviewed: threshold decision sound, strategy meeting timely. "
                         "Make sure the person's welfare contact is recorded."))
        if referral.closed_on and referral.decision == "threshold_met":
            events.append(ReferralEvent(referral=referral, at=_at(referral.closed_on, rng),
                                        by=referral.officer, action="Referral closed"))
    Referral.objects.bulk_update(
        [r for r in made if r.dbs_referred_on or r.regulator_referred_on],
        ["dbs_referred_on", "regulator_referred_on", "regulator_name"])
    Allegation.objects.bulk_create(allegations)
    Meeting.objects.bulk_create(meetings)
    OversightEntry.objects.bulk_create(oversight)
    ReferralEvent.objects.bulk_create(events)
    return len(made)


def _fostering(authority: Any, rng: random.Random) -> int:
    calendar = working_calendar()
    practitioner = User.objects.filter(
        staff_id=authority.sign_ins["practitioner"].staff_id).first()
    if practitioner is None or practitioner.team is None:
        return 0
    teams = {team.code: team for team in Team.objects.filter(
        code__in=["safeguarding-north", "assessment-north", "mash"])}
    today = authority.as_of
    specs = [
        # (days ago notified, kind, notified by, team, decision, ends days ago)
        (400, "in_place", "school", "safeguarding-north", "suitable", None),
        (220, "proposed", "carer", "safeguarding-north", "suitable", 30),
        (150, "in_place", "health", "assessment-north", "suitable", None),
        (90, "in_place", "school", "safeguarding-north", "suitable", None),
        (45, "proposed", "parent", "assessment-north", "not_suitable", None),
        (20, "in_place", "other_agency", "safeguarding-north", "", None),
        (4, "in_place", "school", "safeguarding-north", "", None),
    ]
    children = [case.child.child_id for case in authority.cases]
    made = 0
    for number, (ago, kind, source, code, decision, ended) in enumerate(specs, start=1):
        notified = today - timedelta(days=ago)
        starts = notified + timedelta(days=49) if kind == "proposed" else (
            notified - timedelta(days=rng.randint(10, 90)))
        team = teams.get(code) or practitioner.team
        arrangement = Arrangement.objects.create(
            reference=f"{PF_PREFIX}{number:02d}", kind=kind, notified_on=notified,
            notified_by=source, child_id=rng.choice(children),
            carer_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            carer_relationship=rng.choice(("Family friend", "Parent of a school friend",
                                           "Great-aunt's partner", "Neighbour")),
            starts_on=starts, team=team,
            social_worker=practitioner if team == practitioner.team else None)
        ArrangementEvent.objects.create(arrangement=arrangement, at=_at(notified, rng),
                                        action="Notification received",
                                        note=arrangement.get_notified_by_display())
        visits: list[Visit] = []
        end_day = today - timedelta(days=ended) if ended else today
        while True:
            due = next_visit_due(arrangement, visits, calendar)
            if due is None:
                break
            late = rng.random() < 0.2
            day = due + timedelta(days=rng.randint(1, 9)) if late else (
                due - timedelta(days=rng.randint(0, 4 if visits else 3)))
            day = max(day, notified)
            if day >= end_day:
                break
            visits.append(Visit.objects.create(
                arrangement=arrangement, visited_on=day, due_on=due,
                seen_alone=rng.random() < 0.85, by=arrangement.social_worker,
                report="Visited at the carer's home. The child's room, school attendance and "
                       "contact with parents discussed; the child's views recorded."))
        if decision and visits:
            arrangement.decision = decision
            arrangement.decided_on = min(visits[0].visited_on + timedelta(days=21), today)
            arrangement.assessment = ("Checks with police, health and the school completed; "
                                      "home visited.")
            arrangement.status = decision
        if ended:
            arrangement.ended_on = end_day
            arrangement.end_reason = "The child returned to live with their mother."
            arrangement.status = Arrangement.Status.ENDED
        arrangement.save()
        made += 1
    for number, (audience, text, reached) in enumerate(AWARENESS):
        AwarenessActivity.objects.create(
            held_on=today - timedelta(days=20 + 40 * number), audience=audience,
            description=text, reached=reached)
    return made
