"""Learning from audits (issue 3, item 7): calibration by domain, themes, the exemplar
library, multi-agency templates and the monthly managers' briefing."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from clearsight.audits import selectors, services
from clearsight.audits.models import (
    Audit,
    AuditTemplate,
    Exemplar,
    FindingTheme,
    Grade,
    PracticeTheme,
    Status,
)
from clearsight.audits.services import AuditError, ConflictError
from clearsight.audits.tests.factories import (
    audit_make,
    audit_through_grading,
    grading_input,
    make_case,
    make_team,
    make_user,
)
from clearsight.organisation.roles import Role

pytestmark = pytest.mark.django_db

G, R = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT


def _moderate_and_complete(audit: Audit, **domains: str) -> Audit:
    assert audit.status == Status.MODERATION
    assert audit.moderator is not None
    services.audit_moderate(
        audit=audit, user=audit.moderator, data=grading_input(audit, G, **domains),
        commentary="The assessment was thin on history, so requires improvement stands.",
        actions=[], version=audit.version)
    audit.refresh_from_db()
    services.audit_complete(audit=audit, user=audit.moderator, actions=[],
                            version=audit.version)
    audit.refresh_from_db()
    return audit


@pytest.fixture
def four_audits():
    """Assessment graded (lead, peer): (G, G), (G, R), (R, R), (G, G); every other domain
    Good by both. The second differs, so it is moderated: the moderator gives assessment R."""
    first, _ = audit_through_grading()
    second, who = _graded(lead={}, peer={"assessment": R})
    third, _ = _graded(lead={"assessment": R}, peer={"assessment": R})
    fourth, _ = audit_through_grading()
    second = _moderate_and_complete(second, assessment=R)
    return [first, second, third, fourth], who


def _graded(*, lead: dict[str, str], peer: dict[str, str]):  # type: ignore[no-untyped-def]
    from clearsight.audits.tests.factories import people

    team = make_team()
    who = people(team)
    audit = audit_make(case=make_case(team=team), lead=who["manager"], peer=who["qa"])
    services.grading_save(audit=audit, user=who["manager"],
                          data=grading_input(audit, G, **lead), version=0, submit=True)
    services.grading_save(audit=audit, user=who["qa"], data=grading_input(audit, G, **peer),
                          version=0, submit=True)
    audit.refresh_from_db()
    return audit, who


# ------------------------------------------------------------------ calibration by domain


def test_domain_kappa_against_hand_computed_values(four_audits):
    """Assessment, lead against peer: rows G 3, R 1; columns G 2, R 2; one one-step
    disagreement in four. Linear weight of one step 1/3: observed 1/3 / 4 = 1/12, expected
    1/3 x (3x2 + 1x2) / 16 = 1/6, so kappa = 1 - (1/12)/(1/6) = 0.5 (and 0.5 quadratic:
    1/36 against 1/18). Voice of the child: all Good, so chance gives no disagreement and
    kappa is undefined. Lead against moderator on assessment: the single pair (G, R) gives
    observed = expected = 1/3, kappa 0."""
    calibration = selectors.domain_calibration(Audit.objects.all(), suppress=False)
    by_title = {row.title: {a.label: a for a in row.rows} for row in calibration.agreements}
    assessment = by_title["Assessment"]
    assert assessment["Lead and peer auditor"].pairs == 4
    assert assessment["Lead and peer auditor"].linear == pytest.approx(0.5)
    assert assessment["Lead and peer auditor"].quadratic == pytest.approx(0.5)
    assert assessment["Lead auditor and moderator"].pairs == 1
    assert assessment["Lead auditor and moderator"].linear == pytest.approx(0.0)
    assert assessment["Peer auditor and moderator"].linear is None  # (R, R) only
    voice = by_title["Voice of the child"]
    assert voice["Lead and peer auditor"].pairs == 4
    assert voice["Lead and peer auditor"].linear is None
    assert calibration.domains[:2] == ["Voice of the child", "Assessment"]


def test_domain_tendency_of_each_auditor(four_audits):
    """The moderated audit's lead gave assessment Good against a final Requires improvement:
    +1 step; its peer matched the outcome: 0. Agreed audits' auditors are 0 everywhere."""
    _audits, who = four_audits
    calibration = selectors.domain_calibration(Audit.objects.all(), suppress=False)
    assessment = calibration.domains.index("Assessment")
    voice = calibration.domains.index("Voice of the child")
    rows = {row.auditor: row for row in calibration.tendencies}
    lead = rows[who["manager"].display_name]
    assert lead.means[assessment] == pytest.approx(1.0)
    assert lead.means[voice] == pytest.approx(0.0)
    assert rows[who["qa"].display_name].means[assessment] == pytest.approx(0.0)
    assert len(rows) == 8  # a lead and a peer for each of the four audits


def test_board_sees_domain_calibration_suppressed(four_audits):
    calibration = selectors.domain_calibration(Audit.objects.all(), suppress=True)
    assessment = next(row for row in calibration.agreements if row.title == "Assessment")
    assert [a.pairs for a in assessment.rows] == ["c", "c", "c"]
    assert assessment.rows[0].linear is None
    assert calibration.tendencies == []


# ------------------------------------------------------------------ themes


def test_tagging_themes_replaces_tags_and_refuses_stale_or_unsettled(four_audits):
    audits, _who = four_audits
    audit = audits[1]
    qa = make_user(roles=[Role.QA_OFFICER])
    neglect = services.theme_create(name="  Neglect ", description="", by=qa)
    voice = services.theme_create(name="Voice of the child", description="", by=qa)
    assessment = audit.template.domains.get(code="assessment")
    services.audit_tag_themes(audit=audit, user=qa, version=audit.version,
                              tags={(None, "strength"): [voice.pk],
                                    (assessment.pk, "development"): [neglect.pk]})
    audit.refresh_from_db()
    assert sorted((t.theme.name, t.kind, t.domain_id) for t in audit.theme_tags.all()) == [
        ("Neglect", "development", assessment.pk), ("Voice of the child", "strength", None)]
    with pytest.raises(ConflictError):
        services.audit_tag_themes(audit=audit, user=qa, version=audit.version - 1, tags={})
    services.audit_tag_themes(audit=audit, user=qa, version=audit.version,
                              tags={(None, "development"): [neglect.pk]})
    assert list(FindingTheme.objects.filter(audit=audit).values_list("kind", flat=True)) == [
        "development"]
    with pytest.raises(AuditError, match=r"already a theme|exists"):
        services.theme_create(name="neglect", description="", by=qa)
    unsettled = audit_make(status=Status.IN_PROGRESS)
    with pytest.raises(AuditError, match="agreed or moderated"):
        services.audit_tag_themes(audit=unsettled, user=qa, version=unsettled.version, tags={})


def _tag(audit: Audit, theme: PracticeTheme, kind: str) -> None:
    FindingTheme.objects.create(audit=audit, theme=theme, kind=kind)


def test_themes_report_counts_and_suppresses_for_the_board():
    team = make_team()
    neglect = PracticeTheme.objects.create(name="Neglect")
    fathers = PracticeTheme.objects.create(name="Fathers")
    at = datetime(2026, 10, 10, 12, tzinfo=UTC)
    for n in range(6):
        audit = audit_make(status=Status.COMPLETED, case=make_case(team=team), completed_at=at)
        _tag(audit, neglect, "development")
        if n < 2:
            _tag(audit, fathers, "strength")
            _tag(audit, neglect, "strength")
    outside = audit_make(status=Status.COMPLETED, case=make_case(team=team),
                         completed_at=datetime(2026, 8, 1, 12, tzinfo=UTC))
    _tag(outside, fathers, "development")
    qa = make_user(roles=[Role.QA_OFFICER])
    report = selectors.themes_report(user=qa, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert report is not None
    assert [(r.theme, r.audits, r.strengths, r.development) for r in report.rows] == [
        ("Neglect", 6, 2, 6), ("Fathers", 2, 2, 0)]
    assert report.audits == 6
    assert {(r.team, r.theme, r.strengths, r.development) for r in report.by_team} == {
        (team.name, "Neglect", 2, 6), (team.name, "Fathers", 2, 0)}
    board = selectors.themes_report(user=make_user(roles=[Role.BOARD_MEMBER]),
                                    start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert board is not None
    assert board.suppressed
    assert [(r.theme, r.audits, r.strengths, r.development) for r in board.rows] == [
        ("Neglect", 6, "c", 6), ("Fathers", "c", "c", 0)]
    assert all(r.team == "" for r in board.by_team)  # service areas only
    assert selectors.themes_report(user=make_user(roles=[Role.LADO_OFFICER]),
                                   start=date(2026, 10, 1), end=date(2026, 10, 31)) is None


def test_themes_pages(client, sign_in):
    qa = sign_in(client, make_user(roles=[Role.QA_OFFICER]))
    response = client.post(reverse("audits:themes"), {"name": "Neglect", "description": ""})
    assert response.status_code == 302
    theme = PracticeTheme.objects.get(name="Neglect")
    assert theme.created_by == qa
    client.post(reverse("audits:themes"), {"retire": theme.pk})
    theme.refresh_from_db()
    assert not theme.is_active
    page = client.get(reverse("audits:themes"))
    assert "Retired" in page.content.decode()
    report = client.get(reverse("audits:themes-report") + "?from=2026-08&to=2026-10")
    assert report.status_code == 200
    assert report.context["start"] == date(2026, 8, 1)
    assert report.context["end"] == date(2026, 10, 31)


def test_tag_themes_page_saves_tags(client, sign_in, four_audits):
    audits, who = four_audits
    audit = audits[1]
    theme = PracticeTheme.objects.create(name="Neglect")
    sign_in(client, audit.moderator)
    assessment = audit.template.domains.get(code="assessment")
    page = client.get(reverse("audits:tag-themes", args=[audit.pk]))
    assert page.status_code == 200
    response = client.post(reverse("audits:tag-themes", args=[audit.pk]), {
        "version": audit.version, f"d{assessment.pk}_development": [theme.pk]})
    assert response.status_code == 302
    assert audit.theme_tags.get().domain_id == assessment.pk
    # The head of service sees the audit but is neither QA, lead nor moderator.
    sign_in(client, who["head"])
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == 200
    assert client.get(reverse("audits:tag-themes", args=[audit.pk])).status_code == 404


# ------------------------------------------------------------------ exemplars


def test_exemplar_nominated_approved_anonymised_and_listed(client, sign_in, four_audits):
    audits, _who = four_audits
    audit = audits[0]
    voice = audit.template.domains.get(code="voice-of-the-child")
    exemplar = services.exemplar_nominate(audit=audit, user=audit.lead, domain=voice,
                                          reason="Lovely direct work with the child")
    with pytest.raises(AuditError):
        services.exemplar_nominate(audit=audit, user=audit.lead, domain=voice, reason="Again")
    # Only good practice: the moderated audit's assessment ended Requires improvement.
    with pytest.raises(AuditError, match="good practice"):
        services.exemplar_nominate(audit=audits[1], user=audits[1].lead,
                                   domain=audits[1].template.domains.get(code="assessment"),
                                   reason="x")
    qa = make_user(roles=[Role.QA_OFFICER])
    with pytest.raises(AuditError) as refused:
        services.exemplar_decide(
            exemplar=exemplar, user=qa, approve=True, title="Direct work",
            summary=f"The worker on {audit.case.case_ref} used drawings every visit to hear "
                    "the child.", themes=[], version=exemplar.version)
    assert "summary" in refused.value.errors
    theme = PracticeTheme.objects.create(name="Direct work")
    approved = services.exemplar_decide(
        exemplar=exemplar, user=qa, approve=True, title="Drawing with a young child",
        summary="The worker used drawings at every visit so that a six-year-old could show "
                "what home felt like; the plan changed because of them.", themes=[theme],
        version=exemplar.version)
    assert approved.status == Exemplar.Status.APPROVED
    with pytest.raises(ConflictError):
        services.exemplar_decide(exemplar=exemplar, user=qa, approve=False, title="",
                                 summary="", themes=[], version=exemplar.version)
    # Decided once: it cannot be decided again, even with the current version.
    with pytest.raises(AuditError, match="decided already"):
        services.exemplar_decide(exemplar=approved, user=qa, approve=False, title="",
                                 summary="", themes=[], version=approved.version)

    # A practitioner elsewhere reads the library but gets no link to the audit.
    reader = make_user(roles=[Role.PRACTITIONER])
    entries = selectors.exemplar_library(user=reader)
    assert [(e.title, e.domain, e.themes, e.audit_pk) for e in entries] == [
        ("Drawing with a young child", "Voice of the child", ["Direct work"], None)]
    assert selectors.exemplar_library(user=qa)[0].audit_pk == audit.pk
    assert selectors.exemplar_library(user=reader, domain="assessment") == []
    assert len(selectors.exemplar_library(user=reader, theme=theme.pk)) == 1
    sign_in(client, make_user(roles=[Role.BOARD_MEMBER]))
    page = client.get(reverse("audits:exemplars")).content.decode()
    assert "Drawing with a young child" in page
    assert audit.case.case_ref not in page
    assert reverse("audits:detail", args=[audit.pk]) not in page


def test_exemplar_review_page(client, sign_in, four_audits):
    audits, _ = four_audits
    audit = audits[0]
    voice = audit.template.domains.get(code="voice-of-the-child")
    exemplar = services.exemplar_nominate(audit=audit, user=audit.lead, domain=voice,
                                          reason="Good direct work")
    sign_in(client, make_user(roles=[Role.QA_OFFICER]))
    url = reverse("audits:exemplar-review", args=[exemplar.pk])
    assert "Good direct work" in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve", "title": "", "summary": "short",
                                 "version": exemplar.version})
    assert response.status_code == 200
    assert "Enter a short title" in response.content.decode()
    response = client.post(url, {"decision": "decline", "title": "", "summary": "",
                                 "version": exemplar.version})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.DECLINED
    # Only exemplars waiting for a decision have a review page.
    assert client.get(url).status_code == 404


# ------------------------------------------------------------------ templates


def test_multi_agency_template_and_thematic_draw():
    single = services.audit_template_current()
    multi = services.audit_template_current(AuditTemplate.Purpose.MULTI_AGENCY)
    assert single.purpose == AuditTemplate.Purpose.SINGLE_AGENCY
    assert multi.purpose == AuditTemplate.Purpose.MULTI_AGENCY
    assert [d.code for d in multi.domains.all()][:2] == ["information-sharing",
                                                         "joint-assessment"]
    assert services.audit_template_current() == single  # the monthly sample is unchanged
    case = make_case(opened_on=date(2025, 1, 1))
    draw = services.draw_thematic(month=date(2026, 11, 1), by=None, seed="s",
                                  theme=services.Theme(name="Partnership", number=1),
                                  template=multi)
    assert draw.rules["template"] == multi.pk
    assert list(draw.audits.values_list("template_id", "case_id")) == [(multi.pk, case.pk)]


def test_thematic_draw_page_offers_multi_agency(client, sign_in):
    make_case(opened_on=date(2025, 1, 1))
    sign_in(client, make_user(roles=[Role.QA_OFFICER]))
    response = client.post(reverse("audits:draw-thematic"), {
        "name": "Joint working", "number": 1, "purpose": "multi_agency"})
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert audit.template.purpose == AuditTemplate.Purpose.MULTI_AGENCY


def test_load_audit_template_command(tmp_path):
    services.audit_template_current()
    data = {"name": "Case file audit", "purpose": "single_agency", "months_considered": 3,
            "domains": [{"code": "voice", "title": "Voice", "questions": ["Seen alone?"],
                         "descriptors": {"good": "Seen and heard"}},
                        {"code": "plan", "title": "Plan"}]}
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("load_audit_template", str(path), stdout=out)
    assert "version 2" in out.getvalue()
    current = services.audit_template_current()
    assert (current.name, current.version, current.months_considered) == (
        "Case file audit", 2, 3)
    assert [d.code for d in current.domains.all()] == ["voice", "plan"]
    assert AuditTemplate.objects.filter(is_current=True).count() == 1
    call_command("load_audit_template", str(path), "--not-current", stdout=io.StringIO())
    assert services.audit_template_current().version == 2
    path.write_text(json.dumps({"name": "X", "domains": [{"code": "a"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="needs a \"code\" and a \"title\""):
        call_command("load_audit_template", str(path))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_audit_template", str(path))


# ------------------------------------------------------------------ the managers' briefing


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def october():
    """October 2026: seven audits due by 30 October; six finished on 10 October (five Good,
    one Requires improvement), five of them moderated; one still open. September: five
    finished, all Good. Neglect tagged for development on five October audits, Fathers as a
    strength on two. One exemplar approved in October, one open escalation."""
    team = make_team()
    due = date(2026, 10, 30)
    done = []
    for n in range(6):
        done.append(audit_make(status=Status.COMPLETED, case=make_case(team=team),
                               overall=R if n == 5 else G, deadline=due,
                               completed_at=_at(date(2026, 10, 10)),
                               moderated_at=_at(date(2026, 10, 8)) if n < 5 else None))
    audit_make(status=Status.IN_PROGRESS, case=make_case(team=team), deadline=due)
    for _ in range(5):
        audit_make(status=Status.COMPLETED, case=make_case(team=team), overall=G,
                   deadline=date(2026, 9, 30), completed_at=_at(date(2026, 9, 12)))
    neglect = PracticeTheme.objects.create(name="Neglect")
    fathers = PracticeTheme.objects.create(name="Fathers and male carers")
    for audit in done[:5]:
        _tag(audit, neglect, "development")
    for audit in done[:2]:
        _tag(audit, fathers, "strength")
    voice = done[0].template.domains.get(code="voice-of-the-child")
    exemplar = Exemplar.objects.create(
        audit=done[0], domain=voice, reason="x", status=Exemplar.Status.APPROVED,
        title="Hearing a teenager who would not talk",
        summary="The worker met the young person on walks and by text, and the plan used "
                "their words.", decided_at=_at(date(2026, 10, 20)))
    exemplar.themes.add(neglect)
    audit_make(status=Status.ESCALATED, case=make_case(team=team), overall=Grade.INADEQUATE,
               deadline=date(2026, 8, 31), escalated_at=_at(date(2026, 8, 5)),
               review_due=date(2026, 10, 17))
    return done


def test_managers_briefing_figures(october):
    briefing = selectors.managers_briefing(month=date(2026, 10, 1))
    assert briefing.month == date(2026, 10, 1)
    assert briefing.previous == date(2026, 9, 1)
    assert (briefing.due, briefing.completed, briefing.on_time, briefing.late) == (
        7, 6, 6, "c")
    assert briefing.on_time_percent == pytest.approx(600 / 7)
    assert briefing.graded == 6
    good = next(row for row in briefing.grades if row.grade == "Good")
    assert good.count == 5
    assert good.percent == pytest.approx(500 / 6)
    assert good.previous_percent == pytest.approx(100)
    assert good.change == pytest.approx(500 / 6 - 100)
    below = next(row for row in briefing.grades if row.grade == "Requires improvement")
    assert (below.count, below.percent, below.change) == ("c", None, None)
    assert briefing.moderated == 5
    assert briefing.moderation_percent == pytest.approx(500 / 6)
    assert [(t.theme, t.audits) for t in briefing.development] == [("Neglect", 5)]
    assert [(t.theme, t.audits) for t in briefing.strengths] == [
        ("Fathers and male carers", "c")]
    assert [(e.title, e.themes) for e in briefing.exemplars] == [
        ("Hearing a teenager who would not talk", ["Neglect"])]
    assert (briefing.escalations_open, briefing.reviews_overdue) == ("c", "c")


def test_briefing_month_defaults_to_the_last_full_month():
    assert selectors.briefing_month(None, today=date(2026, 1, 15)) == date(2025, 12, 1)
    assert selectors.briefing_month("2026-07", today=date(2026, 11, 30)) == date(2026, 7, 1)
    assert selectors.briefing_month("rubbish", today=date(2026, 11, 30)) == date(2026, 10, 1)


def test_briefing_page_word_and_pdf(client, sign_in, october):
    from docx import Document
    from pypdf import PdfReader

    sign_in(client, make_user(roles=[Role.BOARD_MEMBER]))
    page = client.get(reverse("audits:briefing") + "?month=2026-10")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Case audit briefing for managers: October 2026" in text
    assert "83%" in text  # Good, 5 of 6
    assert "-17 points" in text
    assert "Hearing a teenager who would not talk" in text
    for audit in october:
        assert audit.case.case_ref not in text

    word = client.get(reverse("audits:briefing-docx") + "?month=2026-10")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(word.content))
    words = "\n".join([p.text for p in document.paragraphs]
                      + [cell.text for table in document.tables for row in table.rows
                         for cell in row.cells])
    assert "Case audit briefing for managers: October 2026" in words
    assert "83%" in words
    assert "-17 points" in words
    assert "Neglect" in words
    assert "Hearing a teenager who would not talk" in words

    pdf = client.get(reverse("audits:briefing-pdf") + "?month=2026-10")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    root = reader.root_object
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("en")
    assert root["/MarkInfo"].get_object()["/Marked"]  # type: ignore[index]
    assert reader.metadata is not None
    assert reader.metadata.title == "Case audit briefing for managers: October 2026"
    content = " ".join(p.extract_text() for p in reader.pages)
    assert "83%" in content
    assert "Hearing a teenager who would not talk" in content


def test_dashboard_shows_calibration_by_domain_on_request(client, sign_in, four_audits):
    audits, _who = four_audits
    for audit in audits:
        if audit.status == Status.AGREED:  # the dashboard counts completed audits
            services.audit_complete(audit=audit, user=audit.lead, actions=[],
                                    version=audit.version)
    sign_in(client, make_user(roles=[Role.QA_OFFICER]))
    plain = client.get(reverse("audits:dashboard"))
    assert plain.context["board"].calibration is None
    assert "calibration=domain" in plain.content.decode()
    response = client.get(reverse("audits:dashboard") + "?calibration=domain")
    calibration = response.context["board"].calibration
    assessment = next(row for row in calibration.agreements if row.title == "Assessment")
    assert assessment.rows[0].linear == pytest.approx(0.5)
    page = response.content.decode()
    assert "Agreement domain by domain" in page
    assert "0.50" in page
    assert "tendency, domain by domain" in page
