"""Submission, every transition with its history, deadlines, output counting, publication."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cchc.feedback import services
from cchc.feedback.models import Attachment, Event, Feedback, Status, UnitSetting
from cchc.plans.models import Activity
from cchc.plans.services import plan_create
from cchc.tracking.models import Output
from tests.feedback.conftest import EXE, PDF, PNG, answered, data, make_procedure, submitted
from tests.plans.conftest import issued, province_plan_data

D = datetime.date
pytestmark = pytest.mark.django_db


def _nothing_stored(settings) -> None:  # type: ignore[no-untyped-def]
    assert Feedback.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert Event.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_submit_gives_a_code_deadline_history_and_stores_files(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.submit(
            data=data(
                files=(services.UploadedData("anh.png", PNG), services.UploadedData("don.pdf", PDF))
            ),
            receiving_unit=desk,
            today=D(2026, 2, 12),
        )
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{10}", item.code)
    assert item.status == Status.RECEIVED
    assert item.phone == "0912345678"
    assert item.due_on == D(2026, 3, 5)
    assert [a.content_type for a in item.attachments.order_by("pk")] == [
        "image/png",
        "application/pdf",
    ]
    assert item.attachments.first().file.read() == PNG
    assert list(item.events.values_list("action", "to_status")) == [("submit", "received")]
    assert len(mail.outbox) == 1 and item.code in mail.outbox[0].body
    assert mail.outbox[0].to == ["an.nguyen@example.vn"]


def test_codes_are_unique_and_unguessable(desk):
    codes = {submitted(desk, title=f"Phản ánh {i}").code for i in range(30)}
    assert len(codes) == 30


def test_portal_submission_goes_to_the_default_desk(desk):
    item = services.submit(data=data())
    assert item.receiving_unit == desk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"content": ""}, "content"),
        ({"content": "x" * 100_000}, "content"),
        ({"content": "<script>alert(1)</script>"}, "content"),
        ({"name": "<img src=x onerror=alert(1)>"}, "name"),
        ({"title": "<b>Tiêu đề</b>"}, "title"),
        ({"address": "javascript:alert(1)"}, "address"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "0912abc678"}, "phone"),
        ({"email": "khong-phai-email"}, "email"),
        ({"name": ""}, "name"),
        ({"title": ""}, "title"),
        ({"kind": "khac"}, "kind"),
        ({"subject": "procedure"}, "procedure"),
        ({"files": tuple(services.UploadedData(f"a{i}.png", PNG) for i in range(6))}, "files"),
        ({"files": (services.UploadedData("hoso.pdf", EXE),)}, "files"),
        ({"files": (services.UploadedData("virus.exe", EXE),)}, "files"),
        ({"files": (services.UploadedData("rong.pdf", b""),)}, "files"),
        (
            {"files": (services.UploadedData("lon.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),)},
            "files",
        ),
    ],
)
def test_bad_input_is_refused_whole_in_vietnamese(desk, settings, overrides, field):
    with pytest.raises(ValidationError) as exc:
        services.submit(
            data=data(files=(services.UploadedData("anh.png", PNG),), **overrides)
            if "files" not in overrides
            else data(**overrides),
            receiving_unit=desk,
        )
    assert field in exc.value.message_dict
    assert all(
        m and not m.isascii() or "MB" in m or "." in m for m in exc.value.message_dict[field]
    )
    _nothing_stored(settings)


def test_every_transition_is_recorded_and_the_answer_counted_once(desk, tree, people):
    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    activity = Activity.objects.filter(plan=plan).first()
    UnitSetting.objects.create(unit=tree.dept, hotline_activity=activity)
    item = services.submit(data=data(), receiving_unit=desk, today=D(2024, 6, 3))
    item = services.request_info(item=item, note="Cần ghi rõ ngày đến nộp hồ sơ.")
    assert item.status == Status.NEED_INFO
    item = services.resume(item=item, note="Người dân bổ sung: ngày 05/3/2024.")
    item = services.accept(item=item)
    item = services.assign(item=item, unit=tree.office)
    item = services.assign(item=item, unit=tree.dept, note="Đúng thẩm quyền Sở.")  # a transfer
    item = services.start(item=item)
    item = services.assign(item=item, unit=tree.office)  # transfer while being handled
    item = services.start(item=item)
    item = services.draft(item=item, answer="Dự thảo lần 1.")
    item = services.return_draft(item=item, note="Chưa nêu biện pháp chấn chỉnh.")
    item = services.draft(item=item, answer="Dự thảo lần 2.")
    item = services.draft(item=item, answer="Dự thảo lần 3, sửa câu chữ.")
    item = services.approve(item=item, today=D(2024, 6, 10))
    assert item.status == Status.ANSWERED
    item = services.publish(item=item, today=D(2024, 6, 11))
    assert item.status == Status.PUBLISHED
    actions = list(item.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("submit", "", "received"),
        ("request_info", "received", "need_info"),
        ("resume", "need_info", "received"),
        ("accept", "received", "accepted"),
        ("assign", "accepted", "assigned"),
        ("transfer", "assigned", "assigned"),
        ("start", "assigned", "in_progress"),
        ("transfer", "in_progress", "assigned"),
        ("start", "assigned", "in_progress"),
        ("draft", "in_progress", "drafted"),
        ("return", "drafted", "in_progress"),
        ("draft", "in_progress", "drafted"),
        ("draft", "drafted", "drafted"),
        ("approve", "drafted", "answered"),
        ("publish", "answered", "published"),
    ]
    transfer = item.events.filter(action="transfer").first()
    assert "Văn phòng Sở" in transfer.note and "Sở Nội vụ" in transfer.note
    # Handled by the office below the department: the department's hotline activity counts it.
    assert item.output is not None and item.output.activity == activity
    assert Output.objects.count() == 1


def test_answer_outside_the_plan_is_not_counted_but_still_sent(
    desk, tree, people, django_capture_on_commit_callbacks
):
    plan = issued(plan_create(data=province_plan_data(tree), actor=people["admin"]))
    UnitSetting.objects.filter(unit=tree.province).update(
        hotline_activity=Activity.objects.filter(plan=plan).first()
    )
    item = submitted(desk)
    with django_capture_on_commit_callbacks(execute=True):
        item = answered(item, tree.dept, today=D(2026, 2, 25))  # plan covers 2024 only
    assert item.status == Status.ANSWERED and item.output is None
    assert "Chưa tính là kết quả" in item.events.get(action="approve").note
    assert any("Trả lời" in m.subject for m in mail.outbox)


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("start", {}),
        ("approve", {}),
        ("publish", {}),
        ("draft", {"answer": "x"}),
        ("return_draft", {"note": "x"}),
        ("resume", {"note": "x"}),
    ],
)
def test_transitions_out_of_order_are_refused(desk, action, kwargs):
    item = submitted(desk)
    with pytest.raises(ValidationError) as exc:
        getattr(services, action)(item=item, **kwargs)
    assert "trạng thái" in " ".join(exc.value.messages)
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and item.events.count() == 1


def test_reject_needs_a_reason_and_notes_need_text(desk):
    item = submitted(desk)
    with pytest.raises(ValidationError):
        services.reject(item=item, reason="")
    with pytest.raises(ValidationError):
        services.request_info(item=item, note="  ")
    item = services.reject(item=item, reason="duplicate", note="Trùng phản ánh trước.")
    assert item.status == Status.REJECTED and item.reject_reason == "duplicate"
    assert item.events.last().note.startswith("Trùng với phản ánh")


def test_transfer_to_the_same_unit_is_refused(desk, tree):
    item = services.assign(item=submitted(desk), unit=tree.dept)
    with pytest.raises(ValidationError):
        services.assign(item=item, unit=tree.dept)


def test_published_text_is_masked_by_default(desk, tree):
    item = answered(submitted(desk, title="Ông Nguyễn Văn An phản ánh quầy một cửa"), tree.dept)
    item = services.publish(item=item)
    for text in (item.public_title, item.public_content, item.public_answer):
        for secret in ("Nguyễn Văn An", "0912345678", "001234567890", "an.nguyen@example.vn"):
            assert secret not in text
    assert "[đã ẩn]" in item.public_answer
    assert "chấn chỉnh" in item.public_answer


def test_staff_review_is_masked_again_on_publication(desk, tree):
    item = answered(submitted(desk), tree.dept)
    item = services.publish(
        item=item,
        content="Ông Nguyễn Văn An phản ánh, gọi 0987 654 321.",
        answer="Đã trả lời anh.nguyen@example.vn, ở Số 5 Lê Lợi, phường Cẩm Thành.",
    )
    assert item.public_content == "Ông [đã ẩn] phản ánh, gọi [đã ẩn]."
    assert "Lê Lợi" not in item.public_answer and "@" not in item.public_answer


def test_no_publication_without_consent(desk, tree):
    item = answered(submitted(desk, consent_publish=False), tree.dept)
    with pytest.raises(ValidationError):
        services.publish(item=item)
    item.refresh_from_db()
    assert item.status == Status.ANSWERED


def test_suggested_unit_is_the_procedures_handling_unit(desk, tree):
    procedure = make_procedure(tree.dept)
    item = services.submit(data=data(subject="procedure", procedure=procedure), receiving_unit=desk)
    assert services.suggested_unit(item) == tree.dept


def test_a_failure_after_the_files_are_written_leaves_nothing(desk, settings, monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_event", broken)
    files = (services.UploadedData("anh.png", PNG), services.UploadedData("don.pdf", PDF))
    with pytest.raises(RuntimeError):
        services.submit(data=data(files=files), receiving_unit=desk)
    _nothing_stored(settings)


def test_the_citizen_is_told_by_mail_of_a_request_for_information_and_a_rejection(
    desk, django_capture_on_commit_callbacks
):
    item = submitted(desk)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.request_info(item=item, note="Ghi rõ quầy số mấy.")
    assert "Ghi rõ quầy số mấy." in mail.outbox[-1].body and item.code in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(item=item, reason="insufficient", note="Quá hạn bổ sung.")
    assert "Không đủ thông tin" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["an.nguyen@example.vn"]
    silent = submitted(desk, email="")
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_info(item=silent, note="Ghi rõ.")
    assert len(mail.outbox) == before  # no address given: nothing to send
