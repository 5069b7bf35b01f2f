"""The service navigation each role sees. Later issues add their sections here."""

from dataclasses import dataclass

from django.urls import reverse

from clearsight.audits.selectors import AUDIT_ROLES
from clearsight.complaints.workflow import COMPLAINT_VIEW_ROLES
from clearsight.governance.workflow import PACK_READERS
from clearsight.organisation.models import User
from clearsight.organisation.roles import CASE_ROLES, STAFF_DIRECTORY_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    roles: frozenset[str] | None  # None: everyone signed in


NAVIGATION = [
    NavItem("Home", "accounts:home", None),
    NavItem("Cases", "casework:case-list", CASE_ROLES),
    NavItem("Case audits", "audits:my-audits", AUDIT_ROLES),
    NavItem("Performance", "performance:dashboard", None),
    NavItem("Improvement plans", "plans:plan-list", None),
    NavItem("Governance packs", "governance:index", PACK_READERS),
    NavItem("Complaints", "complaints:list", COMPLAINT_VIEW_ROLES),
    NavItem("Feedback", "feedback:overview", frozenset(CASE_ROLES | {Role.BOARD_MEMBER})),
    NavItem("Teams and staff", "organisation:team-list", STAFF_DIRECTORY_ROLES),
    NavItem("Imports", "organisation:import-list", frozenset({Role.ADMINISTRATOR,
                                                             Role.PERFORMANCE_ANALYST})),
    NavItem("Private fostering", "fostering:dashboard", CASE_ROLES),
    NavItem("LADO register", "lado:register", frozenset({Role.LADO_OFFICER})),
]


def navigation_for(user: User, current_path: str) -> list[dict[str, object]]:
    held = set(user.role_codes())
    items = []
    for item in NAVIGATION:
        if item.roles is not None and not (item.roles & held):
            continue
        href = reverse(item.url_name)
        current = current_path == href if href == "/" else current_path.startswith(href)
        items.append({"text": item.text, "href": href, "current": current})
    return items
