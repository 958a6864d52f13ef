"""What the HTTP load benchmarks share: gunicorn on loopback, driven by locust.

A library, not a benchmark: ``bench/feedback_load.py`` and ``bench/contest_load.py``
import it. The server is the project's own WSGI application under gunicorn (sync workers, persistent
database connections), started in its own process group; the load comes from locust,
headless, in another process, so the client and the server each have their own
interpreter. Both run on this machine: the figures that matter are ratios to a trivial
view of the same server measured in the same run.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
BIN = Path(sys.executable).parent
EMPTY = {"count": 0.0, "failures": 0.0, "rps": 0.0, "p50": 0.0, "p99": 0.0}

# The trivial view every benchmark compares with: one ``SELECT 1`` behind the full
# middleware stack. A locustfile includes this class (``TRIVIAL_USER``) and its own.
TRIVIAL_USER = r"""
class Trivial(FastHttpUser):
    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="trivial view")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    """gunicorn serving ``cchc.wsgi`` with this process's environment; waits until it answers."""
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(BIN / "gunicorn"),
            "cchc.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen[bytes] | None) -> None:
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def locust(
    locustfile: Path,
    user_class: str,
    port: int,
    seconds: int,
    clients: int,
    csv_prefix: Path,
    env: dict[str, str],
    stop_when: Callable[[], bool] | None = None,
) -> dict[str, dict[str, float]]:
    """Run ``clients`` users of ``user_class`` for ``seconds`` (or until ``stop_when()``);
    returns locust's statistics per request name (count, failures, rps, p50, p99 in ms)."""
    process = subprocess.Popen(  # noqa: S603 - our own locust, fixed arguments
        [
            str(BIN / "locust"),
            "-f",
            str(locustfile),
            "--headless",
            "--only-summary",
            "--loglevel",
            "ERROR",
            "-u",
            str(clients),
            "-r",
            str(clients),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(csv_prefix),
            user_class,
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + seconds + 60
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.25)
        if stop_when is not None and stop_when():
            break
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # locust stops its users and writes the CSV files
        process.wait(timeout=60)
    for kind in ("exceptions", "failures"):
        path = Path(f"{csv_prefix}_{kind}.csv")
        if path.exists():
            with open(path, newline="") as handle:
                for row in list(csv.DictReader(handle))[:3]:
                    print(f"  locust {kind}: {dict(row)}"[:400])
    rows: dict[str, dict[str, float]] = {}
    steady = steady_rate(Path(f"{csv_prefix}_stats_history.csv"), clients)
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "count": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    if "Aggregated" in rows:
        rows["Aggregated"]["steady_rps"] = steady
    return rows


def steady_rate(history: Path, clients: int, trim: float = 2.0) -> float:
    """Requests per second while all ``clients`` were running, from locust's per-second
    history: the slope of the total request count between ``trim`` seconds after the
    last client started and ``trim`` seconds before the phase ended (or the first client
    stopped). Whole-phase figures also count the ramp-up and the wind-down, which are
    artefacts of where a phase starts and stops; 0.0 when the window is too short."""
    points: list[tuple[float, float]] = []
    with open(history, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated" and int(row["User Count"] or 0) >= clients:
                points.append((float(row["Timestamp"]), float(row["Total Request Count"])))
    if not points:
        return 0.0
    start, end = points[0][0] + trim, points[-1][0] - trim
    window = [(t, n) for t, n in points if start <= t <= end]
    if len(window) < 2 or window[-1][0] - window[0][0] < 3:
        return 0.0
    return (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0])
