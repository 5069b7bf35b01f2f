"""Demoshire's board pack: made from the demo plan, kept, and not made again for the same
data."""

from datetime import date

import pytest

from clearsight.demo import governance_demo
from clearsight.demo.generator import sign_in_email
from clearsight.demo.plans_demo import OWNER_ROLES, PHASE_3, plans_demo
from clearsight.governance.models import Pack
from clearsight.governance.workflow import PackStatus
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)


def test_the_demo_makes_one_board_pack_for_the_last_six_weeks():
    for role in OWNER_ROLES:
        UserFactory.create(username=sign_in_email(role), roles=[role])
    plans_demo(as_of=AS_OF)
    pack = governance_demo.board_pack(as_of=AS_OF)
    assert pack.status == PackStatus.DONE
    assert (pack.period_start, pack.period_end) == (date(2026, 10, 20), AS_OF)
    assert [plan["name"] for plan in pack.content["plans"]] == [PHASE_3]
    assert len(pack.content["plans"][0]["recommendations"]) == 9
    assert set(pack.files) == {"docx", "pdf", "xlsx"}
    text = governance_demo.summary(pack)
    assert f"Plan {PHASE_3}: 9 recommendations" in text
    assert governance_demo.board_pack(as_of=AS_OF).pk == pack.pk  # same data: the same pack
    assert Pack.objects.count() == 1
