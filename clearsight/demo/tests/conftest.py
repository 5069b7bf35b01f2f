"""Shared Demoshire fixtures: generating and writing take a few seconds, so do it once."""

from datetime import date
from pathlib import Path

import pytest

from clearsight.demo.files import DemoFiles, write_all
from clearsight.demo.generator import Authority, generate

AS_OF = date(2026, 2, 28)  # late in the 2025-26 collection year, so the returns are full
YEARS = [2024, 2025, 2026]  # the collection years of the returns for AS_OF: 2023-24 to 2025-26
SEED = 11
OPEN = 600


@pytest.fixture(scope="session")
def authority() -> Authority:
    return generate(seed=SEED, open_cases=OPEN, as_of=AS_OF)


@pytest.fixture(scope="session")
def written(authority: Authority, tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_all(authority, tmp_path_factory.mktemp("demoshire"))


@pytest.fixture(scope="session")
def out(written: DemoFiles) -> Path:
    return written.staff.parent
