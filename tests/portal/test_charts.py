"""The index chart: escaped text, one point per year, a description for screen readers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from cchc.portal.charts import score_chart, vi_number

NS = {"s": "http://www.w3.org/2000/svg"}


def test_chart_has_a_point_per_year_and_a_description():
    svg = ET.fromstring(  # noqa: S314 - our own markup
        str(score_chart([(2022, Decimal("84.76")), (2023, Decimal("86.05"))], title="PAR INDEX"))
    )
    assert svg.get("role") == "img"
    assert [p.get("data-year") for p in svg.findall("s:g[@class='point']", NS)] == ["2022", "2023"]
    desc = svg.find("s:desc", NS).text
    assert "2022: 84,76" in desc and "Cao nhất năm 2023 (86,05)" in desc


def test_chart_escapes_its_title_and_handles_one_point_and_none():
    svg = str(score_chart([(2024, Decimal("0.5"))], title='<script>alert("x")</script>'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # noqa: S314 - our own markup
    assert str(score_chart([], title="x")) == ""


def test_vi_number_uses_a_decimal_comma():
    assert vi_number(Decimal("12.50")) == "12,5"
    assert vi_number(Decimal("80")) == "80"
