"""The performance pages, as each role sees them. Every page goes through `page_client`, so
each is also checked against the GOV.UK rules (one h1, the title equal to it, error summary
links that land, valid HTML).

Most pages are read over a real snapshot: `snapshot_make` computes one for the children of
`_world` once per module (it takes seconds), and each test replays it into its own database
and snapshot folder (`real`). Tests that need exact numbers write a snapshot of their own
(`_snapshot_of`) or use `snapshot_fake`.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clearsight.casework.tests.factories import ChildFactory, OpenCaseFactory
from clearsight.core.models import AccessLogEntry, ImportRecord
from clearsight.organisation.models import ServiceArea, Team, User
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
from clearsight.performance import selectors
from clearsight.performance.models import (
    AuthorityProfile,
    Computation,
    DueItem,
    IndicatorSetting,
    PopulationFigure,
    ReturnLoad,
)
from clearsight.performance.tests.factories import (
    FAKE_PERIOD,
    annex_a_workbook,
    snapshot_fake,
    snapshot_make,
    ssda903_files,
)
from clearsight_analytics.indicators import BY_CODE, CATALOGUE, Domain
from clearsight_analytics.indicators.engine import UNITS_SCHEMA, VALUES_SCHEMA
from clearsight_analytics.tests.builders import child, cin_census_xml, episode

pytestmark = pytest.mark.django_db

# The children of the three cases in `_world`: the practitioner's, a colleague's in the same
# team, and one in a team in another service area.
OWN, COLLEAGUES, ELSEWHERE = "C9000001", "C9000002", "C9000003"


@dataclass
class World:
    service_a: ServiceArea
    service_b: ServiceArea
    team_a: Team
    team_c: Team
    practitioner: User
    colleague: User
    elsewhere: User


def _world() -> World:
    """The same people, teams and cases every time, so a replayed snapshot fits them."""
    service_a = cast(ServiceArea, ServiceAreaFactory(code="svc-a", name="Assessment"))
    service_b = cast(ServiceArea, ServiceAreaFactory(code="svc-b", name="Children in care"))
    team_a = cast(Team, TeamFactory(code="team-a", name="Assessment Team A",
                                    service_area=service_a))
    TeamFactory(code="team-b", name="Assessment Team B", service_area=service_a)
    team_c = cast(Team, TeamFactory(code="team-c", name="Care Team C", service_area=service_b))
    people: dict[str, User] = {}
    for staff_id, first, last, team in (("P1", "Pat", "Owens", team_a),
                                         ("Q1", "Quinn", "Colley", team_a),
                                         ("R1", "Robin", "Farr", team_c)):
        people[staff_id] = cast(User, UserFactory(
            username=f"{staff_id.lower()}@test.example", staff_id=staff_id, first_name=first,
            last_name=last, team=team, roles=[Role.PRACTITIONER]))
    for child_id, worker in ((OWN, people["P1"]), (COLLEAGUES, people["Q1"]),
                             (ELSEWHERE, people["R1"])):
        OpenCaseFactory(case_ref=f"CASE-{child_id}", child=ChildFactory(child_id=child_id),
                        team=worker.team, allocated_worker=worker)
    return World(service_a, service_b, team_a, team_c, people["P1"], people["Q1"],
                 people["R1"])


@dataclass
class Computed:
    values: Any
    units: Any
    due: list[dict[str, Any]]
    fields: dict[str, Any]


@pytest.fixture(scope="module")
def _computed(django_db_setup, django_db_blocker, tmp_path_factory) -> Computed:  # type: ignore[no-untyped-def]
    """snapshot_make over `_world`, computed once, in a transaction that is rolled back."""
    folder = tmp_path_factory.mktemp("computed")
    with (django_db_blocker.unblock(),
          override_settings(RETURNS_DIR=folder / "returns", SNAPSHOTS_DIR=folder / "snapshots"),
          transaction.atomic()):
        world = _world()
        computation = snapshot_make(child_ids=[OWN, COLLEAGUES, ELSEWHERE],
                                    team=world.team_a.code)
        path = folder / "snapshots" / computation.folder
        computed = Computed(
            values=pq.read_table(path / "values.parquet"),
            units=pq.read_table(path / "units.parquet"),
            due=[dict(item) for item in DueItem.objects.filter(computation=computation).values(
                "child_id", "kind", "label", "team", "worker", "last_done", "due_on", "rule")],
            fields={name: getattr(computation, name) for name in (
                "latest_data", "value_count", "unit_count", "not_computed", "notes")})
        transaction.set_rollback(True)
    return computed


@pytest.fixture
def real(_computed: Computed, settings) -> tuple[World, Computation]:  # type: ignore[no-untyped-def]
    """The world and its real snapshot, replayed into this test's database and folder."""
    world = _world()
    computation = Computation.objects.create(status=Computation.Status.DONE,
                                             finished_at=timezone.now(), folder="replayed",
                                             **_computed.fields)
    folder = settings.SNAPSHOTS_DIR / "replayed"
    folder.mkdir(parents=True)
    pq.write_table(_computed.values, folder / "values.parquet")
    pq.write_table(_computed.units, folder / "units.parquet")
    DueItem.objects.bulk_create([DueItem(computation=computation, **item)
                                 for item in _computed.due])
    return world, computation


def _snapshot_of(values: list[dict[str, Any]], code: str = "F09") -> Computation:
    """A finished snapshot holding exactly these values of one indicator (no units)."""
    computation = Computation.objects.create(status=Computation.Status.DONE,
                                             finished_at=timezone.now(), folder="exact",
                                             latest_data=date(2026, 3, 31))
    folder = django_settings.SNAPSHOTS_DIR / "exact"
    folder.mkdir(parents=True)
    rows = [{"code": code, "breakdown": "all", "group": "All", **row} for row in values]
    pq.write_table(pa.Table.from_pylist(rows, schema=VALUES_SCHEMA), folder / "values.parquet")
    pq.write_table(UNITS_SCHEMA.empty_table(), folder / "units.parquet")
    return computation


def _year(end: int, numerator: float, denominator: float, **extra: Any) -> dict[str, Any]:
    return {"period_id": f"year:{end}-03-31", "period_type": "year",
            "period_label": f"{end - 1}-{end % 100:02d}", "period_start": date(end - 1, 4, 1),
            "period_end": date(end, 3, 31), "numerator": numerator,
            "denominator": denominator,
            "value": 100 * numerator / denominator if denominator else None, **extra}


def _signed_in(client, sign_in, role: str, **kwargs: Any) -> User:  # type: ignore[no-untyped-def]
    return sign_in(client, UserFactory(roles=[role], **kwargs))


def _text(element: Any) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def _table(page: Any, caption: str) -> list[list[str]]:
    """The body rows of the table whose caption starts with `caption`, as text."""
    for table in page.select("table"):
        if table.caption and _text(table.caption).startswith(caption):
            return [[_text(cell) for cell in row.select("th, td")]
                    for row in table.select("tbody tr")]
    raise AssertionError(f"no table captioned {caption!r}")


def _has_table(page: Any, caption: str) -> bool:
    return any(table.caption and _text(table.caption).startswith(caption)
               for table in page.select("table"))


# ------------------------------------------------------------------ every page


PAGES = ["performance:dashboard", "performance:catalogue", "performance:indicator",
         "performance:indicator-settings", "performance:due", "performance:data",
         "performance:load-annex-a", "performance:load-ssda903", "performance:load-cin-census",
         "performance:population", "performance:profile"]


def _url(name: str) -> str:
    return reverse(name, args=["F09"] if "indicator" in name else [])


def test_every_page_renders_over_a_real_snapshot(page_client, sign_in, real):
    _, computation = real
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    for name in PAGES:
        response = page_client.get(_url(name))
        assert response.status_code == 200, name
    for period in selectors.unit_periods(computation=computation, code="F09"):
        response = page_client.get(reverse("performance:indicator-children", args=["F09"])
                                   + f"?period={period}")
        assert response.status_code == 200, period
    response = page_client.get(reverse("performance:computation", args=[computation.pk]))
    assert response.status_code == 200


def test_every_page_renders_with_no_snapshot(page_client, sign_in):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    for name in PAGES:
        response = page_client.get(_url(name))
        assert response.status_code == 200, name


# ------------------------------------------------------------------ with no snapshot


@pytest.mark.parametrize(("name", "args", "title"), [
    ("performance:dashboard", [], "Performance"),
    ("performance:indicator", ["F09"], BY_CODE["F09"].title),
    ("performance:due", [], "Due and overdue"),
])
def test_pages_say_when_nothing_has_been_computed(page_client, sign_in, name, args, title):
    _signed_in(page_client, sign_in, Role.QA_OFFICER)
    response = page_client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert _text(response.page.h1) == title
    assert "No indicators have been computed yet." in _text(response.page)
    assert "A performance analyst loads the national returns" in _text(response.page)


def test_an_analyst_with_no_snapshot_is_sent_to_the_data_page(page_client, sign_in):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    Computation.objects.create(status=Computation.Status.RUNNING, progress=30)
    response = page_client.get(reverse("performance:dashboard"))
    assert "being computed now (30% done)" in _text(response.page)
    assert response.page.find("a", href=reverse("performance:data"))


def test_with_no_snapshot_the_catalogue_and_data_pages_work_and_children_are_not_found(
        page_client, sign_in):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    assert page_client.get(reverse("performance:catalogue")).status_code == 200
    data = page_client.get(reverse("performance:data"))
    assert "No indicators have been computed yet." in _text(data.page)
    children = page_client.get(reverse("performance:indicator-children", args=["F09"])
                               + f"?period={FAKE_PERIOD}")
    assert children.status_code == 404


# ------------------------------------------------------------------ dashboards


def test_the_dashboard_for_the_authority_a_service_and_a_team(page_client, sign_in, real):
    _, computation = real
    _signed_in(page_client, sign_in, Role.SERVICE_DIRECTOR)

    authority = page_client.get(reverse("performance:dashboard"))
    assert _text(authority.page.h1) == "Performance"
    f09 = authority.page.find("a", string=BY_CODE["F09"].title)
    assert f09["href"] == reverse("performance:indicator", args=["F09"])
    assert _has_table(authority.page, "Front door")
    # The figure shown is the authority's latest rolling year.
    latest = selectors.values_for(computation=computation, code="F09",
                                  period_type="rolling_12")[-1]
    row = next(r for r in _table(authority.page, "Front door") if r[0].startswith(
        BY_CODE["F09"].title))
    assert row[1] == f"{latest.value:.1f}% {latest.period_label}"

    service = page_client.get(reverse("performance:dashboard") + "?area=service:svc-a")
    assert _text(service.page.h1) == "Performance: Assessment"
    assert service.page.select_one("#area option[selected]")["value"] == "service:svc-a"
    link = service.page.find("a", string=BY_CODE["F09"].title)
    assert link["href"] == reverse("performance:indicator", args=["F09"]) + (
        "?area=service%3Asvc-a")

    team = page_client.get(reverse("performance:dashboard") + "?area=team:team-a")
    assert _text(team.page.h1) == "Performance: Assessment Team A"
    team_value = selectors.values_for(computation=computation, code="F09", breakdown="team",
                                      group="team-a", period_type="rolling_12")[-1]
    row = next(r for r in _table(team.page, "Front door") if r[0].startswith(
        BY_CODE["F09"].title))
    assert row[1] == f"{team_value.value:.1f}% {team_value.period_label}"


@pytest.mark.parametrize("area", ["service:no-such-service", "team:no-such-team"])
def test_an_unknown_area_is_not_found(page_client, sign_in, area):
    snapshot_fake()
    _signed_in(page_client, sign_in, Role.QA_OFFICER)
    assert page_client.get(reverse("performance:dashboard") + f"?area={area}").status_code == 404
    assert page_client.get(reverse("performance:indicator", args=["F09"])
                           + f"?area={area}").status_code == 404


def test_an_unknown_indicator_is_not_found(page_client, sign_in):
    snapshot_fake()
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    for name in ("performance:indicator", "performance:indicator-settings"):
        assert page_client.get(reverse(name, args=["Z99"])).status_code == 404
    assert not IndicatorSetting.objects.exists()


def test_the_catalogue_lists_every_indicator(page_client, sign_in):
    _signed_in(page_client, sign_in, Role.BOARD_MEMBER)
    response = page_client.get(reverse("performance:catalogue"))
    assert _text(response.page.h1) == "Indicator catalogue"
    listed = [heading["id"] for heading in response.page.select("h3[id]")]
    assert listed == [indicator.code for domain in Domain for indicator in CATALOGUE
                      if indicator.domain == domain]
    assert len(listed) == len(CATALOGUE)
    for indicator in CATALOGUE:
        assert response.page.find("a", href=reverse("performance:indicator",
                                                     args=[indicator.code]))
    assert f"The {len(CATALOGUE)} indicators" in _text(response.page)


# ------------------------------------------------------------------ the indicator page


def test_the_indicator_page_for_each_period_type(page_client, sign_in, real):
    _, computation = real
    _signed_in(page_client, sign_in, Role.QA_OFFICER)
    url = reverse("performance:indicator", args=["F09"])
    first = page_client.get(url)
    assert _text(first.page.h1) == BY_CODE["F09"].title
    nav = first.page.select_one("nav[aria-label=Periods]")
    # Months first: the chart is monthly unless another period is chosen.
    assert _text(nav.select_one("[aria-current=page]")) == "Months"
    links = {_text(link): link["href"] for link in nav.select("a")}
    assert set(links) == {"Quarters", "Collection years", "Rolling 12 months"}

    for label, href in [("Months", "?period=month"), *links.items()]:
        response = page_client.get(url + href)
        page = response.page
        assert _text(page.select_one("nav[aria-label=Periods] [aria-current=page]")) == label
        period_type = href.split("period=")[1].split("&")[0]
        values = selectors.values_for(computation=computation, code="F09",
                                      period_type=period_type)
        # The table holds every value of the series, newest first, as the chart plots it.
        table = _table(page, "The figures in the chart")
        assert [row[0] for row in table] == [value.period_label for value in reversed(values)]
        assert [row[1] for row in table] == [
            "No value" if value.value is None else f"{value.value:.1f}%"
            for value in reversed(values)]
        assert [row[2:] for row in table] == [
            [f"{value.numerator:.0f}", f"{value.denominator:.0f}"] for value in reversed(values)]
        chart = page.select_one("figure.app-chart svg")
        assert chart is not None, f"no chart for {label}"
        assert chart["role"] == "img"
        title, desc = chart["aria-labelledby"].split()
        assert chart.find("title", id=title)
        assert chart.find("desc", id=desc)
        markers = chart.select(".cs-points .cs-marker")
        assert len(markers) == sum(1 for value in values if value.value is not None)
        latest = next(value for value in reversed(values) if value.value is not None)
        assert f"{latest.value:.1f}%" in _text(chart.find("desc"))


def test_an_annex_a_measure_is_shown_by_extract(page_client, sign_in, real):
    _, computation = real
    extract = [indicator for indicator in CATALOGUE
               if {t.value for t in indicator.active_period_types} == {"extract"}
               and selectors.values_for(computation=computation, code=indicator.code)]
    assert extract, "the snapshot has no Annex A measure"
    indicator = extract[0]
    values = selectors.values_for(computation=computation, code=indicator.code)
    _signed_in(page_client, sign_in, Role.PRINCIPAL_SOCIAL_WORKER)
    page = page_client.get(reverse("performance:indicator", args=[indicator.code])).page
    nav = page.select_one("nav[aria-label=Periods]")
    assert _text(nav.select_one("[aria-current=page]")) == "Annex A extracts"
    assert not nav.select("a")
    table = _table(page, "The figures in the chart")
    assert [row[0] for row in table] == [value.period_label for value in reversed(values)]
    assert page.select_one("figure.app-chart svg[role=img]")


def test_the_neighbour_model_switch(page_client, sign_in, real):
    AuthorityProfile.objects.create(pk=1, name="Herefordshire", la_code="884",
                                    neighbour_model="2025")
    _signed_in(page_client, sign_in, Role.HEAD_OF_SERVICE)
    url = reverse("performance:indicator", args=["F09"])
    page = page_client.get(url + "?period=year").page
    lines = [row[0] for row in _table(page, "Comparison for")]
    assert "Statistical neighbours (2025 model), mean" in lines
    switch = page.find("a", string="Use the 2021 model")
    assert switch["href"] == "?period=year&model=2021"

    page = page_client.get(url + switch["href"]).page
    lines = [row[0] for row in _table(page, "Comparison for")]
    assert "Statistical neighbours (2021 model), mean" in lines
    assert "Statistical neighbours (2025 model), mean" not in lines
    assert page.find("a", string="Use the 2025 model")
    # The chosen model stays when the period or the area changes.
    assert page.find("a", string="Months")["href"] == "?period=month&model=2021"
    assert page.select_one("form.app-area-form input[name=model]")["value"] == "2021"

    page = page_client.get(url + "?model=1999").page
    assert page.find("a", string="Use the 2021 model")


# ------------------------------------------------------------------ small numbers


def test_small_numbers_are_hidden_from_a_board_member(page_client, sign_in, real):
    _, computation = real
    _signed_in(page_client, sign_in, Role.BOARD_MEMBER)
    team_year = selectors.values_for(computation=computation, code="F09", breakdown="team",
                                     group="team-a", period_type="year")[-1]
    assert team_year.denominator is not None
    assert 0 < team_year.denominator < 5  # the case this test is about

    page = page_client.get(reverse("performance:indicator", args=["F09"])
                           + "?area=team:team-a&period=year").page
    headline = _text(page.select_one(".app-headline"))
    assert "Not shown (fewer than 5)" in headline
    assert "fewer than 5" in headline.split("Not shown (fewer than 5)")[1]
    assert f"{team_year.value:.1f}%" not in _text(page)
    latest = _table(page, "The figures")[0]
    assert latest[0] == team_year.period_label
    assert latest[1] == "Not shown (fewer than 5)"
    assert "fewer than 5" in latest[2:]
    assert not page.select("svg.cs-chart")
    assert "The chart is not shown to you" in _text(page)
    assert not page.find("a", href=re.compile("/children/"))

    dashboard = page_client.get(reverse("performance:dashboard") + "?area=team:team-a").page
    row = next(r for r in _table(dashboard, "Front door") if r[0].startswith(
        BY_CODE["F09"].title))
    assert row[1].startswith("Not shown (fewer than 5)")
    assert not dashboard.select("svg.cs-sparkline")
    assert not dashboard.find("a", href=reverse("performance:due"))


def test_small_numbers_are_shown_to_a_team_manager(page_client, sign_in, real):
    world, computation = real
    _signed_in(page_client, sign_in, Role.TEAM_MANAGER, team=world.team_a)
    team_year = selectors.values_for(computation=computation, code="F09", breakdown="team",
                                     group="team-a", period_type="year")[-1]
    page = page_client.get(reverse("performance:indicator", args=["F09"])
                           + "?area=team:team-a&period=year").page
    latest = _table(page, "The figures in the chart")[0]
    assert latest == [team_year.period_label, f"{team_year.value:.1f}%",
                      f"{team_year.numerator:.0f}", f"{team_year.denominator:.0f}"]
    assert "fewer than 5" not in _text(page)
    assert page.select("svg.cs-chart")
    assert page.find("a", href=re.compile("/children/"))
    dashboard = page_client.get(reverse("performance:dashboard") + "?area=team:team-a").page
    assert dashboard.select("svg.cs-sparkline")


def test_our_benchmark_figure_is_hidden_when_it_rests_on_small_numbers(page_client, sign_in):
    AuthorityProfile.objects.create(pk=1, name="Herefordshire", la_code="884")
    _snapshot_of([_year(2025, 3, 4)])
    _signed_in(page_client, sign_in, Role.BOARD_MEMBER)
    page = page_client.get(reverse("performance:indicator", args=["F09"])).page
    ours = _table(page, "Comparison for")[0]
    assert ours[:2] == ["Herefordshire (computed by Clearsight)", "Not shown (fewer than 5)"]
    assert "75.0%" not in _text(page)
    bars = page.select_one("figure.app-chart--bars desc")
    assert bars is not None
    assert "Herefordshire (computed)" not in _text(bars)

    page_client.logout()
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    page = page_client.get(reverse("performance:indicator", args=["F09"])).page
    assert _table(page, "Comparison for")[0][1] == "75.0%"
    assert "Herefordshire (computed): 75.0%" in _text(page.select_one(
        "figure.app-chart--bars desc"))


# ------------------------------------------------------------------ breakdowns by worker


@pytest.mark.parametrize(("role", "team", "expected"), [
    (Role.PRACTITIONER, "a", {"Pat Owens"}),
    (Role.TEAM_MANAGER, "a", {"Pat Owens", "Quinn Colley"}),
    (Role.SERVICE_MANAGER, "a", {"Pat Owens", "Quinn Colley"}),
    (Role.QA_OFFICER, "c", {"Pat Owens", "Quinn Colley", "Robin Farr", "Not recorded"}),
    (Role.BOARD_MEMBER, "c", set()),
])
def test_figures_by_worker_only_within_the_users_scope(page_client, sign_in, real, role, team,
                                                       expected):
    world, _computation = real
    if role == Role.PRACTITIONER:
        sign_in(page_client, world.practitioner)
    else:
        _signed_in(page_client, sign_in, role,
                   team=world.team_a if team == "a" else world.team_c)
    page = page_client.get(reverse("performance:indicator", args=["F09"])
                           + "?period=year").page
    assert _has_table(page, "By team")  # aggregates by team are for everyone
    if not expected:
        assert not _has_table(page, "By worker")
        return
    assert {row[0] for row in _table(page, "By worker")} == expected


# ------------------------------------------------------------------ the children behind a value


def _children(client) -> Any:  # type: ignore[no-untyped-def]
    return client.get(reverse("performance:indicator-children", args=["F09"])
                      + f"?period={FAKE_PERIOD}")


def test_a_practitioner_sees_only_the_children_of_their_own_cases(page_client, sign_in):
    world = _world()
    snapshot_fake(child_ids=[OWN, COLLEAGUES, ELSEWHERE, "NO-CASE"])
    sign_in(page_client, world.practitioner)
    before = AccessLogEntry.objects.count()
    response = _children(page_client)
    assert response.status_code == 200
    rows = _table(response.page, "Units")
    assert [row[:2] for row in rows] == [[OWN, f"CASE-{OWN}"]]
    assert response.page.find("a", href=reverse("casework:case-detail", args=[f"CASE-{OWN}"]))
    assert "Children whose cases you cannot open are not listed." in _text(response.page)
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.latest("pk")
    assert (entry.user, entry.object_type, entry.object_id) == (
        world.practitioner, "indicator children", f"F09 {FAKE_PERIOD}")


def test_a_team_manager_sees_their_teams_children(page_client, sign_in):
    world = _world()
    snapshot_fake(child_ids=[OWN, COLLEAGUES, ELSEWHERE, "NO-CASE"])
    _signed_in(page_client, sign_in, Role.TEAM_MANAGER, team=world.team_a)
    rows = _table(_children(page_client).page, "Units")
    assert [row[0] for row in rows] == [OWN, COLLEAGUES]


def test_a_qa_officer_sees_every_child_including_those_with_no_case(page_client, sign_in):
    _world()
    snapshot_fake(child_ids=[OWN, COLLEAGUES, ELSEWHERE, "NO-CASE"])
    _signed_in(page_client, sign_in, Role.QA_OFFICER)
    before = AccessLogEntry.objects.count()
    response = _children(page_client)
    rows = _table(response.page, "Units")
    assert [row[:2] for row in rows] == [[OWN, f"CASE-{OWN}"], [COLLEAGUES, f"CASE-{COLLEAGUES}"],
                                         [ELSEWHERE, f"CASE-{ELSEWHERE}"], ["NO-CASE", "No case"]]
    assert "cannot open" not in _text(response.page)
    assert AccessLogEntry.objects.count() == before + 1


def test_a_child_links_to_their_open_case_else_the_one_that_closed_last(page_client, sign_in):
    from clearsight.casework.tests.factories import ClosedCaseFactory

    world = _world()
    reopened = ChildFactory(child_id="C9000010")
    closed = ChildFactory(child_id="C9000011")
    for case_ref, owner, opened_on, closed_on in (
            ("OLD-1", reopened, date(2024, 1, 1), date(2025, 6, 30)),
            ("NOW-1", reopened, date(2025, 1, 1), None),
            ("OLD-2", closed, date(2024, 1, 1), date(2024, 6, 30)),
            ("LAST-2", closed, date(2024, 1, 1), date(2025, 6, 30))):
        ClosedCaseFactory(case_ref=case_ref, child=owner, team=world.team_a,
                          opened_on=opened_on, closed_on=closed_on)
    snapshot_fake(child_ids=["C9000010", "C9000011"])
    _signed_in(page_client, sign_in, Role.QA_OFFICER)
    rows = _table(_children(page_client).page, "Units")
    assert [row[:2] for row in rows] == [["C9000010", "NOW-1"], ["C9000011", "LAST-2"]]


def test_the_real_drill_down_for_a_practitioner(page_client, sign_in, real):
    world, _computation = real
    sign_in(page_client, world.practitioner)
    page = page_client.get(reverse("performance:indicator", args=["F09"])).page
    links = page.select("a[href*='/children/']")
    assert links, "no drill-down links"
    response = page_client.get(links[0]["href"])
    assert response.status_code == 200
    assert {row[0] for row in _table(response.page, "Units")} <= {OWN}


# ------------------------------------------------------------------ due and overdue


def _due(world: World) -> None:
    computation = snapshot_fake(child_ids=[])
    today = timezone.localdate()
    for child_id, kind, label, team, due_on in (
            (OWN, "cla_visit", "Social work visit", "team-a", today - timedelta(days=3)),
            (OWN, "cla_review", "Looked-after review", "team-a", today + timedelta(days=2)),
            (COLLEAGUES, "cla_visit", "Social work visit", "team-a", today - timedelta(days=1)),
            (ELSEWHERE, "cla_visit", "Social work visit", "team-c", today - timedelta(days=9)),
            # An extract may name a team rather than give its code.
            ("NO-CASE", "assessment", "Assessment to complete", "Front Door",
             today + timedelta(days=60))):
        DueItem.objects.create(computation=computation, child_id=child_id, kind=kind,
                               label=label, team=team, due_on=due_on, rule="a rule")


def _due_rows(client, query: str = "") -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("performance:due") + query)
    assert response.status_code == 200
    if not response.page.select("table"):
        return []
    return _table(response.page, "Due and overdue")


def test_the_due_list_filters(page_client, sign_in):
    world = _world()
    _due(world)
    _signed_in(page_client, sign_in, Role.QA_OFFICER)
    overdue = _due_rows(page_client)  # overdue is the first view
    assert [row[1] for row in overdue] == [ELSEWHERE, OWN, COLLEAGUES]
    assert all("Overdue" in row[0] for row in overdue)
    assert [row[1] for row in _due_rows(page_client, "?when=soon")] == [OWN]
    assert len(_due_rows(page_client, "?when=all")) == 5
    assert [row[1] for row in _due_rows(page_client, "?when=all&kind=assessment")] == ["NO-CASE"]
    assert [row[1] for row in _due_rows(page_client, "?when=all&team=team-a")] == [
        OWN, COLLEAGUES, OWN]
    # A filter value that is not on offer is ignored.
    assert len(_due_rows(page_client, "?when=all&kind=nonsense&team=nonsense")) == 5
    page = page_client.get(reverse("performance:due")).page
    teams = {option["value"]: _text(option) for option in page.select("#team option")}
    assert teams == {"": "All teams", "team-a": "Assessment Team A", "team-c": "Care Team C",
                     "Front Door": "Front Door"}
    assert _table(page, "Due and overdue")[0][4] == "Care Team C"
    assert _due_rows(page_client, "?when=all&kind=assessment")[0][4] == "Front Door"


@pytest.mark.parametrize(("role", "expected"), [
    (Role.PRACTITIONER, [OWN, OWN]),
    (Role.TEAM_MANAGER, [OWN, OWN, COLLEAGUES]),
    (Role.QA_OFFICER, [OWN, OWN, COLLEAGUES, ELSEWHERE, "NO-CASE"]),
])
def test_the_due_list_follows_case_access_and_is_logged(page_client, sign_in, role, expected):
    world = _world()
    _due(world)
    if role == Role.PRACTITIONER:
        sign_in(page_client, world.practitioner)
    else:
        _signed_in(page_client, sign_in, role, team=world.team_a)
    before = AccessLogEntry.objects.count()
    rows = _due_rows(page_client, "?when=all")
    assert sorted(row[1] for row in rows) == sorted(expected)
    assert AccessLogEntry.objects.count() == before + 1
    assert AccessLogEntry.objects.latest("pk").object_type == "due list"


def test_the_due_list_is_not_for_a_board_member(page_client, sign_in):
    snapshot_fake()
    _signed_in(page_client, sign_in, Role.BOARD_MEMBER)
    assert page_client.get(reverse("performance:due")).status_code == 403


# ------------------------------------------------------------------ loading returns


def _upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _cin(ethnicity: str = "WBRI") -> bytes:
    return cin_census_xml(2026, [child("A1", episodes=[episode("2025-05-01")]),
                                 child("A2", ethnicity=ethnicity,
                                       episodes=[episode("2025-06-01")])])


def _ssda903(sex: str = "M") -> list[Any]:
    files = ssda903_files(2026, ["A1"])
    files["header.csv"] = files["header.csv"].replace(b",M,", f",{sex},".encode())
    return [_upload(name, data, "text/csv") for name, data in files.items()]


def _annex_a(dob: Any = date(2012, 6, 1)) -> bytes:
    return annex_a_workbook({4: [{"Child Unique ID": "A1", "Gender": "a) Male",
                                  "Ethnicity": "a) WBRI", "Date of Birth": dob,
                                  "Age of Child (Years)": 13,
                                  "Continuous Assessment Start Date": date(2026, 2, 2)}]})


LOADS = {
    "annex_a": ("performance:load-annex-a", lambda good: {
        "file": _upload("annex_a.xlsx", _annex_a() if good else _annex_a(dob="soon")),
        "as_at": "31/03/2026"}, ("annex_a.xlsx", "List 4", "2", "Date of Birth", "soon")),
    "ssda903": ("performance:load-ssda903", lambda good: {
        "tables": _ssda903() if good else _ssda903(sex="Q"), "collection_year": "2026"},
        ("header.csv", "header", "2", "SEX", "Q")),
    "cin_census": ("performance:load-cin-census", lambda good: {
        "file": _upload("cin.xml", _cin() if good else _cin(ethnicity="XXXX"), "text/xml")},
        ("cin.xml", "children", "2", "Child 2 / Ethnicity", "XXXX")),
}


@pytest.mark.parametrize("source", sorted(LOADS))
def test_a_clean_return_loads_and_says_so(page_client, sign_in, source):
    name, data, _ = LOADS[source]
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    assert page_client.get(reverse(name)).status_code == 200
    response = page_client.post(reverse(name), data(True))
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:data")
    load = ReturnLoad.objects.get()
    assert load.source == source
    page = page_client.get(response["Location"]).page
    banner = _text(page.select_one(".govuk-notification-banner"))
    assert f"Loaded {load.import_record.filename}" in banner
    assert "Compute the indicators again to include it." in banner


@pytest.mark.parametrize("source", sorted(LOADS))
def test_a_return_with_a_problem_is_refused_whole_and_each_problem_named(page_client, sign_in,
                                                                         source):
    name, data, problem = LOADS[source]
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    before = AccessLogEntry.objects.count()
    response = page_client.post(reverse(name), data(False))
    assert response.status_code == 200
    assert not ReturnLoad.objects.exists()
    returns = django_settings.RETURNS_DIR
    assert not returns.exists() or not any(returns.iterdir())  # no file kept either
    record = ImportRecord.objects.get()
    assert record.status == ImportRecord.Status.REFUSED
    page = response.page
    assert page.title.string.startswith("Error: ")
    summary = page.select_one(".govuk-error-summary a")
    assert "Nothing was saved" in _text(summary)
    assert page.find(id=summary["href"][1:])  # the link lands on the file field
    headers = [_text(cell) for cell in page.select("#problems thead th")]
    assert headers == ["File", "Sheet or table", "Row", "Column", "Value", "Problem"]
    rows = _table(page, "Problems found")
    assert tuple(rows[0][:5]) == problem
    assert rows[0][5].startswith("Expected")
    assert page.select_one("#problems").find_parent(attrs={"role": "region"})
    assert AccessLogEntry.objects.count() == before + 1  # the problems quote child data


def test_a_form_error_on_a_load_page_links_to_its_field(page_client, sign_in):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    response = page_client.post(reverse("performance:load-ssda903"), {})
    assert response.status_code == 200
    links = {_text(link): link["href"] for link in response.page.select(
        ".govuk-error-summary a")}
    assert links == {"Select the SSDA903 CSV files": "#id_tables",
                     "Select the collection year": "#id_collection_year"}
    assert not ImportRecord.objects.exists()


# ------------------------------------------------------------------ settings


def test_setting_the_population(page_client, sign_in):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    url = reverse("performance:population")
    assert _text(page_client.get(url).page.h1) == "Set the child population"
    response = page_client.post(url, {"collection_year": "2026", "children": "35000",
                                      "source": "ONS mid-2025"})
    assert response.status_code == 302
    figure = PopulationFigure.objects.get()
    assert (figure.collection_year, figure.children, figure.source) == (2026, 35000,
                                                                         "ONS mid-2025")
    page = page_client.get(response["Location"]).page
    assert "Saved 35,000 children for the year ending March 2026." in _text(page)

    response = page_client.post(url, {"collection_year": "1999", "children": "0",
                                      "source": ""})
    assert response.status_code == 200
    links = {_text(link): link["href"] for link in response.page.select(
        ".govuk-error-summary a")}
    assert links == {"Enter a year from 2013 to 2040": "#id_collection_year",
                     "Enter a number more than 0": "#id_children",
                     "Enter where the figure comes from": "#id_source"}
    assert PopulationFigure.objects.count() == 1


def _profile_post(version: int, **changes: str) -> dict[str, str]:
    return {"name": "Herefordshire", "la_code": "884", "comparator_la_code": "",
            "neighbour_model": "2025", "version": str(version), **changes}


def test_changing_who_we_compare_with(page_client, sign_in):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    url = reverse("performance:profile")
    page = page_client.get(url).page
    assert _text(page.h1) == "Who we compare with"
    version = int(page.select_one("input[name=version]")["value"])
    response = page_client.post(url, _profile_post(version))
    assert response.status_code == 302
    profile = AuthorityProfile.objects.get()
    assert (profile.name, profile.la_code, profile.version) == ("Herefordshire", "884", 2)

    response = page_client.post(url, _profile_post(profile.version, la_code="88"))
    assert response.status_code == 200
    assert response.page.select_one(".govuk-error-summary a")["href"] == "#id_la_code"


def test_two_people_change_who_we_compare_with_at_once(page_client, sign_in):
    from django.test import Client

    url = reverse("performance:profile")
    first, second = Client(), page_client
    sign_in(first, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    _signed_in(second, sign_in, Role.PERFORMANCE_ANALYST)
    opened = int(second.get(url).page.select_one("input[name=version]")["value"])
    assert int(first.get(url).context["form"]["version"].value()) == opened

    assert first.post(url, _profile_post(opened, name="First's name")).status_code == 302
    response = second.post(url, _profile_post(opened, name="Second's name", la_code="201"))
    assert response.status_code == 200
    assert response.page.title.string.startswith("Error: ")
    summary = _text(response.page.select_one(".govuk-error-summary"))
    assert "Someone else changed these settings after you opened this page" in summary
    profile = AuthorityProfile.objects.get()
    assert (profile.name, profile.la_code) == ("First's name", "884")
    # The form now shows what is saved, with its new version, for the second person to check.
    page = response.page
    assert page.select_one("#id_name")["value"] == "First's name"
    assert page.select_one("#id_la_code")["value"] == "884"
    assert page.select_one("input[name=version]")["value"] == str(profile.version)


def _setting_post(version: int, **changes: str) -> dict[str, str]:
    return {"owner": "", "target": "", "baseline_start": "", "baseline_end": "",
            "run_length": "7", "version": str(version), **changes}


def test_changing_an_indicators_settings(page_client, sign_in):
    snapshot_fake()
    analyst = _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    url = reverse("performance:indicator-settings", args=["F09"])
    page = page_client.get(url).page
    assert _text(page.h1) == "Settings for F09"
    response = page_client.post(url, _setting_post(1, owner=str(analyst.pk), target="85",
                                                   baseline_start="01/04/2025",
                                                   baseline_end="31/12/2025"))
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:indicator", args=["F09"])
    setting = IndicatorSetting.objects.get(code="F09")
    assert (setting.owner, setting.target, setting.baseline_start, setting.updated_by) == (
        analyst, 85.0, date(2025, 4, 1), analyst)
    page = page_client.get(response["Location"]).page
    assert "Saved the settings for F09." in _text(page.select_one(".govuk-notification-banner"))

    response = page_client.post(url, _setting_post(setting.version, target="lots",
                                                   baseline_start="01/04/2025",
                                                   baseline_end="01/01/2025"))
    assert response.status_code == 200
    links = {_text(link): link["href"] for link in response.page.select(
        ".govuk-error-summary a")}
    assert links == {"Enter the target as a number, like 85": "#id_target",
                     "The baseline must end after it starts": "#id_baseline_end"}


def test_two_people_change_an_indicators_settings_at_once(page_client, sign_in):
    from django.test import Client

    snapshot_fake()
    url = reverse("performance:indicator-settings", args=["F09"])
    first, second = Client(), page_client
    sign_in(first, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    _signed_in(second, sign_in, Role.PERFORMANCE_ANALYST)
    opened = int(second.get(url).page.select_one("input[name=version]")["value"])
    assert first.get(url).status_code == 200

    assert first.post(url, _setting_post(opened, target="90")).status_code == 302
    response = second.post(url, _setting_post(opened, target="50", run_length="8"))
    assert response.status_code == 200
    summary = _text(response.page.select_one(".govuk-error-summary"))
    assert "Someone else changed the settings for this indicator" in summary
    assert "your changes were not saved" in summary
    setting = IndicatorSetting.objects.get(code="F09")
    assert (setting.target, setting.run_length) == (90.0, 7)
    assert response.page.select_one("#id_target")["value"] == "90.0"
    assert response.page.select_one("input[name=version]")["value"] == str(setting.version)
    # Saving again, now the second person has seen the change, works.
    again = second.post(url, _setting_post(setting.version, target="50"))
    assert again.status_code == 302
    assert IndicatorSetting.objects.get(code="F09").target == 50.0


# ------------------------------------------------------------------ computing


def test_the_compute_button_runs_a_computation_and_shows_its_status(
        page_client, sign_in, django_capture_on_commit_callbacks):
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    data = page_client.get(reverse("performance:data")).page
    form = data.find("form", action=reverse("performance:compute"))
    assert form["method"] == "post"
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client.post(reverse("performance:compute"))
    computation = Computation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:computation", args=[computation.pk])
    assert computation.status == Computation.Status.DONE
    page = page_client.get(response["Location"]).page
    assert _text(page.h1) == "Computing the indicators"
    assert "Ready" in _text(page.select_one(".govuk-summary-list"))


def test_the_data_page_keeps_the_services_own_header(page_client, sign_in):
    AuthorityProfile.objects.create(pk=1, name="Compared as Herefordshire", la_code="884")
    _signed_in(page_client, sign_in, Role.PERFORMANCE_ANALYST)
    page = page_client.get(reverse("performance:data")).page
    header = _text(page.select_one(".govuk-generic-header__homepage-link"))
    assert header == django_settings.AUTHORITY_NAME
    assert "now: Compared as Herefordshire, compared as authority 884" in _text(page)
