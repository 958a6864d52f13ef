"""Record every closed contest round as an output of its plan activity (run it hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.contests.services import record_closed_rounds


class Command(BaseCommand):
    help = "Ghi nhận các vòng thi đã kết thúc là kết quả của hoạt động trong kế hoạch (mỗi vòng một lần)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = record_closed_rounds()
        self.stdout.write(f"Đã ghi nhận {done} vòng thi.")
