"""Loading returns from the command line, and the child population from DfE's file."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clearsight.core.models import ImportRecord
from clearsight.performance import services
from clearsight.performance.models import Computation, PopulationFigure, ReturnLoad
from clearsight.performance.tests.factories import ssda903_files
from clearsight_analytics.tests.builders import child, cin_census_xml, episode

pytestmark = pytest.mark.django_db

ONS = Path(__file__).resolve().parents[4] / "shared" / "data" / "dfe" / \
    "ons_mid-year_population_estimates_2012_to_2024.csv"
POPULATION = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,age_group,population_estimate\n"
    "2024,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,999,"
    "E06009999,Demoshire,Children aged 0 to 17 years,35120\n"
    "2023,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,999,"
    "E06009999,Demoshire,Children aged 0 to 17 years,35010\n")


def test_population_years_follow_dfe_mid_year_before_the_collection_year():
    record = services.population_load_file(data=POPULATION.encode(), filename="ons.csv",
                                           la_code="999")
    assert record.status == ImportRecord.Status.LOADED
    assert dict(PopulationFigure.objects.values_list("collection_year", "children")) == {
        2025: 35120, 2024: 35010}


@pytest.mark.skipif(not ONS.exists(), reason="the shared DfE data is not on this machine")
def test_herefordshire_population_from_dfe_s_own_file():
    services.population_load_file(data=ONS.read_bytes(), filename=ONS.name, la_code="884")
    assert PopulationFigure.objects.get(collection_year=2025).children == 34_439


def test_an_unknown_authority_in_the_population_file_is_refused():
    record = services.population_load_file(data=POPULATION.encode(), filename="ons.csv",
                                           la_code="123")
    assert record.status == ImportRecord.Status.REFUSED
    assert record.errors[0]["column"] == "old_la_code"
    assert not PopulationFigure.objects.exists()


def test_the_command_loads_each_return_and_computes(tmp_path):
    cin = tmp_path / "cin_2026.xml"
    cin.write_bytes(cin_census_xml(2026, [child("A", episodes=[episode("2025-05-01")])]))
    folder = tmp_path / "903" / "2026"
    folder.mkdir(parents=True)
    for name, data in ssda903_files(2026, ["A"]).items():
        (folder / name).write_bytes(data)
    population = tmp_path / "ons.csv"
    population.write_text(POPULATION)
    out = StringIO()
    call_command("load_returns", "--cin-census", str(cin), "--ssda903", f"2026={folder}",
                 "--population-file", str(population), "--la", "999", "--compute", stdout=out)
    assert ReturnLoad.objects.count() == 2
    computation = Computation.objects.get()
    assert computation.status == Computation.Status.DONE
    assert "Computed" in out.getvalue()


def test_a_refused_file_prints_its_problems_and_fails(tmp_path):
    cin = tmp_path / "bad.xml"
    cin.write_bytes(cin_census_xml(2026, [child("A", ethnicity="ZZZZ",
                                                episodes=[episode("2025-05-01")])]))
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_returns", "--cin-census", str(cin), stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert 'bad.xml:children:1:Child 1 / Ethnicity: Expected one of the Ethnicity codes' in \
        err.getvalue()
    assert '(found "ZZZZ")' in err.getvalue()
    assert not ReturnLoad.objects.exists()
