"""The outputs chart: well-formed SVG, described, one bar group per month, and a table that agrees."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own output

import pytest

from cchc.plans.models import ChannelKind
from cchc.tracking.charts import CHANNEL_COLOURS, INK, month_label, monthly_chart, nice_ceiling

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = [datetime.date(2023, 11, 1), datetime.date(2023, 12, 1)] + [datetime.date(2024, m, 1) for m in range(1, 11)]
BY_CHANNEL = {
    "loudspeaker": [0, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1],
    "website": [1, 0, 3, 0, 12, 0, 0, 0, 0, 0, 0, 7],
    "other": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
}


def _svg(chart) -> ET.Element:  # type: ignore[no-untyped-def]
    return ET.fromstring(str(chart.svg()))  # noqa: S314 - our own markup


def _table(chart) -> tuple[list[str], list[list[str]]]:  # type: ignore[no-untyped-def]
    table = ET.fromstring(str(chart.table()))  # noqa: S314 - our own markup
    head = [th.text or "" for th in table.iter("th") if th.get("scope") == "col"]
    rows = [[c.text or "" for c in tr] for tr in table.find("tbody")]  # type: ignore[union-attr]
    return head, rows


def test_month_labels_read_like_t1_2024():
    assert month_label(datetime.date(2024, 1, 1)) == "T1/2024"
    assert month_label(datetime.date(2023, 12, 1)) == "T12/2023"


def test_the_svg_is_well_formed_with_a_title_and_a_description():
    chart = monthly_chart(MONTHS, BY_CHANNEL, title="Sản phẩm của UBND <xã> & các đơn vị")
    svg = _svg(chart)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("role") == "img"
    title = svg.find("svg:title", NS)
    desc = svg.find("svg:desc", NS)
    assert title is not None and title.text == "Sản phẩm của UBND <xã> & các đơn vị"
    assert desc is not None and "T11/2023" in (desc.text or "") and "T10/2024" in (desc.text or "")
    assert "tổng cộng 62 sản phẩm" in (desc.text or "")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_one_bar_group_per_month_and_the_stacks_add_up():
    chart = monthly_chart(MONTHS, BY_CHANNEL)
    groups = [g for g in _svg(chart).iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "bar-group"]
    assert len(groups) == 12
    labels = [next(t.text for t in g.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "month-label") for g in groups]
    assert labels == ["T11/2023", "T12/2023"] + [f"T{m}/2024" for m in range(1, 11)]
    for i, group in enumerate(groups):
        values = [int(r.get("data-value", "0")) for r in group.iter("{http://www.w3.org/2000/svg}rect")]
        assert sum(values) == BY_CHANNEL["loudspeaker"][i] + BY_CHANNEL["website"][i]
    # Heights are proportional: the tallest stack (16 in T3/2024) reaches the top of a scale of 20.
    march = groups[4]
    heights = sum(float(r.get("height", "0")) for r in march.iter("{http://www.w3.org/2000/svg}rect"))
    assert heights == pytest.approx(220 * 16 / 20, abs=0.5)


def test_the_legend_names_channels_as_plans_do_and_leaves_out_empty_ones():
    chart = monthly_chart(MONTHS, BY_CHANNEL)
    legend = [
        t.text
        for g in _svg(chart).iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "legend-item"
        for t in g.iter("{http://www.w3.org/2000/svg}text")
    ]
    # ChannelKind order: the website comes before the loudspeakers; "other" had nothing.
    assert legend == [ChannelKind.WEBSITE.label, ChannelKind.LOUDSPEAKER.label]


def test_the_data_table_numbers_match_the_chart():
    chart = monthly_chart(MONTHS, BY_CHANNEL)
    head, rows = _table(chart)
    assert head == ["Tháng", str(ChannelKind.WEBSITE.label), str(ChannelKind.LOUDSPEAKER.label), "Tổng"]
    assert [r[0] for r in rows] == chart.labels
    for i, row in enumerate(rows):
        website, loudspeaker, total = (int(v) for v in row[1:])
        assert website == BY_CHANNEL["website"][i]
        assert loudspeaker == BY_CHANNEL["loudspeaker"][i]
        assert total == website + loudspeaker == chart.totals[i]
    assert sum(int(r[-1]) for r in rows) == chart.total == 62


def test_no_outputs_still_draws_a_well_formed_empty_chart():
    chart = monthly_chart(MONTHS, {})
    svg = _svg(chart)
    assert chart.total == 0 and "chưa có sản phẩm" in (svg.find("svg:desc", NS).text or "")  # type: ignore[union-attr]
    assert not list(svg.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(_table(chart)[1]) == 12


def test_scale_tops_are_round_numbers():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 10, 11, 16, 99, 101, 4000)] == [1, 1, 5, 10, 10, 20, 20, 100, 200, 5000]


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("colour", sorted({*CHANNEL_COLOURS.values(), INK}))
def test_every_colour_stands_out_from_the_white_background(colour):
    assert 1.05 / (_luminance(colour) + 0.05) >= 4.5


def test_every_channel_has_its_own_colour():
    assert set(CHANNEL_COLOURS) == set(ChannelKind.values)
    assert len(set(CHANNEL_COLOURS.values())) == len(CHANNEL_COLOURS)


def test_the_chart_uses_no_script_and_fetches_nothing():
    markup = str(monthly_chart(MONTHS, BY_CHANNEL).svg())
    assert "<script" not in markup and "href" not in markup and "url(" not in markup
