"""The project as a newcomer meets it: settings, deploy checks, the `cchc` command, the demo."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CCHC_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"CCHC_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}, **extra)
    return env


def _cchc(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_deploy_check_is_clean_with_default_settings(tmp_path):
    """With debug off (the default) `check --deploy` reports nothing."""
    result = _cchc("check", "--deploy", "--fail-level", "WARNING", env=_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked(tmp_path):
    result = _cchc("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)", env=_env(tmp_path))
    assert result.stdout.strip() == "False"


def test_a_secret_key_is_generated_once_and_kept(tmp_path):
    env = _env(tmp_path)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _cchc("shell", "-v", "0", "-c", code, env=env).stdout.strip()
    second = _cchc("shell", "-v", "0", "-c", code, env=env).stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_bad_boolean_setting_is_reported(tmp_path):
    result = _cchc("check", env=_env(tmp_path, CCHC_DEBUG="perhaps"))
    assert result.returncode != 0
    assert "CCHC_DEBUG must be true or false" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_demo_starts_serves_the_login_page_and_keeps_its_data(tmp_path):
    """`cchc demo` sets everything up, prints logins, and serves on 127.0.0.1."""
    port = _free_port()
    env = _env(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "cchc", "demo", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as r:  # noqa: S310
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert "Đăng nhập" in body
        # The public site is served at the root with the demo's content.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:  # noqa: S310
            home = r.read().decode()
        assert "cải cách hành chính" in home.lower() and 'name="q"' in home
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert f"http://127.0.0.1:{port}/" in output
    # The e-mails the demo sends (printed) link to where it serves, not the default port.
    assert f"http://127.0.0.1:{port}/staff/" in output
    assert "http://127.0.0.1:8000/" not in output
    assert "quantri" in output and "cchc-demo-2026" in output
    assert "Nhắc hạn tự động" in output  # the embedded reminder schedule started
    assert "Báo cáo định kỳ: thêm" in output
    again = _cchc("demo", "--no-serve", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "đã có, giữ nguyên" in again.stdout
    assert "Nhắc hạn tự động" not in again.stdout


@pytest.mark.django_db
def test_nul_characters_in_query_strings_are_dropped_not_sent_to_the_database(people):
    """PostgreSQL text cannot hold NUL: a "%00" in a search must find nothing, not fail."""
    from tests.conftest import client_for

    client = client_for(people["province_viewer"])
    response = client.get("/staff/units/", {"q": "x\x00y", "page": "\x00"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "xy"
    assert client.get("/staff/units/?q=%00&page=%00").status_code == 200
    assert client.get("/thu-tuc/?q=%00ket%00hon").status_code == 200


@pytest.mark.django_db
def test_a_browser_asking_for_english_gets_the_vietnamese_pages_marked_as_such(people):
    """The texts are Vietnamese: the page must say so (screen readers pick their voice from
    lang), and Django's own messages, dates and numbers must be Vietnamese too."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    home = client.get("/").content.decode()
    assert '<html lang="vi">' in home
    login = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert '<html lang="vi">' in login and "Trường này là bắt buộc." in login
    assert "This field is required." not in login
