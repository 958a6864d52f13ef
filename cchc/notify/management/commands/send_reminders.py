"""``cchc send_reminders [--date dd/mm/yyyy]``: put one reminder run on the task backend.

With the default (in-process) backend the run happens now and the command prints what it
sent; with the RQ backend it is queued for ``cchc rqworker``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from cchc.notify.tasks import RESENT, send_reminders

JOB_LABELS = {
    "cchc.reports.reminders": "nhắc hạn báo cáo định kỳ",
    "cchc.feedback.reminders": "nhắc hạn trả lời phản ánh, kiến nghị",
}


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a date
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: {text!r}. Nhập ngày có thật theo dạng dd/mm/yyyy, ví dụ 10/03/2026."
        ) from None


class Command(BaseCommand):
    help = "Gửi nhắc hạn (báo cáo, phản ánh) qua hàng đợi tác vụ; mặc định cho ngày hôm nay."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="day", help="Ngày cần nhắc, dạng dd/mm/yyyy (mặc định hôm nay)"
        )

    def handle(self, *args: Any, day: str | None = None, **options: Any) -> None:
        day_iso = parse_day(day).isoformat() if day is not None else None
        result = send_reminders.enqueue(day_iso)
        if result.status == TaskResultStatus.SUCCESSFUL:
            counts = result.return_value or {}
            for path, label in JOB_LABELS.items():
                if path in counts:
                    self.stdout.write(f"{label}: {counts[path]} thông báo mới")
            self.stdout.write(f"thư gửi lại (lần trước chưa gửi được): {counts.get(RESENT, 0)}")
            self.stdout.write(self.style.SUCCESS("Đã gửi nhắc hạn."))
        elif result.status == TaskResultStatus.FAILED:
            detail = result.errors[-1].traceback.strip().splitlines()[-1] if result.errors else ""
            raise CommandError(f"Gửi nhắc hạn bị lỗi, lần chạy sau sẽ gửi tiếp: {detail}")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Đã đưa việc gửi nhắc hạn vào hàng đợi (mã {result.id}).")
            )
