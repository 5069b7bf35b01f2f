"""Helpers for the browser tests: signing in through the form, and people with cases."""

from playwright.sync_api import Page

from clearsight.casework.tests.factories import ClosedCaseFactory, OpenCaseFactory
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import User
from clearsight.organisation.tests.factories import TeamFactory, UserFactory
from clearsight.performance.tests.factories import snapshot_make

PASSWORD = "correct horse battery"  # the factories' password


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/sign-in/")
    page.get_by_label("Email address", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def make_user(role: str, **kwargs: object) -> User:
    """A member of staff holding `role` in a team with a few cases, some of them theirs, and
    refused imports of theirs (one of each kind) with two problems each."""
    team = TeamFactory()
    user = UserFactory(username=f"{role.replace('_', '-')}@test.example", team=team,
                       roles=[role], job_title="Social worker", **kwargs)
    colleague = UserFactory(team=team, roles=["practitioner"])
    for _ in range(3):
        OpenCaseFactory(team=team, allocated_worker=user)
    OpenCaseFactory(team=team, allocated_worker=colleague)
    OpenCaseFactory(team=team, allocated_worker=None)
    ClosedCaseFactory(team=team, allocated_worker=user)
    problems = [
        {"row": 1, "column": "team", "value": "", "message": 'The column "team" is missing.'},
        {"row": 7, "column": "team_code", "value": "T99", "message": "There is no team T99."},
    ]
    # A real performance snapshot built around the children of these cases, so the
    # performance pages show charts, tables, breakdowns, drill-downs and due items.
    children = [case.child.child_id for case in team.cases.all()]
    snapshot_make(child_ids=children, team=team.code)
    for kind in ImportRecord.Kind:
        ImportRecord.objects.create(
            kind=kind, status=ImportRecord.Status.REFUSED, filename=f"{kind}.csv",
            sha256="0" * 64, size_bytes=2048, rows=12, error_count=len(problems),
            errors=problems, imported_by=user)
    return user
