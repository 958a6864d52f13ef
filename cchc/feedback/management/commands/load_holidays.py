"""Add Vietnam's public holidays for some years to the Holiday table (days already there are kept)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.feedback.models import Holiday
from cchc.feedback.services import forget_setup
from cchc.feedback.workdays import vietnam_holidays, vietnam_weekend_workdays

WORKED = "Ngày làm việc bù"


class Command(BaseCommand):
    help = "Nạp ngày nghỉ lễ của Việt Nam (gói holidays) vào bảng ngày nghỉ, ví dụ: load_holidays 2028 2029"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="+", type=int, help="Các năm cần nạp")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"]
        if any(not 1990 <= y <= 2100 for y in years):
            raise CommandError("Năm phải trong khoảng 1990-2100.")
        existing = set(Holiday.objects.values_list("date", flat=True))
        new = [
            Holiday(date=d, name=n[:200]) for d, n in vietnam_holidays(years) if d not in existing
        ]
        worked = [
            Holiday(date=d, name=WORKED, working_day=True)
            for d in vietnam_weekend_workdays(years)
            if d not in existing
        ]
        Holiday.objects.bulk_create(new + worked)
        forget_setup()  # bulk_create sends no signals
        self.stdout.write(
            f"Đã thêm {len(new)} ngày nghỉ lễ và {len(worked)} ngày làm bù"
            f" cho năm {', '.join(map(str, years))}."
        )
