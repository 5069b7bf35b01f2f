"""Demoshire's case audits: twelve months of monthly samples, graded, moderated and escalated.

Each month is drawn and allocated through the real services (`draw_monthly`, `draw_allocate`),
so the samples are the ones the schedule would have drawn. What the auditors then did is
played out here, seeded, and written in bulk: grades improve over the year (Good from about
27% to 43%, Inadequate from about 9% to 6%), about a third of audits have lead and peer
disagreeing and go to moderation, the peer is more often the harsher of the two, inadequate
audits are escalated with oversight, a 6-week review and a re-audit at 3 months once that time
has passed, actions fall due and are mostly done, and most completed audits' findings are
discussed in the worker's supervision. The current month is part done.

A month already drawn is left as it is, so running the demo again changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from clearsight.audits import services
from clearsight.audits.models import (
    Audit,
    AuditAction,
    AuditEvent,
    AuditGrading,
    DomainGrade,
    Grade,
    SampleDraw,
    Status,
    SupervisionDiscussion,
    TemplateDomain,
)
from clearsight.demo.generator import sign_in_email
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

MONTHS = 12
ORDER = [Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING]
EVIDENCE = [
    "Visits are recorded on time and the child was seen alone at the last two.",
    "The assessment uses the family history but does not say what has to change.",
    "Supervision notes list tasks; the reasons for decisions are not written down.",
    "School and health attended the last core group and shared information.",
    "The plan has actions without dates, and two have drifted since the summer.",
    "Direct work with the child is recorded in their own words, with drawings.",
    "The child's identity and language needs are recorded and an interpreter was used.",
    "The last review was late and the plan was not updated after it.",
]
SUPERVISION_NOTES = [
    "Went through the findings together; the worker will record the child's words at visits.",
    "Talked about the plan's missing dates; the worker will add owners and dates this week.",
    "Shared the strengths the auditors saw and agreed what to keep doing.",
]
NOT_SOUGHT = ["The family did not answer three calls.", "Mother declined to take part.",
              "The young person is in hospital.", "The child is too young to give a view."]


def _when(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _overall(rng: random.Random, progress: float) -> str:
    """A grade for a month `progress` of the way through the year (0 to 1)."""
    outstanding = 0.02 + 0.04 * progress
    good = 0.27 + 0.16 * progress
    inadequate = 0.09 - 0.03 * progress
    roll = rng.random()
    if roll < inadequate:
        return Grade.INADEQUATE
    if roll < inadequate + outstanding:
        return Grade.OUTSTANDING
    if roll < inadequate + outstanding + good:
        return Grade.GOOD
    return Grade.REQUIRES_IMPROVEMENT


def _step(grade: str, by: int) -> str:
    return ORDER[max(0, min(len(ORDER) - 1, ORDER.index(Grade(grade)) + by))]


def _domain_grades(rng: random.Random, overall: str, domains: list[TemplateDomain]
                   ) -> dict[int, str]:
    grades = {}
    for domain in domains:
        roll = rng.random()
        grades[domain.pk] = (overall if roll < 0.6 else _step(overall, -1) if roll < 0.8
                             else _step(overall, 1))
    if overall == Grade.INADEQUATE:
        grades[domains[0].pk] = Grade.INADEQUATE
    return grades


class Player:
    """Plays out one month's audits and collects the rows to write."""

    def __init__(self, *, rng: random.Random, as_of: date, domains: list[TemplateDomain],
                 heads: dict[int, User], fallback_head: User | None) -> None:
        self.rng, self.as_of, self.domains = rng, as_of, domains
        self.heads, self.fallback_head = heads, fallback_head
        self.gradings: list[tuple[AuditGrading, dict[int, str]]] = []
        self.events: list[tuple[AuditEvent, datetime]] = []
        self.actions: list[AuditAction] = []
        self.reaudits: list[tuple[Audit, str, date]] = []
        self.supervisions: list[SupervisionDiscussion] = []

    def event(self, audit: Audit, action: str, before: str, after: str, day: date,
              by: User | None, note: str = "") -> None:
        self.events.append((AuditEvent(audit=audit, by=by, action=action, from_status=before,
                                       to_status=after, note=note), _when(day)))

    def grading(self, audit: Audit, role: str, auditor: User, grades: dict[int, str],
                overall: str, day: date | None) -> None:
        rng = self.rng
        sought = rng.random() < 0.75
        self.gradings.append((AuditGrading(
            audit=audit, role=role, auditor=auditor, overall_grade=overall,
            submitted_at=_when(day, 15) if day else None,
            child_views="Says they like their social worker and want to stay at school."
            if sought and role != "moderator" else "",
            child_views_not_sought="" if sought or role == "moderator"
            else rng.choice(NOT_SOUGHT),
            parent_views="Feels the plan is clearer since the last review."
            if role != "moderator" and rng.random() < 0.6 else "",
            parent_views_not_sought=rng.choice(NOT_SOUGHT) if role != "moderator" else "",
            worker_reflection="Talked through what the child would say about the help."
            if role == "peer" else ""), grades))

    def play(self, audit: Audit, *, age: int, progress: float, month: date,
             keep_open: bool) -> None:
        """Grade, moderate, complete and escalate one allocated audit, as far as `age`
        (months before the current one) allows."""
        rng = self.rng
        if audit.lead is None or audit.peer is None:
            return
        start = month + timedelta(days=rng.randint(3, 12))
        lead_day = start + timedelta(days=rng.randint(2, 12))
        peer_day = start + timedelta(days=rng.randint(4, 16))
        both_day = max(lead_day, peer_day)
        # How far this audit got: the current month is part done, the last one nearly.
        if age == 0:
            done_share = min(0.8, self.as_of.day / 30)
            if keep_open or rng.random() > done_share:
                stage = "allocated" if keep_open or rng.random() < 0.5 else "one"
            else:
                stage = "one" if both_day >= self.as_of else "both"
        elif age == 1:
            stage = "one" if rng.random() < 0.06 else "both"
        else:
            stage = "both"
        overall = _overall(rng, progress)
        lead_grades = _domain_grades(rng, overall, self.domains)
        if stage == "allocated":
            return
        self.event(audit, "start", Status.ALLOCATED, Status.IN_PROGRESS, start, audit.lead)
        audit.status = Status.IN_PROGRESS
        if stage == "one":
            self.grading(audit, "lead", audit.lead, lead_grades, overall,
                         min(lead_day, self.as_of - timedelta(days=1)))
            self.event(audit, "submit", Status.IN_PROGRESS, Status.IN_PROGRESS, lead_day,
                       audit.lead, "Lead auditor submitted")
            return
        # The peer: the same grades about two times in three; otherwise a domain or two (and
        # sometimes the overall grade) one step apart, more often lower than the lead's.
        peer_overall, peer_grades = overall, dict(lead_grades)
        differ = rng.random() < 0.33
        if differ:
            for pk in rng.sample(sorted(peer_grades), rng.choice([1, 1, 2])):
                peer_grades[pk] = _step(peer_grades[pk], -1 if rng.random() < 0.7 else 1)
            if rng.random() < 0.5:
                peer_overall = _step(overall, -1 if rng.random() < 0.7 else 1)
            if peer_grades == lead_grades and peer_overall == overall:
                differ = False
        self.grading(audit, "lead", audit.lead, lead_grades, overall, lead_day)
        self.grading(audit, "peer", audit.peer, peer_grades, peer_overall, peer_day)
        self.event(audit, "submit", Status.IN_PROGRESS, Status.IN_PROGRESS, lead_day,
                   audit.lead, "Lead auditor submitted")
        self.event(audit, "submit", Status.IN_PROGRESS, Status.IN_PROGRESS, peer_day,
                   audit.peer, "Peer auditor submitted")
        final, completer, done_day = overall, audit.lead, both_day + timedelta(days=2)
        if differ:
            self.event(audit, "refer", Status.IN_PROGRESS, Status.MODERATION, both_day, None,
                       "Grades differ")
            audit.status = Status.MODERATION
            moderate_day = both_day + timedelta(days=rng.randint(3, 10))
            if moderate_day >= self.as_of or audit.moderator is None:
                return
            final = peer_overall if rng.random() < 0.6 else overall
            agreed = {pk: rng.choice([lead_grades[pk], peer_grades[pk]])
                      for pk in lead_grades}
            self.grading(audit, "moderator", audit.moderator, agreed, final, moderate_day)
            audit.moderation_commentary = (
                "The lead weighted the family's engagement; the peer weighted the drift in "
                "the plan. The plan decides it: actions without dates are not good practice. "
                "Both auditors to look at the descriptors for plans together.")
            audit.moderated_at = _when(moderate_day)
            self.event(audit, "moderate", Status.MODERATION, Status.MODERATED, moderate_day,
                       audit.moderator, f"Moderated: overall {Grade(final).label}")
            audit.status = Status.MODERATED
            completer, done_day = audit.moderator, moderate_day + timedelta(days=1)
        else:
            self.event(audit, "agree", Status.IN_PROGRESS, Status.AGREED, both_day, None,
                       "The lead and peer gave the same grades")
            audit.status = Status.AGREED
        audit.overall_grade = final
        if done_day >= self.as_of:
            return
        if final in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE):
            for text in rng.sample(["Add dates and owners to every action in the plan",
                                    "See the child alone at the next visit and record it",
                                    "Record the reasons for the next supervision decision"],
                                   rng.choice([1, 2])):
                due = done_day + timedelta(days=28)
                finished = due < self.as_of and rng.random() < 0.85
                self.actions.append(AuditAction(
                    audit=audit, description=text, owner=audit.case.allocated_worker
                    or audit.lead, due_on=due, created_by=completer,
                    completed_at=_when(due - timedelta(days=rng.randint(0, 10)))
                    if finished else None,
                    evidence="Seen on the file at supervision" if finished else ""))
        if final != Grade.INADEQUATE:
            self.event(audit, "complete", audit.status, Status.COMPLETED, done_day, completer,
                       "Findings shared")
            audit.status, audit.completed_at = Status.COMPLETED, _when(done_day)
            self.supervise(audit, done_day)
            return
        self.escalate(audit, done_day, completer)

    def supervise(self, audit: Audit, done_day: date) -> None:
        """Most completed audits' findings are discussed in the worker's next supervision
        (its own seeded draw, so the rest of the month plays out as before)."""
        rng = random.Random(f"supervision/{audit.case.case_ref}/{done_day}")
        day = done_day + timedelta(days=rng.randint(3, 25))
        if day >= self.as_of or rng.random() > 0.75 or audit.lead is None:
            return
        self.supervisions.append(SupervisionDiscussion(
            audit=audit, discussed_on=day, recorded_by=audit.lead,
            note=rng.choice(SUPERVISION_NOTES)))
        self.event(audit, "supervision", Status.COMPLETED, Status.COMPLETED, day, audit.lead,
                   f"Findings discussed in the worker's supervision on {day:%d/%m/%Y}")

    def escalate(self, audit: Audit, day: date, by: User | None) -> None:
        rng = self.rng
        service = audit.case.team.service_area_id
        audit.overseer = self.heads.get(service, self.fallback_head)
        audit.escalated_at = _when(day)
        audit.review_due = day + timedelta(days=services.REVIEW_AFTER_DAYS)
        audit.reaudit_due = services.add_months(day, services.REAUDIT_AFTER_MONTHS)
        self.event(audit, "escalate", audit.status, Status.ESCALATED, day, by,
                   "Graded inadequate: head of service alerted")
        audit.status = Status.ESCALATED
        oversight_day = day + timedelta(days=rng.randint(1, 5))
        if oversight_day >= self.as_of:
            return
        audit.oversight_comment = ("Spoke to the team manager the same day; a senior "
                                   "practitioner now co-works the case and the plan is "
                                   "reviewed weekly.")
        audit.oversight_at = _when(oversight_day)
        self.event(audit, "oversee", Status.ESCALATED, Status.ESCALATED, oversight_day,
                   audit.overseer, "Oversight recorded")
        if audit.review_due >= self.as_of:
            return
        audit.review_note = "Visits are now weekly and the plan has dates; two actions done."
        audit.reviewed_at = _when(audit.review_due)
        self.event(audit, "review", Status.ESCALATED, Status.ESCALATED, audit.review_due,
                   audit.overseer, "6-week review recorded")
        if audit.reaudit_due >= self.as_of:
            return
        second_grade = Grade.GOOD if rng.random() < 0.5 else Grade.REQUIRES_IMPROVEMENT
        self.reaudits.append((audit, second_grade, audit.reaudit_due))


def _sign_in(role: str) -> User | None:
    return User.objects.filter(email=sign_in_email(role)).first()


def load_audits(*, as_of: date, seed: int, months: int = MONTHS) -> str:
    """Draw, allocate and play out the audits of the last `months` months (those not drawn
    yet). Returns a line for the command's output."""
    current = as_of.replace(day=1)
    template = services.audit_template_current()
    domains = list(template.domains.all())
    heads: dict[int, User] = {}
    head_sign_in = _sign_in(Role.HEAD_OF_SERVICE)
    for head in User.objects.filter(role_grants__role=Role.HEAD_OF_SERVICE,
                                    team__isnull=False).select_related("team").order_by("pk"):
        heads.setdefault(head.team.service_area_id, head)  # type: ignore[union-attr]
    keep_open = {u.pk for u in (_sign_in(Role.TEAM_MANAGER), _sign_in(Role.QA_OFFICER)) if u}
    made = 0
    # Months whose audits went with their cases (--flush) are drawn again.
    SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY, audits__isnull=True).delete()
    for back in range(months - 1, -1, -1):
        month = services.add_months(current, -back)
        if SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY, month=month).exists():
            continue
        rng = random.Random(f"demoshire/{seed}/audits/{month:%Y-%m}")
        with transaction.atomic():
            draw = services.draw_monthly(month=month, seed=f"demoshire-{seed}-{month:%Y-%m}")
            services.draw_allocate(draw=draw, by=None)
            AuditEvent.objects.filter(audit__draw=draw).update(at=_when(month, 7))
            SampleDraw.objects.filter(pk=draw.pk).update(created_at=_when(month, 6),
                                                         allocated_at=_when(month, 7))
            player = Player(rng=rng, as_of=as_of, domains=domains, heads=heads,
                            fallback_head=head_sign_in)
            audits = list(draw.audits.filter(status=Status.ALLOCATED).select_related(
                "case__team", "case__allocated_worker", "lead", "peer"))
            moderators = list(User.objects.filter(
                role_grants__role__in=[Role.SERVICE_DIRECTOR, Role.HEAD_OF_SERVICE,
                                       Role.PRINCIPAL_SOCIAL_WORKER]).distinct().order_by("pk"))
            for index, audit in enumerate(audits):
                if moderators:
                    audit.moderator = moderators[index % len(moderators)]
                player.play(audit, age=back, progress=(months - 1 - back) / max(months - 1, 1),
                            month=month, keep_open=back == 0 and (
                                audit.lead_id in keep_open or audit.peer_id in keep_open))
                if audit.status not in (Status.MODERATION, Status.MODERATED) and not (
                        audit.moderation_commentary):
                    audit.moderator = None
            _write(player, audits, template)
            made += len(audits)
    _for_the_sign_ins(head_sign_in)
    learning = load_learning(as_of=as_of, seed=seed)
    total = Audit.objects.count()
    return (f"Case audits: {made:,} drawn now, {total:,} in all "
            f"({Audit.objects.filter(status=Status.COMPLETED).count():,} completed, "
            f"{Audit.objects.filter(status=Status.ESCALATED).count():,} escalated). "
            + learning)


def _write(player: Player, audits: list[Audit], template: object) -> None:
    for audit in audits:
        audit.save(update_fields=[
            "status", "moderator", "overseer", "overall_grade", "completed_at",
            "moderation_commentary", "moderated_at", "escalated_at", "oversight_comment",
            "oversight_at", "review_due", "review_note", "reviewed_at", "reaudit_due"])
    gradings = AuditGrading.objects.bulk_create([g for g, _ in player.gradings])
    DomainGrade.objects.bulk_create([
        DomainGrade(grading=grading, domain_id=pk, grade=grade,
                    evidence=player.rng.choice(EVIDENCE),
                    strengths="Relationship with the child" if grade in (
                        Grade.GOOD, Grade.OUTSTANDING) else "",
                    development="" if grade in (Grade.GOOD, Grade.OUTSTANDING)
                    else "Plans need dates and owners")
        for grading, (_, grades) in zip(gradings, player.gradings, strict=True)
        for pk, grade in grades.items()])
    for event, at in player.events:
        event.at = at
    AuditEvent.objects.bulk_create([event for event, _ in player.events])
    AuditAction.objects.bulk_create(player.actions)
    SupervisionDiscussion.objects.bulk_create(player.supervisions)
    for first, grade, day in player.reaudits:
        _reaudit(first, grade, day, player)


def _reaudit(first: Audit, grade: str, day: date, player: Player) -> None:
    """The senior manager's re-audit at 3 months, and the escalation closed."""
    overseer = first.overseer or first.lead
    if overseer is None:
        return
    second = Audit.objects.create(
        case=first.case, template=first.template, kind=Audit.Kind.REAUDIT, reaudit_of=first,
        status=Status.COMPLETED, lead=overseer, deadline=day, overall_grade=grade,
        period_start=first.period_end + timedelta(days=1), period_end=day,
        completed_at=_when(day))
    grading = AuditGrading.objects.create(
        audit=second, role="lead", auditor=overseer, overall_grade=grade,
        submitted_at=_when(day), child_views="Says things are calmer at home.",
        parent_views="Feels listened to now.",
        worker_reflection="The plan is now reviewed at every supervision.")
    DomainGrade.objects.bulk_create([
        DomainGrade(grading=grading, domain=domain, grade=grade,
                    evidence="Improvement since the first audit is clear on the file.")
        for domain in player.domains])
    Audit.objects.filter(pk=first.pk).update(
        status=Status.COMPLETED, actions_complete=True, experience_improved=True,
        escalation_outcome="Actions done and the child's experience has improved.",
        completed_at=_when(day + timedelta(days=1)))
    AuditEvent.objects.bulk_create([
        AuditEvent(audit=first, by=overseer, action="reaudit", from_status=Status.ESCALATED,
                   to_status=Status.ESCALATED, note=f"Re-audit {second.pk} started",
                   at=_when(day)),
        AuditEvent(audit=second, by=overseer, action="complete", from_status=Status.AGREED,
                   to_status=Status.COMPLETED, note="Re-audit finished", at=_when(day)),
        AuditEvent(audit=first, by=overseer, action="close", from_status=Status.ESCALATED,
                   to_status=Status.COMPLETED, note="Escalation closed", at=_when(day))])


def _for_the_sign_ins(head: User | None) -> None:
    """Give the head of service sign-in the latest open escalation to look at."""
    if head is None:
        return
    latest = Audit.objects.filter(status=Status.ESCALATED).order_by("-escalated_at").first()
    if latest is not None and latest.overseer_id != head.pk:
        Audit.objects.filter(pk=latest.pk).update(overseer=head)


# ------------------------------------------------------------------ learning: themes,
# exemplars and a multi-agency thematic audit

THEMES = [
    ("Neglect", "Chronic neglect: recognising it, and the impact of drift on the child"),
    ("Domestic abuse", "Risk from domestic abuse, and safety planning with the adult victim"),
    ("Fathers and male carers", "Whether fathers and other men in the household are seen "
                                "and assessed"),
    ("Drift and delay", "Plans and assessments that stall without anyone noticing"),
    ("Direct work with children", "Seeing the child, alone, and recording what they say"),
    ("Working with schools and health", "Sharing information and planning with partners"),
    ("Identity and culture", "How the child's identity shapes the help offered"),
    ("Supervision that reflects", "Supervision that challenges and records reasons"),
]
# Which themes a domain's finding tends to show.
DOMAIN_THEMES = {
    "voice-of-the-child": ["Direct work with children"],
    "assessment": ["Neglect", "Domestic abuse", "Fathers and male carers"],
    "quality-of-plans": ["Drift and delay", "Neglect"],
    "partnership-working": ["Working with schools and health", "Domestic abuse"],
    "management-oversight": ["Supervision that reflects", "Drift and delay"],
    "embracing-diversity": ["Identity and culture"],
}
EXEMPLAR_TEXT = {
    "voice-of-the-child": (
        "Drawing what home feels like",
        "The worker used a simple drawing exercise at each visit so that a young child could "
        "show who made them feel safe. The drawings are kept on file, the child's words are "
        "quoted in the assessment, and the plan changed after the child said bedtimes were "
        "the hardest part of the day."),
    "assessment": (
        "History that explains today",
        "The assessment set out three generations of family history in a short chronology "
        "and used it to explain why the current pattern of neglect had not improved. It "
        "weighed the parents' strengths honestly and said clearly what had to change."),
    "quality-of-plans": (
        "A plan the family could read",
        "The child in need plan was written in plain words with the family, with five "
        "actions, each with a named person, a date and how everyone would know it had "
        "worked. It was reviewed on time and two actions were closed with evidence."),
    "partnership-working": (
        "School and health at the same table",
        "The designated teacher and the school nurse attended every core group, shared "
        "attendance and health information before meetings, and took on actions of their "
        "own, so the plan was owned by the partnership rather than by one worker."),
    "management-oversight": (
        "Supervision that asked why",
        "Supervision records show the manager asking what the child's day was like, "
        "challenging a drift in visits and recording the reason for each decision, with a "
        "clear direction that was followed up at the next session."),
    "embracing-diversity": (
        "Language and faith at the centre",
        "The worker arranged an interpreter for every visit, learnt about the family's faith "
        "community and involved a trusted elder with the family's agreement, which helped "
        "the parents engage after earlier services had failed."),
}


def load_learning(*, as_of: date, seed: int) -> str:
    """Themes tagged on settled audits, a few approved exemplars (and one waiting for the
    QA officer to review), and a multi-agency thematic audit drawn with the multi-agency
    template. Run again, it adds nothing."""
    from clearsight.audits.models import (
        AuditTemplate,
        Exemplar,
        FindingTheme,
        PracticeTheme,
    )

    rng = random.Random(f"demoshire/{seed}/audit-learning")
    qa = _sign_in(Role.QA_OFFICER)
    themes = {}
    for name, description in THEMES:
        themes[name], _ = PracticeTheme.objects.get_or_create(
            name=name, defaults={"description": description, "created_by": qa})
    settled = list(Audit.objects.filter(
        status__in=[Status.COMPLETED, Status.ESCALATED, Status.AGREED, Status.MODERATED],
        kind=Audit.Kind.MONTHLY).order_by("pk"))
    tagged = set(FindingTheme.objects.values_list("audit_id", flat=True).distinct())
    by_role: dict[str, dict[int, dict[int, tuple[str, str]]]] = {"lead": {}, "moderator": {}}
    for audit_id, role, domain_id, code, grade in DomainGrade.objects.filter(
            grading__audit__in=[a.pk for a in settled],
            grading__role__in=["lead", "moderator"]).values_list(
            "grading__audit_id", "grading__role", "domain_id", "domain__code", "grade"):
        by_role[role].setdefault(audit_id, {})[domain_id] = (code, grade)
    # The final domain grades: the moderator's where moderated, otherwise the lead's.
    final = {audit.pk: by_role["moderator"].get(audit.pk) or by_role["lead"].get(audit.pk, {})
             for audit in settled}
    tags = []
    for audit in settled:
        # Each audit's own seeded choices, so that running again decides the same way.
        pick = random.Random(f"demoshire/{seed}/audit-themes/{audit.case_id}/{audit.draw_id}")
        if audit.pk in tagged or pick.random() > 0.7:
            continue
        for domain_id, (code, grade) in sorted(final[audit.pk].items()):
            good = grade in (Grade.GOOD, Grade.OUTSTANDING)
            if pick.random() > (0.25 if good else 0.5):
                continue
            name = pick.choice(DOMAIN_THEMES.get(code, ["Drift and delay"]))
            tags.append(FindingTheme(
                audit=audit, domain_id=domain_id, theme=themes[name],
                kind=FindingTheme.Kind.STRENGTH if good else FindingTheme.Kind.DEVELOPMENT,
                tagged_by=qa, tagged_at=audit.completed_at or audit.escalated_at
                or timezone.now()))
    FindingTheme.objects.bulk_create(tags, ignore_conflicts=True)

    made = 0
    if not Exemplar.objects.exists():
        candidates = [(audit, domain_id, code)
                      for audit in settled if audit.status == Status.COMPLETED
                      for domain_id, (code, grade) in sorted(final[audit.pk].items())
                      if grade in (Grade.OUTSTANDING, Grade.GOOD)]
        rng.shuffle(candidates)
        outstanding = {(a.pk, d) for a, d, _c in candidates
                       if final[a.pk][d][1] == Grade.OUTSTANDING}
        candidates.sort(key=lambda c: (c[0].pk, c[1]) not in outstanding)
        used_codes: set[str] = set()
        for audit, domain_id, code in candidates:
            if code in used_codes or code not in EXEMPLAR_TEXT:
                continue
            used_codes.add(code)
            title, summary = EXEMPLAR_TEXT[code]
            pending = len(used_codes) == 1
            decided = (audit.completed_at or timezone.now()) + timedelta(days=5)
            exemplar = Exemplar.objects.create(
                audit=audit, domain_id=domain_id, nominated_by=audit.lead,
                reason="The child's experience is clear and the practice made a difference.",
                status=Exemplar.Status.NOMINATED if pending else Exemplar.Status.APPROVED,
                title="" if pending else title, summary="" if pending else summary,
                decided_by=None if pending else qa, decided_at=None if pending else decided)
            if not pending:
                exemplar.themes.set([themes[name] for name in DOMAIN_THEMES[code][:1]])
            made += 1
            if len(used_codes) >= 6:
                break

    drawn = ""
    name = "Multi-agency: young people aged 16 or 17 presenting as homeless"
    if not SampleDraw.objects.filter(kind=SampleDraw.Kind.THEMATIC, theme=name).exists():
        template = services.audit_template_current(AuditTemplate.Purpose.MULTI_AGENCY)
        month = as_of.replace(day=1)
        seed_text = f"demoshire-{seed}-multi-agency"
        try:
            draw = services.draw_thematic(
                month=month, by=qa, seed=seed_text, template=template,
                theme=services.Theme(name=name, number=4, min_age=16, max_age=17))
        except services.AuditError:
            draw = services.draw_thematic(
                month=month, by=qa, seed=seed_text, template=template,
                theme=services.Theme(name=name, number=4))
        services.draw_allocate(draw=draw, by=None)
        drawn = f", a multi-agency thematic audit of {draw.audits.count()} cases"
    return (f"Audit learning: {len(themes)} themes, {len(tags):,} findings tagged now, "
            f"{made} exemplars{drawn}.")
