from datetime import date

import pyarrow as pa
import pytest

from clearsight_analytics.ingest import Loaded, Problem, Refused, cin_census
from clearsight_analytics.ingest.cin_census import read_cin_census

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
    <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header>
  <Children>
"""
TAIL = "  </Children>\n</Message>\n"

CHILD_ONE = """
    <Child>
      <ChildIdentifiers><LAchildID>C1</LAchildID><UPN>A123456789012</UPN>
        <PersonBirthDate>2015-01-02</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity>
        <Disabilities><Disability>AUT</Disability><Disability>LD</Disability></Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>2A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        <Assessments>
          <AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2025-06-20</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors>
            <AssessmentFactors>24A</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <Section47><S47ActualStartDate>2025-05-03</S47ActualStartDate>
          <InitialCPCtarget>2025-05-23</InitialCPCtarget>
          <DateOfInitialCPC>2025-05-20</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired></Section47>
        <ReferralNFA>0</ReferralNFA>
        <ChildProtectionPlans><CPPstartDate>2025-05-20</CPPstartDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>1</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2025-08-12</CPPreviewDate>
            <CPPreviewDate>2026-02-10</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>
      <CINdetails>
        <CINreferralDate>2024-01-10</CINreferralDate><ReferralSource>6</ReferralSource>
        <PrimaryNeedCode>N4</PrimaryNeedCode><CINclosureDate>2025-04-20</CINclosureDate>
        <ReasonForClosure>RC1</ReasonForClosure>
        <CINPlanDates><CINPlanStartDate>2024-02-01</CINPlanStartDate>
          <CINPlanEndDate>2025-04-20</CINPlanEndDate></CINPlanDates>
        <ReferralNFA>1</ReferralNFA>
      </CINdetails>
    </Child>
"""


def child(referral: str = "2025-09-01", source: str = "1A", ethnicity: str = "AIND",
          extra: str = "") -> str:
    return f"""
    <Child>
      <ChildIdentifiers><LAchildID>C2</LAchildID><UPNunknown>UN1</UPNunknown>
        <Sex>M</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>{ethnicity}</Ethnicity></ChildCharacteristics>
      <CINdetails><CINreferralDate>{referral}</CINreferralDate>
        <ReferralSource>{source}</ReferralSource>{extra}<ReferralNFA>0</ReferralNFA></CINdetails>
    </Child>
"""


def read(*children: str) -> Loaded:
    return read_cin_census((HEAD + "".join(children) + TAIL).encode(), "cin.xml")


def only_problem(loaded: Loaded) -> Problem:
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


def test_good_file_is_flattened_into_typed_tables():
    loaded = read(CHILD_ONE, child())
    assert loaded.acceptable
    assert loaded.source == "cin_census"
    assert loaded.files[0].name == "cin.xml"
    assert (loaded.period_start, loaded.period_end) == (date(2025, 4, 1), date(2026, 3, 31))
    counts = {name: table.num_rows for name, table in loaded.tables.items()}
    assert counts == {"children": 2, "cin_details": 3, "assessments": 1, "cin_plans": 1,
                      "section47": 1, "child_protection_plans": 1, "reviews": 2}
    children = loaded.tables["children"]
    assert children.column("la_child_id").to_pylist() == ["C1", "C2"]
    assert children.column("person_birth_date").to_pylist() == [date(2015, 1, 2), None]
    assert children.column("disabilities").to_pylist() == [["AUT", "LD"], []]
    assert children.column("upn_unknown").to_pylist() == [None, "UN1"]
    details = loaded.tables["cin_details"]
    assert details.schema.field("cin_referral_date").type == pa.date32()
    assert details.column("cin_details_id").to_pylist() == [1, 2, 1]
    assert details.column("la_child_id").to_pylist() == ["C1", "C1", "C2"]
    assert details.column("referral_nfa").to_pylist() == [False, True, False]
    assessments = loaded.tables["assessments"]
    assert assessments.column("assessment_factors").to_pylist() == [["3B", "24A"]]
    s47 = loaded.tables["section47"]
    assert s47.column("icpc_not_required").to_pylist() == [False]
    assert s47.column("date_of_initial_cpc").to_pylist() == [date(2025, 5, 20)]
    plans = loaded.tables["child_protection_plans"]
    assert plans.column("number_of_previous_cpp").to_pylist() == [1]
    assert plans.column("latest_category_of_abuse").to_pylist() == ["EMO"]
    reviews = loaded.tables["reviews"]
    assert reviews.column("cpp_review_date").to_pylist() == [date(2025, 8, 12), date(2026, 2, 10)]
    assert reviews.column("cpp_id").to_pylist() == [1, 1]
    assert loaded.tables["cin_plans"].column("cin_details_id").to_pylist() == [2]


def test_namespaced_file_is_read():
    xml = (HEAD.replace("<Message>", '<Message xmlns="http://www.dfes.gov.uk/CIN">')
           + child() + TAIL)
    assert read_cin_census(xml.encode(), "cin.xml").tables["children"].num_rows == 1


def test_bad_date_carries_the_element_path_and_child_position():
    problem = only_problem(read(CHILD_ONE, child(referral="01/13/2025")))
    assert (problem.part, problem.row, problem.column, problem.value) == (
        "cin_details", 2, "Child 2 / CINdetails 1 / CINreferralDate", "01/13/2025")


def test_unknown_codes_are_reported():
    problem = only_problem(read(child(source="11")))
    assert (problem.row, problem.column, problem.value) == (
        1, "Child 1 / CINdetails 1 / ReferralSource", "11")
    problem = only_problem(read(child(ethnicity="XXXX")))
    assert (problem.part, problem.column) == ("children", "Child 1 / Ethnicity")
    factors = """<Assessments><AssessmentActualStartDate>2025-09-02</AssessmentActualStartDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors>
      <AssessmentFactors>99Z</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>"""
    problem = only_problem(read(child(extra=factors)))
    assert problem.column == ("Child 1 / CINdetails 1 / Assessments 1 / "
                              "FactorsIdentifiedAtAssessment / AssessmentFactors 2")


def test_missing_required_element_is_reported():
    problem = only_problem(read(child(referral="")))
    assert (problem.row, problem.column, problem.value) == (
        1, "Child 1 / CINdetails 1 / CINreferralDate", "")


def test_end_before_start_is_reported():
    plan = """<ChildProtectionPlans><CPPstartDate>2025-10-01</CPPstartDate>
      <CPPendDate>2025-09-30</CPPendDate></ChildProtectionPlans>"""
    problem = only_problem(read(child(extra=plan)))
    assert (problem.part, problem.column, problem.value) == (
        "child_protection_plans",
        "Child 1 / CINdetails 1 / ChildProtectionPlans 1 / CPPendDate", "2025-09-30")


def test_bad_flag_and_review_date_are_reported():
    extra = """<Section47><S47ActualStartDate>2025-09-02</S47ActualStartDate>
      <ICPCnotRequired>maybe</ICPCnotRequired></Section47>
      <ChildProtectionPlans><CPPstartDate>2025-10-01</CPPstartDate>
      <Reviews><CPPreviewDate>2025-12-01</CPPreviewDate><CPPreviewDate>soon</CPPreviewDate>
      </Reviews></ChildProtectionPlans>"""
    problems = read(child(extra=extra)).problems
    assert [(p.part, p.column) for p in problems] == [
        ("section47", "Child 1 / CINdetails 1 / Section47 1 / ICPCnotRequired"),
        ("reviews",
         "Child 1 / CINdetails 1 / ChildProtectionPlans 1 / Reviews / CPPreviewDate 2"),
    ]


def test_not_a_cin_census_is_refused():
    with pytest.raises(Refused):
        read_cin_census(b"<Other/>", "x.xml")
    with pytest.raises(Refused):
        read_cin_census(b"<Message><Header/></Message>", "x.xml")
    with pytest.raises(Refused) as refused:
        read_cin_census(b"<Message><Children>", "x.xml")
    assert "well-formed" in refused.value.problems[0].expected


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Message><Children>&lol3;</Children></Message>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&xxe;</LAchildID>
</ChildIdentifiers></Child></Children></Message>"""
PLAIN_DOCTYPE = b"""<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "http://example.com/cin.dtd">
<Message><Children/></Message>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DOCTYPE],
                         ids=["billion-laughs", "external-entity", "doctype"])
def test_hostile_xml_is_refused(data):
    with pytest.raises(Refused) as refused:
        read_cin_census(data, "evil.xml")
    problem = refused.value.problems[0]
    assert problem.file == "evil.xml"
    assert "DOCTYPE" in problem.expected


def test_oversized_files_are_refused(monkeypatch):
    monkeypatch.setattr(cin_census, "MAX_ELEMENTS", 10)
    with pytest.raises(Refused) as refused:
        read(child(), child())
    assert "elements" in refused.value.problems[0].expected
    monkeypatch.setattr(cin_census, "MAX_BYTES", 100)
    with pytest.raises(Refused) as refused:
        read(child())
    assert "bytes" in refused.value.problems[0].expected
