"""Demo content of the public portal, for `cchc demo`. Idempotent: what exists is kept."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from cchc.orgs.models import Unit
from cchc.plans.models import Activity, Plan, PlanStatus, ReformArea, ReformIndex
from cchc.portal import services
from cchc.portal.models import (
    Article,
    ArticleStatus,
    HotlineContact,
    HotlineTopic,
    IndexResult,
    Initiative,
    MediaItem,
    MediaKind,
    SiteSetting,
)

ARTICLES = [
    (
        "Đẩy mạnh cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông",
        "Các cơ quan, đơn vị tiếp tục rà soát, đơn giản hóa thủ tục hành chính, công khai đầy đủ"
        " tại Bộ phận Một cửa và trên Cổng Dịch vụ công.",
        "<p>Năm 2023, tỉnh tiếp tục rà soát, đơn giản hóa thủ tục hành chính; <strong>100%</strong>"
        " thủ tục được công khai tại Bộ phận Một cửa các cấp.</p><ul><li>Tiếp nhận hồ sơ trực tuyến.</li>"
        "<li>Trả kết quả qua dịch vụ bưu chính công ích.</li></ul>",
        (ReformArea.PROCEDURES,),
    ),
    (
        "Chuyển đổi số, xây dựng chính quyền số: người dân được hưởng lợi gì?",
        "Dịch vụ công trực tuyến toàn trình giúp người dân nộp hồ sơ mọi lúc, mọi nơi.",
        "<p>Chuyển đổi số giúp giảm thời gian, chi phí đi lại của người dân và doanh nghiệp.</p>"
        "<h2>Dịch vụ công trực tuyến</h2><p>Người dân có thể nộp hồ sơ, thanh toán phí trực tuyến.</p>",
        (ReformArea.DIGITAL,),
    ),
    (
        "Công bố Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hài lòng (SIPAS)",
        "Kết quả Chỉ số CCHC và Chỉ số hài lòng của người dân là thước đo hiệu quả cải cách.",
        "<p>Kết quả các chỉ số được công bố công khai để người dân theo dõi, giám sát.</p>",
        (ReformArea.APPARATUS, ReformArea.CIVIL_SERVICE),
    ),
]

HOTLINE = [
    (HotlineTopic.PROCEDURES, "Văn phòng UBND tỉnh (Phòng Kiểm soát thủ tục hành chính)", "0255 3822 514",
     "kstthc@example.gov.vn", "52 Hùng Vương, TP. Quảng Ngãi", "Giờ hành chính các ngày làm việc"),
    (HotlineTopic.CONDUCT, "Sở Nội vụ (Phòng Cải cách hành chính)", "0255 3829 346", "cchc.snv@example.gov.vn",
     "120 Hùng Vương, TP. Quảng Ngãi", "Giờ hành chính các ngày làm việc"),
    (HotlineTopic.GENERAL, "Trung tâm Phục vụ hành chính công tỉnh", "1900 1234", "", "", "7h00 - 17h00"),
]  # fmt: skip

# (index, year, score, rank, ranked_of, components)
PROVINCE_RESULTS = [
    (ReformIndex.PAR_INDEX, 2021, "83.12", 38, 63, {"Cải cách thủ tục hành chính": "12.10"}),
    (ReformIndex.PAR_INDEX, 2022, "84.76", 31, 63, {"Cải cách thủ tục hành chính": "12.45"}),
    (ReformIndex.PAR_INDEX, 2023, "86.05", 25, 63, {"Cải cách thủ tục hành chính": "12.80"}),
    (ReformIndex.PAR_INDEX, 2024, "87.40", 21, 63, {"Cải cách thủ tục hành chính": "13.02"}),
    (ReformIndex.SIPAS, 2022, "80.10", 40, 63, {}),
    (ReformIndex.SIPAS, 2023, "82.65", 33, 63, {}),
    (ReformIndex.SIPAS, 2024, "84.20", 27, 63, {}),
    (ReformIndex.PCI, 2022, "64.06", 30, 63, {}),
    (ReformIndex.PCI, 2023, "65.87", 24, 63, {}),
]
AGENCY_DDCI = [("Sở Nội vụ", [(2023, "78.50", 3), (2024, "81.20", 2)]),
               ("Sở Tư pháp", [(2023, "80.10", 2), (2024, "79.60", 4)]),
               ("Sở Khoa học và Công nghệ", [(2023, "82.30", 1), (2024, "83.90", 1)])]  # fmt: skip


def _demo_image(text: str, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 1140, 615), outline=(255, 255, 255), width=8)
    draw.text((100, 300), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _demo_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "To roi CCHC"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _website_activity(province: Unit) -> Activity | None:
    plan = (
        Plan.objects.filter(status=PlanStatus.ISSUED, unit__path__startswith=province.path)
        .order_by("-period_start")
        .first()
    )
    if plan is None:
        return None
    for activity in Activity.objects.filter(plan=plan):
        if "website" in (activity.channels or []):
            return activity
    return None


@transaction.atomic
def build_demo(units: dict[str, Unit]) -> str:
    province = units["province"]
    added: list[str] = []
    if not SiteSetting.objects.exists():
        name = (
            province.name[:1].lower() + province.name[1:]
        )  # "Tỉnh Quảng Ngãi" → "tỉnh Quảng Ngãi"
        SiteSetting.objects.create(name=f"Cải cách hành chính {name}", unit=province)
    news = 0
    activity = _website_activity(province)
    for number, (title, summary, body, areas) in enumerate(ARTICLES):
        if Article.objects.filter(title=title).exists():
            continue
        link = activity if number == 0 else None
        author = link.plan.unit if link is not None else province
        article = services.article_create(
            data=services.ArticleData(
                unit=author, title=title, summary=summary, body=body, areas=areas, activity=link,
                image_alt=f"Ảnh minh họa: {title}",
            ),
            image=(f"anh-{number}.png", _demo_image(title[:40], [(164, 22, 26), (11, 79, 138), (20, 83, 45)][number])),
        )  # fmt: skip
        services.article_submit(article=article)
        when = timezone.now() - datetime.timedelta(days=3 * (len(ARTICLES) - number))
        if activity is not None and link is not None:
            start = activity.plan.period_start
            when = datetime.datetime(start.year, start.month, start.day, 9, tzinfo=datetime.UTC)
            when += datetime.timedelta(days=45)
        try:
            services.article_publish(article=article, when=when)
        except ValidationError:  # the output could not be recorded: publish without the link
            Article.objects.filter(pk=article.pk).update(activity=None, status=ArticleStatus.REVIEW)
            services.article_publish(article=Article.objects.get(pk=article.pk), when=when)
        news += 1
    if news:
        added.append(f"{news} tin bài")
    if not HotlineContact.objects.filter(unit=province).exists():
        for order, (topic, name, phone, email, address, hours) in enumerate(HOTLINE):
            services.hotline_save(
                data=services.HotlineData(
                    unit=province,
                    topic=topic,
                    name=name,
                    phone=phone,
                    email=email,
                    address=address,
                    hours=hours,
                    order=order,
                )  # fmt: skip
            )
        added.append(f"{len(HOTLINE)} số đường dây nóng")
    results = 0
    for index, year, score, rank, of, parts in PROVINCE_RESULTS:
        if not IndexResult.objects.filter(unit=province, index=index, year=year).exists():
            services.index_save(
                data=services.IndexData(
                    unit=province, index=index, year=year, score=Decimal(score), rank=rank, ranked_of=of,
                    components={k: Decimal(v) for k, v in parts.items()},
                    source=f"Quyết định công bố kết quả chỉ số năm {year}",
                )
            )  # fmt: skip
            results += 1
    for name, rows in AGENCY_DDCI:
        agency = units.get(name)
        if agency is None:
            continue
        for year, score, rank in rows:
            if not IndexResult.objects.filter(
                unit=agency, index=ReformIndex.DDCI, year=year
            ).exists():
                services.index_save(
                    data=services.IndexData(
                        unit=agency,
                        index=ReformIndex.DDCI,
                        year=year,
                        score=Decimal(score),
                        rank=rank,
                        ranked_of=20,
                    )  # fmt: skip
                )
                results += 1
    if results:
        added.append(f"{results} kết quả chỉ số")
    if not Initiative.objects.exists():
        services.initiative_save(
            data=services.InitiativeData(
                unit=province,
                title="Mô hình “Bộ phận Một cửa thân thiện” cấp xã",
                who="UBND xã và công chức Bộ phận Một cửa",
                place=units.get("commune0", province).name,
                year=2023,
                description="Sắp xếp lại nơi tiếp nhận hồ sơ, niêm yết thủ tục bằng mã QR, hướng dẫn tận tình.",
                results="Tỷ lệ hồ sơ trả đúng hạn đạt 99%; mức hài lòng của người dân tăng rõ rệt.",
                images=(("mo-hinh.png", _demo_image("Mot cua than thien", (92, 61, 30))),),
                image_alt="Bộ phận Một cửa thân thiện",
            )
        )
        added.append("1 mô hình")
    if not MediaItem.objects.exists():
        services.media_save(
            data=services.MediaData(
                unit=province,
                title="Tờ gấp: Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công",
                kind=MediaKind.LEAFLET,
                language="Tiếng Hrê",
                year=2023,
                description="Tờ gấp song ngữ Việt - Hrê hướng dẫn nộp hồ sơ trực tuyến.",
            ),  # fmt: skip
            upload=("to-gap-dich-vu-cong.pdf", _demo_pdf()),
        )
        added.append("1 tờ gấp")
    if not added:
        return "Cổng thông tin: nội dung mẫu đã có, giữ nguyên."
    return "Cổng thông tin: thêm " + ", ".join(added) + "."
