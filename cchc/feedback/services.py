"""Receiving, handling, answering and publishing feedback. Bad input is refused whole, in Vietnamese.

Every change of status goes through ``_move``, which checks the transition is allowed and
writes one ``Event`` row. The services do not check who the actor is; views and the API
call ``cchc.feedback.permissions.can`` first.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.feedback.masking import mask, personal_values
from cchc.feedback.models import (
    Action,
    Attachment,
    DeadlineRule,
    Event,
    Feedback,
    Holiday,
    Kind,
    RejectReason,
    Status,
    Subject,
    UnitSetting,
)
from cchc.feedback.tasks import mail_after_commit
from cchc.feedback.workdays import add_working_days, whole_calendar
from cchc.orgs.models import Role, Unit
from cchc.plans.models import Activity
from cchc.tracking.models import OutputKind
from cchc.tracking.services import OutputData, _sniff, output_record

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 10
DEFAULT_WORKING_DAYS: dict[str, int] = {Kind.REPORT: 10, Kind.PROPOSAL: 20}
MAX_CONTENT = 5000
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ANSWER = 20000

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:", re.IGNORECASE)
_PHONE_RE = re.compile(r"^(?:\+84|0)\d{9,10}$")

# status -> {action: next status}
TRANSITIONS: dict[str, dict[str, str]] = {
    Status.RECEIVED: {
        Action.ACCEPT: Status.ACCEPTED,
        Action.REJECT: Status.REJECTED,
        Action.REQUEST_INFO: Status.NEED_INFO,
        Action.ASSIGN: Status.ASSIGNED,
    },
    Status.NEED_INFO: {Action.RESUME: Status.RECEIVED, Action.REJECT: Status.REJECTED},
    Status.ACCEPTED: {Action.ASSIGN: Status.ASSIGNED},
    Status.ASSIGNED: {Action.TRANSFER: Status.ASSIGNED, Action.START: Status.IN_PROGRESS},
    Status.IN_PROGRESS: {Action.TRANSFER: Status.ASSIGNED, Action.DRAFT: Status.DRAFTED},
    Status.DRAFTED: {
        Action.DRAFT: Status.DRAFTED,
        Action.RETURN: Status.IN_PROGRESS,
        Action.APPROVE: Status.ANSWERED,
    },
    Status.ANSWERED: {Action.PUBLISH: Status.PUBLISHED},
}


@dataclass(frozen=True)
class UploadedData:
    name: str
    content: bytes


@dataclass(frozen=True)
class FeedbackData:
    kind: str
    subject: str
    title: str
    content: str
    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    place: str = ""
    subject_detail: str = ""
    procedure: Any = None
    consent_publish: bool = False
    channel: str = "portal"
    files: tuple[UploadedData, ...] = field(default_factory=tuple)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    return re.sub(r"[\s\-]", "", raw or "").upper()


def normalize_phone(raw: str) -> str:
    return re.sub(r"[\s.\-()]", "", raw or "")


# What every portal submission needs to know and staff rarely change: the default desk, the
# deadline rules and the holidays. Kept in the cache (shared when it is Redis), dropped
# whenever one of these rows or a unit is saved or deleted (signals in apps.py; the
# load_holidays command too) and after SETUP_SECONDS in any case, so that a change made
# without signals (a queryset update) is seen soon as well.
SETUP_KEY = "fb:submit-setup:2"
SETUP_SECONDS = 60


def forget_setup(**_kwargs: Any) -> None:
    cache.delete(SETUP_KEY)


def _setup() -> dict[str, Any]:
    setup = cache.get(SETUP_KEY)
    if setup is None:
        desk = (
            UnitSetting.objects.filter(is_default_desk=True)
            .order_by("pk")
            .values_list("unit_id", flat=True)
            .first()
        )
        if desk is None:
            desk = (
                Unit.objects.filter(depth=1).order_by("path").values_list("pk", flat=True).first()
            )
        setup = {
            "desk": desk,
            "days": dict(DeadlineRule.objects.values_list("kind", "working_days")),
            "calendar": whole_calendar(Holiday.objects.values_list("date", "working_day")),
        }
        cache.set(SETUP_KEY, setup, SETUP_SECONDS)
    return setup


def working_days_for(kind: str) -> int:
    rule = DeadlineRule.objects.filter(kind=kind).first()
    return rule.working_days if rule else DEFAULT_WORKING_DAYS.get(kind, 10)


def due_date(kind: str, received: datetime.date) -> datetime.date:
    return add_working_days(received, working_days_for(kind))


def default_desk() -> Unit | None:
    """The unit that receives portal submissions: the default desk, else the top unit."""
    desk = _setup()["desk"]
    return Unit.objects.filter(pk=desk).first() if desk is not None else None


def suggested_unit(item: Feedback) -> Unit | None:
    """The unit that should handle the item: the procedure's handling unit, when there is one."""
    if item.procedure_id:
        return getattr(item.procedure, "handling_unit", None)
    return None


def _no_markup(errors: dict[str, list[str]], name: str, value: str) -> None:
    if value and _TAG_RE.search(value):
        errors.setdefault(name, []).append(
            _("Không nhận mã HTML hay mã script; hãy viết văn bản thông thường.")
        )


def validate(data: FeedbackData) -> dict[str, str]:
    """Cleaned text fields, or ValidationError with every problem in Vietnamese."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "title": " ".join((data.title or "").split()),
        "content": (data.content or "").strip(),
        "name": " ".join((data.name or "").split()),
        "phone": normalize_phone(data.phone),
        "email": (data.email or "").strip(),
        "address": " ".join((data.address or "").split()),
        "place": " ".join((data.place or "").split()),
        "subject_detail": " ".join((data.subject_detail or "").split()),
    }
    if data.kind not in Kind.values:
        errors.setdefault("kind", []).append(_("Hãy chọn loại: phản ánh hoặc kiến nghị."))
    if data.subject not in Subject.values:
        errors.setdefault("subject", []).append(
            _("Hãy chọn nội dung phản ánh, kiến nghị về việc gì.")
        )
    elif (
        data.subject == Subject.PROCEDURE
        and data.procedure is None
        and not cleaned["subject_detail"]
    ):
        errors.setdefault("procedure", []).append(_("Hãy chọn thủ tục hành chính được phản ánh."))
    if not cleaned["title"]:
        errors.setdefault("title", []).append(_("Hãy nhập tiêu đề."))
    elif len(cleaned["title"]) > 200:
        errors.setdefault("title", []).append(_("Tiêu đề dài tối đa 200 ký tự."))
    if not cleaned["content"]:
        errors.setdefault("content", []).append(_("Hãy nhập nội dung phản ánh, kiến nghị."))
    elif len(cleaned["content"]) > MAX_CONTENT:
        errors.setdefault("content", []).append(
            _("Nội dung dài tối đa %(n)s ký tự (hiện có %(m)s); hãy rút gọn hoặc gửi kèm tệp.")
            % {
                "n": f"{MAX_CONTENT:,}".replace(",", "."),
                "m": f"{len(cleaned['content']):,}".replace(",", "."),
            }
        )
    if not cleaned["name"]:
        errors.setdefault("name", []).append(_("Hãy nhập họ và tên."))
    elif len(cleaned["name"]) > 150:
        errors.setdefault("name", []).append(_("Họ và tên dài tối đa 150 ký tự."))
    if cleaned["phone"] and not _PHONE_RE.match(cleaned["phone"]):
        errors.setdefault("phone", []).append(
            _("Số điện thoại không hợp lệ: nhập 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84.")
        )
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn).")
            )
    for name, limit in (("address", 300), ("place", 300), ("subject_detail", 300)):
        if len(cleaned[name]) > limit:
            errors.setdefault(name, []).append(_("Dài tối đa %(n)d ký tự.") % {"n": limit})
    for name, value in cleaned.items():
        _no_markup(errors, name, value)
    if len(data.files) > MAX_ATTACHMENTS:
        errors.setdefault("files", []).append(
            _("Gửi kèm tối đa %(n)d tệp (đã chọn %(m)d).")
            % {"n": MAX_ATTACHMENTS, "m": len(data.files)}
        )
    else:
        for upload in data.files:
            if not upload.content:
                errors.setdefault("files", []).append(_("Tệp “%(n)s” rỗng.") % {"n": upload.name})
            elif len(upload.content) > MAX_ATTACHMENT_BYTES:
                errors.setdefault("files", []).append(
                    _("Tệp “%(n)s” lớn hơn 5 MB; hãy nén hoặc giảm kích thước ảnh.")
                    % {"n": upload.name}
                )
            else:
                try:
                    _sniff(upload.name, upload.content[:16])
                except ValidationError as exc:
                    errors.setdefault("files", []).extend(
                        exc.message_dict.get("file", exc.messages)
                    )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _event(
    item: Feedback, action: str, from_status: str, actor: Any = None, note: str = ""
) -> Event:
    return Event.objects.create(
        feedback=item,
        action=action,
        from_status=from_status,
        to_status=item.status,
        unit_id=item.unit_id or item.receiving_unit_id,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )


def submit(
    *,
    data: FeedbackData,
    receiving_unit: Unit | None = None,
    actor: Any = None,
    today: datetime.date | None = None,
    challenge: str | None = None,
) -> Feedback:
    """Store a new item with its files and first history row; the code is returned on it.

    ``challenge`` is the nonce of the portal's challenge: a second item with the same one
    is refused (the token was already used). Each try is one transaction (no savepoint
    around the insert): when the drawn code is already taken, the whole try is rolled back
    and made again with another code.
    """
    for _attempt in range(5):
        code = new_code()
        try:
            return _submit(
                data=data,
                receiving_unit=receiving_unit,
                actor=actor,
                today=today,
                challenge=challenge,
                code=code,
            )
        except IntegrityError:
            if challenge and Feedback.objects.filter(challenge=challenge).exists():
                raise ValidationError(
                    {"answer": [_("Câu hỏi kiểm tra này đã được dùng; hãy trả lời câu hỏi mới.")]}
                ) from None
            if not Feedback.objects.filter(code=code).exists():
                raise
    # 32**10 codes: five collisions in a row do not happen.
    raise IntegrityError("could not draw a free tracking code")  # pragma: no cover


@transaction.atomic
def _submit(
    *,
    data: FeedbackData,
    receiving_unit: Unit | None,
    actor: Any,
    today: datetime.date | None,
    challenge: str | None,
    code: str,
) -> Feedback:
    cleaned = validate(data)
    setup = _setup()
    unit_id = receiving_unit.pk if receiving_unit is not None else setup["desk"]
    if unit_id is None:
        raise ValidationError({"__all__": [_("Chưa có đơn vị tiếp nhận phản ánh, kiến nghị.")]})
    if data.channel not in ("portal", "phone", "letter", "in_person"):
        raise ValidationError({"channel": [_("Kênh tiếp nhận không hợp lệ.")]})
    received = today or timezone.localdate()
    days = setup["days"].get(data.kind, DEFAULT_WORKING_DAYS.get(data.kind, 10))
    due_on = add_working_days(received, days, setup["calendar"])
    item = Feedback(
        kind=data.kind,
        subject=data.subject,
        procedure=data.procedure if data.subject == Subject.PROCEDURE else None,
        consent_publish=bool(data.consent_publish),
        channel=data.channel,
        receiving_unit_id=unit_id,
        received_on=received,
        due_on=due_on,
        created_by=actor if getattr(actor, "pk", None) else None,
        challenge=challenge or None,
        code=code,
        **cleaned,
    )
    if receiving_unit is not None:
        item.receiving_unit = receiving_unit
    item.save(force_insert=True)
    stored: list[Attachment] = []
    try:
        for upload in data.files:
            content_type = _sniff(upload.name, upload.content[:16])
            safe = re.sub(r"[^\w.\-]", "_", upload.name)[-120:] or "tep"
            attachment = Attachment(
                feedback=item,
                original_name=upload.name[:255],
                content_type=content_type,
                size=len(upload.content),
                sha256=hashlib.sha256(upload.content).hexdigest(),
            )
            attachment.file.save(safe, ContentFile(upload.content), save=False)
            stored.append(attachment)
            attachment.save()
        _event(item, Action.SUBMIT, "", actor, str(item.get_channel_display()))
    except Exception:
        # The rows roll back with the transaction; the files written so far go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    if item.email:
        _mail_citizen_code(item.code, item.email)
    return item


def _track_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("feedback:track") + f"?ma={code}"


def _mail_citizen_code(code: str, email: str) -> None:
    """The tracking code, e-mailed after the commit (through the task backend)."""
    mail_after_commit(
        code,
        email,
        _("Đã tiếp nhận phản ánh, kiến nghị — mã tra cứu %(c)s") % {"c": code},
        _(
            "Phản ánh, kiến nghị của Ông/Bà đã được tiếp nhận.\n\nMã tra cứu: %(c)s\n"
            "Theo dõi kết quả xử lý tại: %(u)s\n\nXin cảm ơn Ông/Bà."
        )
        % {"c": code, "u": _track_url(code)},
    )


def _mail_citizen_answer(item: Feedback) -> None:
    """The answer, e-mailed after the commit (through the task backend)."""
    mail_after_commit(
        item.code,
        item.email,
        _("Trả lời phản ánh, kiến nghị — mã %(c)s") % {"c": item.code},
        _("Kính gửi Ông/Bà %(n)s,\n\n%(a)s\n\nXem tại: %(u)s")
        % {"n": item.name, "a": item.answer, "u": _track_url(item.code)},
    )


def _mail_citizen_after_commit(item: Feedback, subject: str, text: str) -> None:
    """E-mail the citizen (when an address was given) once the change is committed."""
    if not item.email:
        return
    mail_after_commit(
        item.code,
        item.email,
        f"{subject} — mã {item.code}",
        _("Kính gửi Ông/Bà %(n)s,\n\n%(t)s\n\nTheo dõi tại: %(u)s")
        % {"n": item.name, "t": text, "u": _track_url(item.code)},
    )


def _lock(item: Feedback) -> Feedback:
    return (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("unit", "receiving_unit")
        .get(pk=item.pk)
    )


def _move(item: Feedback, action: str, actor: Any, note: str = "") -> str:
    allowed = TRANSITIONS.get(item.status, {})
    if action not in allowed:
        raise ValidationError(
            {
                "__all__": [
                    _("Không thể “%(a)s” khi phản ánh đang ở trạng thái “%(s)s”.")
                    % {"a": Action(action).label, "s": item.get_status_display()}
                ]
            }
        )
    before = item.status
    item.status = allowed[action]
    return before


def _need(value: str, name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: [message]})
    errors: dict[str, list[str]] = {}
    _no_markup(errors, name, value)
    if errors:
        raise ValidationError(errors)
    return value


@transaction.atomic
def accept(*, item: Feedback, actor: Any = None, note: str = "") -> Feedback:
    item = _lock(item)
    before = _move(item, Action.ACCEPT, actor)
    item.save()
    _event(item, Action.ACCEPT, before, actor, note.strip())
    return item


@transaction.atomic
def reject(*, item: Feedback, reason: str, note: str = "", actor: Any = None) -> Feedback:
    item = _lock(item)
    if reason not in RejectReason.values:
        raise ValidationError({"reason": [_("Hãy chọn lý do không thụ lý.")]})
    before = _move(item, Action.REJECT, actor)
    item.reject_reason = reason
    item.save()
    reason_text = f"{RejectReason(reason).label}. {note.strip()}".strip()
    _event(item, Action.REJECT, before, actor, reason_text)
    _mail_citizen_after_commit(
        item,
        _("Phản ánh, kiến nghị không được thụ lý"),
        _("Phản ánh, kiến nghị “%(t)s” không được thụ lý. Lý do: %(r)s")
        % {"t": item.title, "r": reason_text},
    )
    return item


@transaction.atomic
def request_info(*, item: Feedback, note: str, actor: Any = None) -> Feedback:
    note = _need(note, "note", _("Hãy ghi rõ thông tin cần người gửi bổ sung."))
    item = _lock(item)
    before = _move(item, Action.REQUEST_INFO, actor)
    item.save()
    _event(item, Action.REQUEST_INFO, before, actor, note)
    _mail_citizen_after_commit(
        item,
        _("Đề nghị bổ sung thông tin"),
        _(
            "Để xử lý phản ánh, kiến nghị “%(t)s”, xin Ông/Bà bổ sung: %(n)s\n"
            "Ông/Bà có thể gửi thông tin bổ sung trên trang tra cứu, với mã tra cứu của mình."
        )
        % {"t": item.title, "n": note},
    )
    return item


@transaction.atomic
def resume(*, item: Feedback, note: str, actor: Any = None) -> Feedback:
    note = _need(note, "note", _("Hãy ghi thông tin người gửi đã bổ sung."))
    item = _lock(item)
    before = _move(item, Action.RESUME, actor)
    item.save()
    _event(item, Action.RESUME, before, actor, note)
    return item


MAX_SUPPLEMENT = 2000


@transaction.atomic
def supplement(*, item: Feedback, text: str, today: datetime.date | None = None) -> Feedback:
    """The citizen (holding the tracking code) adds the information asked for; handling resumes."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Hãy nhập thông tin bổ sung.")]})
    if len(text) > MAX_SUPPLEMENT:
        raise ValidationError({"text": [_("Thông tin bổ sung dài tối đa 2.000 ký tự.")]})
    errors: dict[str, list[str]] = {}
    _no_markup(errors, "text", text)
    if errors:
        raise ValidationError(errors)
    item = _lock(item)
    before = _move(item, Action.RESUME, None)
    day = today or timezone.localdate()
    item.content = f"{item.content}\n\n" + _("Bổ sung ngày %(d)s: %(t)s") % {
        "d": _d(day),
        "t": text,
    }
    item.save()
    _event(item, Action.RESUME, before, None, _("Người gửi bổ sung thông tin qua cổng."))
    return item


def _tell_unit(item: Feedback, key: str, title: str, least: str) -> None:
    """Notify the people holding ``least`` or more on the item's unit, after the commit."""
    from cchc.feedback.reminders import staff_of
    from cchc.notify.services import notify

    unit = item.unit or item.receiving_unit
    link = reverse("staff:feedback_detail", args=[item.pk])

    def send() -> None:
        try:
            notify(
                staff_of(unit, least),
                key=key,
                title=title,
                body=item.title,
                link=link,
                kind="feedback",
            )
        except Exception:
            log.exception("could not notify about feedback %s", item.code)

    transaction.on_commit(send)


@transaction.atomic
def assign(*, item: Feedback, unit: Unit, note: str = "", actor: Any = None) -> Feedback:
    """Send to the handling unit; from ASSIGNED or IN_PROGRESS this is a transfer (history kept)."""
    item = _lock(item)
    action = (
        Action.TRANSFER if item.status in (Status.ASSIGNED, Status.IN_PROGRESS) else Action.ASSIGN
    )
    if action == Action.TRANSFER and item.unit_id == unit.pk:
        raise ValidationError({"unit": [_("Phản ánh đang ở chính đơn vị này.")]})
    previous = item.unit
    before = _move(item, action, actor)
    item.unit = unit
    item.save()
    text = note.strip()
    if previous is not None:
        text = (
            _("Từ %(a)s sang %(b)s.") % {"a": previous.display_name, "b": unit.display_name}
            + " "
            + text
        ).strip()
    event = _event(item, action, before, actor, text)
    _tell_unit(
        item,
        f"feedback:{item.pk}:{action}:{event.pk}",
        _("Phản ánh %(c)s được chuyển đến %(u)s để xử lý")
        % {"c": item.code, "u": unit.display_name},
        Role.EDITOR,
    )
    return item


@transaction.atomic
def start(*, item: Feedback, actor: Any = None) -> Feedback:
    item = _lock(item)
    before = _move(item, Action.START, actor)
    item.save()
    _event(item, Action.START, before, actor)
    return item


@transaction.atomic
def draft(*, item: Feedback, answer: str, actor: Any = None) -> Feedback:
    answer = _need(answer, "answer", _("Hãy nhập nội dung trả lời."))
    if len(answer) > MAX_ANSWER:
        raise ValidationError({"answer": [_("Nội dung trả lời dài tối đa 20.000 ký tự.")]})
    item = _lock(item)
    before = _move(item, Action.DRAFT, actor)
    item.answer = answer
    item.drafted_by = actor if getattr(actor, "pk", None) else None
    item.save()
    event = _event(item, Action.DRAFT, before, actor)
    if before != Status.DRAFTED:
        _tell_unit(
            item,
            f"feedback:{item.pk}:draft:{event.pk}",
            _("Dự thảo trả lời phản ánh %(c)s chờ lãnh đạo duyệt") % {"c": item.code},
            Role.APPROVER,
        )
    return item


@transaction.atomic
def return_draft(*, item: Feedback, note: str, actor: Any = None) -> Feedback:
    note = _need(note, "note", _("Hãy ghi lý do trả lại dự thảo."))
    item = _lock(item)
    before = _move(item, Action.RETURN, actor)
    item.save()
    _event(item, Action.RETURN, before, actor, note)
    return item


def hotline_activity(item: Feedback) -> Activity | None:
    """The plan activity answers count for: on the item, else the closest unit setting above."""
    if item.activity_id:
        return item.activity
    unit = item.unit or item.receiving_unit
    paths = [unit.path[: i * Unit.steplen] for i in range(unit.depth, 0, -1)]
    settings_by_path = {
        s.unit.path: s
        for s in UnitSetting.objects.select_related("unit", "hotline_activity").filter(
            unit__path__in=paths, hotline_activity__isnull=False
        )
    }
    for path in paths:
        if path in settings_by_path:
            return settings_by_path[path].hotline_activity
    return None


def _record_output(item: Feedback, actor: Any) -> str:
    """Count the answer as an output of the hotline activity (once); a note when it cannot."""
    if item.output_id:
        return ""
    activity = hotline_activity(item)
    if activity is None:
        return ""
    assert item.answered_on is not None
    try:
        with transaction.atomic():
            output = output_record(
                activity=activity,
                unit=item.unit or item.receiving_unit,
                data=OutputData(
                    kind=OutputKind.OTHER,
                    date=item.answered_on,
                    title=_("Trả lời phản ánh, kiến nghị %(c)s") % {"c": item.code},
                ),
                actor=actor,
            )
    except ValidationError as exc:
        return _("Chưa tính là kết quả của hoạt động “%(a)s”: %(e)s") % {
            "a": activity.title,
            "e": " ".join(exc.messages),
        }
    item.output = output
    return _("Đã tính là kết quả của hoạt động “%(a)s”.") % {"a": activity.title}


@transaction.atomic
def approve(
    *,
    item: Feedback,
    actor: Any = None,
    answer: str | None = None,
    today: datetime.date | None = None,
) -> Feedback:
    """A leader approves the draft: the answer is sent to the citizen and counted as an output."""
    item = _lock(item)
    if answer is not None:
        item.answer = _need(answer, "answer", _("Hãy nhập nội dung trả lời."))
    before = _move(item, Action.APPROVE, actor)
    item.approved_by = actor if getattr(actor, "pk", None) else None
    item.answered_on = today or timezone.localdate()
    note = _record_output(item, actor)
    item.public_title = masked_title(item)
    item.public_content = masked_content(item)
    item.public_answer = masked_answer(item)
    item.save()
    _event(item, Action.APPROVE, before, actor, note)
    if item.email:
        _mail_citizen_answer(item)
    return item


def _personal(item: Feedback) -> list[str]:
    return personal_values(item.name, item.phone, item.email, item.address)


def masked_content(item: Feedback) -> str:
    return mask(item.content, _personal(item))


def masked_answer(item: Feedback) -> str:
    return mask(item.answer, _personal(item))


def masked_title(item: Feedback) -> str:
    return mask(item.title, _personal(item))[:200]


@transaction.atomic
def publish(
    *,
    item: Feedback,
    actor: Any = None,
    content: str | None = None,
    answer: str | None = None,
    title: str | None = None,
    today: datetime.date | None = None,
) -> Feedback:
    """Publish the answer on the portal; the texts (reviewed by staff) are masked again in any case."""
    item = _lock(item)
    before = _move(item, Action.PUBLISH, actor)
    if not item.consent_publish:
        raise ValidationError({"__all__": [_("Người gửi không đồng ý công khai phản ánh này.")]})
    public_content = content if content is not None else item.public_content or item.content
    public_answer = answer if answer is not None else item.public_answer or item.answer
    public_title = title if title is not None else item.public_title or item.title
    public_title = _need(public_title, "title", _("Hãy nhập tiêu đề công khai."))
    public_content = _need(public_content, "content", _("Hãy nhập nội dung công khai."))
    public_answer = _need(public_answer, "answer", _("Hãy nhập nội dung trả lời công khai."))
    item.public_title = mask(" ".join(public_title.split()), _personal(item))[:200]
    item.public_content = mask(public_content, _personal(item))
    item.public_answer = mask(public_answer, _personal(item))
    item.published_on = today or timezone.localdate()
    item.save()
    _event(item, Action.PUBLISH, before, actor)
    return item
