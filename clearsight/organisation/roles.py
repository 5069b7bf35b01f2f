"""The roles in the quality assurance framework, and what each may see.

This table is the single statement of scope by role; selectors in each app read it rather than
testing role names themselves. See docs/domain/roles.md for the plain-English version.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    QA_OFFICER = "qa_officer", "Quality assurance officer"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    SERVICE_DIRECTOR = "service_director", "Service director"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker", "Principal social worker"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    LADO_OFFICER = "lado_officer", "LADO officer"
    BOARD_MEMBER = "board_member", "Improvement board member"
    ADMINISTRATOR = "administrator", "Administrator"


class CaseScope(StrEnum):
    """How far a role reaches into children's case records."""

    NONE = "none"  # no child-level data at all
    OWN = "own"  # cases allocated to the user
    TEAM = "team"  # cases held by the user's team
    SERVICE = "service"  # cases in the service area of the user's team
    ALL = "all"  # every case in the authority


CASE_SCOPE: dict[str, CaseScope] = {
    Role.PRACTITIONER: CaseScope.OWN,
    Role.TEAM_MANAGER: CaseScope.TEAM,
    Role.QA_OFFICER: CaseScope.ALL,
    Role.SERVICE_MANAGER: CaseScope.SERVICE,
    Role.HEAD_OF_SERVICE: CaseScope.SERVICE,
    Role.SERVICE_DIRECTOR: CaseScope.ALL,
    Role.PRINCIPAL_SOCIAL_WORKER: CaseScope.ALL,
    Role.PERFORMANCE_ANALYST: CaseScope.ALL,
    Role.LADO_OFFICER: CaseScope.NONE,
    Role.BOARD_MEMBER: CaseScope.NONE,
    Role.ADMINISTRATOR: CaseScope.NONE,
}

# Roles grouped as later issues use them.
SENIOR_MODERATORS = frozenset(
    {Role.SERVICE_DIRECTOR, Role.HEAD_OF_SERVICE, Role.PRINCIPAL_SOCIAL_WORKER}
)
CASE_ROLES = frozenset(role for role, scope in CASE_SCOPE.items() if scope != CaseScope.NONE)
STAFF_DIRECTORY_ROLES = frozenset(
    {Role.TEAM_MANAGER, Role.QA_OFFICER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE,
     Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER, Role.ADMINISTRATOR}
)
DATA_ROLES = frozenset({Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR})
# Staff files grant roles, administrator included: only administrators load them.
STAFF_IMPORT_ROLES = frozenset({Role.ADMINISTRATOR})
# Case extracts are child-level data: performance analysts load them, administrators do not.
CASE_IMPORT_ROLES = frozenset({Role.PERFORMANCE_ANALYST})
# Those who write and run improvement plans (plans.workflow.PLAN_EDITORS), kept here so that
# the Imports page can list the plans they import.
PLAN_ROLES = frozenset(
    {Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER, Role.QA_OFFICER}
)
# Roles that must add a second factor when they sign in with a local password.
PRIVILEGED_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.SERVICE_DIRECTOR, Role.HEAD_OF_SERVICE,
     Role.PRINCIPAL_SOCIAL_WORKER, Role.QA_OFFICER, Role.PERFORMANCE_ANALYST, Role.LADO_OFFICER}
)

SCOPE_ORDER = [CaseScope.NONE, CaseScope.OWN, CaseScope.TEAM, CaseScope.SERVICE, CaseScope.ALL]
