"""Survey fixtures: the SIPAS survey of the test province, open, with two collection points."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cchc.surveys import services
from cchc.surveys.models import CollectionPoint, Survey
from cchc.surveys.sipas import FACTORS, NO


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def sipas(tree, people) -> Survey:  # type: ignore[no-untyped-def]
    survey = services.survey_create(
        data=services.SurveyData(title="Khảo sát SIPAS tỉnh 2026", unit=tree.province),
        template=services.sipas_template(),
        actor=people["admin"],
    )
    services.point_add(survey=survey, unit=tree.commune_a, label="Bộ phận Một cửa xã Minh Đức")
    services.point_add(survey=survey, unit=tree.commune_b)
    return services.survey_open(survey=survey)


@pytest.fixture
def point_a(sipas, tree) -> CollectionPoint:  # type: ignore[no-untyped-def]
    return CollectionPoint.objects.get(survey=sipas, unit=tree.commune_a)


@pytest.fixture
def point_b(sipas, tree) -> CollectionPoint:  # type: ignore[no-untyped-def]
    return CollectionPoint.objects.get(survey=sipas, unit=tree.commune_b)


def sipas_answers(level: str = "5", feedback: str = NO, **overrides: str) -> dict[str, list[str]]:
    """A complete SIPAS answer: every criterion of factors 1-4 at ``level``."""
    raw: dict[str, list[str]] = {"YT5.0": [feedback]}
    for code, _title, criteria in FACTORS:
        if code == "YT5":
            continue
        for index in range(1, len(criteria) + 1):
            raw[f"{code}.{index}"] = [level]
    for code, value in overrides.items():
        raw[code.replace("_", ".")] = [value] if value else []
    return raw
