"""``cchc scheduler``: enqueue the reminders now and every ``CCHC_REMINDER_INTERVAL`` seconds.

Production runs it (one instance) next to ``cchc rqworker``; ``cchc demo`` starts the same
schedule in a thread by itself.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.notify.scheduler import ReminderScheduler


class Command(BaseCommand):
    help = "Lịch gửi nhắc hạn: đưa việc gửi nhắc hạn vào hàng đợi ngay và sau mỗi khoảng thời gian."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="Số giây giữa hai lần (mặc định CCHC_REMINDER_INTERVAL)",
        )
        parser.add_argument("--once", action="store_true", help="Chạy một lần rồi dừng")

    def handle(self, *args: Any, interval: int | None, once: bool, **options: Any) -> None:
        if interval is not None and interval <= 0:
            raise CommandError("Khoảng thời gian phải là số giây lớn hơn 0.")
        scheduler = ReminderScheduler(interval=interval)
        if once:
            result = scheduler.tick()
            if result is None or str(getattr(result, "status", "")) == "FAILED":
                raise CommandError(
                    "Không đưa được việc gửi nhắc hạn vào hàng đợi (xem nhật ký lỗi)."
                )
            self.stdout.write(
                self.style.SUCCESS(f"Đã đưa việc gửi nhắc hạn vào hàng đợi (mã {result.id}).")
            )
            return
        self.stdout.write(f"Gửi nhắc hạn mỗi {int(scheduler.interval)} giây. Nhấn Ctrl+C để dừng.")
        try:
            scheduler.run()
        except KeyboardInterrupt:
            scheduler.stop()
            self.stdout.write("Đã dừng lịch gửi nhắc hạn.")
