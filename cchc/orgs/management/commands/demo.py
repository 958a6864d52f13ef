"""``cchc demo``: set up the embedded default with demo data, print the logins, serve."""

from __future__ import annotations

import importlib
import os
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from cchc.notify.scheduler import ReminderScheduler
from cchc.orgs.adminunits import load_admin_units, vi_decimal
from cchc.orgs.demo import DEMO_PASSWORD, build_demo_accounts, build_demo_units, demo_province
from cchc.orgs.models import Role
from cchc.plans.demo import build_demo_plans

# Apps that add their own demo content: each has ``demo.build_demo(units) -> str`` (idempotent,
# returns one Vietnamese line saying what it added).
DEMO_APPS = ("reports", "portal", "procedures", "feedback", "contests", "surveys")


class Command(BaseCommand):
    help = "Chạy bản trình diễn: tạo cơ sở dữ liệu, nạp dữ liệu mẫu, in tài khoản và mở máy chủ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Cổng phục vụ (mặc định 8000)")
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không mở máy chủ"
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        started = time.monotonic()
        if not os.environ.get("CCHC_SITE_URL"):
            # Links in the e-mails the demo sends lead to the address it serves.
            settings.SITE_URL = f"http://127.0.0.1:{port}"
        self.stdout.write("1/3 Tạo hoặc cập nhật cơ sở dữ liệu…")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_province() is None:
            self.stdout.write("2/3 Nạp danh mục đơn vị hành chính Việt Nam…")
            load_admin_units(stdout=self.stdout)
        else:
            self.stdout.write("2/3 Danh mục đơn vị hành chính đã có, giữ nguyên.")
        self.stdout.write("3/3 Tạo đơn vị, tài khoản và các kế hoạch mẫu…")
        units = build_demo_units()
        accounts = build_demo_accounts(units)
        plans = build_demo_plans()
        self.stdout.write(f"   {len(plans)} kế hoạch mẫu (năm kế hoạch thật và một kế hoạch cấp tỉnh mô phỏng).")
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"cchc.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"cchc.{app}.demo":
                    raise
                continue
            self.stdout.write(f"   {module.build_demo(units)}")
        seconds = time.monotonic() - started
        address = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS(f"Sẵn sàng sau {vi_decimal(seconds)} giây."))
        self.stdout.write(f"Địa chỉ: {address}")
        self.stdout.write(f"Dữ liệu: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD}):")
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            role = (
                "quản trị hệ thống"
                if account.superuser
                else f"{Role(account.role or Role.VIEWER).label} tại {account.unit_label}"
            )
            self.stdout.write(f"  {account.username.ljust(width)}  {account.full_name} — {role}")
        if no_serve:
            return
        # The embedded reminder schedule: now, then every CCHC_REMINDER_INTERVAL seconds.
        reminders = ReminderScheduler().start()
        self.stdout.write(
            f"Nhắc hạn tự động: ngay bây giờ và sau mỗi {int(reminders.interval)} giây."
        )
        self.stdout.write("Nhấn Ctrl+C để dừng.")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)
