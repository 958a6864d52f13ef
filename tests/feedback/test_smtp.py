"""The tracking code and the answer reach the citizen over real SMTP (a server on loopback)."""

from __future__ import annotations

import email
import email.header
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from cchc.feedback import services
from tests.feedback.conftest import data

pytestmark = pytest.mark.django_db(transaction=True)


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
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


def _text(message: Message) -> tuple[str, str]:
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return subject, payload.decode(message.get_content_charset() or "utf-8")


def test_code_then_answer_arrive_by_smtp_after_commit(tree, smtp_inbox):
    item = services.submit(data=data(), receiving_unit=tree.province)
    assert len(smtp_inbox.messages) == 1
    subject, body = _text(smtp_inbox.messages[0])
    assert smtp_inbox.messages[0]["To"] == "an.nguyen@example.vn"
    assert item.code in subject and f"/phan-anh/tra-cuu/?ma={item.code}" in body
    item = services.accept(item=item)
    item = services.assign(item=item, unit=tree.dept)
    item = services.start(item=item)
    item = services.draft(item=item, answer="Đơn vị đã chấn chỉnh việc hướng dẫn hồ sơ.")
    services.approve(item=item)
    assert len(smtp_inbox.messages) == 2
    subject, body = _text(smtp_inbox.messages[1])
    assert "Trả lời phản ánh" in subject and "chấn chỉnh việc hướng dẫn" in body
