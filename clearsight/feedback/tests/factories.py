"""Feedback test data, made through the services so that tests see what real use makes."""

from datetime import date
from typing import Any

from clearsight.casework.models import Case
from clearsight.casework.tests.factories import ClosedCaseFactory
from clearsight.feedback import services
from clearsight.feedback.models import (
    Action,
    QuestionKind,
    Response,
    SafetyAlert,
    Survey,
    SurveyVersion,
    Theme,
)
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory


def _surveys() -> None:
    """Browser tests flush the database between tests, taking migration 0002's surveys."""
    if not Survey.objects.exists():
        services.surveys_install_defaults()


def good_answers(version: SurveyVersion, **overrides: Any) -> dict[str, Any]:
    """An answer to every question: the first positive option, or the first option."""
    answers: dict[str, Any] = {}
    for question in version.questions.all():
        options = [value for value, _ in question.option_list()]
        if question.kind == QuestionKind.TEXT:
            answers[question.code] = "It was fine."
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.code] = options[:1]
        elif question.kind == QuestionKind.SCALE:
            answers[question.code] = (question.positive or options[-1:])[-1]
        else:
            answers[question.code] = (question.positive or options)[0]
    answers.update(overrides)
    return answers


def invite(case: Case | None = None, point: str = "closure",
           by: User | None = None) -> services.Issued:
    _surveys()
    return services.invitation_create(case=case or ClosedCaseFactory.create(), point=point, by=by)


def phone_response(case: Case | None = None, *, point: str = "closure", audience: str = "adult",
                   caller: User | None = None, called_on: date | None = None,
                   hide_from_worker: bool = False, unsafe: bool = False,
                   respondent_name: str = "", **overrides: Any) -> Response:
    _surveys()
    version = services.survey_version_current(point=point, audience=audience)
    return services.response_record_by_phone(
        case=case or ClosedCaseFactory.create(), point=point, audience=audience,
        answers=good_answers(version, **overrides),
        caller=caller or UserFactory.create(roles=[Role.PRACTITIONER]),
        called_on=called_on or date(2026, 7, 1), respondent_name=respondent_name,
        hide_from_worker=hide_from_worker, unsafe=unsafe)


def link_response(case: Case | None = None, *, point: str = "closure", audience: str = "adult",
                  **overrides: Any) -> Response:
    issued = invite(case, point)
    version = services.survey_version_current(point=point, audience=audience)
    return services.response_submit_by_link(
        invitation_id=issued.invitation.pk, audience=audience,
        answers=good_answers(version, **overrides))


def alert(case: Case | None = None) -> SafetyAlert:
    response = phone_response(case, unsafe=True)
    return response.alerts.get()


def action(**kwargs: Any) -> Action:
    values: dict[str, Any] = {"you_said": "Letters were hard to read.",
                              "we_did": "We rewrote them in plain words.",
                              "done_on": date(2026, 6, 1), "theme": None,
                              "by": UserFactory(roles=[Role.QA_OFFICER])}
    values.update(kwargs)
    return services.action_create(**values)


def theme(name: str = "Communication") -> Theme:
    return services.theme_create(name=name)
