"""Shared Demoshire fixtures: generating and writing take a second or two, so do it once."""

from datetime import date
from pathlib import Path

import pytest

from clearsight.demo.files import write_all
from clearsight.demo.generator import Authority, generate

AS_OF = date(2026, 2, 28)  # late in the 2025-26 collection year, so the returns are full
SEED = 11
OPEN = 600


@pytest.fixture(scope="session")
def authority() -> Authority:
    return generate(seed=SEED, open_cases=OPEN, as_of=AS_OF)


@pytest.fixture(scope="session")
def out(authority: Authority, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demoshire")
    write_all(authority, folder)
    return folder
