"""Received and answered feedback per month as an inline SVG (no JavaScript, nothing fetched).

The markup is built with ElementTree, which escapes every label; the table next to it on
the page carries the same figures as its text alternative.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - builds markup, parses nothing

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cchc.feedback.selectors import Row

SERIES = (("received", "#0b4f9c"), ("on_time", "#14532d"), ("late", "#a50e0e"))
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 760, 300, 40, 30, 40


def monthly_chart(rows: list[Row]) -> SafeString:
    labels = {"received": _("Tiếp nhận"), "on_time": _("Trả lời đúng hạn"), "late": _("Trễ hạn")}
    top = max([max(r.received, r.on_time, r.late) for r in rows] + [1])
    plot_h = HEIGHT - TOP - BOTTOM
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": "feedback-chart-title",
            "class": "chart",
        },
    )
    title = ET.SubElement(svg, "title", {"id": "feedback-chart-title"})
    title.text = _("Phản ánh, kiến nghị theo tháng: tiếp nhận, trả lời đúng hạn, trễ hạn")
    slot = (WIDTH - LEFT - 10) / max(len(rows), 1)
    bar = slot / (len(SERIES) + 1)
    base = TOP + plot_h
    ET.SubElement(
        svg,
        "line",
        {
            "x1": str(LEFT),
            "y1": str(base),
            "x2": str(WIDTH - 10),
            "y2": str(base),
            "stroke": "#1a1a1a",
        },
    )
    for i, row in enumerate(rows):
        x0 = LEFT + i * slot + bar / 2
        for j, (name, colour) in enumerate(SERIES):
            value = getattr(row, name)
            h = plot_h * value / top
            ET.SubElement(
                svg,
                "rect",
                {
                    "x": f"{x0 + j * bar:.1f}",
                    "y": f"{base - h:.1f}",
                    "width": f"{bar:.1f}",
                    "height": f"{h:.1f}",
                    "fill": colour,
                },
            )
        text = ET.SubElement(
            svg,
            "text",
            {
                "x": f"{x0 + 1.5 * bar:.1f}",
                "y": str(base + 16),
                "font-size": "11",
                "text-anchor": "middle",
                "fill": "#1a1a1a",
            },
        )
        text.text = row.label.split("/")[0]
    for j, (name, colour) in enumerate(SERIES):
        ET.SubElement(
            svg,
            "rect",
            {"x": str(LEFT + j * 200), "y": "6", "width": "12", "height": "12", "fill": colour},
        )
        text = ET.SubElement(
            svg,
            "text",
            {"x": str(LEFT + j * 200 + 18), "y": "17", "font-size": "12", "fill": "#1a1a1a"},
        )
        text.text = labels[name]
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 - escaped by ElementTree
