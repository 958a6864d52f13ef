"""Horizontal bars of satisfaction indices as an inline SVG, drawn on the server.

Each bar shows the index in percent with its 95 % interval as a thin line; labels and
figures are text in the picture, and the page shows the same figures in a table.
Built with ElementTree, which escapes every label.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - builds markup, parses nothing
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

BAR = "#0b4f9c"  # 7.9:1 on white
PREVIOUS = "#5f5f5f"  # 6.4:1 on white
TEXT = "#1f2937"


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float | None
    interval: tuple[float, float] | None = None
    previous: float | None = None


def bar_chart(
    bars: list[Bar], title: str, *, label_width: int = 260, width: int = 640
) -> SafeString:
    row = 34
    top = 8
    height = top + row * len(bars) + 24
    plot = width - label_width - 60
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": "100%",
            "role": "img",
            "aria-label": title,
            "class": "survey-chart",
        },
    )
    ET.SubElement(svg, "title").text = title
    for i, bar in enumerate(bars):
        y = top + i * row
        label = bar.label if len(bar.label) <= 40 else bar.label[:39] + "…"
        ET.SubElement(
            svg,
            "text",
            {
                "x": str(label_width - 8),
                "y": str(y + 18),
                "text-anchor": "end",
                "font-size": "13",
                "fill": TEXT,
            },
        ).text = label
        value = bar.percent or 0.0
        ET.SubElement(
            svg,
            "rect",
            {
                "x": str(label_width),
                "y": str(y + 5),
                "width": f"{plot * value / 100:.1f}",
                "height": "18",
                "fill": BAR,
            },
        )
        if bar.interval is not None:
            lo, hi = bar.interval
            cy = y + 14
            ET.SubElement(
                svg,
                "line",
                {
                    "x1": f"{label_width + plot * lo / 100:.1f}",
                    "x2": f"{label_width + plot * hi / 100:.1f}",
                    "y1": str(cy),
                    "y2": str(cy),
                    "stroke": TEXT,
                    "stroke-width": "2",
                },
            )
        if bar.previous is not None:
            px = label_width + plot * bar.previous / 100
            ET.SubElement(
                svg,
                "line",
                {
                    "x1": f"{px:.1f}",
                    "x2": f"{px:.1f}",
                    "y1": str(y + 2),
                    "y2": str(y + 26),
                    "stroke": PREVIOUS,
                    "stroke-width": "3",
                    "stroke-dasharray": "3 2",
                },
            )
        ET.SubElement(
            svg,
            "text",
            {"x": str(label_width + plot + 6), "y": str(y + 18), "font-size": "13", "fill": TEXT},
        ).text = "—" if bar.percent is None else f"{bar.percent:.1f}%".replace(".", ",")
    axis_y = top + row * len(bars) + 4
    for tick in (0, 50, 100):
        ET.SubElement(
            svg,
            "text",
            {
                "x": f"{label_width + plot * tick / 100:.1f}",
                "y": str(axis_y + 14),
                "font-size": "11",
                "text-anchor": "middle",
                "fill": TEXT,
            },
        ).text = f"{tick}%"
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 - escaped by ElementTree
