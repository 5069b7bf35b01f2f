"""manage.py demo_authority: writes the files, loads them through the importers, runs twice."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from clearsight.casework.models import Case, Child
from clearsight.core.models import ImportRecord
from clearsight.demo.generator import ROLES, sign_in_email
from clearsight.organisation.models import RoleGrant, Team, User
from clearsight.performance.models import Computation, ReturnLoad


def run(out: Path, *extra: str) -> str:
    stdout = io.StringIO()
    call_command("demo_authority", "--open-cases", "200", "--seed", "9", "--as-of",
                 "2026-02-28", "--out", str(out), *extra, stdout=stdout)
    return stdout.getvalue()


def counts() -> tuple[int, ...]:
    return (Team.objects.count(), User.objects.count(), RoleGrant.objects.count(),
            Child.objects.count(), Case.objects.count(),
            Case.objects.filter(closed_on__isnull=True).count())


@pytest.mark.django_db
def test_command_loads_demoshire_through_the_importers_and_reruns_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = run(tmp_path, "--password", "first-pass-2026")

    with (tmp_path / "cases.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert Case.objects.count() == len(rows)
    assert Case.objects.filter(closed_on__isnull=True).count() == 200
    assert Child.objects.count() == len({row["child_id"] for row in rows})
    assert User.objects.count() == 154
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(ROLES)
    # Staff, cases, three CIN censuses, three SSDA903 years, Annex A and the population.
    assert ImportRecord.objects.filter(status="loaded").count() == 10
    assert ReturnLoad.objects.count() == 7
    computation = Computation.objects.get()
    assert computation.status == Computation.Status.DONE
    assert computation.returns.count() == 7
    assert "Computed" in output
    for role in ROLES:
        user = User.objects.get(email=sign_in_email(role))
        assert user.check_password("first-pass-2026"), role
        assert user.is_active
        assert user.has_role(role)
    admin = User.objects.get(email="administrator@demoshire.example")
    assert admin.is_staff
    assert admin.is_superuser
    practitioner = User.objects.get(email="practitioner@demoshire.example")
    manager = User.objects.get(email="team-manager@demoshire.example")
    assert practitioner.team == manager.team
    assert Case.objects.filter(allocated_worker=practitioner, closed_on__isnull=True).exists()
    assert not User.objects.filter(is_superuser=True).exclude(pk=admin.pk).exists()
    for case in Case.objects.select_related("team", "allocated_worker")[:300]:
        assert case.service_area_id == case.team.service_area_id
        if case.allocated_worker:
            assert case.allocated_worker.team_id == case.team_id
    assert "practitioner@demoshire.example" in output
    assert "Open cases:  200" in output
    assert "returns for 2023-24 to 2025-26" in output
    for name in ("staff.csv", "cases.csv", "annex_a.xlsx", "population.csv",
                 "cin_census/2024.xml", "cin_census/2026.xml", "ssda903/2024/episodes.csv",
                 "ssda903/2026/sw_episodes.csv"):
        assert (tmp_path / name).is_file(), name

    before = counts()
    monkeypatch.setenv("DEMO_PASSWORD", "from-the-environment")
    again = run(tmp_path)
    assert counts() == before
    # The same returns are not loaded again, and nothing new means nothing to compute.
    assert ReturnLoad.objects.count() == 7
    assert Computation.objects.count() == 1
    assert "Computed" not in again
    assert User.objects.get(email="practitioner@demoshire.example").check_password(
        "from-the-environment")

    run(tmp_path, "--flush")
    assert counts() == before


@pytest.mark.django_db
def test_command_with_another_seed_replaces_rather_than_adds(tmp_path: Path) -> None:
    run(tmp_path)
    stdout = io.StringIO()
    call_command("demo_authority", "--open-cases", "120", "--seed", "10", "--as-of",
                 "2026-02-28", "--out", str(tmp_path), stdout=stdout)
    with (tmp_path / "cases.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert Case.objects.count() == len(rows)
    assert Case.objects.filter(closed_on__isnull=True).count() == 120
    assert Child.objects.count() == len({row["child_id"] for row in rows})
    assert User.objects.count() == 154


def test_the_demo_refuses_to_run_where_https_is_on(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.HTTPS = True
    with pytest.raises(CommandError, match="looks like a real deployment"):
        call_command("demo_authority", "--open-cases", "10", "--out", str(tmp_path))
