"""The in-memory Demoshire: organisation, caseload, and the histories behind the returns."""

import itertools
import re
import time
from collections import Counter
from datetime import date, timedelta

import pytest

from clearsight.demo import codes
from clearsight.demo.generator import (
    AREA_CASE_TYPES,
    DOMAIN,
    ROLES,
    Authority,
    add_months,
    generate,
    sign_in_email,
    upn_check_letter,
)
from clearsight.demo.tests.conftest import AS_OF, OPEN, SEED
from clearsight.organisation.roles import Role


@pytest.fixture(scope="module")
def default_size() -> Authority:
    return generate(seed=2026, as_of=AS_OF)


def case_tuples(authority: Authority) -> list[tuple[object, ...]]:
    return [(c.case_ref, c.child.child_id, c.child.date_of_birth, c.case_type, c.team, c.worker,
             c.opened_on, c.closed_on, c.legal_status) for c in authority.cases]


# ------------------------------------------------------------------ the organisation


def test_every_role_is_held_and_has_its_fixed_sign_in(authority: Authority) -> None:
    assert set(ROLES) == {role.value for role in Role}
    held = Counter(role for person in authority.staff for role in person.roles)
    assert set(held) == set(ROLES)
    assert list(authority.sign_ins) == list(ROLES)
    for role, person in authority.sign_ins.items():
        assert person.email == sign_in_email(role)
        assert role in person.roles
    assert authority.sign_ins["team_manager"].email == "team-manager@demoshire.example"


def test_the_role_mix_is_realistic(authority: Authority) -> None:
    held = Counter(role for person in authority.staff for role in person.roles)
    assert 140 <= len(authority.staff) <= 170
    assert held["practitioner"] >= 90
    assert held["performance_analyst"] == 2
    assert held["lado_officer"] == 2
    assert held["board_member"] == 3
    assert held["administrator"] == 1
    assert held["service_director"] == 1
    assert held["principal_social_worker"] == 1
    assert held["head_of_service"] >= 3
    qa_team = [p for p in authority.staff if p.team == "quality-assurance"]
    assert sum("qa_officer" in p.roles for p in qa_team) >= 4
    two_roles = [p for p in authority.staff if len(p.roles) > 1]
    assert two_roles
    psw = authority.sign_ins["principal_social_worker"]
    assert set(psw.roles) == {"principal_social_worker", "head_of_service"}


def test_each_case_holding_team_has_one_manager_and_practitioners(authority: Authority) -> None:
    holding = [t for t in authority.teams if t.case_holding]
    assert 12 <= len(holding) <= 16
    assert {t.locality for t in holding} == {"North", "South", ""}
    for team in holding:
        members = [p for p in authority.staff if p.team == team.code]
        assert sum("team_manager" in p.roles for p in members) == 1, team.code
        assert sum("practitioner" in p.roles for p in members) >= 3, team.code
    service_areas = {t.service_area for t in authority.teams}
    assert {"early-help", "mash", "assessment", "safeguarding", "get-safe", "children-in-care",
            "care-leavers", "children-with-disabilities", "fostering", "adoption",
            "family-support", "safeguarding-and-review", "quality-assurance"} <= service_areas


def test_staff_ids_and_emails_are_unique(authority: Authority) -> None:
    assert len({p.staff_id for p in authority.staff}) == len(authority.staff)
    assert len({p.email for p in authority.staff}) == len(authority.staff)
    assert all(p.email.endswith("@" + DOMAIN) for p in authority.staff)
    assert all(re.fullmatch(r"DS\d{5}", p.staff_id) for p in authority.staff)


def test_demo_practitioner_and_team_manager_share_a_team_with_cases(
        authority: Authority) -> None:
    practitioner = authority.sign_ins["practitioner"]
    manager = authority.sign_ins["team_manager"]
    assert practitioner.team == manager.team
    own = [c for c in authority.open_cases() if c.worker == practitioner.staff_id]
    team = [c for c in authority.open_cases() if c.team == manager.team]
    assert own
    assert len(team) > len(own)


@pytest.mark.parametrize("seed", [1, 9, 23])
def test_the_demo_practitioner_has_cases_even_in_a_small_authority(seed: int) -> None:
    small = generate(seed=seed, open_cases=100, as_of=AS_OF)
    practitioner = small.sign_ins["practitioner"]
    assert sum(c.worker == practitioner.staff_id for c in small.open_cases()) >= 5


def test_staff_do_not_change_with_the_number_of_cases() -> None:
    small = generate(seed=SEED, open_cases=30, as_of=AS_OF)
    larger = generate(seed=SEED, open_cases=300, as_of=AS_OF)
    assert small.staff == larger.staff


def test_staff_numbers_do_not_change_with_the_seed(authority: Authority) -> None:
    other = generate(seed=SEED + 1, open_cases=30, as_of=AS_OF)
    assert [p.staff_id for p in other.staff] == [p.staff_id for p in authority.staff]
    assert [p.email for p in other.sign_ins.values()] == [
        p.email for p in authority.sign_ins.values()]


# ------------------------------------------------------------------ the caseload


def test_open_cases_are_exact_and_closed_cases_come_from_three_years(
        authority: Authority) -> None:
    assert len(authority.open_cases()) == OPEN
    # About three years of a steady flow: every referral has its assessment case.
    assert 4 * OPEN <= len(authority.closed_cases()) <= 6.5 * OPEN


def test_default_size_is_near_its_targets(default_size: Authority) -> None:
    assert len(default_size.open_cases()) == 1500
    assert 6000 <= len(default_size.closed_cases()) <= 9500
    types = Counter(c.case_type for c in default_size.open_cases())
    assert 250 <= types["cla"] <= 360
    assert 130 <= types["care_leaver"] <= 240
    assert 100 <= types["cp"] <= 200
    assert 300 <= types["cin"] <= 450
    assert types["early_help"] >= 200
    assert types["private_fostering"] >= 5


def test_each_case_sits_in_a_team_of_the_right_service_with_a_worker_from_it(
        authority: Authority) -> None:
    staff = {p.staff_id: p for p in authority.staff}
    for case in authority.cases:
        team = authority.team(case.team)
        assert team.case_holding
        assert case.case_type in AREA_CASE_TYPES[team.service_area], case
        if case.worker is not None:
            assert staff[case.worker].team == case.team
            assert "practitioner" in staff[case.worker].roles


def test_few_open_cases_are_unallocated(authority: Authority) -> None:
    open_cases = authority.open_cases()
    unallocated = [c for c in open_cases if c.worker is None]
    assert 0 < len(unallocated) < 0.1 * len(open_cases)
    assert not [c for c in unallocated if c.case_type in ("cla", "cp")]
    assert all(c.worker for c in authority.closed_cases())


def test_case_dates_are_ordered_and_within_the_window(authority: Authority) -> None:
    history_start = add_months(AS_OF, -36)
    for case in authority.cases:
        assert case.opened_on <= AS_OF
        if case.closed_on is not None:
            assert case.opened_on <= case.closed_on <= AS_OF
            assert case.closed_on >= history_start
        child = case.child
        if child.date_of_birth is None:
            assert child.expected_date_of_birth
            assert child.expected_date_of_birth > AS_OF
            assert child.sex == "U"
            assert case.case_type in ("assessment", "cin", "cp")
        else:
            assert child.date_of_birth <= AS_OF
            assert case.opened_on >= child.date_of_birth - timedelta(days=200)


def test_case_types_fit_the_children(default_size: Authority) -> None:
    for case in default_size.open_cases():
        age = case.child.age_on(AS_OF)
        if case.case_type == "care_leaver":
            assert age is not None
            assert 16 <= age <= 21
        if case.case_type == "cla":
            assert age is not None
            assert age < 18
            assert case.legal_status in codes.LEGAL_STATUSES
        else:
            assert case.legal_status == ""
        if case.case_type == "disabled_children":
            assert case.child.disability is True
        if case.team == "adoption":
            assert case.legal_status == "E1"
    unborn = [c for c in default_size.open_cases() if c.child.date_of_birth is None]
    assert unborn, "some pre-birth cases"


def test_demographics_are_plausible(default_size: Authority) -> None:
    children = {c.child.child_id: c.child for c in default_size.cases}.values()
    sexes = Counter(child.sex for child in children)
    assert 0.45 < sexes["M"] / len(children) < 0.62
    ethnicities = Counter(child.ethnicity for child in children)
    assert set(ethnicities) <= set(codes.ETHNICITIES)
    assert 0.55 < ethnicities["WBRI"] / len(children) < 0.8
    assert len(ethnicities) >= 15
    disabled = sum(1 for child in children if child.disability)
    assert 0.08 < disabled / len(children) < 0.3
    ages = Counter(age for child in children if (age := child.age_on(AS_OF)) is not None)
    assert min(ages) == 0
    assert max(ages) >= 21


def test_same_seed_same_authority_and_different_seeds_differ(authority: Authority) -> None:
    again = generate(seed=SEED, open_cases=OPEN, as_of=AS_OF)
    assert case_tuples(again) == case_tuples(authority)
    other = generate(seed=SEED + 1, open_cases=OPEN, as_of=AS_OF)
    assert case_tuples(other) != case_tuples(authority)


def test_dates_follow_as_of() -> None:
    later = date(2025, 9, 30)
    shifted = generate(seed=SEED, open_cases=50, as_of=later)
    assert max(c.opened_on for c in shifted.cases) <= later
    assert shifted.year_end == date(2026, 3, 31)
    assert shifted.census_date == later


def test_twenty_thousand_open_cases_generate_quickly() -> None:
    started = time.process_time()  # CPU time, so a busy machine does not fail it
    big = generate(seed=5, open_cases=20_000, as_of=AS_OF)
    assert time.process_time() - started < 30
    assert len(big.open_cases()) == 20_000


# ------------------------------------------------------------------ histories


def test_upns_are_well_formed(authority: Authority) -> None:
    for child in authority.children:
        if child.upn == "UN1":
            continue
        assert re.fullmatch(r"[A-Z]\d{12}", child.upn)
        assert child.upn[0] == upn_check_letter(child.upn[1:])


def test_periods_of_care_are_chains_of_episodes(authority: Authority) -> None:
    periods = [p for child in authority.children for p in child.care_periods]
    assert periods
    for period in periods:
        episodes = period.episodes
        assert episodes[0].rne == "S"
        assert episodes[0].start == period.start
        for this, following in itertools.pairwise(episodes):
            assert this.end == following.start
            assert this.reason == "X1"
            assert following.rne in codes.RNE
            assert this.start < this.end
        assert episodes[-1].end == period.end
        assert episodes[-1].reason == period.reason
        for episode in episodes:
            assert episode.legal_status in codes.LEGAL_STATUSES
            assert episode.placement.place in codes.PLACEMENT_TYPES
            assert episode.placement.provider in codes.PLACEMENT_PROVIDERS
            assert episode.need in codes.CATEGORIES_OF_NEED_903
            assert episode.place_change_reason in ("", *codes.REASONS_PLACE_CHANGE)
        if period.end is not None:
            assert period.reason in codes.REASONS_CEASED
        assert period.case is not None


def test_protection_plans_follow_an_enquiry_and_a_conference(authority: Authority) -> None:
    plans = 0
    for child in authority.children:
        for episode in child.cin_episodes:
            for plan in episode.protection_plans:
                plans += 1
                assert episode.icpc is not None
                assert episode.icpc <= plan.start
                assert any(s.icpc == plan.start for s in episode.s47s)
                assert plan.initial_category in codes.ABUSE_CATEGORIES
                if plan.end is not None:
                    assert plan.start <= plan.end
            for s47 in episode.s47s:
                assert episode.referral <= s47.start <= s47.icpc_target
                assert s47.icpc is None or s47.start <= s47.icpc
            for a in episode.assessments:
                assert a.authorised is None or a.start <= a.authorised <= AS_OF
                assert set(a.factors) <= set(codes.ASSESSMENT_FACTORS)
            if episode.closed is not None:
                assert episode.referral <= episode.closed
                assert episode.closure_reason in codes.CLOSURE_REASONS
    assert plans > 20


def test_care_leavers_left_care_and_have_a_status(authority: Authority) -> None:
    leavers = [c for c in authority.children if c.care_leaver is not None]
    assert leavers
    for child in leavers:
        leaver = child.care_leaver
        assert leaver is not None
        assert child.care_periods
        ended = child.care_periods[-1].end
        assert ended is not None
        assert ended <= leaver.case.opened_on
        assert leaver.in_touch in codes.IN_TOUCH
        assert leaver.activity in ("", *codes.ACTIVITIES)


def test_a_childs_episodes_of_need_and_cases_never_overlap(default_size: Authority) -> None:
    for child in default_size.children:
        episodes = sorted(child.cin_episodes, key=lambda e: e.referral)
        for earlier, later in itertools.pairwise(episodes):
            assert earlier.closed is not None
            assert earlier.closed < later.referral
        cases = sorted(child.cases, key=lambda c: (c.opened_on, c.closed_on or date.max))
        for before, after in itertools.pairwise(cases):
            assert before.closed_on is not None
            assert before.closed_on <= after.opened_on


