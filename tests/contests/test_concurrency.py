"""Concurrent double submit and double start of one attempt: exactly one result.

Runs real threads, each on its own database connection, against a transactional test
database. Skipped on SQLite (the test database is shared-cache memory, where a second
writer fails at once with "table is locked"); on PostgreSQL the inserts really race.
"""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection, connections

from cchc.contests import services
from cchc.contests.models import Attempt, Submission
from tests.contests.conftest import DURING, key_of, make_world, register

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def _race(fn) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(THREADS)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            value: object = fn()
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            value = exc
        finally:
            connections.close_all()
        with lock:
            results.append(value)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def shared_db() -> None:
    if connection.vendor == "sqlite":
        # The test database is SQLite's shared-cache memory database: a second writer gets
        # "database table is locked" at once (no busy wait), so a race proves nothing there.
        # bench/contest_load.py runs the same race over HTTP against PostgreSQL.
        pytest.skip("concurrent writers need PostgreSQL (DATABASE_URL=postgres://...)")


def test_concurrent_double_submit_stores_exactly_one(tree, shared_db):
    world = make_world(tree)
    participant = register(world, "0912888001")
    with time_machine.travel(DURING, tick=False):
        attempt = services.attempt_start(round_=world.round, participant=participant)
        data = services.SubmitData(answers={int(q): cs for q, cs in key_of(attempt).items()})
        results = _race(lambda: services.attempt_submit(token=attempt.token, data=data))
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    stored = [r for r in results if r[1]]  # type: ignore[index]
    assert len(stored) == 1
    assert {r[0].pk for r in results} == {Submission.objects.get().pk}  # type: ignore[index]
    assert Submission.objects.get().replays == THREADS - 1


def test_concurrent_starts_make_one_attempt(tree, shared_db):
    world = make_world(tree)
    participant = register(world, "0912888002")
    with time_machine.travel(DURING, tick=False):
        results = _race(lambda: services.attempt_start(round_=world.round, participant=participant))
    attempts = [r for r in results if isinstance(r, Attempt)]
    refused = [r for r in results if isinstance(r, services.Refused)]
    assert len(attempts) + len(refused) == THREADS
    assert Attempt.objects.count() == 1
    assert {a.pk for a in attempts} == {Attempt.objects.get().pk}
