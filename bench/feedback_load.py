"""Citizen feedback submitted through the real HTTP stack: throughput, p99, nothing lost.

Run from a fresh install: ``python bench/feedback_load.py`` (PostgreSQL on 127.0.0.1:5432,
user ``postgres``, no password; ``--sqlite`` for a quick local run on a SQLite file). It
creates its own database ``cchc_bench_feedback`` (dropped again at the end), migrates it
and makes a province the default reception desk. Then it starts gunicorn on 127.0.0.1
(``--workers`` sync workers, persistent connections; the per-address rate limit is raised
by a settings module written in the temporary folder, since every client comes from
127.0.0.1) and drives it with locust (``FastHttpUser``), headless, from a separate process,
in ``--rounds`` rounds of two phases:

1. baseline: ``CLIENTS`` clients on a trivial view of the same server (``/healthz``, one
   ``SELECT 1``), ``--baseline-seconds``;
2. feedback: ``CLIENTS`` clients, each one submitting back to back as a citizen: GET the
   form (challenge and CSRF token) -> POST the form (302 to the tracking page, whose
   address carries the tracking code), ``--seconds``. Each client logs the code it was given.

Figures: feedback submissions per second over all rounds, the p99 latency of the submit
POST at ``CLIENTS`` clients (the worst round), and from the database: every code a client
was given is stored, exactly once, with the title the client sent (zero lost). Targets:
> 200 submissions/s, p99 < 250 ms, zero lost. The machine may be shared and noisy, so the
load average is printed at the start and for each round, and each round's submissions per
second are divided by the trivial view's requests per second in that round (the two phases
run close together); the median of these ratios is the figure to compare between runs.
Set ``BENCH_KEEP=1`` to keep the temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support.http_load import (  # noqa: E402
    EMPTY,
    PG,
    ROOT,
    TRIVIAL_USER,
    free_port,
    load_average,
    locust,
    psql,
    start_server,
    stop_server,
)

sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="cchc-bench-feedback-")
DB_NAME = "cchc_bench_feedback"
SQLITE = "--sqlite" in sys.argv
(Path(TMP) / "bench_feedback_settings.py").write_text(
    "from cchc.settings import *  # noqa: F403\n"
    "FEEDBACK_RATE_LIMITS = {'ip': (10**9, 60), 'phone': (10**9, 60), 'track': (10**9, 60)}\n"
)
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench_feedback_settings",
    "PYTHONPATH": os.pathsep.join([TMP, str(ROOT)]),
    "CCHC_DATA_DIR": TMP,
    "DATABASE_URL": f"sqlite:///{TMP}/bench.sqlite3" if SQLITE else f"{PG}/{DB_NAME}",
    "CCHC_SECRET_KEY": "bench-feedback-load-secret-key-" + "x" * 30,
    "CCHC_HTTPS": "false",
    "CCHC_DEBUG": "false",
    "CCHC_DB_CONN_MAX_AGE": "600",
    "CCHC_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CCHC_LOG_LEVEL": "ERROR",
    "CCHC_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}
os.environ.update(ENV)
sys.path.insert(0, TMP)

import django  # noqa: E402

TARGET_RATE = 200
TARGET_P99_MS = 250
CLIENTS = 64

LOCUSTFILE = (
    r"""
import os, re, random
from locust import FastHttpUser, task, constant

LOG = open(os.environ["BENCH_LOG"], "a", buffering=1)
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION = re.compile(r"Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng mấy")
CODE = re.compile(r"ma=([A-Z0-9]{10})")
"""
    + TRIVIAL_USER
    + r"""

class Citizen(FastHttpUser):
    wait_time = constant(0)

    @task
    def submit(self):
        page = self.client.get("/phan-anh/", name="form")
        a, b = QUESTION.search(page.text).groups()
        title = f"Phản ánh thử tải {random.getrandbits(48):012x}"
        data = {
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            "token": TOKEN.search(page.text).group(1),
            "answer": str(NUMBERS.index(a) + NUMBERS.index(b)),
            "kind": "report",
            "subject": "conduct",
            "title": title,
            "content": "Công chức tiếp nhận hồ sơ không hướng dẫn đầy đủ. " * 5,
            "name": "Nguyễn Văn Thử",
            "phone": f"09{random.randrange(10**8):08d}",
            "consent_publish": "on",
        }
        with self.client.post("/phan-anh/", data=data, allow_redirects=False, name="submit",
                              catch_response=True) as response:
            found = CODE.search(response.headers.get("Location", ""))
            if response.status_code != 302 or found is None:
                response.failure(f"submit {response.status_code}")
                return
        LOG.write(f"{found.group(1)} {title}\n")
"""
)


def build() -> None:
    from cchc.feedback.models import UnitSetting
    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create

    root = unit_create(
        parent=None, data=UnitData(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN")
    )
    province = unit_create(
        parent=root, data=UnitData(name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, code="51")
    )
    UnitSetting.objects.create(unit=province, is_default_desk=True)


def run(
    user_class: str, port: int, seconds: int, extra: dict[str, str], tag: str
) -> dict[str, dict[str, float]]:
    locustfile = Path(TMP) / "locustfile.py"
    locustfile.write_text(LOCUSTFILE)
    prefix = Path(TMP) / f"{user_class}{tag}"
    return locust(locustfile, user_class, port, seconds, CLIENTS, prefix, extra)


def verify(log: Path) -> tuple[int, list[str]]:
    """Every code a client was given is stored once, with the title that client sent."""
    from django.db.models import Count

    from cchc.feedback.models import Event, Feedback

    sent = [line.split(" ", 1) for line in log.read_text().splitlines() if line.strip()]
    problems: list[str] = []
    stored = dict(Feedback.objects.values_list("code", "title"))
    for code, title in sent:
        if code not in stored:
            problems.append(f"{code} missing")
        elif stored[code] != title:
            problems.append(f"{code}: stored title differs")
    if len(stored) != len(sent):
        problems.append(f"{len(stored)} stored for {len(sent)} confirmed to clients")
    without_history = Feedback.objects.annotate(n=Count("events")).exclude(n=1).count()
    if without_history:
        problems.append(f"{without_history} items without exactly one history row")
    if Event.objects.count() != len(stored):
        problems.append("history rows do not match items")
    return len(sent), problems[:10]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20, help="citizens, per round")
    parser.add_argument("--baseline-seconds", type=int, default=10, help="trivial view, per round")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    print(f"temporary folder: {TMP}")
    load1 = os.getloadavg()[0]
    print(f"load average at start: {load_average()}")
    if not SQLITE:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        psql(f"CREATE DATABASE {DB_NAME}")
    server = None
    try:
        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        build()
        connection.close()
        port = free_port()
        server = start_server(port, args.workers)
        engine = "SQLite" if SQLITE else "PostgreSQL"
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port} ({engine}); locust: {CLIENTS} clients"
        )
        extra = {"BENCH_LOG": str(Path(TMP) / "codes.txt")}
        # Rounds of (trivial view, then citizens): the load of a shared machine drifts, so
        # each round's ratio compares two phases run close together.
        ratios: list[float] = []
        count = seconds = failures = p99 = 0.0
        for n in range(1, args.rounds + 1):
            base = run("Trivial", port, args.baseline_seconds, extra, f"-{n}")["Aggregated"]
            stats = run("Citizen", port, args.seconds, extra, f"-{n}")
            form = stats.get("form", EMPTY)
            submit = stats.get("submit", EMPTY)
            ratio = submit["rps"] / max(base["rps"], 1)
            ratios.append(ratio)
            count += submit["count"]
            seconds += submit["count"] / submit["rps"] if submit["rps"] else args.seconds
            failures += submit["failures"] + form["failures"]
            p99 = max(p99, submit["p99"])
            print(
                f"round {n} (load {os.getloadavg()[0]:.1f}): trivial view {base['rps']:.0f} req/s "
                f"(p99 {base['p99']:.0f} ms); form {form['rps']:.0f}/s (p99 {form['p99']:.0f} ms); "
                f"submit {submit['rps']:.0f}/s (p50 {submit['p50']:.0f} ms, p99 {submit['p99']:.0f} ms), "
                f"{submit['failures'] + form['failures']:.0f} failures; ratio {ratio:.2f}"
            )
        rate = count / seconds if seconds else 0.0
        submitted, problems = verify(Path(extra["BENCH_LOG"]))
        lost = len([p for p in problems if "missing" in p])
        print(
            f"database: {submitted} confirmed submissions checked; problems: {problems or 'none'}"
        )
        ratio = statistics.median(ratios)
        print(
            f"submissions/s as a ratio to the trivial view's requests/s (median of {args.rounds} "
            f"rounds): {ratio:.2f}"
        )
        ok = (
            rate > TARGET_RATE
            and p99 < TARGET_P99_MS
            and not problems
            and failures == 0
            and submitted > 0
        )
        print(
            f"RESULT feedback submissions over HTTP ({engine}, {args.workers} workers, {CLIENTS} "
            f"clients, {os.cpu_count()} cores, load {load1:.1f}): {rate:.0f}/s ({ratio:.2f} x trivial "
            f"view), p99 {p99:.0f} ms (worst round), {lost} lost (target > {TARGET_RATE}/s, "
            f"p99 < {TARGET_P99_MS} ms, 0 lost) {'MET' if ok else 'NOT MET'}"
        )
    finally:
        stop_server(server)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        if not SQLITE:
            psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
