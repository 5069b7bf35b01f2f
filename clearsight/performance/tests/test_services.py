"""Loading returns all or nothing, keeping them, and computing the snapshot."""

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.conf import settings
from django.core import mail

from clearsight.core.models import ImportRecord
from clearsight.organisation.tests.factories import UserFactory
from clearsight.performance import services
from clearsight.performance.models import (
    Computation,
    DueItem,
    IndicatorSetting,
    ReturnLoad,
    SpcAlert,
)
from clearsight.performance.tests.factories import annex_a_workbook, snapshot_make, ssda903_files
from clearsight_analytics.tests.builders import child, cin_census_xml, episode

pytestmark = pytest.mark.django_db


def test_a_clean_cin_census_is_kept_with_its_period_and_checksum():
    data = cin_census_xml(2026, [child("A", episodes=[episode("2025-05-01")])])
    record = services.return_load_cin_census(data=data, filename="cin.xml", by=None)
    assert record.status == ImportRecord.Status.LOADED
    assert record.kind == ImportRecord.Kind.CIN_CENSUS
    load = ReturnLoad.objects.get()
    assert (load.period_key, load.period_start, load.period_end) == (
        "2026", date(2025, 4, 1), date(2026, 3, 31))
    assert load.as_at == date(2026, 3, 31)
    assert load.table_rows["cin_details"] == 1
    folder = Path(settings.RETURNS_DIR) / load.folder
    assert pq.read_table(folder / "cin_details.parquet").num_rows == 1
    assert [p.name for p in (folder / "original").iterdir()] == ["00_cin.xml"]
    assert load.period_label == "2025-26"


def test_a_file_with_one_bad_row_is_refused_whole_naming_file_row_and_field():
    data = cin_census_xml(2026, [child("A", episodes=[episode("2025-05-01")]),
                                 child("B", ethnicity="XXXX", episodes=[episode("2025-06-01")])])
    record = services.return_load_cin_census(data=data, filename="cin.xml", by=None)
    assert record.status == ImportRecord.Status.REFUSED
    assert not ReturnLoad.objects.exists()
    assert not list(Path(settings.RETURNS_DIR).glob("*")) if Path(
        settings.RETURNS_DIR).exists() else True
    problem = record.errors[0]
    assert (problem["file"], problem["part"], problem["row"]) == ("cin.xml", "children", 2)
    assert problem["column"] == "Child 2 / Ethnicity"
    assert problem["value"] == "XXXX"
    assert problem["message"].startswith("Expected one of the Ethnicity codes")


def test_an_xml_bomb_is_refused_before_parsing():
    data = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]>'
            b"<Message>&a;</Message>")
    record = services.return_load_cin_census(data=data, filename="evil.xml", by=None)
    assert record.status == ImportRecord.Status.REFUSED
    assert "DOCTYPE" in record.errors[0]["message"]


def test_a_truncated_workbook_is_refused():
    data = annex_a_workbook({})[:500]
    record = services.return_load_annex_a(data=data, filename="aa.xlsx",
                                          as_at=date(2026, 3, 31), by=None)
    assert record.status == ImportRecord.Status.REFUSED
    assert "damaged or cut short" in record.errors[0]["message"]


def test_loading_the_same_year_again_replaces_the_earlier_load():
    first = services.return_load_ssda903(files=ssda903_files(2026, ["A"]),
                                         collection_year=2026, by=None)
    second = services.return_load_ssda903(files=ssda903_files(2026, ["A", "B"]),
                                          collection_year=2026, by=None)
    earlier = ReturnLoad.objects.get(import_record=first)
    assert earlier.superseded_by == ReturnLoad.objects.get(import_record=second)
    assert second.files[0]["name"] == "header.csv"
    assert len(second.sha256) == 64


def test_ssda903_codes_are_checked_for_the_year_given():
    files = ssda903_files(2024, ["A"])  # SEX M/F is only valid from 2024-25
    record = services.return_load_ssda903(files=files, collection_year=2024, by=None)
    assert record.status == ImportRecord.Status.REFUSED
    assert record.errors[0]["column"] == "SEX"


def test_an_annex_a_extract_cannot_be_dated_in_the_future():
    record = services.return_load_annex_a(data=annex_a_workbook({}), filename="aa.xlsx",
                                          as_at=date(2099, 1, 1), by=None)
    assert record.status == ImportRecord.Status.REFUSED


def test_the_snapshot_is_computed_kept_and_traceable():
    computation = snapshot_make(child_ids=["C1", "C2"])
    assert computation.status == Computation.Status.DONE
    assert computation.returns.count() == 4
    assert len(computation.data_version) == 64
    folder = Path(settings.SNAPSHOTS_DIR) / computation.folder
    values = pq.read_table(folder / "values.parquet")
    assert values.num_rows == computation.value_count > 0
    assert computation.latest_data == date(2026, 3, 31)
    # Due items from the Annex A extract: each looked-after child has a visit, review and
    # health assessment clock; each assessment started and not authorised has one.
    kinds = set(DueItem.objects.filter(computation=computation).values_list("kind", flat=True))
    assert kinds == {"assessment", "cla_visit", "cla_review", "cla_health"}
    # Two census years: re-referrals need a year of history, so only 2025-26 has a value.
    assert "F04" not in computation.not_computed


def test_a_special_cause_signal_is_raised_once_and_emailed_to_the_owner():
    owner = UserFactory(email="owner@test.example")
    IndicatorSetting.objects.create(code="F09", owner=owner)  # type: ignore[misc]
    first = snapshot_make()
    again = Computation.objects.create()
    services.computation_run(computation_id=again.pk)
    alerts = SpcAlert.objects.filter(code="F09")
    assert alerts.count() <= 1
    if alerts:
        assert len([m for m in mail.outbox if "F09" in m.subject]) == 1
        assert alerts.get().computation == first


def test_settings_refuse_to_overwrite_a_later_change():
    setting = services.indicator_setting_get("F09")
    services.indicator_setting_update(code="F09", version=setting.version, by=None, owner=None,
                                      target=85.0, baseline_start=None, baseline_end=None,
                                      run_length=7)
    with pytest.raises(services.ConflictError):
        services.indicator_setting_update(code="F09", version=setting.version, by=None,
                                          owner=None, target=90.0, baseline_start=None,
                                          baseline_end=None, run_length=8)
    assert IndicatorSetting.objects.get(code="F09").target == 85.0
