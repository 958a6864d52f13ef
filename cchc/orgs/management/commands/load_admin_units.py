"""``cchc load_admin_units``: load or update Vietnam's administrative units."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cchc.orgs.adminunits import AdminUnitsError, load_admin_units


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính Việt Nam (34 tỉnh, thành phố và các xã, phường, đặc khu"
        " từ 01/7/2025; các tỉnh và huyện cũ đến 30/6/2025). Chạy lại chỉ cập nhật phần thay đổi."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_admin_units(stdout=self.stdout)
        except AdminUnitsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if report.created == 0 and report.updated == 0:
            self.stdout.write(_("Danh mục đã đầy đủ và đúng với dữ liệu, không có gì thay đổi."))
