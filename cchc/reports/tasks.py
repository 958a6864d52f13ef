"""Background work of reports, through django-tasks (one API, any backend).

``build_rollup_export`` builds a roll-up workbook for an ``ExportJob``: in-process with the
default backend, on a ``cchc rqworker`` with the Redis one. The job row says where it is
(queued, running, done, failed) so the page can show progress, and the person who asked is
notified when the file is ready or could not be made. Running it again for a finished job
does nothing.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cchc.documents import export_report
from cchc.notify.services import notify
from cchc.reports.models import ExportJob, ExportStatus

log = logging.getLogger(__name__)


def run_rollup_export(job_id: int) -> str:
    """Build the workbook of job ``job_id``; returns the job's final status."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(of=("self",))
            .select_related("period__plan__unit", "period__to_unit", "unit", "user")
            .filter(pk=job_id)
            .first()
        )
        if job is None or not job.pending:
            return job.status if job else "missing"
        job.status = ExportStatus.RUNNING
        job.save(update_fields=["status"])
    title = job.period.label
    try:
        data = export_report.rollup_to_xlsx(job.period, job.unit)
        name = f"{export_report.rollup_file_stem(job.period, job.unit)}.xlsx"
        job.file.save(name, ContentFile(data), save=False)
        job.file_name = name
        job.status = ExportStatus.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "file_name", "status", "finished_at"])
        notify(
            [job.user],
            key=f"report-export:{job.pk}:done",
            kind="export",
            title=f"Bảng tổng hợp “{title}” đã sẵn sàng",
            body="Bảng tổng hợp mọi cấp (Excel) đã tạo xong, mời tải về.",
            link=job.get_absolute_url(),
        )
    except Exception as exc:
        log.exception("roll-up export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.FAILED,
            error=f"Không tạo được bảng tổng hợp: {exc.__class__.__name__}.",
            finished_at=timezone.now(),
        )
        notify(
            [job.user],
            key=f"report-export:{job.pk}:failed",
            kind="export",
            title=f"Không tạo được bảng tổng hợp “{title}”",
            body="Đã xảy ra lỗi khi tạo bảng tổng hợp. Vui lòng thử lại hoặc báo quản trị hệ thống.",
            link=job.get_absolute_url(),
        )
        return ExportStatus.FAILED
    return ExportStatus.DONE


@task()
def build_rollup_export(job_id: int) -> str:
    return run_rollup_export(job_id)
