"""Roll-up workbooks built in the background: a task, a page that shows progress, the file
for the person who asked only, a notice when it is ready or failed."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc.notify.models import Notification
from cchc.reports import tasks
from cchc.reports.models import ExportJob, ExportStatus
from tests.conftest import client_for
from tests.reports.test_export import reports  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_background_rollup_runs_through_the_task_backend(
    people,
    q1,
    reports,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    viewer = people["province_viewer"]
    client = client_for(viewer)
    url = reverse("staff:period_rollup_background", args=[q1.pk])
    # The task is queued once the job row is committed.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url)
    assert len(callbacks) == 1
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The default backend runs the task in-process: the job is done when the page opens.
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.file_name.endswith(".xlsx")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đã xong" in page and "Tải về" in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("staff:export_job_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(workbook.sheetnames) >= 2
    note = Notification.objects.get(user=viewer, key=f"report-export:{job.pk}:done")
    assert note.link == job.get_absolute_url()
    # Running the task again for a finished job changes nothing.
    assert tasks.run_rollup_export(job.pk) == ExportStatus.DONE
    assert Notification.objects.filter(user=viewer).count() == 1


def test_a_queued_job_shows_progress(people, q1):
    job = ExportJob.objects.create(user=people["province_viewer"], period=q1)
    page = client_for(people["province_viewer"]).get(job.get_absolute_url()).content.decode()
    assert "Đang chờ" in page and "<progress" in page and 'http-equiv="refresh"' in page
    assert (
        client_for(people["province_viewer"])
        .get(reverse("staff:export_job_download", args=[job.pk]))
        .status_code
        == 404
    )


def test_a_failing_export_is_reported_not_lost(
    people, q1, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks.export_report, "rollup_to_xlsx", boom)
    viewer = people["province_viewer"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(viewer).post(reverse("staff:period_rollup_background", args=[q1.pk]))
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and "Không tạo được" in job.error
    assert Notification.objects.filter(user=viewer, key=f"report-export:{job.pk}:failed").exists()
    page = client_for(viewer).get(job.get_absolute_url()).content.decode()
    assert "Không tạo được bảng tổng hợp" in page and "Thử lại" in page


def test_only_the_person_who_asked_sees_the_job(people, q1):
    job = ExportJob.objects.create(user=people["province_viewer"], period=q1)
    other = people["commune_editor"]
    assert client_for(other).get(job.get_absolute_url()).status_code == 404
    assert (
        client_for(other).get(reverse("staff:export_job_download", args=[job.pk])).status_code
        == 404
    )


def test_who_may_not_queue_a_rollup(client, people, q1):
    url = reverse("staff:period_rollup_background", args=[q1.pk])
    assert client.post(url).status_code == 302  # to the login page
    assert client_for(people["commune_editor"]).post(url).status_code == 404
    assert client_for(people["nobody"]).post(url).status_code == 404
    assert client_for(people["province_viewer"]).get(url).status_code == 405
    assert client_for(people["province_viewer"]).post(url + "?unit=abc").status_code == 404
    assert not ExportJob.objects.exists()
