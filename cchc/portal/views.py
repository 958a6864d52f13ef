"""Public portal pages: home, news, feeds, sitemap, hotline, initiatives, indices, media.

Server-rendered, small, no JavaScript needed and nothing fetched from elsewhere.
"""

from __future__ import annotations

import mimetypes
import xml.etree.ElementTree as ET  # noqa: S405 - builds markup, parses nothing
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cchc.orgs.models import Unit
from cchc.plans.models import ReformArea, ReformIndex
from cchc.portal import selectors, services
from cchc.portal.charts import score_chart
from cchc.portal.models import (
    Article,
    ArticleStatus,
    HotlineContact,
    HotlineTopic,
    IndexResult,
    Initiative,
    MediaItem,
    MediaKind,
    PictureRendition,
)
from cchc.portal.permissions import can
from cchc.surveys.selectors import published_results
from cchc.text import fold

NEWS_PAGE_SIZE = 12
MEDIA_PAGE_SIZE = 24
INITIATIVES_PAGE_SIZE = 12


def _page(request: HttpRequest, items: Any, size: int) -> Any:
    return Paginator(items, size).get_page(request.GET.get("trang"))


def _query(**filters: str) -> str:
    """The filters to keep in the pager's links ("a=b&"), empty ones left out."""
    kept = {k.replace("_", "-"): v for k, v in filters.items() if v}
    return urlencode(kept) + "&" if kept else ""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    articles = list(selectors.published_articles()[:6])
    return render(request, "portal/home.html", {"articles": articles})


# --- News ----------------------------------------------------------------------------------


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("linh-vuc", "")
    qs = selectors.published_articles()
    if area in ReformArea.values:
        qs = qs.filter(areas__area=area)
    else:
        area = ""
    return render(
        request,
        "portal/news_list.html",
        {
            "page_obj": _page(request, qs, NEWS_PAGE_SIZE),
            "areas": ReformArea.choices,
            "area": area,
            "query": _query(linh_vuc=area),
        },
    )


@require_GET
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(selectors.published_articles(), slug=slug)
    related = list(
        selectors.published_articles()
        .filter(areas__area__in=article.area_values)
        .exclude(pk=article.pk)
        .distinct()[:4]
    )
    return render(
        request,
        "portal/news_detail.html",
        {
            "article": article,
            "related": related,
            "page_url": request.build_absolute_uri(article.get_absolute_url()),
            "image_url": request.build_absolute_uri(article.image.largest.url)
            if article.image is not None and article.image.largest is not None
            else "",
        },
    )


class NewsFeed(Feed):
    title = gettext_lazy("Tin tức cải cách hành chính")
    description = gettext_lazy("Tin, bài mới nhất về cải cách hành chính")
    language = "vi"

    def link(self) -> str:
        return reverse("portal:news_list")

    def items(self) -> list[Article]:
        return list(selectors.published_articles()[:30])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at

    def item_updateddate(self, item: Article) -> Any:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.unit.display_name

    def item_categories(self, item: Article) -> list[str]:
        return item.area_labels


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


news_feed = NewsFeed()
news_atom = NewsAtomFeed()


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page and published article, as a sitemaps.org XML document."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = ET.Element("urlset", {"xmlns": ns})

    def add(path: str, lastmod: Any = None) -> None:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = request.build_absolute_uri(path)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = lastmod.date().isoformat()

    for name in ("home", "news_list", "hotline", "initiatives", "indices", "media"):
        add(reverse(f"portal:{name}"))
    articles = Article.objects.filter(
        status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now()
    )
    for article in articles.only("slug", "updated_at").order_by("-published_at")[:40000]:
        add(article.get_absolute_url(), article.updated_at)
    for initiative in Initiative.objects.filter(published=True).only("pk")[:5000]:
        add(initiative.get_absolute_url())
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


# --- Hotline, initiatives ----------------------------------------------------------------------


@require_GET
def hotline(request: HttpRequest) -> HttpResponse:
    qs = HotlineContact.objects.select_related("unit").order_by("unit__path", "order", "pk")
    setting = selectors.site_setting()
    if setting is not None and setting.unit is not None:
        qs = qs.filter(unit__path__startswith=setting.unit.path)
    contacts = list(qs)
    groups: list[dict[str, Any]] = []
    for contact in contacts:
        if not groups or groups[-1]["unit"].pk != contact.unit_id:
            groups.append({"unit": contact.unit, "contacts": []})
        groups[-1]["contacts"].append(contact)
    return render(
        request, "portal/hotline.html", {"groups": groups, "topics": HotlineTopic.choices}
    )


@require_GET
def initiatives(request: HttpRequest) -> HttpResponse:
    qs = selectors.public_initiatives()
    year = request.GET.get("nam", "")
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(year=int(year))
    else:
        year = ""
    years = list(
        selectors.public_initiatives().order_by("-year").values_list("year", flat=True).distinct()
    )
    return render(
        request,
        "portal/initiatives.html",
        {
            "page_obj": _page(request, qs, INITIATIVES_PAGE_SIZE),
            "years": years,
            "year": year,
            "query": _query(nam=year),
        },
    )


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(selectors.public_initiatives(), pk=pk)
    return render(request, "portal/initiative_detail.html", {"initiative": initiative})


# --- Indices -------------------------------------------------------------------------------------


@require_GET
def indices(request: HttpRequest) -> HttpResponse:
    setting = selectors.site_setting()
    home_unit = selectors.default_index_unit(setting)
    unit = home_unit
    unit_param = request.GET.get("don-vi", "")
    if unit_param.isdigit() and len(unit_param) <= 18:
        unit = (
            Unit.objects.filter(
                pk=int(unit_param), pk__in=IndexResult.objects.values("unit_id")
            ).first()
            or unit
        )
    available = selectors.indices_with_data(None)
    index = request.GET.get("chi-so", "")
    if index not in ReformIndex.values:
        index = available[0][0] if available else ReformIndex.PAR_INDEX
    series = selectors.unit_series(unit, index) if unit else []
    below = selectors.children_results(unit, index, None) if unit else []
    label = ReformIndex(index).label
    chart = (
        score_chart(
            [(row.result.year, row.result.score) for row in series],
            title=_("Điểm %(i)s của %(u)s qua các năm") % {"i": label, "u": unit.display_name},
        )
        if unit
        else ""
    )
    return render(
        request,
        "portal/indices.html",
        {
            "unit": unit,
            "home_unit": home_unit,
            "index": index,
            "index_label": label,
            "indices": ReformIndex.choices,
            "available": {v for v, _label in available},
            "series": series,
            "latest_first": list(reversed(series)),
            "below": below,
            "below_year": below[0].result.year if below else None,
            "chart": chart,
            "units": selectors.index_units(home_unit) if home_unit else [],
            "components": sorted({k for row in series for k in row.result.components}),
            "surveys": _survey_results(unit) if index == ReformIndex.SIPAS else None,
        },
    )


def _survey_results(unit: Unit | None) -> dict[str, Any] | None:
    """The satisfaction surveys the unit (and units below) ran and published, latest year."""
    this_year = timezone.localdate().year
    for year in (this_year, this_year - 1):
        results = published_results(unit, year)
        if results:
            return {"year": year, "results": results}
    return None


# --- Media ------------------------------------------------------------------------------------------


@require_GET
def media(request: HttpRequest) -> HttpResponse:
    qs = selectors.public_media()
    kind = request.GET.get("loai", "")
    if kind in MediaKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    languages = sorted(set(selectors.public_media().values_list("language", flat=True)), key=fold)
    language = request.GET.get("ngon-ngu", "")
    if language in languages:
        qs = qs.filter(language=language)
    else:
        language = ""
    return render(
        request,
        "portal/media.html",
        {
            "page_obj": _page(request, qs, MEDIA_PAGE_SIZE),
            "kinds": MediaKind.choices,
            "kind": kind,
            "languages": languages,
            "language": language,
            "query": _query(loai=kind, ngon_ngu=language),
        },
    )


@require_http_methods(["GET", "HEAD"])
def media_download(request: HttpRequest, pk: int) -> FileResponse:
    """Count the download and send the file (only published items)."""
    item = get_object_or_404(MediaItem, pk=pk, published=True)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if request.method == "GET":
        services.media_count_download(item)
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "HEAD"])
def media_file(request: HttpRequest, name: str) -> FileResponse:
    """Serve an uploaded picture. Only files the portal owns; never a path it does not know.

    A picture nothing public shows yet (a draft's, an unpublished initiative's, one just
    uploaded) is for staff only, and kept out of shared caches; a public one may be cached
    for a month.
    """
    picture_id = (
        PictureRendition.objects.filter(file=name).values_list("picture_id", flat=True).first()
        if "\x00" not in name and len(name) <= 300
        else None
    )
    if picture_id is None:
        raise Http404
    public = selectors.picture_is_public(picture_id)
    if not public and not can(request.user, "content.view"):
        raise Http404
    storage = PictureRendition._meta.get_field("file").storage  # type: ignore[attr-defined]
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if public:
        patch_cache_control(response, public=True, max_age=60 * 60 * 24 * 30)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
