import pytest

from clearsight.lado.tests.factories import name_senior_manager, officer
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory


@pytest.fixture
def lado_officer(db):  # type: ignore[no-untyped-def]
    return officer()


@pytest.fixture
def senior_manager(db):  # type: ignore[no-untyped-def]
    return name_senior_manager(UserFactory(roles=[Role.HEAD_OF_SERVICE],
                                           job_title="Head of Service"))
