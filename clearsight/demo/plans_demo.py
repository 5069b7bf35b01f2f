"""Demoshire's improvement plans: a closed "Phase 2" and an active "Phase 3".

Phase 3 follows the shape of a real authority's plan after its inspection: nine
recommendations (written here in our own words), each with actions owned by a person or a
forum, due by a financial quarter, and measures of success in three kinds (indicators from the
catalogue, audit evidence, feedback). Owners report every six weeks, in step with the
improvement board: a progress update with its evidence and, most cycles, a RAG rating with a
reason. The year before `as_of` is filled in; nothing is dated after it.

Seeded, so the same seed and date give the same plans. Running it again replaces the two
demo plans (found by name) with the same ones, so nothing is duplicated.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from clearsight.demo.generator import sign_in_email
from clearsight.organisation.models import User
from clearsight.plans.models import (
    Action,
    MeasureLink,
    Plan,
    ProgressUpdate,
    RagRating,
    Recommendation,
)
from clearsight.plans.workflow import ActionStatus, PlanStatus, Rag

PHASE_2 = "Phase 2"
PHASE_3 = "Phase 3"
CYCLE = timedelta(weeks=6)  # the improvement board meets every six weeks

FORUMS = ("Improvement board", "Corporate parenting board", "Safeguarding partnership",
          "Workforce board", "Legal gateway panel", "Children's leadership team",
          "Health and wellbeing board", "Quality assurance group")
OWNER_ROLES = ("head_of_service", "service_director", "principal_social_worker", "qa_officer",
               "service_manager", "team_manager")


@dataclass(frozen=True)
class Rec:
    title: str
    text: str
    actions: tuple[str, ...]
    indicators: tuple[str, ...]  # catalogue codes the demo computes
    # (reference, description): an audit domain's code or "overall", a feedback question's
    # code, or "" for a measure described in words only (ADR 0014)
    audit: tuple[tuple[str, str], ...]
    feedback: tuple[tuple[str, str], ...]


RECOMMENDATIONS = (
    Rec("Corporate responsibility for children",
        "The whole council and its partners treat the help and protection of children, "
        "children in care and care leavers as a shared priority, and it shows in their plans.",
        ("Set out what a child-friendly county means in the council plan, with measures",
         "Agree four years of funding for the improvement programme",
         "Offer twelve apprenticeships to care leavers across the council and its contractors",
         "Bring children's views into the partnership's priorities twice a year",
         "Appoint a participation lead and publish a participation plan"),
        ("Y03", "Y04"),
        (("voice-of-the-child", "Children's views are sought and shape their plans"),
         ("", "Participation plan")),
        (("share_views", "Children and families were able to share their views"),
         ("", "Care leavers say the council is a good corporate parent"))),
    Rec("A stable workforce and enough foster carers",
        "There are enough permanent, settled staff, and enough foster carers, for children's "
        "needs to be identified and met without delay.",
        ("Run a recruitment campaign for permanent social workers and managers",
         "Cut the number of agency social workers by half",
         "Keep children's social worker the same wherever it is safe to",
         "Recruit and approve more mainstream foster carers",
         "Launch a training offer for foster carers that is easier to reach"),
        ("L25", "L08a", "L05"),
        (("management-oversight", "Supervision audit: regular, reflective, recorded"),),
        (("worked_together", "Families say their worker worked with them"),
         ("", "Foster carers say they are well supported"))),
    Rec("A timely response to children at risk of harm",
        "Children at risk of harm are identified quickly and get a robust response from all "
        "agencies: unborn children and babies, homeless 16 and 17 year olds, children in "
        "private fostering and children who go missing.",
        ("Agree a pre-birth protocol with midwifery and health visiting",
         "Set up a joint housing and children's services pathway for homeless 16 and 17 "
         "year olds",
         "Raise awareness of private fostering with schools and health staff",
         "Offer every child who returns from being missing an interview within 72 hours",
         "Review the front door's decisions each month with partners"),
        ("F02", "F04", "L20a", "C08"),
        (("assessment", "Front door and assessment decisions"),
         ("", "Thematic audit of pre-birth work")),
        (("understood_why", "Families understood why a social worker was involved"),
         ("", "Young people who went missing say the return interview helped"))),
    Rec("Good practice: assessments, plans and visits",
        "Assessments, plans and visits are purposeful, of good quality and respond to each "
        "child's risks and needs.",
        ("Roll out the practice model's training to every team",
         "Introduce a plan template written with and for the child",
         "Set a visiting standard and report on it each month",
         "Hold monthly practice weeks led by senior managers"),
        ("F09", "C19a", "L23"),
        (("assessment", "Monthly case audits: the quality of assessments"),
         ("quality-of-plans", "Monthly case audits: the quality of plans")),
        (("knew_what_next", "Families knew what would happen next"),)),
    Rec("Children protected and in care when they need to be",
        "Agencies work together in good time so that children are protected and come into care "
        "when they need to.",
        ("Agree escalation routes with the police and health",
         "Review every child protection plan lasting over 18 months",
         "Hold strategy discussions within one working day of the decision"),
        ("C07", "C13", "C17"),
        (("partnership-working", "Agencies work together, strategy discussions included"),),
        (("listened_to", "Families felt listened to and treated with respect"),)),
    Rec("No drift or delay for children",
        "Children's progress is tracked so that nothing drifts: children in pre-proceedings "
        "and proceedings, permanence plans, children deprived of their liberty and children "
        "in homes that are not registered.",
        ("Track every child in pre-proceedings and proceedings at a monthly panel",
         "Complete care proceedings within 26 weeks wherever possible",
         "Have a director sign off and visit every child in an unregistered home",
         "Review permanence plans at the second review for every child in care",
         "Train social workers in court work, public and private"),
        ("P07a", "P08", "L21"),
        (("quality-of-plans", "Plans are specific, timely and reviewed without drift"),
         ("", "Review of cases that went beyond 26 weeks")),
        (("", "Children deprived of their liberty say they feel safe where they live"),)),
    Rec("Support and services that meet children's needs",
        "Children and young people can get the help they need in good time: therapy, "
        "dentistry, life-story work, emotional and mental health support, help to become "
        "independent, and somewhere suitable to live.",
        ("Agree a therapy pathway for children in care with health partners",
         "Make sure every child in care has a dentist",
         "Complete life-story work for every child with a plan for adoption or long-term care",
         "Open more supported homes for care leavers in the county"),
        ("L11", "L24b", "Y01", "L14c"),
        (("embracing-diversity", "Each child's identity and needs are understood"),
         ("", "Audit of life-story work")),
        (("needs_met", "Families got all or most of the help they needed"),
         ("", "Care leavers say their home is right for them"))),
    Rec("Management oversight and grip",
        "Managers have a firm grip on practice, with clear structures and pathways and regular, "
        "effective supervision.",
        ("Publish the service structure and pathways between teams",
         "Set a supervision standard and audit it every quarter",
         "Give every team manager a dashboard of their team's work due and overdue",
         "Run a development programme for team managers"),
        ("C17", "L21", "Y09"),
        (("management-oversight", "Management oversight on case records"),),
        (("", "Social workers say supervision helps them with their work"),)),
    Rec("Performance and quality assurance that test improvement",
        "Performance and quality assurance show whether the improvements are working, and "
        "leaders act on what they show.",
        ("Refresh the quality assurance framework and its audit programme",
         "Report performance to the improvement board every six weeks",
         "Close the loop: every audit's learning is tracked to an action",
         "Gather feedback from families after every assessment"),
        ("F09", "C13", "L05"),
        (("overall", "Overall grades of the monthly case audits"),
         ("", "Moderation of audit grades")),
        (("overall", "Families' overall view of the help they had"),)),
)


_Rating = tuple[Action, Rag, str, date, User | None]


def _fy(day: date) -> int:
    """The year in which the financial year containing `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def _quarter(start_year: int, index: int) -> tuple[str, date]:
    """The index-th quarter (0 = Q1) from April of start_year: its label and last day."""
    year = start_year + index // 4
    q = index % 4 + 1
    ends = {1: date(year, 6, 30), 2: date(year, 9, 30), 3: date(year, 12, 31),
            4: date(year + 1, 3, 31)}[q]
    return f"Q{q} {year}/{(year + 1) % 100:02d}", ends


def _stamp(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16, 0)))


UPDATES = ("Work is under way and the first steps are done.",
           "Progress reported to the improvement board.",
           "A partner has been slower than planned; the owner has raised it at the forum.",
           "The milestone for this quarter has been met.",
           "Staff changes held this up for a few weeks.",
           "The first figures show a change in the right direction.")
EVIDENCE = ("Minutes of the improvement board", "Six-weekly performance report",
            "Audit findings for the quarter", "Workforce report", "Partnership meeting notes",
            "Feedback summary from families")
REASONS = {Rag.GREEN: "On track: the milestones to date are met and the measures are moving.",
           Rag.AMBER: "Some slippage: one milestone is late, with a plan to recover it.",
           Rag.RED: "Off track: the due date will be missed without extra help from the board."}


def plans_demo(*, as_of: date, seed: int = 20261130) -> dict[str, int]:
    """Build (or rebuild) Demoshire's plans; returns counts of what was made."""
    rng = random.Random(seed)
    owners = list(User.objects.filter(email__in=[sign_in_email(r) for r in OWNER_ROLES])
                  .order_by("email"))
    start_year = _fy(as_of) - 1
    with transaction.atomic():
        Plan.objects.filter(name__in=[PHASE_2, PHASE_3]).delete()
        phase2 = Plan.objects.create(
            name=PHASE_2, status=PlanStatus.CLOSED, starts_on=date(start_year - 2, 4, 1),
            ends_on=date(start_year, 3, 31),
            summary="The second phase of improvement after the inspection. Closed: what it "
                    "did not finish carried over into Phase 3.")
        phase3 = Plan.objects.create(
            name=PHASE_3, status=PlanStatus.ACTIVE, starts_on=date(start_year, 4, 1),
            ends_on=date(start_year + 2, 3, 31),
            summary="Nine recommendations from the inspection, the actions that answer them, "
                    "and how we will know they have worked. Progress goes to the improvement "
                    "board every six weeks.")
        counts = {"plans": 2, "recommendations": 0, "actions": 0, "updates": 0, "ratings": 0}
        for plan, quarters, first_quarter in ((phase2, 8, start_year - 2),
                                              (phase3, 8, start_year)):
            _fill(plan, rng=rng, owners=owners, quarters=quarters, start_year=first_quarter,
                  as_of=min(as_of, plan.ends_on), counts=counts)
    return counts


def _fill(plan: Plan, *, rng: random.Random, owners: list[User], quarters: int,
          start_year: int, as_of: date, counts: dict[str, int]) -> None:
    updates: list[ProgressUpdate] = []
    ratings: list[_Rating] = []
    for number, rec in enumerate(RECOMMENDATIONS, start=1):
        recommendation = Recommendation.objects.create(plan=plan, number=number,
                                                       title=rec.title, text=rec.text)
        counts["recommendations"] += 1
        MeasureLink.objects.bulk_create(
            [MeasureLink(recommendation=recommendation, kind=MeasureLink.Kind.INDICATOR,
                         reference=code) for code in rec.indicators]
            + [MeasureLink(recommendation=recommendation, kind=MeasureLink.Kind.AUDIT,
                           reference=reference, note=note) for reference, note in rec.audit]
            + [MeasureLink(recommendation=recommendation, kind=MeasureLink.Kind.FEEDBACK,
                           reference=reference, note=note)
               for reference, note in rec.feedback])
        for index, text in enumerate(rec.actions, start=1):
            label, due_on = _quarter(start_year, rng.randrange(1, quarters))
            owner = rng.choice(owners) if owners and rng.random() < 0.55 else None
            action = Action.objects.create(
                recommendation=recommendation, number=index, text=text, owner=owner,
                owner_forum="" if owner else rng.choice(FORUMS),
                partners=rng.choice(("", "", "Health", "Police", "Schools", "Housing")),
                due_quarter=label, due_on=due_on)
            counts["actions"] += 1
            _history(action, rng=rng, as_of=as_of, updates=updates, ratings=ratings)
    ProgressUpdate.objects.bulk_create(updates)
    counts["updates"] += len(updates)
    # Each rating sits next to the latest update on or before its date.
    latest: dict[int, list[ProgressUpdate]] = {}
    for update in ProgressUpdate.objects.filter(action__recommendation__plan=plan).order_by(
            "happened_on", "pk"):
        latest.setdefault(update.action_id, []).append(update)
    made = []
    for action, rating, reason, day, by in ratings:
        evidence = [u for u in latest.get(action.pk, []) if u.happened_on <= day]
        made.append(RagRating(action=action, rating=rating, reason=reason, rated_on=day,
                              evidence=evidence[-1] if evidence else None, by=by,
                              by_name=by.display_name if by else "", added_at=_stamp(day)))
    RagRating.objects.bulk_create(made)
    counts["ratings"] += len(made)


def _history(action: Action, *, rng: random.Random, as_of: date,
             updates: list[ProgressUpdate], ratings: list["_Rating"]) -> None:
    """Six-weekly reports from the plan's start to `as_of`: the action starts, drifts or
    not, and is complete by its due date or (sometimes) late."""
    plan = action.recommendation.plan
    reporter = action.owner
    name = reporter.display_name if reporter else action.owner_forum
    day = plan.starts_on + timedelta(days=rng.randrange(14, 60))
    status = ActionStatus.NOT_STARTED
    rag = rng.choice((Rag.GREEN, Rag.GREEN, Rag.AMBER))
    slips = rng.random() < 0.25  # some actions run late
    while day <= as_of and status != ActionStatus.COMPLETE:
        before = status
        if status == ActionStatus.NOT_STARTED:
            status = ActionStatus.IN_PROGRESS
        elif ((not slips and day >= action.due_on - timedelta(days=30))
              or (slips and day > action.due_on + timedelta(days=90))):
            status = ActionStatus.COMPLETE
        updates.append(ProgressUpdate(
            action=action, happened_on=day, text=rng.choice(UPDATES) if status == before
            else ("Work has started." if status == ActionStatus.IN_PROGRESS
                  else "Complete: the action has delivered what it set out to."),
            evidence=rng.choice(EVIDENCE), status_before=before if status != before else "",
            status_after=status if status != before else "", by=reporter, by_name=name,
            added_at=_stamp(day)))
        if status != ActionStatus.COMPLETE and rng.random() < 0.8:
            if slips and day > action.due_on - timedelta(days=60):
                rag = Rag.RED if day > action.due_on else Rag.AMBER
            elif rng.random() < 0.15:
                rag = rng.choice((Rag.GREEN, Rag.AMBER))
            ratings.append((action, rag, REASONS[rag], day, reporter))
        day += CYCLE
    last_rating = next((r[1] for r in reversed(ratings) if r[0] is action), "")
    Action.objects.filter(pk=action.pk).update(
        status=status, rag="" if status == ActionStatus.COMPLETE else last_rating)
