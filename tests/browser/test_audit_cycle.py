"""The monthly audit cycle in a real browser, with axe on every page on the way: the QA officer
draws and allocates the month, the lead and the peer grade the case differently without seeing
each other's grades, the moderator agrees the grades with a reflective commentary and an
action, and completes the audit. Then the whole loop: an inadequate audit escalated, overseen,
reviewed at 6 weeks and re-audited at 3 months, its action done, the escalation closed, the
supervision discussion recorded, and the dashboard's figures moved."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page

from clearsight.audits import selectors, services
from clearsight.audits.models import Audit, Grade, Status
from clearsight.audits.tests.factories import audit_make, audit_moderated, grading_input
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

DOMAINS = ["Voice of the child", "Assessment", "Quality of plans", "Partnership working",
           "Supervision and management oversight", "Embracing diversity"]


def _as(new_context, user) -> Page:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_in(page, user.username)
    return page


def _grade(page: Page, grades: dict[str, str], overall: str) -> None:
    for title in DOMAINS:
        page.get_by_role("group", name=f"Grade for {title}").get_by_label(
            grades.get(title, "Good"), exact=True).check()
        page.get_by_label(f"Evidence for {title.lower()}", exact=True).fill(
            f"Read on the file for {title.lower()}.")
    page.get_by_role("group", name="Overall grade").get_by_label(overall, exact=True).check()


def test_draw_grade_differently_moderate_and_complete(new_context, chromium: Browser) -> None:
    area = ServiceAreaFactory()
    team = TeamFactory(service_area=area, name="Safeguarding East")
    case = OpenCaseFactory(team=team, case_ref="CASE-CYCLE-1")
    lead = UserFactory(team=team, roles=[Role.TEAM_MANAGER], username="lead@test.example")
    peer = UserFactory(team=TeamFactory(service_area=area), roles=[Role.QA_OFFICER],
                       username="peer@test.example")
    moderator = UserFactory(team=TeamFactory(), roles=[Role.PRINCIPAL_SOCIAL_WORKER],
                            username="psw@test.example")

    # The QA officer draws the month and allocates it.
    qa = _as(new_context, peer)
    qa.goto("/audits/samples/")
    assert_no_axe_violations(qa, "the samples page")
    with qa.expect_navigation():
        qa.get_by_role("button", name="Draw the sample for").click()
    assert qa.get_by_text("Yes: drawing again").is_visible()
    assert_no_axe_violations(qa, "the draw page")
    with qa.expect_navigation():
        qa.get_by_role("button", name="Allocate the audits").click()
    audit = Audit.objects.get(case=case)
    assert audit.status == Status.ALLOCATED
    assert audit.lead == lead
    assert audit.peer == peer

    # The lead grades everything Good.
    page = _as(new_context, lead)
    page.goto("/audits/")
    with page.expect_navigation():
        page.get_by_role("link", name="Grade the audit of CASE-CYCLE-1").click()
    assert page.get_by_text("Consider the last 6 months of practice").is_visible()
    assert_no_axe_violations(page, "the grading form")
    _grade(page, {}, "Good")
    page.get_by_label("The child's views", exact=True).fill("Likes the new school.")
    page.get_by_label("If the parent's or carer's views could not be sought, why not",
                      exact=True).fill("Father did not answer two calls.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    assert page.get_by_text("Neither sees the other's grades").is_visible()

    # The peer sees nothing of the lead's grades, and grades the assessment lower. A missing
    # reflection is refused first, with an accessible error summary.
    page = _as(new_context, peer)
    page.goto(f"/audits/{audit.pk}/")
    assert page.locator("table").count() == 0
    page.goto(f"/audits/{audit.pk}/grade/")
    _grade(page, {"Assessment": "Requires improvement"}, "Requires improvement")
    page.get_by_label("The child's views", exact=True).fill("Wants more say in the plan.")
    page.get_by_label("The parent's or carer's views", exact=True).fill("Mother feels heard.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page, "the grading form with errors")
    page.get_by_label("Reflection with the allocated worker", exact=True).fill(
        "The worker saw that the assessment stopped at the family's account.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    audit.refresh_from_db()
    assert audit.status == Status.MODERATION
    assert audit.moderator == moderator

    # The moderator sees both side by side, and must write a reflective commentary.
    page = _as(new_context, moderator)
    page.goto("/audits/")
    with page.expect_navigation():
        page.get_by_role("link", name="Moderate the audit of CASE-CYCLE-1").click()
    assert page.get_by_role("table").get_by_text("Differ").count() == 1
    assert_no_axe_violations(page, "the moderation page")
    _grade(page, {"Assessment": "Requires improvement"}, "Good")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the moderation").click()
    assert page.get_by_role("link", name="Enter a reflective commentary", exact=False).count()
    page.get_by_label("Reflective commentary", exact=True).fill(
        "The assessment relied on the parents' account alone, so the peer's grade stands for "
        "that domain; the rest of the work is good.")
    page.get_by_label("Action 1 (optional)", exact=True).fill("Add the school's view to the "
                                                                "assessment")
    page.get_by_label("Who owns action 1", exact=True).select_option(label=lead.display_name)
    page.get_by_label("Action 1 due by", exact=True).fill("15/01/2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the moderation").click()
    assert page.get_by_role("heading", name="Audit of CASE-CYCLE-1").is_visible()
    assert_no_axe_violations(page, "the audit page after moderation")
    with page.expect_navigation():
        page.get_by_role("link", name="Complete this audit").click()
    assert_no_axe_violations(page, "the completion page")
    with page.expect_navigation():
        page.get_by_role("button", name="Complete the audit").click()
    audit.refresh_from_db()
    assert audit.status == Status.COMPLETED
    assert audit.overall_grade == "good"
    assert audit.actions.get().owner == lead
    assert page.get_by_text("Completed").first.is_visible()


# ------------------------------------------------------------------ the whole loop

# Monday 1 March 2027, 9am in London: the month drawn is March 2027 and its deadline the last
# working day, Wednesday 31 March. The 6-week review falls on Monday 12 April and the re-audit
# on Tuesday 1 June. Held fixed so the test does not age.
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REVIEW_DAY = datetime(2027, 4, 12, 9, 0, tzinfo=UTC)
REAUDIT_DAY = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
HISTORY_DAY = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
WALK_DOMAINS = {"Voice of the child": "Inadequate", "Assessment": "Inadequate"}


def _row(board: Any, label: str) -> Any:
    return next(row for row in board.agreements if row.label == label)


def _history(*, qa: Any, psw: Any) -> None:
    """Three audits completed in February: two moderated Good (the lead and peer both said
    Good overall), one agreed Requires improvement."""
    team = TeamFactory(name="Children in Care West")
    manager = UserFactory(team=team, roles=[Role.TEAM_MANAGER])
    for _ in range(2):
        audit_moderated(case=OpenCaseFactory(team=team), lead=manager, peer=qa, moderator=psw)
    audit = audit_make(case=OpenCaseFactory(team=team), lead=manager, peer=qa)
    for person in (manager, qa):
        services.grading_save(audit=audit, user=person,
                              data=grading_input(audit, Grade.REQUIRES_IMPROVEMENT),
                              version=0, submit=True)
    audit.refresh_from_db()
    services.audit_complete(audit=audit, user=manager, actions=[], version=audit.version)


def test_the_whole_cycle_closes_the_loop_and_moves_the_figures(
        new_context, chromium: Browser, time_machine) -> None:
    area = ServiceAreaFactory()
    team = TeamFactory(service_area=area, name="Safeguarding North")
    worker = UserFactory(team=team, roles=[Role.PRACTITIONER], username="worker@test.example")
    case = OpenCaseFactory(team=team, case_ref="CASE-LOOP-1", allocated_worker=worker)
    lead = UserFactory(team=team, roles=[Role.TEAM_MANAGER], username="lead@test.example")
    qa = UserFactory(team=TeamFactory(service_area=area), roles=[Role.QA_OFFICER],
                     username="qa@test.example")
    psw = UserFactory(team=TeamFactory(), roles=[Role.PRINCIPAL_SOCIAL_WORKER],
                      username="psw@test.example")
    head = UserFactory(team=TeamFactory(service_area=area), roles=[Role.HEAD_OF_SERVICE],
                       username="head@test.example")
    time_machine.move_to(HISTORY_DAY)
    _history(qa=qa, psw=psw)
    time_machine.move_to(START)
    before = selectors.dashboard_for_user(user=qa)
    assert before is not None
    assert before.total == 3
    assert [(row.month, row.total) for row in before.months] == [(date(2027, 2, 1), 3)]
    assert (_row(before, "Lead and peer auditor").pairs,
            _row(before, "Lead and peer auditor").linear) == (3, 1.0)
    assert _row(before, "Lead auditor and moderator").pairs == 2
    assert _row(before, "Lead auditor and moderator").linear is None  # all Good: no spread

    # The QA officer draws March and allocates it: the case goes to its team manager as lead
    # and to the QA officer, from another team, as peer.
    page = _as(new_context, qa)
    page.goto("/audits/samples/")
    with page.expect_navigation():
        page.get_by_role("button", name="Draw the sample for").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Allocate the audits").click()
    audit = Audit.objects.get(case=case)
    assert (audit.status, audit.lead, audit.peer) == (Status.ALLOCATED, lead, qa)
    assert audit.deadline == date(2027, 3, 31)

    # The lead says Requires improvement, the peer Inadequate.
    page = _as(new_context, lead)
    page.goto(f"/audits/{audit.pk}/grade/")
    _grade(page, {"Voice of the child": "Requires improvement"}, "Requires improvement")
    page.get_by_label("The child's views", exact=True).fill("Does not know why the plan "
                                                            "changed.")
    page.get_by_label("The parent's or carer's views", exact=True).fill("Mother wants help.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    page = _as(new_context, qa)
    page.goto(f"/audits/{audit.pk}/grade/")
    _grade(page, WALK_DOMAINS, "Inadequate")
    page.get_by_label("The child's views", exact=True).fill("Not seen alone since June.")
    page.get_by_label("The parent's or carer's views", exact=True).fill("Mother wants help.")
    page.get_by_label("Reflection with the allocated worker", exact=True).fill(
        "The worker agreed the child's voice is missing from the plan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    audit.refresh_from_db()
    assert (audit.status, audit.moderator) == (Status.MODERATION, psw)

    # The moderator agrees Inadequate; a blank commentary is refused first.
    page = _as(new_context, psw)
    page.goto(f"/audits/{audit.pk}/moderate/")
    _grade(page, WALK_DOMAINS, "Inadequate")
    page.get_by_label("Action 1 (optional)", exact=True).fill("See the child alone and record "
                                                                "their words in the plan")
    page.get_by_label("Who owns action 1", exact=True).select_option(label=lead.display_name)
    page.get_by_label("Action 1 due by", exact=True).fill("26/03/2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the moderation").click()
    assert page.get_by_role("link", name="Enter a reflective commentary").count() == 1
    assert_no_axe_violations(page, "the moderation page refusing a blank commentary")
    audit.refresh_from_db()
    assert audit.status == Status.MODERATION
    page.get_by_label("Reflective commentary", exact=True).fill(
        "The child has not been seen alone for months and the plan does not say what they "
        "want, so the peer's inadequate grade stands; the lead read the visits as contact.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the moderation").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Complete this audit").click()
    assert_no_axe_violations(page, "the completion page of an inadequate audit")
    with page.expect_navigation():
        page.get_by_role("button", name="Complete and alert the head of service").click()
    audit.refresh_from_db()
    assert (audit.status, audit.overall_grade, audit.overseer) == (
        Status.ESCALATED, Grade.INADEQUATE, head)
    assert (audit.review_due, audit.reaudit_due) == (date(2027, 4, 12), date(2027, 6, 1))
    alerts = [m for m in mail.outbox if m.subject == "A case audit was graded inadequate"]
    assert [m.to for m in alerts] == [[head.email]]
    [findings] = [m for m in mail.outbox if m.subject == "Case audit findings"
                  and "CASE-LOOP-1" in m.body]
    assert sorted(findings.to) == sorted(p.email for p in (worker, lead, qa, psw))

    # The head of service records oversight on the day.
    page = _as(new_context, head)
    page.goto("/audits/")
    with page.expect_navigation():
        page.get_by_role("link", name="Oversee the audit of CASE-LOOP-1").click()
    assert_no_axe_violations(page, "the oversight page")
    page.get_by_label("Your oversight and comment", exact=True).fill(
        "Visits weekly, the child seen alone each time, and a plan rewritten with them.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    # Six weeks on: the review.
    time_machine.move_to(REVIEW_DAY)
    page = _as(new_context, head)
    page.goto(f"/audits/{audit.pk}/escalation/")
    assert page.get_by_role("heading", name="Record the 6-week review").is_visible()
    assert_no_axe_violations(page, "the 6-week review page")
    page.get_by_label("What the 6-week review found", exact=True).fill(
        "The child has been seen alone three times; the plan is being rewritten.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    # Three months on: the head of service re-audits alone; it is shown beside the first.
    time_machine.move_to(REAUDIT_DAY)
    page = _as(new_context, head)
    page.goto(f"/audits/{audit.pk}/escalation/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the re-audit").click()
    second = Audit.objects.get(reaudit_of=audit)
    assert (second.kind, second.lead, second.peer) == (Audit.Kind.REAUDIT, head, None)
    assert page.get_by_text("You are the only auditor of this re-audit").is_visible()
    assert_no_axe_violations(page, "the re-audit grading form")
    _grade(page, {"Voice of the child": "Good"}, "Good")
    page.get_by_label("The child's views", exact=True).fill("Knows the plan and helped write it.")
    page.get_by_label("The parent's or carer's views", exact=True).fill("Feels listened to.")
    page.get_by_label("Reflection with the allocated worker", exact=True).fill(
        "The worker sees the child alone at every visit now.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Complete this audit").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Complete the audit").click()
    second.refresh_from_db()
    assert (second.status, second.overall_grade) == (Status.COMPLETED, Grade.GOOD)
    page.goto(f"/audits/{audit.pk}/escalation/")
    compare = page.get_by_role("table", name=f"Final grades of audit {audit.pk} and of "
                                             f"re-audit {second.pk}")
    assert compare.get_by_role("row", name="Voice of the child").inner_text().split("\t")[1:] \
        == ["Inadequate", "Good", "Better"]
    assert compare.get_by_role("row", name="Overall").inner_text().split("\t")[1:] == [
        "Inadequate", "Good", "Better"]
    assert compare.get_by_role("row", name="Quality of plans").inner_text().split("\t")[1:] \
        == ["Good", "Good", "Same"]
    assert_no_axe_violations(page, "the escalation page with the re-audit beside the audit")

    # The action's owner records it done with evidence, then the escalation is closed.
    page = _as(new_context, lead)
    page.goto("/audits/")
    with page.expect_navigation():
        page.get_by_role("link", name="See the child alone and record their words").click()
    assert_no_axe_violations(page, "the action page")
    page.get_by_label("What shows the action is done", exact=True).fill(
        "Visit records of 8, 15 and 22 March; the plan of 24 March quotes the child.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record as done").click()
    assert audit.actions.get().is_done
    page = _as(new_context, head)
    page.goto(f"/audits/{audit.pk}/escalation/")
    page.get_by_role("group", name="Are all the actions complete?").get_by_label(
        "Yes", exact=True).check()
    page.get_by_role("group", name="Has the child's experience improved?").get_by_label(
        "Yes", exact=True).check()
    page.get_by_label("What the re-audit found", exact=True).fill(
        "Good at re-audit: the child is seen alone and their words shape the plan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    audit.refresh_from_db()
    assert (audit.status, audit.actions_complete, audit.experience_improved) == (
        Status.COMPLETED, True, True)

    # The worker's supervisor records the discussion; the worker sees it.
    page = _as(new_context, lead)
    page.goto(f"/audits/{audit.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a supervision discussion").click()
    assert_no_axe_violations(page, "the supervision discussion form")
    page.get_by_label("Date of the supervision", exact=True).fill("28/05/2027")
    page.get_by_label("What was discussed", exact=True).fill(
        "What seeing the child alone changed, and keeping it up.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the discussion").click()
    page = _as(new_context, worker)
    page.goto(f"/audits/{audit.pk}/")
    assert page.get_by_text("Discussed in the worker's supervision on 28 May 2027").is_visible()
    assert page.get_by_text("Findings discussed in the worker's supervision on 28/05/2027"
                            ).is_visible()
    assert_no_axe_violations(page, "the completed audit as the worker sees it")

    # The figures moved: two more completed audits in June (one on time), an inadequate among
    # them, and one more lead-peer pair that disagreed.
    after = selectors.dashboard_for_user(user=qa)
    assert after is not None
    assert after.total == 5
    june = next(row for row in after.months if row.month == date(2027, 6, 1))
    assert june.total == 2
    assert [cell.count for cell in june.grades] == [0, 1, 0, 1]  # Good and Inadequate
    assert (june.on_time.count, june.on_time.percent) == (1, 50.0)
    voice = next(row for row in after.domains if row.title == "Voice of the child")
    assert [cell.count for cell in voice.grades] == [0, 3, 1, 1]
    pairs = _row(after, "Lead and peer auditor")
    assert (pairs.pairs, round(pairs.linear, 3), round(pairs.quadratic, 3)) == (4, 0.667, 0.75)
    moderated = _row(after, "Lead auditor and moderator")
    assert (moderated.pairs, round(moderated.linear, 3), round(moderated.quadratic, 3)) == (
        3, 0.571, 0.727)
    assert (_row(after, "Peer auditor and moderator").pairs,
            _row(after, "Peer auditor and moderator").linear) == (3, 1.0)
    tendencies = {t.auditor: (t.mean, t.n) for t in after.tendencies}
    assert tendencies[lead.display_name] == (1.0, 1)  # a grade above the moderated outcome
    assert tendencies[qa.display_name] == (0.0, 4)
    page = _as(new_context, qa)
    page.goto("/audits/dashboard/")
    assert page.get_by_role("row", name="Lead and peer auditor").inner_text().split("\t")[1:] \
        == ["4", "0.67", "0.75"]
    assert page.get_by_role("row", name="Lead auditor and moderator").inner_text().split(
        "\t")[1:] == ["3", "0.57", "0.73"]
    assert_no_axe_violations(page, "the dashboard after the loop")
