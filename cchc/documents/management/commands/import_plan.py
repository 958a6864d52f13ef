"""``cchc import_plan FILE [--json] [--unit CODE]``: read a plan from a file.

* ``--json`` prints :meth:`cchc.documents.parser.ParsedPlan.to_json` (plus
  ``source_format`` and the file's ``extract_warnings``) with ``ensure_ascii=False``
  and ``indent=2``, and saves nothing;
* ``--unit CODE`` saves the plan as a draft of the unit with that code through
  ``cchc.documents.services.plan_import_save(parsed=..., unit=..., actor=None)`` and
  prints the new plan's id on one line: "Đã lưu bản nháp kế hoạch: <title> (số id 123)"
  (the id is the number in the final "(số id N)", see :data:`SAVED_ID_RE`);
* with neither, a short summary is printed.

Exit codes: 0 done; 1 the file cannot be read (the message says why); 2 the text is
not a plan; 3 saving is not available in this build.  Errors are Vietnamese
messages, never tracebacks.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.documents.extract import ExtractError, extract_text
from cchc.documents.parser import NOT_A_PLAN, ParsedPlan, parse_plan

NO_SAVE_SERVICE = "Chức năng lưu kế hoạch nhập chưa có trong bản này."
# The saved line: the new plan's id is the number in the final "(số id N)" (``SAVED_ID_RE``).
SAVED = "Đã lưu bản nháp kế hoạch: {title} (số id {id})"
SAVED_ID_RE = r"\(số id (\d+)\)$"
EXIT_NOT_A_PLAN = 2
EXIT_NO_SERVICE = 3


class Command(BaseCommand):
    help = (
        "Đọc một kế hoạch từ tệp (.docx, .pdf, .txt, .doc) và in kết quả; "
        "--json in dữ liệu đọc được, --unit lưu thành bản nháp của đơn vị."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp kế hoạch (.docx, .pdf, .txt, .doc).")
        parser.add_argument(
            "--json", action="store_true", help="In kết quả dạng JSON và không lưu gì."
        )
        parser.add_argument(
            "--unit", default=None, metavar="CODE", help="Mã đơn vị: lưu kế hoạch thành bản nháp."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”. Hãy kiểm tra lại đường dẫn.")
        try:
            extracted = extract_text(path)
        except ExtractError as exc:
            raise CommandError(exc.message) from None
        parsed = parse_plan(extracted.text)
        if options["json"]:
            data = parsed.to_json()
            data["source_format"] = extracted.source_format
            data["extract_warnings"] = list(extracted.warnings)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            if not parsed.is_plan:
                raise CommandError(NOT_A_PLAN, returncode=EXIT_NOT_A_PLAN)
            return
        if not parsed.is_plan:
            raise CommandError(NOT_A_PLAN, returncode=EXIT_NOT_A_PLAN)
        if options["unit"]:
            self._save(parsed, options["unit"], extracted.meta)
            return
        for warning in extracted.warnings:
            self.stdout.write(f"Lưu ý: {warning}")
        self.stdout.write(_summary(parsed))

    def _save(self, parsed: ParsedPlan, code: str, meta: dict[str, Any] | None = None) -> None:
        try:
            services = importlib.import_module("cchc.documents.services")
            plan_import_save = services.plan_import_save
        except (ImportError, AttributeError):
            raise CommandError(NO_SAVE_SERVICE, returncode=EXIT_NO_SERVICE) from None
        from django.core.exceptions import ValidationError

        from cchc.orgs.models import Unit

        units = list(Unit.objects.filter(code=code)[:2])
        if not units:
            raise CommandError(f"Không tìm thấy đơn vị có mã “{code}”.")
        if len(units) > 1:
            raise CommandError(
                f"Có nhiều đơn vị cùng mã “{code}”; hãy lưu qua màn hình nhập kế hoạch."
            )
        try:
            plan = plan_import_save(parsed=parsed, unit=units[0], actor=None, meta=meta)
        except ValidationError as exc:
            raise CommandError("Không lưu được kế hoạch: " + "; ".join(exc.messages)) from None
        plan_id = getattr(plan, "pk", None)
        if plan_id is None:  # a service that returns no saved plan
            self.stdout.write(f"Đã lưu bản nháp kế hoạch: {plan}")
            return
        self.stdout.write(SAVED.format(id=plan_id, title=" ".join(plan.title.split())))


def _summary(parsed: ParsedPlan) -> str:
    data = parsed.to_json()
    issuer = data["issuer"]["name"] or "(chưa rõ)"
    lines = [
        f"Loại văn bản: {data['document_type'] or '(chưa rõ)'}",
        f"Tên kế hoạch: {data['title'] or '(chưa rõ)'}",
        f"Cơ quan ban hành: {issuer}",
        f"Số, ký hiệu: {data['symbol'] or data['symbol_text'] or '(chưa có)'}",
        f"Ngày ban hành: {data['date'] or data['date_text'] or '(chưa có)'}",
        f"Năm: {data['period']['start_year'] or '(chưa rõ)'}"
        + (
            f" - {data['period']['end_year']}"
            if data["period"]["end_year"] not in (None, data["period"]["start_year"])
            else ""
        ),
        f"Căn cứ: {len(data['legal_bases'])} văn bản",
        f"Mục đích, mục tiêu: {len(data['objectives'])}; yêu cầu: {len(data['requirements'])}",
        f"Nội dung tuyên truyền: {len(data['themes'])}; hình thức: {len(data['channels'])}",
        f"Hoạt động: {len(data['activities'])}",
        f"Đơn vị được giao nhiệm vụ: {len(data['responsibilities'])}",
        f"Người ký: {data['signer']['name'] or '(chưa có)'}",
    ]
    for warning in data["warnings"]:
        where = f"dòng {warning['line']}" if warning["line"] else "toàn văn bản"
        lines.append(f"Cảnh báo ({where}): {warning['message']}")
    return "\n".join(lines)
