"""Sending notifications: once per person and event, in the app and by e-mail.

``notify`` first stores one row per recipient and event key (a unique constraint makes a
second call a no-op), then e-mails the rows not yet e-mailed and marks them. A run that
stops half-way is resumed by calling again: rows already stored are not duplicated and
only the e-mails not yet marked are sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.notify.models import Notification

log = logging.getLogger(__name__)


def notify(
    users: Iterable[Any],
    *,
    key: str,
    title: str,
    body: str = "",
    link: str = "",
    kind: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each user once for ``key``; return the notifications created by this call."""
    created: list[Notification] = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                note, was_new = Notification.objects.get_or_create(
                    user=user,
                    key=key,
                    defaults={"title": title[:300], "body": body, "link": link[:500], "kind": kind},
                )
        except IntegrityError:  # a concurrent run stored it first
            continue
        if was_new:
            created.append(note)
        if email:
            send_pending(note)
    return created


def send_pending(note: Notification) -> bool:
    """E-mail a stored notification unless it was already e-mailed; True when sent now."""
    if note.emailed_at is not None or not note.user.email:
        return False
    # Claim the row first so two workers never both send it.
    claimed = Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    body = note.body
    if note.link:
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        body = f"{body}\n\n{base}{note.link}".strip()
    try:
        send_mail(note.title, body, None, [note.user.email])
    except Exception:
        # Release the claim so the next run retries the e-mail.
        Notification.objects.filter(pk=note.pk).update(emailed_at=None)
        log.exception("could not e-mail notification %s", note.pk)
        raise
    note.refresh_from_db(fields=["emailed_at"])
    return True


def resend_pending() -> int:
    """E-mail every stored notification whose e-mail was not sent (after a crash)."""
    sent = 0
    for note in (
        Notification.objects.filter(emailed_at__isnull=True)
        .exclude(user__email="")
        .select_related("user")
    ):
        try:
            sent += send_pending(note)
        except Exception:  # noqa: S112 - logged in send_pending; retried next run
            continue
    return sent


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
