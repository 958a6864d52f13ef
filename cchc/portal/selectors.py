"""Reading the portal's content: what the public sees, and index results with their change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cchc.orgs.models import Unit
from cchc.plans.models import ReformIndex
from cchc.portal.models import (
    Article,
    ArticleStatus,
    IndexResult,
    Initiative,
    MediaItem,
    Picture,
    PictureRendition,
    SiteSetting,
)

SITE_SETTING_CACHE_KEY = "portal:site-setting"
SITE_SETTING_TTL = 60  # seconds; saving or deleting the row (or its emblem) drops it at once


def site_setting() -> SiteSetting | None:
    """The portal's one settings row, kept in the cache: every public page shows it."""
    cached = cache.get(SITE_SETTING_CACHE_KEY)
    if cached is not None:
        return cached or None  # "" stands for "no row"
    setting = SiteSetting.objects.select_related("unit", "emblem").order_by("pk").first()
    cache.set(SITE_SETTING_CACHE_KEY, setting or "", SITE_SETTING_TTL)
    return setting


def forget_site_setting(**kwargs: object) -> None:
    cache.delete(SITE_SETTING_CACHE_KEY)


def portal_name(setting: SiteSetting | None = None) -> str:
    if setting is not None and setting.name:
        return setting.name
    return str(settings.PORTAL_NAME)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _with_pictures(qs: QuerySet[Any], field: str) -> QuerySet[Any]:
    return qs.prefetch_related(
        Prefetch(f"{field}__renditions", queryset=PictureRendition.objects.order_by("width"))
    )


def published_articles() -> QuerySet[Article]:
    qs = Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())
    return _with_pictures(qs.select_related("unit", "image"), "image").prefetch_related("areas")


def public_initiatives() -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(published=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch("images", queryset=Picture.objects.prefetch_related("renditions"))
        )
    )


def picture_is_public(picture_id: int) -> bool:
    """Whether anyone may see the picture: the portal's emblem, the image of a published
    article, or a picture of a public initiative (at most three small queries)."""
    return (
        Article.objects.filter(
            image_id=picture_id, status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now()
        ).exists()
        or Initiative.objects.filter(images=picture_id, published=True).exists()
        or SiteSetting.objects.filter(emblem_id=picture_id).exists()
    )


def public_media() -> QuerySet[MediaItem]:
    return MediaItem.objects.filter(published=True).select_related("unit")


# --- Indices ---------------------------------------------------------------------------------


@dataclass
class IndexRow:
    result: IndexResult
    previous: IndexResult | None

    @property
    def score_change(self) -> Decimal | None:
        return None if self.previous is None else self.result.score - self.previous.score

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative) since the year before."""
        if self.previous is None or self.previous.rank is None or self.result.rank is None:
            return None
        return self.previous.rank - self.result.rank


def with_change(results: list[IndexResult]) -> list[IndexRow]:
    """Each result with the same unit's result of the year before (when there is one)."""
    by_key = {(r.unit_id, r.index, r.year): r for r in results}
    missing = {(r.unit_id, r.index, r.year - 1) for r in results} - set(by_key)
    if missing:
        units = {k[0] for k in missing}
        for extra in IndexResult.objects.filter(
            unit_id__in=units, year__in={k[2] for k in missing}
        ):
            by_key.setdefault((extra.unit_id, extra.index, extra.year), extra)
    return [IndexRow(r, by_key.get((r.unit_id, r.index, r.year - 1))) for r in results]


def index_units(root: Unit | None) -> list[Unit]:
    """Units (the root and those below it) that have any index result, in tree order."""
    qs = Unit.objects.filter(pk__in=IndexResult.objects.values("unit_id"))
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return list(qs.order_by("path"))


def default_index_unit(setting: SiteSetting | None) -> Unit | None:
    if setting is not None and setting.unit is not None:
        return setting.unit
    units = index_units(None)
    return min(units, key=lambda u: u.depth) if units else None


def unit_series(unit: Unit, index: str) -> list[IndexRow]:
    results = list(
        IndexResult.objects.filter(unit=unit, index=index).select_related("unit").order_by("year")
    )
    return with_change(results)


def children_results(unit: Unit, index: str, year: int | None) -> list[IndexRow]:
    """Results of the units below ``unit`` for the year (the latest when ``year`` is None)."""
    below = IndexResult.objects.filter(unit__path__startswith=unit.path, index=index).exclude(
        unit=unit
    )
    if year is None:
        year = below.order_by("-year").values_list("year", flat=True).first()
        if year is None:
            return []
    results = list(
        below.filter(year=year).select_related("unit").order_by("rank", "-score", "unit__name")
    )
    return with_change(results)


def indices_with_data(unit: Unit | None) -> list[tuple[str, str]]:
    qs = IndexResult.objects.all()
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    present = set(qs.values_list("index", flat=True).distinct())
    return [(v, str(label)) for v, label in ReformIndex.choices if v in present]
