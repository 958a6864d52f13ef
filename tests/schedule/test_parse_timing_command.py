"""Tests for ``cchc parse_timing``: its JSON is a public contract (no database)."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PUBLIC_KEYS = {"kind", "start", "end", "count", "per", "deadlines", "summary", "understood"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("parse_timing", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict[str, Any]:
    output = run(*args, "--json")
    assert output.count("\n") <= 1, "the JSON is one line"
    data = json.loads(output)
    assert isinstance(data, dict)
    return data


def test_json_for_two_issues_a_month() -> None:
    data = run_json("02 số/tháng", "--year", "2024")
    assert PUBLIC_KEYS <= set(data)
    assert data["kind"] == "recurring"
    assert data["count"] == 2
    assert data["per"] == "month"
    assert data["start"] == "2024-01-01"
    assert data["end"] == "2024-12-31"
    assert data["deadlines"] == []
    assert data["understood"] is True
    assert data["summary"] == "2 lần mỗi tháng, từ 01/01/2024 đến 31/12/2024"


def test_json_is_not_ascii_escaped() -> None:
    output = run("02 số/tháng", "--year", "2024", "--json")
    assert "lần mỗi tháng" in output
    assert "\\u" not in output


def test_json_for_an_unreadable_phrase() -> None:
    data = run_json("lúc nào rảnh thì làm", "--year", "2024")
    assert PUBLIC_KEYS <= set(data)
    assert data["understood"] is False
    assert data["kind"] == "unknown"
    assert data["start"] is None and data["end"] is None
    assert data["count"] is None and data["per"] is None
    assert data["deadlines"] == []
    assert data["summary"]


def test_json_for_deadlines() -> None:
    data = run_json("Quý I, 6 tháng, quý III, năm", "--year", "2024")
    assert data["kind"] == "deadlines"
    assert data["deadlines"] == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]
    assert data["per"] is None


def test_period_option() -> None:
    data = run_json("trước ngày 10/12 hằng năm", "--period", "2022-01-01", "2025-12-31")
    assert data["deadlines"] == ["2022-12-10", "2023-12-10", "2024-12-10", "2025-12-10"]


def test_bad_period_is_a_command_error() -> None:
    with pytest.raises(CommandError):
        run("Hằng tháng", "--period", "2022-13-01", "2025-12-31")


def test_readable_output() -> None:
    output = run("02 số/tháng", "--year", "2024")
    assert "2 lần mỗi tháng, từ 01/01/2024 đến 31/12/2024" in output
    assert "Số mốc cần theo dõi: 24" in output


def test_readable_output_when_not_understood() -> None:
    output = run("Đột xuất")
    assert "Chưa lập được lịch" in output
    assert "hãy đặt hạn khi có yêu cầu" in output
