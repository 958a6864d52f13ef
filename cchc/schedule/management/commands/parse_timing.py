"""``cchc parse_timing "PHRASE" --year 2024 [--json]``: read one timing phrase.

Public contract: with ``--json`` the command prints one line, a JSON object
with the keys ``kind``, ``start``, ``end``, ``count``, ``per``, ``deadlines``
(ISO dates), ``summary`` and ``understood`` (plus ``text`` and ``reason``).
The exit code is 0 even when the phrase is not understood.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.schedule.timing import Schedule, occurrences, parse_timing

_SHOWN_OCCURRENCES = 6


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ (cần dạng YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Đọc một cách ghi thời gian thực hiện (ví dụ “02 số/tháng”, “Quý IV/2024”, "
        "“trước ngày 10/12 hằng năm”) và in ra lịch tương ứng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("phrase", help="Cách ghi thời gian, ví dụ “Thường xuyên trong năm”.")
        parser.add_argument("--year", type=int, default=None, help="Năm của kế hoạch.")
        parser.add_argument(
            "--period",
            nargs=2,
            metavar=("START", "END"),
            default=None,
            help="Giai đoạn của kế hoạch (YYYY-MM-DD YYYY-MM-DD), ví dụ cho kế hoạch 2022 - 2025.",
        )
        parser.add_argument(
            "--json", action="store_true", help="In kết quả dạng JSON trên một dòng."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period: tuple[date, date] | None = None
        if options["period"]:
            period = (_iso_date(options["period"][0]), _iso_date(options["period"][1]))
        schedule = parse_timing(options["phrase"], year=options["year"], period=period)
        if options["json"]:
            self.stdout.write(json.dumps(schedule.to_json(), ensure_ascii=False))
            return
        self.stdout.write(self._readable(schedule))

    def _readable(self, schedule: Schedule) -> str:
        lines = [f"Cách ghi: {schedule.text}", f"Lịch: {schedule.summary}"]
        if not schedule.understood:
            lines.append(f"Chưa lập được lịch: {schedule.reason}")
            return "\n".join(lines)
        points = occurrences(schedule)
        lines.append(f"Số mốc cần theo dõi: {len(points)}")
        for point in points[:_SHOWN_OCCURRENCES]:
            lines.append(f"  - {point.due:%d/%m/%Y}: {point.label}")
        if len(points) > _SHOWN_OCCURRENCES:
            lines.append(f"  … và {len(points) - _SHOWN_OCCURRENCES} mốc khác")
        return "\n".join(lines)
