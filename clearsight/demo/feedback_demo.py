"""Demoshire feedback: twelve months of invitations and answers at believable rates.

The rates follow what the source authority describes: at case closure a letter with a link
reaches few families (about one in eight answers) while a phone call reaches about half of them;
feedback during case audits is taken by phone at a booked time; early help families score
themselves at the start and at the end (the end score is on average about 2.3 points higher).
Seeded, so the same seed and date give the same data; running again replaces the demo's feedback
rather than adding to it. Written straight to the tables in bulk, so it takes a few seconds.
"""

import hashlib
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from clearsight.casework.models import Case, CaseType
from clearsight.feedback import services
from clearsight.feedback.models import (
    Action,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    SafetyAlert,
    Survey,
    Theme,
)
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

DEMO_PREFIX = "DS-"
DAYS = 365
# Chance that a statement-style question gets a good answer (close to the source's figures).
GOOD = {"share_views": 0.87, "understood_why": 0.80, "needs_met": 0.80, "listened_to": 0.84,
        "knew_what_next": 0.74, "worked_together": 0.78, "overall": 0.76}
COMMENTS = [
    ("Our worker always rang back when she said she would.", "Keeping in touch"),
    ("It took a long time before anyone came out to see us.", "Waiting times"),
    ("I did not understand the letters, they were full of jargon.", "Communication"),
    ("The family group meeting helped us sort things out together.", "Working together"),
    ("We had three different social workers in six months.", "Changes of worker"),
    ("My son felt listened to for the first time.", "Being listened to"),
    ("Nobody told us what would happen after the conference.", "Communication"),
    ("The parenting course was really useful.", "Help that worked"),
    ("I liked doing activities with my worker.", "Being listened to"),
    ("Meetings were at times I could not make because of work.", "Meeting times"),
]
RISKY = ["Sometimes I am scared to go home when he has been drinking.",
         "My brother hits me and nobody does anything."]
ACTIONS = [
    ("Communication", "Letters were hard to understand.",
     "We rewrote our standard letters in plain English with families from the parent panel."),
    ("Waiting times", "You waited too long for a first visit.",
     "The front door now books a first visit within five working days and tells you the date."),
    ("Meeting times", "Meetings were held when working parents could not come.",
     "Reviews and core groups can now be booked early in the morning or after 5pm."),
    ("Changes of worker", "Too many changes of social worker.",
     "Teams now keep the same worker through the move from assessment to long-term work."),
]


def _token(rng: random.Random) -> str:
    return hashlib.sha256(rng.randbytes(32)).hexdigest()


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class _Maker:
    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng, self.as_of = rng, as_of
        self.versions = {(s.point, s.audience): s.current_version()
                         for s in Survey.objects.filter(is_active=True)}
        self.questions: dict[int, list[Question]] = {
            v.pk: list(v.questions.all()) for v in self.versions.values() if v is not None}
        self.responses: list[Response] = []
        self.answers: list[list[Answer]] = []
        self.invitations: list[Invitation] = []
        self.answered: list[int | None] = []  # for each response: its invitation's index
        self.callers = list(User.objects.filter(role_grants__role__in=[Role.QA_OFFICER])
                            .distinct()) or list(User.objects.all()[:1])

    def audience(self, case: Case, on: date) -> str:
        age = case.child.age_on(on)
        return "child" if age is not None and age >= 8 and self.rng.random() < 0.35 else "adult"

    def answer(self, question: Question, start_score: int | None) -> Answer | None:
        rng = self.rng
        good = rng.random() < GOOD.get(question.code, 0.8)
        options = [value for value, _ in question.option_list()]
        row = Answer(question=question)
        if question.kind == QuestionKind.TEXT:
            if rng.random() < 0.35:
                row.text = rng.choice(RISKY) if rng.random() < 0.01 else rng.choice(COMMENTS)[0]
                return row
            return None
        if question.kind == QuestionKind.MULTIPLE:
            row.choices = sorted(rng.sample(options[:-1], rng.randint(1, 2)))
            return row
        if question.kind == QuestionKind.SCALE:
            if question.code == "eh_score":
                if start_score is None:
                    row.number = rng.randint(2, 6)
                else:
                    row.number = max(1, min(10, start_score + round(rng.gauss(2.3, 1.6))))
            else:
                row.number = rng.choice([4, 5]) if good else rng.choice([1, 2, 3])
            return row
        positive = [str(p) for p in question.positive] or options[:1]
        negative = [o for o in options if o not in positive] or options
        row.choice = rng.choice(positive) if good else rng.choice(negative)
        return row

    def respond(self, case: Case, point: str, on: date, route: str,
                invitation: int | None = None, start_score: int | None = None,
                audience: str | None = None) -> Response | None:
        if on > self.as_of:
            return None
        audience = audience or self.audience(case, on)
        version = self.versions.get((point, audience))
        if version is None:
            return None
        response = Response(
            version=version, point=point, audience=audience, route=route, received_on=on,
            case=case, team=case.team, service_area=case.team.service_area,
            worker=case.allocated_worker, hide_from_worker=self.rng.random() < 0.08,
            unsafe=self.rng.random() < 0.003,
            caller=self.rng.choice(self.callers) if route == "phone" and self.callers else None)
        rows = [row for q in self.questions[version.pk]
                if (row := self.answer(q, start_score)) is not None]
        self.responses.append(response)
        self.answers.append(rows)
        self.answered.append(invitation)
        return response

    def invite(self, case: Case, point: str, on: date) -> int:
        self.invitations.append(Invitation(
            case=case, point=point, token_hash=_token(self.rng), code_hash=_token(self.rng),
            expires_at=_moment(on) + timedelta(days=services.LINK_DAYS)))
        self.invitations[-1].created_at = _moment(on)
        return len(self.invitations) - 1

    def by_link(self, case: Case, point: str, on: date, rate: float) -> None:
        index = self.invite(case, point, on)
        if self.rng.random() < rate:
            self.respond(case, point, on + timedelta(days=self.rng.randint(1, 20)), "link",
                         invitation=index)

    def score(self) -> int:
        """The early help score in the response just made (its first question)."""
        if self.answers and self.answers[-1]:
            return self.answers[-1][0].number or 4
        return 4


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def load(*, as_of: date, seed: int) -> str:
    """Replace the demo's feedback with twelve months ending `as_of`; return a summary."""
    rng = random.Random(f"feedback-{seed}-{as_of.isoformat()}")
    start = as_of - timedelta(days=DAYS)
    with transaction.atomic():
        services.surveys_install_defaults()
        demo = Case.objects.filter(case_ref__startswith=DEMO_PREFIX)
        # Children first, so each delete is one statement rather than a cascade in Python.
        responses = Response.objects.filter(case__in=demo)
        SafetyAlert.objects.filter(response__in=responses).delete()
        Answer.objects.filter(response__in=responses).delete()
        Response.themes.through.objects.filter(response__in=responses).delete()
        responses.delete()
        Invitation.objects.filter(case__in=demo).delete()
        Action.objects.filter(recorded_by__isnull=True,
                              you_said__in=[a[1] for a in ACTIONS]).delete()
        maker = _Maker(rng, as_of)
        active = demo.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start),
                             opened_on__lte=as_of)
        cases = list(active.select_related("child", "team__service_area", "allocated_worker")
                     .order_by("case_ref"))
        for case in cases:
            closed = case.closed_on
            if closed and start <= closed <= as_of:
                # Closure: a link in the letter to most families; a phone call to many more.
                if rng.random() < 0.9:
                    maker.by_link(case, "closure", closed, 0.12)
                if rng.random() < 0.5:
                    maker.respond(case, "closure", closed + timedelta(days=rng.randint(2, 12)),
                                  "phone")
            open_in_window = case.opened_on <= as_of and (closed is None or closed >= start)
            if not open_in_window:
                continue
            first, last = max(case.opened_on, start), min(closed or as_of, as_of)
            if case.case_type == CaseType.CHILD_PROTECTION and rng.random() < 0.5:
                maker.by_link(case, "cp_conference", _day_between(rng, first, last), 0.2)
            if case.case_type == CaseType.LOOKED_AFTER:
                if rng.random() < 0.4:
                    maker.by_link(case, "lac_review", _day_between(rng, first, last), 0.22)
                if rng.random() < 0.08:
                    maker.by_link(case, "return_home", _day_between(rng, first, last), 0.3)
            if rng.random() < 0.04:  # a case audit, with a booked phone call
                maker.respond(case, "case_audit", _day_between(rng, first, last), "phone")
            if case.case_type == CaseType.EARLY_HELP and start <= case.opened_on <= as_of \
                    and rng.random() < 0.7:
                audience = maker.audience(case, case.opened_on)
                # Early help scores are taken by the worker with the family and typed in.
                began = maker.respond(case, "early_help_start",
                                      case.opened_on + timedelta(days=rng.randint(0, 10)),
                                      "phone", audience=audience)
                if began is not None and closed and closed <= as_of and rng.random() < 0.75:
                    maker.respond(case, "early_help_end", closed, "phone",
                                  start_score=maker.score(), audience=audience)
        _save(maker)
        _deal_with_old_alerts(demo, as_of)
        themes = _themes_and_actions(rng, as_of)
        _tag(rng, maker, themes)
    links = sum(1 for r in maker.responses if r.route == "link")
    return (f"Feedback: {len(maker.invitations):,} invitations, {len(maker.responses):,} "
            f"responses ({links:,} by link, {len(maker.responses) - links:,} by phone), "
            f"{SafetyAlert.objects.filter(response__case__in=demo).count()} safety alerts.")


def _deal_with_old_alerts(demo: QuerySet[Case], as_of: date) -> None:
    """The QA team acts on alerts within days: all but the last fortnight's are dealt with."""
    for alert in SafetyAlert.objects.filter(
            status=SafetyAlert.Status.OPEN, response__case__in=demo,
            response__received_on__lt=as_of - timedelta(days=14)).select_related("response"):
        alert.status = SafetyAlert.Status.DEALT_WITH
        alert.dealt_with_at = _moment(alert.response.received_on + timedelta(days=1))
        alert.note = "Called the family the next day and passed what they said to the team."
        alert.save(update_fields=["status", "dealt_with_at", "note"])


def _save(maker: _Maker) -> None:
    moments = [i.created_at for i in maker.invitations]  # bulk_create stamps "now"
    for response, index in zip(maker.responses, maker.answered, strict=True):
        if index is not None:
            invitation = maker.invitations[index]
            invitation.status = Invitation.Status.USED
            invitation.used_at = _moment(response.received_on)
    invitations = Invitation.objects.bulk_create(maker.invitations, batch_size=500)
    by_moment: dict[datetime, list[int]] = defaultdict(list)
    for invitation, moment in zip(invitations, moments, strict=True):
        by_moment[moment].append(invitation.pk)
    for moment, pks in by_moment.items():
        Invitation.objects.filter(pk__in=pks).update(created_at=moment)
    for response, index in zip(maker.responses, maker.answered, strict=True):
        if index is not None:
            response.invitation = invitations[index]
    responses = Response.objects.bulk_create(maker.responses, batch_size=500)
    rows = []
    alerts = []
    phrases = services.safety_phrases()
    for response, answers in zip(responses, maker.answers, strict=True):
        for row in answers:
            row.response = response
            rows.append(row)
        texts = [row.text for row in answers if row.text]
        reasons = []
        if response.unsafe:
            reasons.append("They said they or a child are not safe")
        found = services.safety_matches(texts, phrases) if texts else []
        if found:
            reasons.append("Their words include: " + ", ".join(f'"{m}"' for m in found))
        if reasons:
            alerts.append(SafetyAlert(response=response, reason="; ".join(reasons)[:200]))
    Answer.objects.bulk_create(rows, batch_size=1000)
    SafetyAlert.objects.bulk_create(alerts)


def _themes_and_actions(rng: random.Random, as_of: date) -> dict[str, Theme]:
    names = sorted({theme for _, theme in COMMENTS})
    themes = {name: Theme.objects.get_or_create(name=name)[0] for name in names}
    for months_ago, (theme, said, did) in enumerate(ACTIONS):
        Action.objects.create(theme=themes[theme], you_said=said, we_did=did,
                              done_on=as_of - timedelta(days=40 + 75 * months_ago))
    return themes


def _tag(rng: random.Random, maker: _Maker, themes: dict[str, Theme]) -> None:
    """QA officers have tagged most of the comments with their theme."""
    by_text = dict(COMMENTS)
    through = Response.themes.through
    links: list[Any] = []
    for response, answers in zip(maker.responses, maker.answers, strict=True):
        for row in answers:
            theme = by_text.get(row.text)
            if theme and rng.random() < 0.8:
                links.append(through(response_id=response.pk, theme_id=themes[theme].pk))
    through.objects.bulk_create(links, ignore_conflicts=True)


def figures(*, as_of: date) -> Sequence[str]:
    """The closure figures the demo shows, for the summary and the README."""
    from clearsight.feedback.selectors import response_rates

    rows = response_rates(start=as_of - timedelta(days=DAYS), end=as_of)
    return [f"{row.label}: link {row.link_rate} of {row.invited} invited, phone "
            f"{row.by_phone} ({row.phone_rate or 'n/a'} of families)" for row in rows]

