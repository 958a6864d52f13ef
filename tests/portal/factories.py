"""Content built through the services, for the view and browser tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cchc.portal import services
from cchc.portal.models import Article
from tests.portal.conftest import image_bytes


def published_article(
    unit: Any, title: str = "Cải cách thủ tục hành chính", **extra: Any
) -> Article:
    image = extra.pop("image", ("anh.png", image_bytes(900, 500)))
    data = {
        "summary": "Tóm tắt bài viết.",
        "body": "<p>Nội dung <strong>chính</strong>.</p>",
        "areas": ("procedures",),
    }
    data.update(extra)
    article = services.article_create(
        data=services.ArticleData(unit=unit, title=title, image_alt="Ảnh minh họa", **data),
        image=image,
    )
    services.article_submit(article=article)
    return services.article_publish(article=article)


def full_portal(tree: Any) -> dict[str, Any]:
    """One of everything the public site shows."""
    article = published_article(tree.province, title="Tin về một cửa liên thông")
    contact = services.hotline_save(
        data=services.HotlineData(
            unit=tree.province,
            topic="procedures",
            name="Văn phòng UBND tỉnh",
            phone="0255 3822 514",
            email="vp@example.gov.vn",
            address="52 Hùng Vương",
        )  # fmt: skip
    )
    initiative = services.initiative_save(
        data=services.InitiativeData(
            unit=tree.province,
            title="Một cửa thân thiện",
            who="UBND xã Minh Đức",
            year=2023,
            place="Xã Minh Đức",
            results="99% hồ sơ đúng hạn",
            images=(("mo-hinh.png", image_bytes(800, 600)),),
        )  # fmt: skip
    )
    for year, score, rank in ((2022, "84.76", 31), (2023, "86.05", 25), (2024, "85.10", 27)):
        services.index_save(
            data=services.IndexData(
                unit=tree.province,
                index="par_index",
                year=year,
                score=Decimal(score),
                rank=rank,
                ranked_of=63,
                components={"Cải cách TTHC": Decimal("12.5")},
                source=f"QĐ công bố {year}",
            )  # fmt: skip
        )
    for year, score in ((2023, "78.5"), (2024, "81.2")):
        services.index_save(
            data=services.IndexData(
                unit=tree.dept,
                index="par_index",
                year=year,
                score=Decimal(score),
                rank=2,
                ranked_of=20,
            )  # fmt: skip
        )
    media = services.media_save(
        data=services.MediaData(
            unit=tree.province,
            title="Tờ gấp dịch vụ công",
            kind="leaflet",
            language="Tiếng Hrê",
            year=2024,
        ),  # fmt: skip  # noqa: DTZ011
        upload=("to-gap.pdf", b"%PDF-1.4 to gap"),
    )
    return {"article": article, "contact": contact, "initiative": initiative, "media": media}
