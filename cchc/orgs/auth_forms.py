"""Sign-in and password-reset forms with the project's own Vietnamese wording."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường. Sau nhiều lần"
            " sai, tài khoản sẽ bị tạm khóa 15 phút."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Hãy liên hệ quản trị hệ thống."),
    }
