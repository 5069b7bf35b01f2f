import pytest

from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory


@pytest.fixture
def admin_client(client, sign_in):  # type: ignore[no-untyped-def]
    """A client signed in as an administrator who may use the admin screens."""
    user = UserFactory.create(roles=[Role.ADMINISTRATOR])
    user.is_staff = user.is_superuser = True
    user.save()
    sign_in(client, user)
    return client
