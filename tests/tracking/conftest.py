from __future__ import annotations

import pytest

from cchc.plans.models import Activity
from cchc.plans.services import plan_create
from tests.plans.conftest import issued, province_plan_data


@pytest.fixture
def province_plan(tree, people):  # type: ignore[no-untyped-def]
    return plan_create(data=province_plan_data(tree), actor=people["admin"])


@pytest.fixture
def issued_plan(province_plan):  # type: ignore[no-untyped-def]
    return issued(province_plan)


@pytest.fixture
def broadcast(issued_plan) -> Activity:  # type: ignore[no-untyped-def]
    """ "Chuyên mục CCHC trên truyền thanh xã": 02 số/tháng, led by both communes."""
    return Activity.objects.get(plan=issued_plan, title="Chuyên mục CCHC trên truyền thanh xã")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
