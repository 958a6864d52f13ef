"""Request clean-up shared by every page."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict


class TrustedProxyMiddleware:
    """Behind a reverse proxy, put the visitor's address in ``REMOTE_ADDR``.

    Only when the request comes from one of ``TRUSTED_PROXIES`` (addresses or networks,
    ``CCHC_TRUSTED_PROXIES``): the ``X-Forwarded-For`` list is read from the right, past
    the trusted proxies, and the first other valid address is the visitor's. Anything a
    visitor writes into the header themselves stays to the left of it and is ignored.
    Without trusted proxies (the default) nothing changes. Rate limits (feedback,
    surveys) and the "many accounts from one address" flag of contests read this address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = [
            ipaddress.ip_network(item.strip(), strict=False)
            for item in getattr(settings, "TRUSTED_PROXIES", [])
            if item.strip()
        ]

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.networks and self._trusted(request.META.get("REMOTE_ADDR", "")):
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            for hop in reversed(hops):
                if self._trusted(hop):
                    continue
                try:
                    request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(hop))
                except ValueError:
                    pass  # a malformed entry: keep the proxy's own address
                break
        return self.get_response(request)


class StripNullCharactersMiddleware:
    """Drop NUL characters (``%00``) from query string keys and values.

    No person types them, PostgreSQL text cannot hold them (a search for "%00" would fail
    with a database error instead of finding nothing), and forms already refuse them in
    posted fields.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]
        return self.get_response(request)
