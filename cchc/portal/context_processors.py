"""What every public page shows: the portal's name and its sections."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label). A section appears once its app provides the page.
SECTIONS = [
    ("portal:home", _("Trang chủ")),
    ("portal:news_list", _("Tin tức CCHC")),
    ("procedures:search", _("Thủ tục hành chính")),
    ("feedback:submit", _("Phản ánh, kiến nghị")),
    ("contests:list", _("Cuộc thi")),
    ("surveys:list", _("Khảo sát")),
    ("portal:indices", _("Chỉ số CCHC")),
    ("portal:initiatives", _("Mô hình, sáng kiến")),
    ("portal:media", _("Tài liệu tuyên truyền")),
    ("portal:hotline", _("Đường dây nóng")),
]


@functools.lru_cache(maxsize=1)
def _sections() -> tuple[tuple[str, Any], ...]:
    """The sections whose pages exist, with their addresses (the URLconf is fixed at start)."""
    found = []
    for name, label in SECTIONS:
        try:
            found.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return tuple(found)


def _nav(path: str) -> list[dict[str, Any]]:
    return [
        {"url": url, "label": label, "current": path == url if url == "/" else path.startswith(url)}
        for url, label in _sections()
    ]


def portal(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith(("/staff/", "/admin/", "/api/", "/accounts/")):
        return {}
    from cchc.portal.selectors import portal_name, site_setting

    setting = site_setting()
    return {
        "portal_name": portal_name(setting),
        "portal_emblem": setting.emblem if setting is not None else None,
        "portal_nav": _nav(request.path),
    }
