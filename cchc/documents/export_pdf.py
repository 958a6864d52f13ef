"""A plan as PDF: the Word document converted by LibreOffice, as a user would print it.

Each conversion runs ``soffice --headless`` with its own throw-away profile directory,
so conversions can run side by side and never touch a real user's LibreOffice settings.
Without LibreOffice on the server, :class:`ExportUnavailable` explains what to do instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from cchc.documents.export_docx import plan_file_stem, plan_to_docx
from cchc.plans.models import Plan

__all__ = ["PDF_CONTENT_TYPE", "ExportUnavailable", "docx_to_pdf", "plan_to_pdf", "soffice_path"]

PDF_CONTENT_TYPE = "application/pdf"
TIMEOUT_SECONDS = 120


class ExportUnavailable(Exception):
    """The file cannot be produced on this server; the message says what to do instead."""


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _require_soffice() -> str:
    program = soffice_path()
    if program is None:
        raise ExportUnavailable(
            _(
                "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF. "
                "Hãy tải bản Word (DOCX) rồi in ra PDF."
            )
        )
    return program


def docx_to_pdf(docx: bytes, name: str = "ke-hoach") -> bytes:
    """Convert a .docx file to PDF with LibreOffice headless."""
    program = _require_soffice()
    failed = _(
        "Chưa chuyển được kế hoạch sang PDF (LibreOffice báo lỗi hoặc chạy quá lâu). "
        "Hãy tải bản Word (DOCX) rồi in ra PDF."
    )
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"{name}.docx"
        source.write_bytes(docx)
        profile = work / "profile"
        env = {**os.environ, "HOME": str(work)}
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        if not _run(command, cwd=work, env=env):
            raise ExportUnavailable(failed)
        target = work / f"{name}.pdf"
        if not target.is_file() or target.stat().st_size == 0:
            raise ExportUnavailable(failed)
        return target.read_bytes()


def _run(command: list[str], *, cwd: Path, env: dict[str, str]) -> bool:
    """Run LibreOffice in its own process group; kill the whole group on timeout."""
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed program and arguments, no shell
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError:
        return False
    with process:
        try:
            process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return False
    return process.returncode == 0


def plan_to_pdf(plan: Plan) -> bytes:
    """The plan as PDF, converted from :func:`plan_to_docx`."""
    _require_soffice()  # before building the document, which would be wasted
    return docx_to_pdf(plan_to_docx(plan), name=plan_file_stem(plan) or "ke-hoach")
