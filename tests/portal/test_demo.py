"""The demo content: built through the services, idempotent, one Vietnamese line."""

from __future__ import annotations

import pytest

from cchc.portal.demo import build_demo
from cchc.portal.models import (
    Article,
    ArticleStatus,
    HotlineContact,
    IndexResult,
    Initiative,
    MediaItem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_adds_every_kind_of_content_once(tree):
    units = {"province": tree.province, "Sở Nội vụ": tree.dept, "commune0": tree.commune_a}
    line = build_demo(units)
    assert line.startswith("Cổng thông tin: thêm 3 tin bài")
    assert Article.objects.filter(status=ArticleStatus.PUBLISHED).count() == 3
    assert HotlineContact.objects.count() == 3
    assert IndexResult.objects.filter(unit=tree.dept).count() == 2
    assert Initiative.objects.count() == 1 and MediaItem.objects.get().language == "Tiếng Hrê"
    counts = [
        m.objects.count() for m in (Article, HotlineContact, IndexResult, Initiative, MediaItem)
    ]
    assert build_demo(units) == "Cổng thông tin: nội dung mẫu đã có, giữ nguyên."
    assert [
        m.objects.count() for m in (Article, HotlineContact, IndexResult, Initiative, MediaItem)
    ] == counts
