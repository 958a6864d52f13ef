"""Keeping floods and robots out of the public form, with no third-party service.

* a simple arithmetic question, its answer signed (``django.core.signing``) with a nonce
  that can be used once (recorded in the cache);
* a honeypot field people never see;
* rate limits per client address and per phone number, counted in the cache (shared when
  ``CCHC_CACHE_URL`` names Redis).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "cchc.feedback.challenge"
CHALLENGE_MAX_AGE = 2 * 60 * 60
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def _limits() -> dict[str, tuple[int, int]]:
    """(count, seconds) per kind of key; overridable with the FEEDBACK_RATE_LIMITS setting."""
    default = {"ip": (5, 10 * 60), "phone": (3, 24 * 60 * 60), "track": (30, 10 * 60)}
    default.update(getattr(settings, "FEEDBACK_RATE_LIMITS", {}))
    return default


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()


def new_challenge() -> tuple[str, str]:
    """A question in Vietnamese and the signed token that goes with it in a hidden field."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "h": _digest(nonce, a + b)}, salt=SALT)
    return f"{NUMBERS[a]} cộng {NUMBERS[b]} bằng mấy? (viết bằng số)", token


def check_challenge(token: str, answer: str) -> str | None:
    """The token's nonce, once, for a right answer to a valid token; None otherwise.

    The token is spent either way (in the cache). The nonce is also stored on the
    feedback it admits (a unique column), so one token never admits two items even when
    several processes each keep their own local-memory cache.
    """
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=CHALLENGE_MAX_AGE)
        value = int((answer or "").strip())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    nonce = str(payload.get("n", ""))[:32]
    if not nonce or not cache.add(f"fb:nonce:{nonce}", 1, CHALLENGE_MAX_AGE + 60):
        return None
    if not constant_time_compare(_digest(nonce, value), str(payload.get("h", ""))):
        return None
    return nonce


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _hit(kind: str, value: str) -> bool:
    """Count one use; False when the limit for ``kind`` is already reached."""
    limit, seconds = _limits()[kind]
    key = f"fb:rate:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"
    if cache.add(key, 1, seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return True
    return count <= limit


def allow_submission(address: str, phone: str) -> str | None:
    """None when allowed, else which limit was reached ("ip" or "phone")."""
    if address and not _hit("ip", address):
        return "ip"
    if phone and not _hit("phone", phone):
        return "phone"
    return None


def allow_lookup(address: str) -> bool:
    return not address or _hit("track", address)
