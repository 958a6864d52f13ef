"""``cchc import_procedures FILE [--unit CODE]``: load procedures from CSV, XLSX or JSON.

Valid rows are saved (new codes added, known codes updated); rejected rows are printed with
their row number and reason. Exit status 1 when any row was rejected or the file is unreadable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.orgs.models import Unit
from cchc.procedures.imports import ImportFileError, import_file


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp CSV (UTF-8), XLSX hoặc JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .csv, .xlsx hoặc .json")
        parser.add_argument(
            "--unit", default="", help="Mã đơn vị giải quyết cho các dòng không ghi mã đơn vị"
        )

    def handle(self, *args: Any, file: str, unit: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp {file}.")
        handling_unit = None
        if unit:
            handling_unit = Unit.objects.filter(code=unit).order_by("-valid_from").first()
            if handling_unit is None:
                raise CommandError(f"Không có đơn vị mã “{unit}”.")
        try:
            report = import_file(
                path.name,
                path.read_bytes(),
                unit=handling_unit,
                may_change=lambda p: True,
                may_use_unit=lambda u: True,
            )
        except ImportFileError as exc:
            raise CommandError(f"Không nhập được tệp: {exc}") from exc
        self.stdout.write(
            f"Đã thêm {len(report.created)} thủ tục, cập nhật {len(report.updated)} thủ tục;"
            f" {len(report.errors)} dòng bị từ chối."
        )
        if report.ignored_columns:
            self.stdout.write("Bỏ qua các cột không nhận ra: " + ", ".join(report.ignored_columns))
        for error in report.errors:
            self.stderr.write(f"Dòng {error.row} ({error.code or 'không mã'}): {error.message}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} dòng bị từ chối.", returncode=1)
