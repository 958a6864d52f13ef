"""Password-reset mail goes out over real SMTP, to a server on the loopback interface."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_inbox(settings) -> Iterator[Inbox]:  # type: ignore[no-untyped-def]
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    try:
        yield inbox
    finally:
        controller.stop()


def test_reset_link_arrives_by_smtp_in_vietnamese(people, smtp_inbox):
    response = Client().post(reverse("password_reset"), {"email": "tinh.xem@example.org"})
    assert response.status_code == 302
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "tinh.xem@example.org"
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert "Đặt lại mật khẩu" in subject
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "Tên đăng nhập của bạn: tinh.xem" in body
    assert re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", body)
