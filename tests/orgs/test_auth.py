"""Signing in and out, password reset, rate limits, password hashing."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_correct_password_reaches_dashboard(people):
    response = Client().post(reverse("login"), {"username": "tinh.xem", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:dashboard")


def test_wrong_password_gets_vietnamese_message(people):
    response = Client().post(reverse("login"), {"username": "tinh.xem", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_login(people, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "tinh.xem", "password": "sai"})
    response = client.post(reverse("login"), {"username": "tinh.xem", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_passwords_are_hashed_with_argon2(people, settings):
    from cchc import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = people["province_viewer"]
    user.set_password("mot-mat-khau-dai-2026")
    user.save()
    assert user.password.startswith("argon2$")
    assert user.check_password("mot-mat-khau-dai-2026")


def test_logout_needs_post(people):
    client = Client()
    client.force_login(people["province_viewer"])
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_password_reset_sends_a_working_link(people):
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "tinh.xem@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu tài khoản CCHC"
    assert "Hệ thống CCHC nhận được yêu cầu đặt lại mật khẩu" in message.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "mat-khau-moi-2026", "new_password2": "mat-khau-moi-2026"},
    )
    assert done.status_code == 302
    people["province_viewer"].refresh_from_db()
    assert people["province_viewer"].check_password("mat-khau-moi-2026")


def test_password_reset_for_unknown_email_reveals_nothing(people):
    response = Client().post(reverse("password_reset"), {"email": "khongai@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_broken_or_expired_reset_link_is_explained(people):
    response = Client().get(reverse("password_reset_confirm", args=["MQ", "sai-token"]), follow=True)
    assert "Đường dẫn không còn hiệu lực" in response.content.decode()


def test_expired_reset_link_is_refused(people, settings):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = people["province_viewer"]
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = Client().get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    assert "Đường dẫn không còn hiệu lực" in response.content.decode()


def test_weak_new_password_is_refused_in_vietnamese(people):
    client = Client()
    client.force_login(people["province_viewer"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Mật khẩu" in response.content.decode() or "mật khẩu" in response.content.decode()
