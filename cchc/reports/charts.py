"""Completeness and timeliness as an inline SVG (server-drawn, as ``cchc.tracking.charts``).

One stacked bar of the totals (on time / late / missing), then one row per unit coloured
by its state, each labelled in words too; the table on the page is the text alternative.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - builds markup, parses nothing

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cchc.reports.selectors import STATE_LABELS, Completeness
from cchc.tracking.charts import INK, SVG_NS

STATE_COLOURS = {"on_time": "#14532d", "late": "#8a4a00", "missing": "#a50e0e"}
WIDTH = 760
LABEL_WIDTH = 300
ROW = 18
TOP = 64


def completeness_chart(c: Completeness, id_prefix: str = "completeness") -> SafeString:
    height = TOP + ROW * len(c.rows) + 8
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "class": "completeness-chart",
            "style": "max-width:100%;height:auto;display:block",
            "font-family": "Liberation Sans, Arial, sans-serif",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{id_prefix}-title"}).text = _(
        "Tình hình gửi báo cáo %(p)s"
    ) % {"p": c.period.label}
    ET.SubElement(svg, "desc", {"id": f"{id_prefix}-desc"}).text = _(
        "%(e)d đơn vị phải báo cáo: %(o)d đúng hạn, %(l)d trễ hạn, %(m)d chưa gửi."
    ) % {"e": c.expected, "o": c.on_time, "l": c.late, "m": c.missing}
    x = 0.0
    totals = {"on_time": c.on_time, "late": c.late, "missing": c.missing}
    for state, n in totals.items():
        if not n or not c.expected:
            continue
        w = (WIDTH - 2) * n / c.expected
        rect = ET.SubElement(
            svg,
            "rect",
            {
                "x": f"{x:.1f}",
                "y": "0",
                "width": f"{w:.1f}",
                "height": "28",
                "fill": STATE_COLOURS[state],
                "stroke": "#ffffff",
                "data-state": state,
                "data-value": str(n),
            },
        )
        ET.SubElement(rect, "title").text = f"{STATE_LABELS[state]}: {n}"
        x += w
    legend = ET.SubElement(svg, "g", {"font-size": "12", "fill": INK})
    for i, (state, n) in enumerate(totals.items()):
        lx = i * 220
        ET.SubElement(
            legend,
            "rect",
            {"x": str(lx), "y": "36", "width": "14", "height": "14", "fill": STATE_COLOURS[state]},
        )
        ET.SubElement(
            legend, "text", {"x": str(lx + 20), "y": "48"}
        ).text = f"{STATE_LABELS[state]}: {n}"
    for i, row in enumerate(c.rows):
        y = TOP + i * ROW
        group = ET.SubElement(
            svg, "g", {"class": "unit-row", "data-state": row.state, "font-size": "12", "fill": INK}
        )
        ET.SubElement(group, "text", {"x": "0", "y": str(y + 12)}).text = row.unit.display_name[:45]
        ET.SubElement(
            group,
            "rect",
            {
                "x": str(LABEL_WIDTH),
                "y": str(y + 2),
                "width": "120",
                "height": str(ROW - 4),
                "fill": STATE_COLOURS[row.state],
            },
        )
        ET.SubElement(group, "text", {"x": str(LABEL_WIDTH + 128), "y": str(y + 12)}).text = str(
            row.label
        )
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
