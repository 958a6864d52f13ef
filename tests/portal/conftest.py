"""Portal fixtures: pictures made with Pillow, an approver, an issued plan, uploads in a temp folder."""

from __future__ import annotations

import datetime
import io

import pytest
from PIL import Image

from cchc.orgs.models import Role
from cchc.plans.models import Activity
from cchc.plans.services import plan_create
from tests.conftest import make_user
from tests.plans.conftest import issued, province_plan_data

PUBLISH_2024 = datetime.datetime(2024, 6, 3, 9, tzinfo=datetime.UTC)


def image_bytes(width: int = 1200, height: int = 800, fmt: str = "PNG", mode: str = "RGB") -> bytes:
    image = Image.new(mode, (width, height), (200, 30, 30) if mode == "RGB" else None)
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def approver(tree, people):  # type: ignore[no-untyped-def]
    return make_user("sonv.duyet", tree.dept, Role.APPROVER)


@pytest.fixture
def website_activity(tree, people) -> Activity:  # type: ignore[no-untyped-def]
    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    return Activity.objects.get(plan=plan, title="Tuyên truyền trên Cổng thông tin điện tử")
