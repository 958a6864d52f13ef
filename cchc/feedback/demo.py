"""Demo feedback: the province as reception desk, response templates, and items at each stage."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cchc.feedback import services
from cchc.feedback.models import Feedback, Kind, ResponseTemplate, Subject, UnitSetting
from cchc.orgs.models import Unit
from cchc.plans.models import Activity

TEMPLATES = [
    (
        Subject.PROCEDURE,
        "Hướng dẫn hồ sơ thủ tục",
        "Cảm ơn Ông/Bà đã phản ánh. Về thủ tục nêu trên, hồ sơ gồm các giấy tờ được niêm yết công khai"
        " tại Bộ phận Một cửa và trên Cổng dịch vụ công. Đơn vị đã chấn chỉnh việc hướng dẫn hồ sơ.",
    ),
    (
        Subject.CONDUCT,
        "Tiếp thu, chấn chỉnh thái độ phục vụ",
        "Cảm ơn Ông/Bà đã phản ánh. Đơn vị đã kiểm tra, nhắc nhở công chức liên quan và cam kết"
        " nâng cao chất lượng phục vụ người dân, doanh nghiệp.",
    ),
    (
        Subject.REGULATION,
        "Ghi nhận kiến nghị sửa đổi quy định",
        "Cảm ơn Ông/Bà đã kiến nghị. Nội dung đã được tổng hợp, gửi cơ quan có thẩm quyền xem xét.",
    ),
]

ITEMS = [
    (
        "Hồ sơ cấp phiếu lý lịch tư pháp bị yêu cầu bổ sung nhiều lần",
        Kind.REPORT,
        Subject.PROCEDURE,
        "publish",
    ),
    (
        "Kiến nghị niêm yết rõ phí, lệ phí tại Bộ phận Một cửa",
        Kind.PROPOSAL,
        Subject.REGULATION,
        "assign",
    ),
    ("Công chức tiếp nhận hồ sơ chưa hướng dẫn tận tình", Kind.REPORT, Subject.CONDUCT, ""),
]


@transaction.atomic
def build_demo(units: dict[str, Unit]) -> str:
    province = units["province"]
    handler = units.get("Sở Tư pháp") or province
    setting, _created = UnitSetting.objects.get_or_create(
        unit=province, defaults={"is_default_desk": True}
    )
    if setting.hotline_activity_id is None:
        # Answers count for the province plan's activity that promises the hotline, if any.
        hotline = (
            Activity.objects.filter(plan__unit=province)
            .filter(Q(title__icontains="đường dây nóng") | Q(title__icontains="phản ánh"))
            .order_by("pk")
            .first()
        )
        if hotline is not None:
            setting.hotline_activity = hotline
            setting.save(update_fields=["hotline_activity"])
    for subject, title, body in TEMPLATES:
        ResponseTemplate.objects.get_or_create(
            subject=subject, title=title, defaults={"body": body}
        )
    added = 0
    today = timezone.localdate()
    for index, (title, kind, subject, stage) in enumerate(ITEMS):
        if Feedback.objects.filter(title=title).exists():
            continue
        item = services.submit(
            data=services.FeedbackData(
                kind=kind,
                subject=subject,
                title=title,
                content=f"{title}. Tôi là Trần Thị Bình, điện thoại 0905123456, mong được xem xét giải quyết.",
                name="Trần Thị Bình",
                phone="0905123456",
                email="",
                address="Tổ 3, phường Trần Phú",
                subject_detail="Cấp phiếu lý lịch tư pháp" if subject == Subject.PROCEDURE else "",
                consent_publish=True,
                channel="portal",
            ),
            receiving_unit=province,
            today=today - datetime.timedelta(days=20 - 5 * index),
        )
        added += 1
        if stage in ("assign", "publish"):
            item = services.accept(item=item)
            item = services.assign(item=item, unit=handler)
        if stage == "publish":
            item = services.start(item=item)
            item = services.draft(
                item=item, answer=TEMPLATES[0][2] + " Xin trả lời để bà Trần Thị Bình được biết."
            )
            item = services.approve(item=item)
            services.publish(item=item)
    return f"Phản ánh, kiến nghị: thêm {added} phản ánh mẫu, {len(TEMPLATES)} mẫu trả lời."
