"""``cchc export_report REPORT_ID --format docx|xlsx --output PATH``: write a report to a file.

``--format`` defaults to ``docx`` (the "BÁO CÁO" document, Decree 30/2020 layout);
``xlsx`` writes its figures. ``--output`` defaults to the download name in the current
directory; an existing directory receives the file under that name. Every error is a
``CommandError`` with a Vietnamese message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cchc.documents.export_report import report_file_stem, report_to_docx, report_to_xlsx
from cchc.reports.models import Report

BUILDERS = {"docx": report_to_docx, "xlsx": report_to_xlsx}


class Command(BaseCommand):
    help = "Xuất một báo cáo định kỳ ra tệp Word (docx) hoặc bảng số liệu Excel (xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "report_id", nargs="?", default=None, metavar="REPORT_ID", help="Mã báo cáo."
        )
        parser.add_argument(
            "--format",
            default="docx",
            metavar="docx|xlsx",
            help="Định dạng: docx (mặc định) hoặc xlsx.",
        )
        parser.add_argument(
            "--output", default=None, metavar="PATH", help="Tệp sẽ ghi (hoặc thư mục)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = self._report(options["report_id"])
        fmt = str(options["format"] or "").strip().lower().lstrip(".")
        if fmt not in BUILDERS:
            raise CommandError(
                _("Định dạng “%(f)s” không hỗ trợ; hãy chọn một trong: %(all)s.")
                % {"f": options["format"], "all": ", ".join(BUILDERS)}
            )
        name = f"{report_file_stem(report)}.{fmt}"
        path = Path(options["output"]) if options["output"] else Path(name)
        if path.is_dir():
            path = path / name
        if not path.parent.is_dir():
            raise CommandError(_("Không có thư mục %(d)s để ghi tệp.") % {"d": path.parent})
        data = BUILDERS[fmt](report)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Không ghi được tệp %(p)s: %(e)s") % {"p": path, "e": exc.strerror or exc}
            ) from exc
        self.stdout.write(
            _("Đã xuất báo cáo ra tệp %(p)s (%(n)d byte).") % {"p": path, "n": len(data)}
        )

    def _report(self, value: str | None) -> Report:
        text = str(value or "").strip()
        if not text:
            raise CommandError(_("Hãy cho biết mã báo cáo cần xuất, ví dụ: cchc export_report 12."))
        if not text.isdigit():
            raise CommandError(_("Mã báo cáo phải là số, không phải “%(v)s”.") % {"v": text})
        report = (
            Report.objects.select_related("unit", "period__plan__unit").filter(pk=int(text)).first()
        )
        if report is None:
            raise CommandError(_("Không có báo cáo mã %(v)s.") % {"v": text})
        return report
