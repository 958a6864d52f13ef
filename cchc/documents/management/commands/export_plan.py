"""``cchc export_plan PLAN_ID --format docx|pdf|xlsx --output PATH``: write a plan to a file.

Public contract: the options keep these names. ``--format`` defaults to ``docx``;
``--output`` defaults to the download name in the current directory, and when it
names an existing directory the file goes there under that name. The command prints
the path and the size; every error is a ``CommandError`` with a Vietnamese message.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cchc.documents.export_pdf import ExportUnavailable
from cchc.documents.views import EXPORTS, export_filename
from cchc.plans.models import Plan


def _size(n: int) -> str:
    """1536 → "1,5 KB" (Vietnamese decimal comma)."""
    if n < 1024:
        return _("%(n)d byte") % {"n": n}
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB".replace(".", ",")
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


class Command(BaseCommand):
    help = "Xuất một kế hoạch ra tệp Word (docx), PDF (pdf) hoặc bảng hoạt động Excel (xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in handle() so that every error reads in Vietnamese.
        parser.add_argument(
            "plan_id", nargs="?", default=None, metavar="PLAN_ID", help="Mã kế hoạch."
        )
        parser.add_argument(
            "--format",
            default="docx",
            metavar="docx|pdf|xlsx",
            help="Định dạng: docx (mặc định), pdf hoặc xlsx.",
        )
        parser.add_argument(
            "--output",
            default=None,
            metavar="PATH",
            help="Tệp sẽ ghi (hoặc thư mục); mặc định là tên tệp tải về, trong thư mục hiện tại.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self._plan(options["plan_id"])
        fmt = str(options["format"] or "").strip().lower().lstrip(".")
        if fmt not in EXPORTS:
            raise CommandError(
                _("Định dạng “%(f)s” không hỗ trợ; hãy chọn một trong: %(all)s.")
                % {"f": options["format"], "all": ", ".join(EXPORTS)}
            )
        path = self._target(plan, fmt, options["output"])
        try:
            data = EXPORTS[fmt].build(plan)
        except ExportUnavailable as exc:
            raise CommandError(str(exc)) from exc
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise self._unwritable(path, exc) from exc
        self.stdout.write(
            _("Đã xuất kế hoạch “%(t)s” ra tệp %(p)s (%(s)s).")
            % {"t": plan.title, "p": path, "s": _size(len(data))}
        )

    def _plan(self, value: str | None) -> Plan:
        if value is None or not str(value).strip():
            raise CommandError(_("Hãy cho biết mã kế hoạch cần xuất, ví dụ: cchc export_plan 12."))
        text = str(value).strip()
        if not text.isdigit():
            raise CommandError(_("Mã kế hoạch phải là số, không phải “%(v)s”.") % {"v": text})
        plan = Plan.objects.select_related("unit").filter(pk=int(text)).first()
        if plan is None:
            raise CommandError(_("Không có kế hoạch mã %(id)s.") % {"id": text})
        return plan

    def _target(self, plan: Plan, fmt: str, output: str | None) -> Path:
        if not output:
            return Path.cwd() / export_filename(plan, fmt)
        path = Path(output).expanduser()
        try:
            if path.is_dir():
                return path / export_filename(plan, fmt)
            parent_exists = path.parent.is_dir()
        except OSError as exc:  # e.g. a name longer than the file system allows
            raise self._unwritable(path, exc) from exc
        if not parent_exists:
            raise CommandError(
                _("Thư mục %(d)s không tồn tại nên không ghi được tệp %(p)s.")
                % {"d": path.parent, "p": path}
            )
        return path

    @staticmethod
    def _unwritable(path: Path, exc: OSError) -> CommandError:
        reasons = {
            errno.EACCES: _("không có quyền ghi"),
            errno.EPERM: _("không có quyền ghi"),
            errno.EROFS: _("ổ đĩa chỉ cho đọc"),
            errno.ENOSPC: _("ổ đĩa đã đầy"),
            errno.ENAMETOOLONG: _("tên tệp quá dài"),
            errno.ENOTDIR: _("một phần của đường dẫn không phải là thư mục"),
            errno.EISDIR: _("đường dẫn là một thư mục"),
        }
        reason = reasons.get(exc.errno or 0) or _("lỗi hệ thống (mã %(n)s)") % {"n": exc.errno}
        return CommandError(_("Không ghi được tệp %(p)s: %(r)s.") % {"p": path, "r": reason})
