"""The last evening of a contest round: start + submit under load, over PostgreSQL.

Run from a fresh install: ``python bench/contest_load.py`` (PostgreSQL on 127.0.0.1:5432,
user ``postgres``, no password). It creates its own database ``cchc_bench_contests``
(dropped again at the end), migrates it, builds a contest with a 40-question bank and
one round open now (10 questions per attempt), and bulk-writes the participants who
will take part (the generator is not what is measured). Then it starts gunicorn on
127.0.0.1 (``--workers`` sync workers, persistent database connections) and drives it
with locust (``FastHttpUser``), headless, from a separate process, in ``--rounds`` rounds
of two phases run close together (the load of a shared machine drifts):

1. baseline: 64 clients on a trivial view of the same server (``/healthz``, one
   ``SELECT 1`` behind the same middleware) for ``--baseline-seconds``;
2. contest: 64 clients, each taking attempts back to back as registered participants:
   POST start (answered with the questions page; the clock starts) -> POST the answers
   (303 to the result); one attempt in twenty is submitted twice (a replay). The phase
   ends when its share of the ``--attempts`` participants has submitted.

Figures: the contest requests' throughput as a ratio to the trivial view's in the same
round, both at steady state (while all 64 clients run, from locust's per-second history,
leaving out the ramp-up and the wind-down at the ends of each phase; the whole-phase ratio
is printed too), the median over rounds (target >= 0.5); the p99 latency of the contest requests
at 64 clients (the worst round; target < 250 ms), and from the database: every
submission stored exactly once, with the answers the client sent, and scored correctly
(recomputed here independently from the answer key). A last phase sends 8 simultaneous
submits of the same attempt for 50 attempts and checks that exactly one row each is
stored. Set ``BENCH_KEEP=1`` to keep the temporary folder (locust's CSV files, the
submissions the clients sent).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
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
TMP = tempfile.mkdtemp(prefix="cchc-bench-contests-")
DB_NAME = "cchc_bench_contests"
SECRET = "bench-contest-load-secret-key-" + "x" * 30
ENV = {
    "DJANGO_SETTINGS_MODULE": "cchc.settings",
    "CCHC_DATA_DIR": TMP,
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "CCHC_SECRET_KEY": SECRET,
    "CCHC_HTTPS": "false",
    "CCHC_DEBUG": "false",
    "CCHC_DB_CONN_MAX_AGE": "600",
    "CCHC_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CCHC_LOG_LEVEL": "ERROR",
}
os.environ.update(ENV)

import django  # noqa: E402

# Participants who take part before the measured rounds, so that every worker has
# imported, connected and filled its caches (their submissions are checked too).
WARMUP = 400
TARGET_RATIO = 0.5
TARGET_P99_MS = 250
CLIENTS = 64
BANK = 40
PER_ATTEMPT = 10
NAMES = ["start", "submit", "submit (replay)"]

LOCUSTFILE = (
    r"""
import json, os, random, re
from urllib.parse import urlencode
from locust import FastHttpUser, task, constant
from locust.exception import StopUser

FIRST = int(os.environ.get("BENCH_FIRST", "0"))
COOKIES = [line.split() for line in open(os.environ["BENCH_COOKIES"])][
    FIRST : FIRST + int(os.environ.get("BENCH_COUNT", "0"))
]
STATE = {"next": 0}
LOG = open(os.environ["BENCH_LOG"], "a", buffering=1)
SLUG = os.environ["BENCH_SLUG"]
ROUND = os.environ["BENCH_ROUND"]
COOKIE_NAME = os.environ["BENCH_COOKIE_NAME"]
CHOICE = re.compile(r'type="(radio|checkbox)" name="q(\d+)" value="(\d+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACTION = re.compile(r'action="/cuoc-thi/bai-thi/([^/]+)/nop/"')
SHEET = re.compile(r'name="de" value="([^"]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
"""
    + TRIVIAL_USER
    + r"""

class Participant(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        page = self.client.get(f"/cuoc-thi/{SLUG}/", name="(setup) contest page")
        self.csrf = TOKEN.search(page.text).group(1)
        self.csrf_cookie = next(c.value for c in self.client.cookiejar if c.name == "csrftoken")
        self.client.cookiejar.clear()  # each attempt sends its own Cookie header

    @task
    def attempt(self):
        i = STATE["next"]
        if i >= len(COOKIES):
            raise StopUser()  # every participant of this round has submitted
        STATE["next"] = i + 1
        _pk, cookie = COOKIES[i]
        headers = {**FORM, "Cookie": f"csrftoken={self.csrf_cookie}; {COOKIE_NAME}={cookie}"}
        with self.client.post(
            f"/cuoc-thi/{SLUG}/vong/{ROUND}/bat-dau/", data=urlencode({"csrfmiddlewaretoken": self.csrf}),
            headers=headers, allow_redirects=False, name="start", catch_response=True,
        ) as page:
            found = ACTION.search(page.text) if page.status_code == 200 else None
            if found is None:
                page.failure(f"start {page.status_code}")
                return
            token = found.group(1)
            text = page.text
            sheet = SHEET.search(text)
        choices, kinds = {}, {}
        for kind, q, c in CHOICE.findall(text):
            choices.setdefault(q, []).append(int(c))
            kinds[q] = kind
        answers = {}
        for q, cs in choices.items():
            if random.random() < 0.1:
                continue  # left unanswered
            if kinds.get(q) == "checkbox":
                answers[q] = sorted(random.sample(cs, random.randint(1, 2)))
            else:
                answers[q] = [random.choice(cs)]
        data = [("du_doan", str(random.randint(0, 50000)))]
        if sheet is not None:  # every hidden field of the form goes back, as from a browser
            data.append(("de", sheet.group(1)))
        data += [(f"q{q}", str(c)) for q, cs in answers.items() for c in cs]
        body = urlencode(data)
        for n in range(2 if random.random() < 0.05 else 1):
            with self.client.post(f"/cuoc-thi/bai-thi/{token}/nop/", data=body, headers=headers,
                                  allow_redirects=False, name="submit" if n == 0 else "submit (replay)",
                                  catch_response=True) as r:
                if r.status_code != 303:
                    r.failure(f"submit {r.status_code}")
                    return
        LOG.write(json.dumps([token, answers]) + "\n")
"""
)


def build(attempts: int) -> dict[str, object]:
    """A contest with one round open now and ``attempts`` registered participants."""
    import datetime
    import secrets

    from django.core import signing
    from django.utils import timezone

    from cchc.contests.models import Choice, Contest, Participant, Question, QuestionKind, Round
    from cchc.contests.views import COOKIE_SALT
    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create

    root = unit_create(
        parent=None, data=UnitData(name="Chính phủ", kind=UnitKind.CENTRAL, code="VN")
    )
    province = unit_create(
        parent=root, data=UnitData(name="Tỉnh Quảng Ngãi", kind=UnitKind.PROVINCE, code="51")
    )
    contest = Contest.objects.create(
        title="Cuộc thi tìm hiểu CCHC (thử tải)",
        slug="thu-tai",
        organiser=province,
        audiences=["citizens"],
    )
    for i in range(BANK):
        kind = QuestionKind.MULTIPLE if i % 5 == 4 else QuestionKind.SINGLE
        q = Question.objects.create(
            contest=contest, text=f"Câu hỏi {i + 1}?", kind=kind, topic="procedures"
        )
        correct = {0, 2} if kind == QuestionKind.MULTIPLE else {i % 4}
        Choice.objects.bulk_create(
            Choice(question=q, text=f"Phương án {j + 1}", is_correct=j in correct, order=j)
            for j in range(4)
        )
    now = timezone.now()
    round_ = Round.objects.create(
        contest=contest,
        title="Tuần 1",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=3),
        question_count=PER_ATTEMPT,
        time_limit_seconds=1800,
        min_plausible_seconds=1,
    )
    # Participant codes are unique: 8 random hex digits collide (a birthday) in about one
    # run in twenty at 20,000 participants, so draw them as a set.
    codes: set[str] = set()
    while len(codes) < attempts:
        codes.add(secrets.token_hex(4).upper())
    people = Participant.objects.bulk_create(
        (
            Participant(
                contest=contest,
                full_name=f"Người dự thi {i}",
                phone=f"09{i:08d}",
                locality=f"Xã {i % 97}",
                code=code,
                audience="citizens",
            )
            for i, code in enumerate(codes)
        ),
        batch_size=5000,
    )
    name = f"cuocthi_{contest.pk}"
    signer = signing.get_cookie_signer(salt=name + COOKIE_SALT)
    cookies = Path(TMP) / "cookies.txt"
    cookies.write_text("".join(f"{p.pk} {signer.sign(str(p.pk))}\n" for p in people))
    return {
        "slug": contest.slug,
        "round": round_.pk,
        "cookie_name": name,
        "cookies": str(cookies),
        "round_obj": round_,
    }


class _LineCounter:
    """Lines written so far to the clients' log, read incrementally: the bench polls it
    four times a second during the measured phase, on the same two cores."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset, self.count = path, 0, 0

    def __call__(self) -> int:
        if self.path.exists():
            with open(self.path, "rb") as handle:
                handle.seek(self.offset)
                chunk = handle.read()
            self.offset += len(chunk)
            self.count += chunk.count(b"\n")
        return self.count


def verify(log: Path, round_: object) -> tuple[int, list[str]]:
    """Every logged submission stored once, with the client's answers, scored right."""
    from decimal import ROUND_HALF_UP, Decimal

    from django.db.models import Count

    from cchc.contests.models import Attempt, Choice, Submission

    problems: list[str] = []
    sent = [json.loads(line) for line in log.read_text().splitlines()]
    tokens = [t for t, _a in sent]
    if len(set(tokens)) != len(tokens):
        problems.append("a token was logged twice")
    key: dict[int, set[int]] = {}
    for question_id, choice_id in Choice.objects.filter(is_correct=True).values_list(
        "question_id", "pk"
    ):
        key.setdefault(question_id, set()).add(choice_id)
    stored = {
        token: (answers, served, score, correct)
        for token, answers, served, score, correct in Submission.objects.filter(
            round=round_
        ).values_list("attempt__token", "answers", "attempt__served", "score", "correct")
    }
    dupes = Submission.objects.values("attempt_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    if dupes:
        problems.append(f"{dupes} attempts with more than one submission")
    if len(stored) != len(sent):
        problems.append(
            f"{len(stored)} submissions stored for {len(sent)} submitted by the clients"
        )
    unsubmitted = Attempt.objects.filter(round=round_, submission__isnull=True).count()
    if unsubmitted:
        problems.append(f"{unsubmitted} attempts started but not stored")
    wrong = 0
    for token, answers in sent:
        if token not in stored:
            problems.append(f"submission {token} missing")
            continue
        got, served, score, correct = stored[token]
        if {q: sorted(c) for q, c in got.items()} != {q: sorted(c) for q, c in answers.items()}:
            problems.append(f"submission {token}: stored answers differ from what was sent")
        right = sum(1 for q, _c in served if key.get(q) and set(answers.get(str(q), [])) == key[q])
        expected = (Decimal(100) * right / len(served)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if right != correct or expected != score:
            wrong += 1
    if wrong:
        problems.append(f"{wrong} submissions scored wrongly")
    return len(sent), problems[:10]


def _send(
    url: str,
    data: dict[str, str],
    cookies: dict[str, str],
    barrier: threading.Barrier,
    statuses: list[int],
) -> None:
    """One of the simultaneous submits: its own connection, the same cookies and answers."""
    import requests

    with requests.Session() as session:
        session.cookies.update(cookies)
        barrier.wait()
        statuses.append(session.post(url, data=data, allow_redirects=False).status_code)


def double_submit_race(port: int, round_: object, count: int = 50, parallel: int = 8) -> list[str]:
    """Fire ``parallel`` simultaneous submits of each of ``count`` attempts over HTTP."""
    import re

    import requests

    from cchc.contests.models import Participant, Submission
    from cchc.contests.services import attempt_start

    base = f"http://127.0.0.1:{port}"
    participants = [
        Participant.objects.create(
            contest_id=round_.contest_id,  # type: ignore[attr-defined]
            full_name=f"Đua {i}",
            phone=f"08{i:08d}",
            code=f"RACE{i:04d}",
            locality="Xã Đua",
        )
        for i in range(count)
    ]
    problems: list[str] = []
    for participant in participants:
        attempt = attempt_start(round_=round_, participant=participant)  # type: ignore[arg-type]
        session = requests.Session()
        page = session.get(f"{base}/cuoc-thi/thu-tai/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        q, choices = attempt.served[0]
        data = {"csrfmiddlewaretoken": csrf, f"q{q}": str(choices[0])}
        barrier = threading.Barrier(parallel)
        statuses: list[int] = []

        url = f"{base}/cuoc-thi/bai-thi/{attempt.token}/nop/"
        cookies = session.cookies.get_dict()
        threads = [
            threading.Thread(target=_send, args=(url, data, cookies, barrier, statuses))
            for _ in range(parallel)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rows = Submission.objects.filter(attempt=attempt)
        if rows.count() != 1 or set(statuses) != {303}:
            problems.append(
                f"attempt {attempt.pk}: {rows.count()} rows, statuses {sorted(statuses)}"
            )
        elif rows.get().replays != parallel - 1:
            problems.append(f"attempt {attempt.pk}: {rows.get().replays} replays counted")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=20_000, help="in all rounds")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--baseline-seconds", type=int, default=10, help="trivial view, per round")
    parser.add_argument("--max-seconds", type=int, default=600, help="contest phase, per round")
    args = parser.parse_args()
    print(f"temporary folder: {TMP}")
    print(f"load average at start: {load_average()}")
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    server = None
    try:
        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        world = build(args.attempts + WARMUP)
        connection.close()
        print(
            f"built a contest and {args.attempts} participants in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        server = start_server(port, args.workers)
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; locust: {CLIENTS} clients"
        )
        locustfile = Path(TMP) / "locustfile.py"
        locustfile.write_text(LOCUSTFILE)
        log = Path(TMP) / "submitted.jsonl"
        lines = _LineCounter(log)
        env = {
            "BENCH_COOKIES": str(world["cookies"]),
            "BENCH_LOG": str(log),
            "BENCH_SLUG": str(world["slug"]),
            "BENCH_ROUND": str(world["round"]),
            "BENCH_COOKIE_NAME": str(world["cookie_name"]),
        }
        locust(locustfile, "Trivial", port, 3, CLIENTS, Path(TMP) / "warmup-trivial", env)
        locust(
            locustfile, "Participant", port, 60, CLIENTS, Path(TMP) / "warmup",
            {**env, "BENCH_FIRST": str(args.attempts), "BENCH_COUNT": str(WARMUP)},
            stop_when=lambda: lines() >= WARMUP,
        )  # fmt: skip
        print(f"warm-up: {lines()} attempts (not counted in the figures)")
        ratios: list[float] = []
        wholes: list[float] = []
        p99 = failures = requests = 0.0
        per_round = -(-args.attempts // args.rounds)
        for n in range(1, args.rounds + 1):
            first = (n - 1) * per_round
            count = min(per_round, args.attempts - first)
            base = locust(
                locustfile,
                "Trivial",
                port,
                args.baseline_seconds,
                CLIENTS,
                Path(TMP) / f"baseline-{n}",
                env,
            )["Aggregated"]
            target = WARMUP + first + count
            stats = locust(
                locustfile,
                "Participant",
                port,
                args.max_seconds,
                CLIENTS,
                Path(TMP) / f"contest-{n}",
                {**env, "BENCH_FIRST": str(first), "BENCH_COUNT": str(count)},
                stop_when=lambda target=target: lines() >= target,
            )
            rps = sum(stats.get(name, EMPTY)["rps"] for name in NAMES)
            worst = max(stats.get(name, EMPTY)["p99"] for name in NAMES)
            whole = rps / max(base["rps"], 1)
            wholes.append(whole)
            # Steady state: both phases while all 64 clients run (see steady_rate).
            steady_base = base.get("steady_rps") or base["rps"]
            steady = stats.get("Aggregated", EMPTY).get("steady_rps") or rps
            ratio = steady / max(steady_base, 1)
            ratios.append(ratio)
            p99 = max(p99, worst)
            failures += sum(stats.get(name, EMPTY)["failures"] for name in NAMES)
            requests += sum(stats.get(name, EMPTY)["count"] for name in NAMES)
            start, submit = stats.get("start", EMPTY), stats.get("submit", EMPTY)
            print(
                f"round {n} (load {os.getloadavg()[0]:.1f}): trivial view {base['rps']:.0f} req/s "
                f"(p99 {base['p99']:.0f} ms); start {start['rps']:.0f}/s (p50 {start['p50']:.0f} ms, "
                f"p99 {start['p99']:.0f} ms), submit {submit['rps']:.0f}/s (p50 {submit['p50']:.0f} ms, "
                f"p99 {submit['p99']:.0f} ms); contest {rps:.0f} req/s; ratio {whole:.2f}; "
                f"steady state: trivial view {steady_base:.0f} req/s, contest {steady:.0f} req/s, "
                f"ratio {ratio:.2f}"
            )
        submitted, problems = verify(log, world["round_obj"])
        print(
            f"database: {submitted} submissions checked ({requests:.0f} contest requests, "
            f"{failures:.0f} failures); problems: {problems or 'none'}"
        )
        race = double_submit_race(port, world["round_obj"])
        print(
            f"8 simultaneous submits x 50 attempts: {'exactly one row each' if not race else race}"
        )
        ratio = statistics.median(ratios)
        print(
            f"throughput ratio over whole phases (ramp-up and wind-down included, median of "
            f"{args.rounds} rounds): {statistics.median(wholes):.2f}"
        )
        print(
            f"throughput ratio at steady state (contest requests / trivial view requests while "
            f"all {CLIENTS} clients run, median of {args.rounds} rounds): {ratio:.2f} "
            f"(target >= {TARGET_RATIO})"
        )
        print(
            f"p99 of contest requests at {CLIENTS} clients (worst round): {p99:.0f} ms "
            f"(target < {TARGET_P99_MS} ms)"
        )
        ok = (
            ratio >= TARGET_RATIO
            and p99 < TARGET_P99_MS
            and submitted >= 20_000
            and not problems
            and not race
            and failures == 0
        )
        print(
            f"RESULT contest start+submit ({submitted} submissions, {CLIENTS} clients, "
            f"{os.cpu_count()} cores): ratio {ratio:.2f}, p99 {p99:.0f} ms, exactly-once and "
            f"scoring {'OK' if not problems and not race else 'FAILED'} (target ratio >= "
            f"{TARGET_RATIO}, p99 < {TARGET_P99_MS} ms, >= 20000 stored once) "
            f"{'MET' if ok else 'NOT MET'}"
        )
    finally:
        stop_server(server)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
