"""The start and submit path as the last evening runs it: one statement each, and safe.

The questions page carries a sealed sheet (served questions and clock, never the key);
the submit reads it back instead of the database, and falls back to the database when
the sheet is missing, tampered with or another attempt's."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from cchc.contests import hotpath, services
from cchc.contests.models import Attempt, Contest, Participant, Submission
from cchc.contests.views import COOKIE_SALT
from tests.contests.conftest import AFTER, DURING, answers_form, key_of

pytestmark = pytest.mark.django_db

SHEET = re.compile(r'name="de" value="([^"]+)"')
ACTION = re.compile(r'action="/cuoc-thi/bai-thi/([^/]+)/nop/"')


def _registered(world, phone: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("contests:register", args=[world.contest.slug]),
        {"full_name": f"Người {phone}", "phone": phone, "audience": "citizens", "locality": "Xã A"},
    )
    assert response.status_code == 302
    return client


def _start(client: Client, world) -> tuple[Attempt, str]:  # type: ignore[no-untyped-def]
    response = client.post(reverse("contests:start", args=[world.contest.slug, world.round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return Attempt.objects.get(token=ACTION.search(html).group(1)), SHEET.search(html).group(1)


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    """What reached the database, without the savepoints the test transaction adds."""
    return [
        q["sql"]
        for q in ctx.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def _start_and_submit_right(world):  # type: ignore[no-untyped-def]
    """A participant starts and, a minute later, submits the right answers; the attempt
    and what reached the database at the start and at the submit."""
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        with CaptureQueriesContext(connection) as started:
            attempt, sheet = _start(client, world)
        clock.shift(60)
        form = {**answers_form(key_of(attempt)), "de": sheet}
        with CaptureQueriesContext(connection) as submitted:
            assert client.post(reverse("contests:submit", args=[attempt.token]), form).status_code == 303
    return attempt, started, submitted


def test_a_first_start_and_its_submit_are_one_insert_each(world):
    with time_machine.travel(DURING, tick=False) as clock:
        _start(_registered(world, "0911111111"), world)  # the round is now read and kept
        client = _registered(world, "0922222222")
        with CaptureQueriesContext(connection) as started:
            attempt, sheet = _start(client, world)
        clock.shift(90)
        form = {**answers_form(key_of(attempt)), "de": sheet, "du_doan": "7"}
        with CaptureQueriesContext(connection) as submitted:
            response = client.post(reverse("contests:submit", args=[attempt.token]), form)
    assert response.status_code == 303
    start_sql = _statements(started)
    assert len(start_sql) == 2 and start_sql[0].startswith('INSERT INTO "contests_attempt"')
    assert start_sql[1].startswith("SELECT")  # the test's own lookup of the attempt by token
    submit_sql = _statements(submitted)
    assert len(submit_sql) == 1 and submit_sql[0].startswith('INSERT INTO "contests_submission"')
    stored = Submission.objects.get()
    assert stored.attempt == attempt and stored.participant == attempt.participant
    assert (stored.correct, stored.score, stored.prediction) == (10, 100, 7)
    assert stored.duration_ms == 90_000 and stored.flags == []
    assert stored.answers == {str(q): sorted(c) for q, c in key_of(attempt).items()}


def test_a_tampered_or_foreign_sheet_is_ignored_and_the_database_decides(world):
    with time_machine.travel(DURING, tick=False) as clock:
        mine, theirs = _registered(world, "0911111111"), _registered(world, "0922222222")
        attempt, _sheet = _start(mine, world)
        other, other_sheet = _start(theirs, world)
        clock.shift(60)
        url = reverse("contests:submit", args=[attempt.token])
        # Their sheet on my attempt, with their answers: not the questions I was served.
        if {q for q, _c in other.served} - {q for q, _c in attempt.served}:
            wrong = mine.post(url, {**answers_form(key_of(other)), "de": other_sheet})
            assert wrong.status_code == 400 and "không có trong đề" in wrong.content.decode()
        tampered = other_sheet[:-3] + ("AAA" if not other_sheet.endswith("AAA") else "BBB")
        response = mine.post(url, {**answers_form(key_of(attempt)), "de": tampered})
    assert response.status_code == 303
    stored = Submission.objects.get()
    assert stored.attempt == attempt and stored.score == 100


def test_a_sheet_cannot_be_forged_without_the_secret_key(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        attempt, sheet = _start(client, world)
        clock.shift(60)
        # A sheet that serves an easier question, signed with another key: ignored.
        easier = Attempt(
            id=attempt.pk, token=attempt.token, round_id=attempt.round_id,
            participant_id=attempt.participant_id, served=attempt.served[:1],
            started_at=attempt.started_at, deadline=attempt.deadline + datetime.timedelta(days=9),
        )  # fmt: skip
        with override_settings(SECRET_KEY="not-the-secret-" + "x" * 40):
            fake = services.sheet_seal(easier)
        assert services.sheet_open(fake, attempt.token) is None
        assert services.sheet_open(services.sheet_seal(easier), attempt.token).served == [
            attempt.served[0]
        ]  # (the same sheet, signed with the key, would be read)
        response = client.post(
            reverse("contests:submit", args=[attempt.token]),
            {**answers_form(key_of(attempt)), "de": fake},
        )
    assert response.status_code == 303
    stored = Submission.objects.get()
    assert stored.total == 10 and stored.score == 100  # scored on what the database served


def test_a_replay_after_the_close_with_the_sheet_returns_the_stored_result(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        attempt, sheet = _start(client, world)
        clock.shift(60)
        form = {**answers_form(key_of(attempt)), "de": sheet}
        url = reverse("contests:submit", args=[attempt.token])
        assert client.post(url, form).status_code == 303
    with time_machine.travel(AFTER, tick=False):
        replay = client.post(url, form)
    assert replay.status_code == 303
    stored = Submission.objects.get()
    assert stored.replays == 1 and stored.score == 100


def test_late_and_closed_refusals_hold_on_the_sheet_path(world):
    world.round.time_limit_seconds = 600
    world.round.save()
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        attempt, sheet = _start(client, world)
        clock.shift(601 + services.GRACE_SECONDS)
        late = client.post(
            reverse("contests:submit", args=[attempt.token]),
            {**answers_form(key_of(attempt)), "de": sheet},
        )
    assert late.status_code == 400 and "hết thời gian" in late.content.decode()
    assert not Submission.objects.exists()


def test_a_reopened_attempt_submitted_with_its_sheet_is_flagged(world):
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        attempt, sheet = _start(client, world)
        again, _ = _start(client, world)  # a second tab: the same attempt, the same clock
        assert again.pk == attempt.pk and again.views == 2
        clock.shift(60)
        client.post(reverse("contests:submit", args=[attempt.token]), {"de": sheet})
    assert Submission.objects.get().flags == ["reopened"]


def test_a_deleted_or_foreign_participant_cannot_start(world):
    name = f"cuocthi_{world.contest.pk}"
    signer = signing.get_cookie_signer(salt=name + COOKIE_SALT)
    url = reverse("contests:start", args=[world.contest.slug, world.round.pk])
    with time_machine.travel(DURING, tick=False):
        client = _registered(world, "0911111111")
        Participant.objects.all().delete()
        assert client.post(url).status_code == 403
        # A correctly signed cookie naming a participant of another contest.
        other = Contest.objects.create(
            title="Cuộc thi khác", slug="cuoc-thi-khac", organiser=world.contest.organiser
        )
        stranger = Participant.objects.create(
            contest=other, full_name="Người lạ", phone="0933333333", code="LA000001"
        )
        forged = Client()
        forged.cookies[name] = signer.sign(str(stranger.pk))
        assert forged.post(url).status_code == 403
    assert not Attempt.objects.exists()


def test_a_round_with_two_attempts_gives_the_second_after_the_first_is_submitted(world):
    world.round.max_attempts = 2
    world.round.save()
    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        first, sheet = _start(client, world)
        clock.shift(60)
        client.post(reverse("contests:submit", args=[first.token]), {"de": sheet})
        second, second_sheet = _start(client, world)
        clock.shift(60)
        client.post(reverse("contests:submit", args=[second.token]), {"de": second_sheet})
        refused = client.post(
            reverse("contests:start", args=[world.contest.slug, world.round.pk])
        )
    assert (first.number, second.number) == (1, 2) and first.token != second.token
    assert Submission.objects.count() == 2
    assert refused.status_code == 400 and "hết số lượt thi" in refused.content.decode()


class _Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_start_does_not_wait_for_the_disk_and_a_submit_does(tree):
    """In autocommit (as in production), the start's INSERT runs with synchronous_commit
    off for itself only; the submission's INSERT waits for the disk as usual."""
    from tests.contests.conftest import make_world

    world = make_world(tree)
    attempt, started, submitted = _start_and_submit_right(world)
    (start_sql,) = [q for q in _statements(started) if 'INSERT INTO "contests_attempt"' in q]
    (submit_sql,) = _statements(submitted)
    if connection.vendor == "postgresql":
        assert start_sql.startswith('INSERT INTO "contests_attempt"')
        assert "set_config('synchronous_commit', 'off', true)" in start_sql
        assert "synchronous_commit" not in submit_sql
        with connection.cursor() as cursor:  # the setting did not outlive the start
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
        # ... and that condition does turn it off for the statement's transaction: store
        # the attempt again with it inside one, and look before the end.
        with pytest.raises(_Rollback), transaction.atomic():
            Submission.objects.all().delete()
            Attempt.objects.all().delete()
            again = services._new_attempt(
                world.round, attempt.participant_id, 1, attempt.served, attempt.started_at, None
            )
            where = f"src.id = %s AND src.contest_id = %s AND {hotpath._NO_WAIT}"
            sql, fields, plain = hotpath._insert_sql(Attempt, "postgresql", Participant, where)
            params = [attempt.participant_id, world.contest.pk]
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone()[0] == "on"
            assert hotpath._write(again, sql, hotpath._values(again, fields, plain) + params)
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone()[0] == "off"
            raise _Rollback
        assert Attempt.objects.get().pk == attempt.pk
    else:
        assert start_sql.startswith('INSERT INTO "contests_attempt"')
    assert submit_sql.startswith('INSERT INTO "contests_submission"')
    assert Submission.objects.get().score == 100


def test_a_question_deleted_after_it_was_drawn_is_neither_shown_nor_counted(world):
    """Another worker's copy of the bank may serve a question for up to BANK_TTL after it
    was deleted. A worker that knows it is gone leaves it off the page, and the score
    counts the other questions only."""
    from cchc.contests.models import Question

    with time_machine.travel(DURING, tick=False) as clock:
        client = _registered(world, "0911111111")
        attempt, sheet = _start(client, world)
        gone = attempt.served[0][0]
        answers = key_of(attempt)  # what the page drawn before the deletion let them answer
        Question.objects.filter(pk=gone).delete()
        services.bank_forget()  # this worker reads the bank afresh
        page = client.get(reverse("contests:attempt", args=[attempt.token])).content.decode()
        assert f'name="q{gone}"' not in page and "Câu 9:" in page and "Câu 10:" not in page
        clock.shift(60)
        response = client.post(
            reverse("contests:submit", args=[attempt.token]), {**answers_form(answers), "de": sheet}
        )
    assert response.status_code == 303
    stored = Submission.objects.get()
    assert (stored.correct, stored.total, stored.score) == (9, 9, 100)


def test_on_postgresql_the_start_and_the_submit_are_prepared_statements(world):
    """The database parses and plans them once per connection, not at every request;
    the query log still shows them."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL matter")
    attempt, started, submitted = _start_and_submit_right(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith('INSERT INTO "contests_attempt"') for s in prepared)
    assert any(s.startswith('INSERT INTO "contests_submission"') for s in prepared)
    logged = _statements(started) + _statements(submitted)
    assert any(s.startswith('INSERT INTO "contests_attempt"') for s in logged)
    assert any(s.startswith('INSERT INTO "contests_submission"') for s in logged)
    # The ORM's own statements are not prepared (they bind on the client).
    assert not any("contests_participant" in s and s.startswith("SELECT") for s in prepared)


def test_the_start_needs_no_csrf_token_because_its_cookie_stays_on_this_site(world):
    """The start is exempt from the CSRF check: what it acts on is the participant's
    cookie, which is SameSite=Lax, so a form on another site posts without it and the
    start is refused as "not registered" with nothing stored."""
    checked = Client(enforce_csrf_checks=True)
    registered = checked.post(
        reverse("contests:register", args=[world.contest.slug]),
        {"full_name": "Người A", "phone": "0911111111", "audience": "citizens", "locality": "X"},
    )
    assert registered.status_code == 403  # registering still needs the token
    with time_machine.travel(DURING, tick=False):
        client = _registered(world, "0922222222")
        cookie = client.cookies[f"cuocthi_{world.contest.pk}"]
        assert cookie["samesite"] == "Lax" and cookie["httponly"]
        url = reverse("contests:start", args=[world.contest.slug, world.round.pk])
        cross_site = Client(enforce_csrf_checks=True).post(url)  # no cookie, no token
        assert cross_site.status_code == 403 and "Hãy đăng ký" in cross_site.content.decode()
        assert not Attempt.objects.exists()
        own = Client(enforce_csrf_checks=True)
        own.cookies[cookie.key] = cookie.value
        assert own.post(url).status_code == 200  # this site's form, no token needed
    assert Attempt.objects.count() == 1
