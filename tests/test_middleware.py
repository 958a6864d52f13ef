"""Request clean-up shared by every page: the visitor's address behind a reverse proxy."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from cchc.middleware import TrustedProxyMiddleware
from tests.test_project import _cchc, _env


def _seen(settings, remote: str, forwarded: str | None, proxies: list[str]) -> str:
    settings.TRUSTED_PROXIES = proxies
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.META["REMOTE_ADDR"])
        return HttpResponse("ok")

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    TrustedProxyMiddleware(view)(RequestFactory().get("/", **extra))
    return seen[0]


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    assert _seen(settings, "203.0.113.9", "1.2.3.4", []) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_visitors_address_is_used(settings):
    proxies = ["10.0.0.0/8", "192.0.2.1"]
    assert _seen(settings, "10.1.2.3", "198.51.100.7", proxies) == "198.51.100.7"
    # Two proxies in a row: the first address left of them is the visitor's.
    assert _seen(settings, "10.1.2.3", "198.51.100.7, 192.0.2.1", proxies) == "198.51.100.7"
    # IPv6 visitors too, normalised.
    assert _seen(settings, "192.0.2.1", "2001:DB8::1", proxies) == "2001:db8::1"


def test_a_visitor_cannot_choose_their_address(settings):
    proxies = ["10.0.0.0/8"]
    # What the visitor wrote themselves stays left of what the proxy appended.
    assert _seen(settings, "10.1.2.3", "6.6.6.6, 198.51.100.7", proxies) == "198.51.100.7"
    # A request that did not come through the proxy keeps its own address.
    assert _seen(settings, "198.51.100.7", "6.6.6.6", proxies) == "198.51.100.7"
    # A malformed entry: the proxy's own address is kept, nothing breaks.
    assert _seen(settings, "10.1.2.3", "not-an-address", proxies) == "10.1.2.3"
    assert _seen(settings, "10.1.2.3", "", proxies) == "10.1.2.3"


@pytest.mark.django_db
def test_a_contest_registration_behind_the_proxy_records_the_visitors_address(settings, tree):
    from django.urls import reverse

    from cchc.contests.models import Participant
    from tests.contests.conftest import make_world

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    world = make_world(tree)
    response = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        reverse("contests:register", args=[world.contest.slug]),
        {"full_name": "Lê Văn A", "phone": "0912345678", "audience": "citizens", "locality": "Xã A"},
    )
    assert response.status_code == 302
    assert Participant.objects.get().ip == "198.51.100.7"


def test_a_bad_trusted_proxy_setting_stops_the_start_with_a_clear_message(tmp_path):
    result = _cchc("check", env=_env(tmp_path, CCHC_TRUSTED_PROXIES="10.0.0.0/8,proxy.local"))
    assert result.returncode != 0
    assert "CCHC_TRUSTED_PROXIES: 'proxy.local' is not an IP address or network" in result.stderr
