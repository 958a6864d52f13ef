"""Smoke crawl: every URL pattern of the platform, as four kinds of visitor, never answers 5xx.

The demo data is built once for the module (the same steps as ``cchc demo``) inside one
outer transaction that is rolled back at the end, so other test modules see a clean database.
Every request runs in its own savepoint that is rolled back, so a POST to a delete address or
a GET that marks something read does not change what the next request sees.
"""

from __future__ import annotations

import copy
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cchc.orgs.adminunits import load_admin_units
from cchc.orgs.demo import build_demo_accounts, build_demo_units, demo_province
from cchc.orgs.management.commands.demo import DEMO_APPS
from cchc.orgs.models import User
from cchc.plans.demo import build_demo_plans

pytestmark = pytest.mark.slow

# Pages each visitor must reach with a 200 (so a lost login cannot make the crawl pass idly).
REACHED = {"anonymous": 40, "quantri": 250, "tinh.xem": 120, "xa.bientap": 90}
USERS = ("anonymous", "quantri", "tinh.xem", "xa.bientap")
ODD_QUERIES = (
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "page=-1",
    "trang=abc",
    "q=" + "x" * 10_000,
    "nam=99999",
    "unit=abc",
    "q=%00&page=%00",
)
# Patterns with a known 5xx, left out of the crawl and checked on their own as strict xfails
# (so a fix shows up as XPASS): (method, pattern text) -> (exact cause, visitors affected).
KNOWN_5XX: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}


# ---------------------------------------------------------------------------------------------
# Which model a ``pk`` (or ``object_id``) stands for, by URL name.
# ---------------------------------------------------------------------------------------------
PK_MODEL_BY_PREFIX: list[tuple[str, str]] = [
    # Staff area (namespace "staff"). Longest prefixes first where they overlap.
    ("staff:unit_", "orgs.Unit"),
    ("staff:par_index", "orgs.Unit"),
    ("staff:role_revoke", "orgs.RoleAssignment"),
    ("staff:plan_", "plans.Plan"),
    ("staff:reporting_request_create", "plans.Plan"),
    ("staff:schedule_", "plans.Activity"),
    ("staff:activity_outputs", "plans.Activity"),
    ("staff:output_", "tracking.Output"),
    ("staff:evidence_", "tracking.Evidence"),
    ("staff:report_open", "reports.ReportingPeriod"),
    ("staff:period_", "reports.ReportingPeriod"),
    ("staff:report_", "reports.Report"),
    ("staff:export_job", "reports.ExportJob"),
    ("staff:notification_open", "notify.Notification"),
    ("staff:portal_article_", "portal.Article"),
    ("staff:portal_hotline_", "portal.HotlineContact"),
    ("staff:portal_initiative_", "portal.Initiative"),
    ("staff:portal_index_", "portal.IndexResult"),
    ("staff:portal_media_", "portal.MediaItem"),
    ("staff:procedure_", "procedures.Procedure"),
    ("staff:feedback_attachment", "feedback.Attachment"),
    ("staff:feedback_", "feedback.Feedback"),
    ("staff:contest_round", "contests.Round"),
    ("staff:contest_publish", "contests.Round"),
    ("staff:contest_export", "contests.Round"),
    ("staff:contest_disqualify", "contests.Participant"),
    ("staff:contest_", "contests.Contest"),
    ("staff:survey_point_", "surveys.CollectionPoint"),
    ("staff:survey_visit_codes", "surveys.CollectionPoint"),
    ("staff:survey_", "surveys.Survey"),
    # Public site.
    ("feedback:detail", "feedback.Feedback"),
    ("contests:", "contests.Round"),
    ("portal:initiative_detail", "portal.Initiative"),
    ("portal:media_download", "portal.MediaItem"),
    # REST API (router basenames).
    ("unit-", "orgs.Unit"),
    ("plan-", "plans.Plan"),
    ("activity-schedule-", "plans.Activity"),
    ("activity-progress-", "plans.Activity"),
    ("activity-", "plans.Activity"),
    ("legal-reference-", "legal.LegalReference"),
    ("output-", "tracking.Output"),
    ("reporting-period-", "reports.ReportingPeriod"),
    ("report-", "reports.Report"),
    ("par-index-", "orgs.Unit"),
    ("portal-index-result-", "portal.IndexResult"),
    ("feedback-", "feedback.Feedback"),
    ("contest-round-", "contests.Round"),
    ("contest-", "contests.Contest"),
    ("survey-", "surveys.Survey"),
]
# Filters that pick the most telling row (published, issued, ...) when the model has the field.
PREFERRED: dict[str, dict[str, Any]] = {
    "feedback.Feedback": {"published_on__isnull": False},
}


@dataclass(frozen=True)
class Pattern:
    """One URL pattern flattened to its full text (with its prefixes) and its namespaced name."""

    text: str
    name: str


def _walk(
    patterns: list[Any], prefix: str = "", namespace: tuple[str, ...] = ()
) -> Iterator[Pattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = (
                ":".join(namespace + (entry.name,)) if entry.name else ":".join(namespace + ("",))
            )
            yield Pattern(prefix + str(entry.pattern), name)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def first_pk(label: str) -> Any:
    model: type[models.Model] = apps.get_model(label)
    if not model._meta.managed:
        return None  # e.g. django_rq's dashboard: no table behind it
    preferred = PREFERRED.get(label)
    if preferred:
        row = (
            model._default_manager.filter(**preferred)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if row is not None:
            return row
    return model._default_manager.order_by("pk").values_list("pk", flat=True).first()


def pk_model(name: str) -> str | None:
    if name.startswith("admin:"):
        # admin:<app>_<model>_<view>, e.g. admin:orgs_unit_change
        match = re.match(r"admin:([a-z_]+?)_([a-z]+)_(change|delete|history)$", name)
        if match is None:
            return None
        app_label, model_name = match.group(1), match.group(2)
        try:
            return apps.get_model(app_label, model_name)._meta.label
        except LookupError:
            return None
    for prefix, label in PK_MODEL_BY_PREFIX:
        if name.startswith(prefix):
            return label
    return None


class Values:
    """Real values from the demo data for each path parameter (None: cannot fill)."""

    def __init__(self) -> None:
        admin = User.objects.get(username="quantri")
        province = demo_province()
        assert province is not None
        self.unit = province
        self.uidb64 = urlsafe_base64_encode(force_bytes(admin.pk))
        self.reset_token = default_token_generator.make_token(admin)
        calendar = apps.get_model("schedule", "CalendarToken")
        token_row = calendar._default_manager.filter(user=admin).first()
        if token_row is None:
            token_row = calendar._default_manager.create(user=admin)
        self.calendar_token = token_row.token
        contest = apps.get_model("contests", "Contest")._default_manager.order_by("pk").first()
        self.contest_slug = contest.slug if contest else None
        rnd = apps.get_model("contests", "Round")._default_manager.order_by("pk").first()
        if rnd is not None:
            self.contest_slug = rnd.contest.slug
        attempt = apps.get_model("contests", "Attempt")._default_manager.order_by("pk").first()
        self.attempt_token = attempt.token if attempt else "khong-co-bai-thi-nay-0000000000000"
        point = apps.get_model("surveys", "CollectionPoint")._default_manager.order_by("pk").first()
        self.survey_token = point.token if point else None
        article = apps.get_model("portal", "Article")._default_manager.order_by("pk").first()
        self.article_slug = getattr(article, "slug", None)
        procedure = (
            apps.get_model("procedures", "Procedure")._default_manager.order_by("pk").first()
        )
        self.procedure_code = procedure.code if procedure else None
        survey = apps.get_model("surveys", "Survey")._default_manager.order_by("pk").first()
        question = (
            apps.get_model("surveys", "Question")
            ._default_manager.filter(section__version__survey=survey)
            .first()
            if survey
            else None
        )
        self.question_code = getattr(question, "code", None)
        section = (
            apps.get_model("surveys", "Section")
            ._default_manager.filter(version__survey=survey)
            .first()
            if survey
            else None
        )
        self.section_code = getattr(section, "code", None)
        media = apps.get_model("portal", "MediaItem")._default_manager.exclude(file="").first()
        self.media_name = media.file.name if media and getattr(media, "file", None) else None

    def value(self, pattern: Pattern, param: str) -> Any:
        name = pattern.name
        fixed: dict[str, Callable[[], Any]] = {
            "unit_pk": lambda: self.unit.pk,
            "uidb64": lambda: self.uidb64,
            "fmt": lambda: {"staff:plan_export": "docx"}.get(name, "xlsx"),
            "format": lambda: ".json" if "drf_format_suffix" in pattern.text else "json",
            "action": lambda: "publish" if "article" in name else "assign",
            "app_label": lambda: "orgs",
            "id": lambda: first_pk("orgs.User"),
            "parent_id": lambda: self.unit.pk,
            "object_id": lambda: self._object_id(name),
        }
        if param in fixed:
            return fixed[param]()
        if param == "token":
            if name.startswith("ical_"):
                return self.calendar_token
            if name.startswith("contests:"):
                return self.attempt_token
            if name.startswith("surveys:"):
                return self.survey_token
            if name == "password_reset_confirm":
                return self.reset_token
            return "ma-khong-ton-tai-0123456789"  # e.g. the import review token lives in a session
        if param == "slug":
            if name.startswith("contests:"):
                return self.contest_slug
            if name.startswith("portal") or name.startswith("portal-news"):
                return self.article_slug
            return None
        if param == "code":
            if "question" in name:
                return self.question_code
            if "section" in name:
                return self.section_code
            return self.procedure_code
        if param == "name" and name == "portal:media_file":
            return self.media_name
        if param == "pk":
            label = pk_model(name)
            return first_pk(label) if label else None
        return None

    def _object_id(self, name: str) -> Any:
        label = pk_model(name)
        return first_pk(label) if label else None


# Pages that only show an empty form for a new record (slow for the site admin, see below).
FORM_NAME = re.compile(r"(create|create_root|new|import|settings|openapi|api-docs|api-redoc)$")
GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)(?:\{[^}]*\})?|<(?:\w+:)?(\w+)>")


def build_url(pattern: Pattern, values: Values) -> tuple[str | None, str]:
    """The concrete address for a pattern, or (None, why) when it cannot be filled."""
    text = pattern.text
    if "(?P<url>" in text or "<path:content_type_id>" in text:
        return None, "catch-all / redirect helper"
    filled: dict[str, Any] = {}
    for match in GROUP.finditer(text):
        param = match.group(1) or match.group(2)
        value = values.value(pattern, param)
        if value is None:
            return None, f"no value for <{param}>"
        filled[param] = value

    def sub(match: re.Match[str]) -> str:
        return str(filled[match.group(1) or match.group(2)])

    url = GROUP.sub(sub, text)
    url = url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
    if "(" in url or "|" in url or "[" in url:
        return None, "unsupported regular expression"
    url = "/" + url.lstrip("/")
    try:
        resolve(url)
    except Resolver404:
        return None, f"built {url!r} does not resolve"
    return url, ""


# ---------------------------------------------------------------------------------------------
# Module fixture: the demo data once, rolled back at the end.
# ---------------------------------------------------------------------------------------------
@dataclass
class Crawl:
    urls: list[tuple[Pattern, str]]
    skipped: list[tuple[str, str]]
    clients: dict[str, Client]


@pytest.fixture(scope="module")
def crawl(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Crawl]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if demo_province() is None:
                load_admin_units()
            units = build_demo_units()
            build_demo_accounts(units)
            build_demo_plans()
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"cchc.{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"cchc.{app}.demo":
                        raise
                    continue
                module.build_demo(units)
            values = Values()
            urls: list[tuple[Pattern, str]] = []
            skipped: list[tuple[str, str]] = []
            for pattern in all_patterns():
                url, why = build_url(pattern, values)
                if url is None:
                    skipped.append((pattern.text, why))
                else:
                    urls.append((pattern, url))
            clients: dict[str, Client] = {"anonymous": Client()}
            for username in USERS[1:]:
                client = Client()
                client.force_login(User.objects.get(username=username))
                clients[username] = client
            yield Crawl(urls, skipped, clients)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_problem(response: Any) -> str | None:
    """What is wrong with an HTML page's <title>: missing, empty, or holding markup."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    found = TITLE.search(response.content.decode(errors="replace"))
    if found is None:
        return "no <title>"
    text = found.group(1).strip()
    if not text or "<" in text or "\n" in text:
        return f"bad <title> {text[:80]!r}"
    return None


def fetch(client: Client, method: str, url: str) -> int:
    """One request in its own rolled-back savepoint; returns the status code.

    The cookies are put back afterwards too, so a POST to the logout address does not log the
    rest of the crawl out.
    """
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, {})
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    if response.status_code == 200 and (problem := title_problem(response)):
        raise AssertionError(problem)
    return response.status_code


@dataclass
class Tally:
    failures: list[str]
    ok: int  # answered 200: the visitor really reached that many pages (not only refusals)


def run(
    crawl: Crawl,
    client_name: str,
    method: str,
    variant: str = "",
    urls: list[tuple[Pattern, str]] | None = None,
) -> Tally:
    client = crawl.clients[client_name]
    failures = []
    ok = 0
    for pattern, url in urls if urls is not None else crawl.urls:
        if (method, pattern.text) in KNOWN_5XX:
            continue
        address = f"{url}{'&' if '?' in url else '?'}{variant}" if variant else url
        try:
            status = fetch(client, method, address)
        except Exception as exc:  # the test client re-raises view exceptions
            failures.append(f"{method} {address[:200]} ({pattern.name}) raised {exc!r}"[:500])
            continue
        if status >= 500:
            failures.append(f"{method} {address[:200]} ({pattern.name}) -> {status}")
        ok += status == 200
    print(f"\n{method} as {client_name} {variant[:30]}: {ok} answered 200")
    return Tally(failures, ok)


def test_lists_the_patterns_it_cannot_fill(
    crawl: Crawl, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Printed even without ``-s``: the patterns left out, and why (no demo row, RQ queues...)."""
    with capsys.disabled():
        print(f"\nSmoke crawl: {len(crawl.urls)} addresses, {len(crawl.skipped)} patterns skipped:")
        for text, why in crawl.skipped:
            print(f"  SKIPPED {text}  ({why})")
    # Only the Django/RQ admin and a few pages whose rows the demo does not create are left out.
    outside_admin = [text for text, _ in crawl.skipped if not text.startswith("admin/")]
    assert len(outside_admin) <= 10, outside_admin


@pytest.mark.parametrize("username", USERS)
def test_get_every_page(crawl: Crawl, db: None, username: str) -> None:
    assert len(crawl.urls) > 300
    tally = run(crawl, username, "GET")
    assert tally.failures == []
    assert tally.ok >= REACHED[username]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=lambda q: q[:20])
@pytest.mark.parametrize("username", ("anonymous", "tinh.xem"))
def test_get_with_odd_query_strings(crawl: Crawl, db: None, username: str, query: str) -> None:
    tally = run(crawl, username, "GET", query)
    assert tally.failures == []
    assert tally.ok >= REACHED[username] // 2


@pytest.mark.parametrize("query", ODD_QUERIES, ids=lambda q: q[:20])
def test_get_lists_with_odd_query_strings_as_site_admin(crawl: Crawl, db: None, query: str) -> None:
    """The site admin sees every list and search page; those are the ones that read queries.

    (Every address with odd queries as the site admin would take minutes: the staff forms for
    new records render a choice of all ~10,000 administrative units. The province viewer and
    anonymous visitors send the odd queries to every address.)
    """
    lists = [
        (pattern, url)
        for pattern, url in crawl.urls
        if not GROUP.search(pattern.text)
        and not url.startswith("/admin/")
        and not FORM_NAME.search(pattern.name)
    ]
    assert len(lists) > 50
    tally = run(crawl, "quantri", "GET", query, urls=lists)
    assert tally.failures == []
    assert tally.ok >= 20


def test_post_empty_form_everywhere(crawl: Crawl, db: None) -> None:
    tally = run(crawl, "quantri", "POST")
    assert tally.failures == []
    assert tally.ok >= 20  # forms shown again with their errors: the admin stayed logged in


@pytest.mark.parametrize(
    ("method", "text", "username"),
    [
        pytest.param(method, text, who, marks=pytest.mark.xfail(strict=True, reason=reason))
        for (method, text), (reason, whos) in KNOWN_5XX.items()
        for who in whos
    ],
)
def test_known_5xx(crawl: Crawl, db: None, method: str, text: str, username: str) -> None:
    urls = [url for pattern, url in crawl.urls if pattern.text == text]
    assert urls, f"pattern no longer crawled: {text}"
    client = Client(raise_request_exception=False)
    if username != "anonymous":
        client.force_login(User.objects.get(username=username))
    assert fetch(client, method, urls[0]) < 500
