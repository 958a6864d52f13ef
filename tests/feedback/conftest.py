from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache

from cchc.feedback import services
from cchc.feedback.models import Feedback, UnitSetting
from cchc.orgs.models import Role
from tests.conftest import make_user

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


@pytest.fixture
def desk(tree):  # type: ignore[no-untyped-def]
    UnitSetting.objects.create(unit=tree.province, is_default_desk=True)
    return tree.province


@pytest.fixture
def staff(tree, people) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Reception desk of the province, and the department that handles."""
    return {
        **people,
        "desk_editor": make_user("tinh.tiepnhan", tree.province, Role.EDITOR),
        "desk_approver": make_user("tinh.lanhdao", tree.province, Role.APPROVER),
        "dept_viewer": make_user("sonv.xem", tree.dept, Role.VIEWER),
        "dept_approver": make_user("sonv.lanhdao", tree.dept, Role.APPROVER),
    }


def data(**overrides: Any) -> services.FeedbackData:
    values: dict[str, Any] = {
        "kind": "report",
        "subject": "conduct",
        "title": "Cán bộ một cửa hướng dẫn không rõ ràng",
        "content": "Tôi là Nguyễn Văn An, số điện thoại 0912345678, đến nộp hồ sơ ngày 05/3 nhưng"
        " không được hướng dẫn. CCCD của tôi 001234567890.",
        "name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "an.nguyen@example.vn",
        "address": "Số 5 Lê Lợi, phường Cẩm Thành",
        "consent_publish": True,
    }
    values.update(overrides)
    return services.FeedbackData(**values)


def submitted(desk, **overrides: Any) -> Feedback:  # type: ignore[no-untyped-def]
    return services.submit(
        data=data(**overrides), receiving_unit=desk, today=datetime.date(2026, 2, 10)
    )


def answered(item: Feedback, unit, today: datetime.date = datetime.date(2026, 2, 25)) -> Feedback:  # type: ignore[no-untyped-def]
    item = services.accept(item=item)
    item = services.assign(item=item, unit=unit)
    item = services.start(item=item)
    item = services.draft(
        item=item, answer="Trả lời ông Nguyễn Văn An: đơn vị đã chấn chỉnh; liên hệ 0912345678."
    )
    return services.approve(item=item, today=today)


def make_procedure(unit, code: str = "1.001"):  # type: ignore[no-untyped-def]
    from cchc.procedures.models import Procedure

    return Procedure.objects.create(
        code=code,
        name="Cấp phiếu lý lịch tư pháp",
        field="Tư pháp",
        level="province",
        handling_unit=unit,
    )
