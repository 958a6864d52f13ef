"""E-mails to citizens, sent after the commit through django-tasks (outside the request with RQ).

The request only enqueues: with the default backend the task runs in-process right away;
with ``django_tasks_rq.RQBackend`` it goes onto Redis and ``cchc rqworker`` sends it, so a
slow mail server never holds up the citizen's page. The text is composed in the request
(in the citizen's language) and passed whole.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def mail_citizen(code: str, email: str, subject: str, body: str) -> bool:
    """Send one e-mail about the feedback ``code``; False (and logged) when it could not go."""
    try:
        send_mail(subject, body, None, [email])
    except Exception:
        log.exception("could not e-mail the citizen about feedback %s", code)
        return False
    return True


def mail_after_commit(code: str, email: str, subject: str, body: str) -> None:
    """Enqueue the e-mail once the transaction commits; sent at once if enqueueing fails."""

    def enqueue() -> None:
        try:
            mail_citizen.enqueue(code, email, subject, body)
        except Exception:
            log.exception("could not enqueue the e-mail about feedback %s; sending it now", code)
            mail_citizen.call(code, email, subject, body)

    transaction.on_commit(enqueue)
