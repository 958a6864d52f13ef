"""What browser tests share: signing in and asking axe-core for WCAG 2.1 AA violations."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from tests.conftest import PASSWORD

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The WCAG 2.1 AA violations axe-core finds on the page, one line each."""
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


def login(page, live_server, username: str, *, check_axe: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the login form and wait for the staff dashboard."""
    page.goto(f"{live_server.url}/accounts/login/")
    if check_axe:
        assert violations(page) == []
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/staff/")
