"""What each role finds on its home page. Later issues add panels for their work."""

from dataclasses import dataclass, field

from django.urls import reverse

from clearsight.casework.selectors import case_list_for_user
from clearsight.lado.selectors import lado_actor
from clearsight.lado.workflow import Actor
from clearsight.organisation.models import User
from clearsight.organisation.roles import CaseScope, Role
from clearsight.organisation.selectors import user_case_scope


@dataclass
class Panel:
    title: str
    body: str
    links: list[tuple[str, str]] = field(default_factory=list)


SCOPE_WORDS = {
    CaseScope.OWN: "Open cases allocated to you",
    CaseScope.TEAM: "Open cases in your team",
    CaseScope.SERVICE: "Open cases in your service area",
    CaseScope.ALL: "Open cases across the authority",
}

ROLE_PANELS: dict[str, Panel] = {
    Role.PRACTITIONER: Panel(
        "Your practice", "Audits of your cases, actions given to you and compliments about "
        "your work will appear here.", [("Compliments about your work",
                                         "complaints:compliments"),
                                        ("Complaints about your work",
                                         "complaints:about-me")]),
    Role.TEAM_MANAGER: Panel(
        "Your team", "You are the lead auditor for your team's cases. Audits allocated to you "
        "will appear here.", [("What is due and overdue", "performance:due")]),
    Role.QA_OFFICER: Panel(
        "Quality assurance", "The monthly audit sample, peer audits, family feedback and "
        "complaints will appear here."),
    Role.SERVICE_MANAGER: Panel(
        "Your service", "Moderation, late audits and complaint sign-off for your service will "
        "appear here."),
    Role.HEAD_OF_SERVICE: Panel(
        "Oversight", "Audits graded inadequate, moderation and complaint sign-off will appear "
        "here."),
    Role.SERVICE_DIRECTOR: Panel(
        "Directorate overview", "Performance, audit findings, feedback and the improvement "
        "plan for the whole directorate will appear here."),
    Role.PRINCIPAL_SOCIAL_WORKER: Panel(
        "Practice quality", "Moderation, practice learning and good-practice exemplars will "
        "appear here."),
    Role.PERFORMANCE_ANALYST: Panel(
        "Performance data", "Load the national child-level returns (Annex A, SSDA903, CIN "
        "census) and the case-system extract, and compute the indicators.",
        [("Performance data", "performance:data"), ("Imports", "organisation:import-list")]),
    Role.LADO_OFFICER: Panel(
        "LADO register", "Allegations against people who work with children. Only LADO "
        "officers and the named senior manager can see them.",
        [("LADO register", "lado:register"), ("Record a referral", "lado:referral-new")]),
    Role.BOARD_MEMBER: Panel(
        "Improvement board", "The performance dashboard shows totals only, with small "
        "numbers hidden. Board packs will appear here.",
        [("Performance", "performance:dashboard"),
         ("Quarterly complaints report", "complaints:report")]),
    Role.ADMINISTRATOR: Panel(
        "Administration", "Manage users, teams and settings.",
        [("Teams and staff", "organisation:team-list"), ("Imports", "organisation:import-list"),
         ("Administration screens", "admin:index")]),
}


def home_panels_for(user: User) -> list[dict[str, object]]:
    panels: list[dict[str, object]] = []
    scope = user_case_scope(user)
    if scope != CaseScope.NONE:
        count = case_list_for_user(user=user).count()
        panels.append({"title": SCOPE_WORDS[scope], "count": count,
                       "links": [("View cases", reverse("casework:case-list"))]})
    for code in user.role_codes():
        panel = ROLE_PANELS.get(code)
        if panel:
            panels.append({"title": panel.title, "body": panel.body,
                           "links": [(text, reverse(name)) for text, name in panel.links]})
    if lado_actor(user) == Actor.SENIOR_MANAGER:  # a named person, not a role (ADR 0012)
        panels.append({"title": "LADO oversight", "body": "You are the named senior manager "
                       "for the LADO service.", "links": [("LADO register",
                                                          reverse("lado:register"))]})
    return panels
