"""``cchc import_plan``: its JSON is a public contract; errors are Vietnamese messages."""

from __future__ import annotations

import json
import sys
import types
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.documents.parser import NOT_A_PLAN, ParsedPlan
from tests.documents.expected_seeds import EXPECTED, SEED_NAMES

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
REQUIRED_KEYS = {
    "document_type",
    "title",
    "issuer",
    "symbol",
    "symbol_text",
    "place",
    "date",
    "date_text",
    "period",
    "legal_bases",
    "objectives",
    "requirements",
    "audiences",
    "themes",
    "channels",
    "activities",
    "funding",
    "responsibilities",
    "reporting",
    "recipients",
    "signer",
    "warnings",
    "sources",
}


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_json_of_each_seed(name: str) -> None:
    output = run(str(SEEDS / f"{name}.txt"), "--json")
    data = json.loads(output)
    assert REQUIRED_KEYS <= set(data)
    assert data["title"] == EXPECTED[name]["title"]
    assert data["source_format"] == "txt"
    assert data["extract_warnings"] == []
    assert "\\u" not in output, "ensure_ascii=False"
    assert output.startswith("{\n  "), "indent=2"


def test_json_of_a_word_file() -> None:
    data = json.loads(run(str(FIXTURES / "phu_tho.docx"), "--json"))
    assert data["source_format"] == "docx"
    assert len(data["activities"]) == 5


def test_summary_without_options() -> None:
    output = run(str(SEEDS / "ubnd_tinh_phu_tho_2024.txt"))
    assert (
        "Tên kế hoạch: Tuyên truyền công tác cải cách hành chính nhà nước tỉnh Phú Thọ năm 2024"
        in output
    )
    assert "Hoạt động: 5" in output
    assert "Người ký: Phan Trọng Tấn" in output


def test_not_a_plan_exits_2() -> None:
    with pytest.raises(CommandError) as caught:
        run(str(FIXTURES / "not_a_plan.txt"))
    assert str(caught.value) == NOT_A_PLAN
    assert caught.value.returncode == 2


def test_not_a_plan_with_json_still_prints_the_json() -> None:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(FIXTURES / "not_a_plan.txt"), "--json", stdout=out)
    assert caught.value.returncode == 2
    assert json.loads(out.getvalue())["is_plan"] is False


def test_missing_file() -> None:
    with pytest.raises(CommandError) as caught:
        run("/khong/co/tep/nay.docx")
    assert str(caught.value).startswith("Không tìm thấy tệp")


def test_unreadable_file_gives_the_extract_message(tmp_path: Path) -> None:
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"khong phai tep word" * 20)
    with pytest.raises(CommandError) as caught:
        run(str(broken))
    assert "Tệp Word (.docx) bị hỏng" in str(caught.value)


def test_unit_without_the_saving_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cchc.documents.services", None)  # import raises ImportError
    with pytest.raises(CommandError) as caught:
        run(str(SEEDS / "xa_minh_duc_2023.txt"), "--unit", "99001")
    assert str(caught.value) == "Chức năng lưu kế hoạch nhập chưa có trong bản này."
    assert caught.value.returncode == 3


class _FakeServices(types.ModuleType):
    def __init__(self) -> None:
        super().__init__("cchc.documents.services")
        self.calls: list[dict[str, Any]] = []

    def plan_import_save(self, **kwargs: Any) -> str:
        self.calls.append(kwargs)
        return "Kế hoạch nháp"


@pytest.mark.django_db
def test_unit_saves_through_the_service(monkeypatch: pytest.MonkeyPatch, tree: Any) -> None:
    fake = _FakeServices()
    monkeypatch.setitem(sys.modules, "cchc.documents.services", fake)
    output = run(str(SEEDS / "xa_minh_duc_2023.txt"), "--unit", "99001")
    assert "Đã lưu bản nháp kế hoạch" in output
    (call,) = fake.calls
    assert isinstance(call["parsed"], ParsedPlan)
    assert call["parsed"].title == "Thông tin, tuyên truyền cải cách hành chính năm 2023"
    assert call["unit"] == tree.commune_a
    assert call["actor"] is None


@pytest.mark.django_db
def test_unknown_unit_code(monkeypatch: pytest.MonkeyPatch, tree: Any) -> None:
    monkeypatch.setitem(sys.modules, "cchc.documents.services", _FakeServices())
    with pytest.raises(CommandError) as caught:
        run(str(SEEDS / "xa_minh_duc_2023.txt"), "--unit", "00000")
    assert "Không tìm thấy đơn vị có mã" in str(caught.value)


def test_json_saves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _FakeServices()
    monkeypatch.setitem(sys.modules, "cchc.documents.services", fake)
    json.loads(run(str(SEEDS / "xa_minh_duc_2023.txt"), "--json", "--unit", "99001"))
    assert fake.calls == []
