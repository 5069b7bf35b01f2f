"""Reading the CIN census XML (2022-23 onward) into typed Arrow tables.

`read_cin_census(data, filename)` parses with defusedxml, forbidding DTDs, entity declarations
and external references: a file carrying any of them is refused whole, as is a file over
`MAX_BYTES` or with more than `MAX_ELEMENTS` elements (checked before parsing). Namespaces are
ignored (tags are matched on their local name).

The `Message / Children / Child` tree (data-standards.md section 3.1) is flattened into tables
keyed by `la_child_id` plus generated positions, as the DfE validator does:

- children: child_index, la_child_id, upn, former_upn, upn_unknown, person_birth_date,
  expected_person_birth_date, sex (N00783, from 2024-25), gender_current (N00065, earlier),
  person_death_date, ethnicity, disabilities (list of codes)
- cin_details: child_index, la_child_id, cin_details_id, cin_referral_date, referral_source,
  primary_need_code, cin_closure_date, reason_for_closure, date_of_initial_cpc, referral_nfa
- assessments: ... cin_details_id, assessment_id, assessment_actual_start_date,
  assessment_internal_review_date, assessment_authorisation_date, assessment_factors (list)
- cin_plans: ... cin_details_id, cin_plan_start_date, cin_plan_end_date
- section47: ... cin_details_id, s47_actual_start_date, initial_cpc_target,
  date_of_initial_cpc, icpc_not_required
- child_protection_plans: ... cin_details_id, cpp_id, cpp_start_date, cpp_end_date,
  initial_category_of_abuse, latest_category_of_abuse, number_of_previous_cpp
- reviews: ... cin_details_id, cpp_id, cpp_review_date

Problems name the element path in `column` ("Child 12 / CINdetails 1 / CINreferralDate") and
the child's position in the file as `row`; `part` is the table. The period is the collection
year ending on the header's ReferenceDate.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, cast

import defusedxml.ElementTree as SafeET
import pyarrow as pa
from defusedxml import DefusedXmlException

from clearsight_analytics.ingest.problems import FileInfo, Loaded, Problem, Refused
from clearsight_analytics.ingest.ssda903 import codes as ssda903_codes
from clearsight_analytics.ingest.values import parse_date

__all__ = ["FIELDS", "MAX_BYTES", "MAX_ELEMENTS", "codes", "read_cin_census", "table_schema"]

MAX_BYTES = 200 * 1024 * 1024
MAX_ELEMENTS = 5_000_000

Kind = Literal["string", "date", "int", "bool", "code"]

_FACTORS = (
    [f"{n}{letter}" for n in range(1, 7) for letter in "ABC"] + ["7A"]
    + [f"8{letter}" for letter in "BCDEF"]
    + ["9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A",
       "19B", "19C", "20", "21", "22A", "23A", "24A"])

# Code lists from data-standards.md section 3.4.
codes: dict[str, frozenset[str]] = {
    "Ethnicity": ssda903_codes["ETHNIC"],
    "Sex": frozenset({"M", "F", "U"}),
    "GenderCurrent": frozenset({"0", "1", "2", "9"}),
    "UPNunknown": frozenset({f"UN{n}" for n in range(1, 8)}),
    "Disability": frozenset({"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS",
                             "BEH", "CON", "AUT", "DDA"}),
    "ReferralSource": frozenset({"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D",
                                 "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9",
                                 "10"}),
    "PrimaryNeedCode": frozenset({f"N{n}" for n in range(10)}),
    "ReasonForClosure": frozenset({f"RC{n}" for n in range(1, 10)}),
    "CategoryOfAbuse": frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"}),
    "AssessmentFactors": frozenset(_FACTORS),
}


@dataclass(frozen=True)
class Field:
    element: str  # the XML element's local name
    name: str  # the output column
    kind: Kind = "string"
    required: bool = False
    code_list: str | None = None


def _f(element: str, name: str, kind: Kind = "string", *, required: bool = False,
       code_list: str | None = None) -> Field:
    if kind == "code" and code_list is None:
        code_list = element
    return Field(element, name, kind, required, code_list)


# Each table's own fields, declared once; keys (child_index, la_child_id, ids) are added.
FIELDS: dict[str, tuple[Field, ...]] = {
    "children": (
        _f("LAchildID", "la_child_id", required=True), _f("UPN", "upn"),
        _f("FormerUPN", "former_upn"), _f("UPNunknown", "upn_unknown", "code"),
        _f("PersonBirthDate", "person_birth_date", "date"),
        _f("ExpectedPersonBirthDate", "expected_person_birth_date", "date"),
        _f("Sex", "sex", "code"), _f("GenderCurrent", "gender_current", "code"),
        _f("PersonDeathDate", "person_death_date", "date"),
        _f("Ethnicity", "ethnicity", "code", required=True)),
    "cin_details": (
        _f("CINreferralDate", "cin_referral_date", "date", required=True),
        _f("ReferralSource", "referral_source", "code", required=True),
        _f("PrimaryNeedCode", "primary_need_code", "code"),
        _f("CINclosureDate", "cin_closure_date", "date"),
        _f("ReasonForClosure", "reason_for_closure", "code"),
        _f("DateOfInitialCPC", "date_of_initial_cpc", "date"),
        _f("ReferralNFA", "referral_nfa", "bool")),
    "assessments": (
        _f("AssessmentActualStartDate", "assessment_actual_start_date", "date", required=True),
        _f("AssessmentInternalReviewDate", "assessment_internal_review_date", "date"),
        _f("AssessmentAuthorisationDate", "assessment_authorisation_date", "date")),
    "cin_plans": (
        _f("CINPlanStartDate", "cin_plan_start_date", "date", required=True),
        _f("CINPlanEndDate", "cin_plan_end_date", "date")),
    "section47": (
        _f("S47ActualStartDate", "s47_actual_start_date", "date", required=True),
        _f("InitialCPCtarget", "initial_cpc_target", "date"),
        _f("DateOfInitialCPC", "date_of_initial_cpc", "date"),
        _f("ICPCnotRequired", "icpc_not_required", "bool")),
    "child_protection_plans": (
        _f("CPPstartDate", "cpp_start_date", "date", required=True),
        _f("CPPendDate", "cpp_end_date", "date"),
        _f("InitialCategoryOfAbuse", "initial_category_of_abuse", "code",
           code_list="CategoryOfAbuse"),
        _f("LatestCategoryOfAbuse", "latest_category_of_abuse", "code",
           code_list="CategoryOfAbuse"),
        _f("NumberOfPreviousCPP", "number_of_previous_cpp", "int")),
    "reviews": (_f("CPPreviewDate", "cpp_review_date", "date", required=True),),
}

# Generated key columns in front of each table's fields.
KEYS: dict[str, tuple[tuple[str, Any], ...]] = {
    "children": (("child_index", pa.int32()),),
    "cin_details": (("child_index", pa.int32()), ("la_child_id", pa.string()),
                    ("cin_details_id", pa.int32())),
    "assessments": (("child_index", pa.int32()), ("la_child_id", pa.string()),
                    ("cin_details_id", pa.int32()), ("assessment_id", pa.int32())),
    "cin_plans": (("child_index", pa.int32()), ("la_child_id", pa.string()),
                  ("cin_details_id", pa.int32())),
    "section47": (("child_index", pa.int32()), ("la_child_id", pa.string()),
                  ("cin_details_id", pa.int32())),
    "child_protection_plans": (("child_index", pa.int32()), ("la_child_id", pa.string()),
                               ("cin_details_id", pa.int32()), ("cpp_id", pa.int32())),
    "reviews": (("child_index", pa.int32()), ("la_child_id", pa.string()),
                ("cin_details_id", pa.int32()), ("cpp_id", pa.int32())),
}
LISTS: dict[str, tuple[str, str, str]] = {  # table -> (column, wrapper, item element)
    "children": ("disabilities", "Disabilities", "Disability"),
    "assessments": ("assessment_factors", "FactorsIdentifiedAtAssessment", "AssessmentFactors"),
}
# (start, end) pairs where the end may not be before the start.
SPANS: dict[str, tuple[tuple[str, str], ...]] = {
    "cin_details": (("CINreferralDate", "CINclosureDate"),),
    "assessments": (("AssessmentActualStartDate", "AssessmentAuthorisationDate"),),
    "cin_plans": (("CINPlanStartDate", "CINPlanEndDate"),),
    "section47": (("S47ActualStartDate", "DateOfInitialCPC"),),
    "child_protection_plans": (("CPPstartDate", "CPPendDate"),),
}
ARROW_TYPES: dict[Kind, Any] = {"string": pa.string(), "code": pa.string(), "date": pa.date32(),
                                "int": pa.int32(), "bool": pa.bool_()}


def _local(tag: Any) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _first(element: Any, name: str) -> Any:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: Any) -> str:
    return cast(str, element.text or "").strip() if element is not None else ""


class _Reader:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in FIELDS}

    def problem(self, table: str, row: int, path: str, value: str, expected: str) -> None:
        clipped = value if len(value) <= 60 else value[:59] + "…"
        self.problems.append(Problem(self.filename, table, row, path, clipped, expected))

    def convert(self, table: str, field: Field, raw: str, row: int, path: str) -> Any:
        if not raw:
            if field.required:
                self.problem(table, row, path, "", f"a {field.element} (it may not be missing)")
            return None
        if field.kind == "string":
            return raw
        if field.kind == "date":
            parsed = parse_date(raw)
            if parsed is None:
                self.problem(table, row, path, raw, "a date as yyyy-mm-dd")
            return parsed
        if field.kind == "bool":
            lowered = raw.lower()
            if lowered in ("1", "true"):
                return True
            if lowered in ("0", "false"):
                return False
            self.problem(table, row, path, raw, "0 or 1 (or false or true)")
            return None
        if field.kind == "int":
            if raw.isdigit():
                return int(raw)
            self.problem(table, row, path, raw, "a whole number, 0 or more")
            return None
        return self.code(table, cast(str, field.code_list), raw, row, path)

    def code(self, table: str, code_list: str, raw: str, row: int, path: str) -> str | None:
        code = raw.upper()
        if code in codes[code_list]:
            return code
        allowed = sorted(codes[code_list])
        listed = ", ".join(allowed) if len(allowed) <= 25 else ", ".join(allowed[:25]) + ", ..."
        self.problem(table, row, path, raw, f"one of the {code_list} codes: {listed}")
        return None

    def record(self, table: str, element: Any, row: int, path: str,
               keys: dict[str, Any]) -> dict[str, Any]:
        record = dict(keys)
        dates: dict[str, Any] = {}
        for field in FIELDS[table]:
            node = _first(element, field.element)
            value = self.convert(table, field, _text(node), row, f"{path} / {field.element}")
            record[field.name] = value
            dates[field.element] = value
        if table in LISTS:
            column, wrapper, item = LISTS[table]
            items: list[str] = []
            holder = _first(element, wrapper)
            for number, node in enumerate(_children(holder, item) if holder is not None else [],
                                          start=1):
                raw = _text(node)
                where = f"{path} / {wrapper} / {item} {number}"
                if not raw:
                    self.problem(table, row, where, "", f"a {item} code")
                    continue
                code = self.code(table, item, raw, row, where)
                if code is not None:
                    items.append(code)
            record[column] = items
        for start, end in SPANS.get(table, ()):
            began, ended = dates.get(start), dates.get(end)
            if began is not None and ended is not None and ended < began:
                self.problem(table, row, f"{path} / {end}", ended.isoformat(),
                             f"a date on or after {start} ({began.isoformat()})")
        self.rows[table].append(record)
        return record

    def child(self, element: Any, index: int) -> None:
        path = f"Child {index}"
        identifiers = _first(element, "ChildIdentifiers")
        characteristics = _first(element, "ChildCharacteristics")
        if identifiers is None:
            self.problem("children", index, f"{path} / ChildIdentifiers", "",
                         "a ChildIdentifiers block with the child's LAchildID")
            return
        # children's fields come from two blocks; read them as one element.
        merged = list(identifiers) + (list(characteristics) if characteristics is not None
                                      else [])
        child = self.record("children", merged, index, path, {"child_index": index})
        child_id = child["la_child_id"]
        if characteristics is None:
            self.problem("children", index, f"{path} / ChildCharacteristics", "",
                         "a ChildCharacteristics block with the child's Ethnicity")
        details = _children(element, "CINdetails")
        if not details:
            self.problem("cin_details", index, f"{path} / CINdetails", "",
                         "at least one CINdetails block (one per episode of need)")
        for number, detail in enumerate(details, start=1):
            where = f"{path} / CINdetails {number}"
            keys = {"child_index": index, "la_child_id": child_id, "cin_details_id": number}
            self.record("cin_details", detail, index, where, keys)
            for table, tag, id_name in (("assessments", "Assessments", "assessment_id"),
                                        ("cin_plans", "CINPlanDates", None),
                                        ("section47", "Section47", None),
                                        ("child_protection_plans", "ChildProtectionPlans",
                                         "cpp_id")):
                for sub_number, node in enumerate(_children(detail, tag), start=1):
                    sub_keys = dict(keys)
                    if id_name:
                        sub_keys[id_name] = sub_number
                    self.record(table, node, index, f"{where} / {tag} {sub_number}", sub_keys)
                    if table == "child_protection_plans":
                        self.reviews(node, index, f"{where} / {tag} {sub_number}", sub_keys)

    def reviews(self, plan: Any, index: int, path: str, keys: dict[str, Any]) -> None:
        holder = _first(plan, "Reviews")
        if holder is None:
            return
        field = FIELDS["reviews"][0]
        for number, node in enumerate(_children(holder, "CPPreviewDate"), start=1):
            where = f"{path} / Reviews / CPPreviewDate {number}"
            record = dict(keys)
            record[field.name] = self.convert("reviews", field, _text(node), index, where)
            self.rows["reviews"].append(record)

    def tables(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for table in FIELDS:
            schema = table_schema(table)
            rows = self.rows[table]
            arrays = [pa.array([row.get(column.name) for row in rows], type=column.type)
                      for column in schema]
            result[table] = pa.Table.from_arrays(arrays, schema=schema)
        return result


def _refuse(filename: str, expected: str, value: str = "") -> Refused:
    return Refused([Problem(filename, "", None, None, value, expected)])


def _parse(data: bytes, filename: str) -> Any:
    if len(data) > MAX_BYTES:
        raise _refuse(filename, f"a CIN census file of at most {MAX_BYTES:,} bytes",
                      f"{len(data):,} bytes")
    if data.count(b"<") > MAX_ELEMENTS:
        raise _refuse(filename, f"at most {MAX_ELEMENTS:,} XML elements")
    parse = cast(Callable[..., Any], SafeET.fromstring)
    try:
        return parse(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise _refuse(filename, "an XML file without a DOCTYPE, entity declarations or external "
                                "references (these are refused for safety)",
                      type(error).__name__) from error
    except SafeET.ParseError as error:
        raise _refuse(filename, f"a well-formed XML file ({error})") from error


def read_cin_census(data: bytes, filename: str) -> Loaded:
    """Read one CIN census XML file (see the module docstring for the tables)."""
    loaded = Loaded(source="cin_census", files=[FileInfo.of(filename, data)])
    root = _parse(data, filename)
    if _local(root.tag) != "Message":
        raise _refuse(filename, "a CIN census file whose root element is Message",
                      _local(root.tag))
    children = _first(root, "Children")
    if children is None:
        raise _refuse(filename, "a Children element holding the Child records")
    header = _first(root, "Header")
    details = _first(header, "CollectionDetails") if header is not None else None
    reference = parse_date(_text(_first(details, "ReferenceDate"))) if details is not None \
        else None
    if reference is not None:
        loaded.period_end = reference
        try:
            loaded.period_start = reference.replace(year=reference.year - 1) + timedelta(days=1)
        except ValueError:  # 29 February
            loaded.period_start = date(reference.year - 1, 3, 1)
    reader = _Reader(filename)
    for index, element in enumerate(_children(children, "Child"), start=1):
        reader.child(element, index)
    loaded.tables = reader.tables()
    loaded.problems = reader.problems
    return loaded


def table_schema(table: str) -> Any:
    """The Arrow schema of one table as the reader returns it (for an empty table)."""
    columns: list[tuple[str, Any]] = list(KEYS[table])
    columns += [(field.name, ARROW_TYPES[field.kind]) for field in FIELDS[table]]
    if table in LISTS:
        columns.append((LISTS[table][0], pa.list_(pa.string())))
    return pa.schema(columns)
