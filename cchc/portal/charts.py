"""An index's score over the years as an inline SVG line chart, drawn on the server.

Same house style as ``cchc.tracking.charts``: no JavaScript, nothing fetched, markup built
with ElementTree (which escapes every text), a title and a description for screen
readers, each point labelled with its value, and a table with every figure next to it.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # noqa: S405 - builds markup, parses nothing
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
INK = "#1a1a1a"
GRID = "#8a8a8a"
LINE = "#a4161a"  # 6.9:1 against white
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 24, 32


def vi_number(value: Decimal | float) -> str:
    """12.5 → "12,5"; 80 → "80" (Vietnamese decimal comma)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def _scale(low: float, high: float) -> tuple[float, float, float]:
    """A rounded axis (bottom, top, step) around the values."""
    if high <= low:
        low, high = low - 1, high + 1
    span = high - low
    step = 10 ** math.floor(math.log10(span / 4)) if span > 0 else 1
    for factor in (1, 2, 5, 10):
        if span / (step * factor) <= 5:
            step *= factor
            break
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    if bottom < 0 <= low:
        bottom = 0
    return bottom, top, step


def score_chart(
    points: list[tuple[int, Decimal]], *, title: str, id_prefix: str = "idx"
) -> SafeString:
    """Years on the x axis, score on the y axis; an empty string without points."""
    if not points:
        return mark_safe("")  # noqa: S308
    years = [p[0] for p in points]
    values = [float(p[1]) for p in points]
    bottom, top, step = _scale(min(values), max(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    best = max(range(len(values)), key=lambda i: values[i])
    description = (
        _("Từ năm %(a)d đến năm %(b)d: điểm %(s)s.")
        % {
            "a": years[0],
            "b": years[-1],
            "s": "; ".join(f"{y}: {vi_number(v)}" for y, v in points),
        }
        + " "
        + _("Cao nhất năm %(y)d (%(v)s). Số liệu ở bảng ngay sau biểu đồ.")
        % {
            "y": years[best],
            "v": vi_number(points[best][1]),
        }
    )
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "class": "index-chart",
            "style": "max-width:100%;height:auto;display:block",
            "font-family": "Liberation Sans, Arial, sans-serif",
        },
    )
    ET.SubElement(svg, "title", {"id": title_id}).text = title
    ET.SubElement(svg, "desc", {"id": desc_id}).text = description

    inset = 28  # keeps the first and last points (and their labels) off the axes

    def x_of(i: int) -> float:
        span = plot_w - 2 * inset
        return LEFT + inset + (span / 2 if len(years) == 1 else span * i / (len(years) - 1))

    def y_of(v: float) -> float:
        return TOP + plot_h - plot_h * (v - bottom) / (top - bottom)

    axis = ET.SubElement(svg, "g", {"font-size": "12", "fill": INK})
    tick = bottom
    while tick <= top + step / 2:
        y = f"{y_of(tick):.1f}"
        ET.SubElement(axis, "line", {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": y, "y2": y, "stroke": GRID,
                                     "stroke-width": "0.5"})  # fmt: skip
        label = ET.SubElement(
            axis, "text", {"x": str(LEFT - 6), "y": f"{y_of(tick) + 4:.1f}", "text-anchor": "end"}
        )
        label.text = vi_number(Decimal(str(round(tick, 6))))
        tick += step
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values)
    )
    ET.SubElement(svg, "path", {"d": path, "fill": "none", "stroke": LINE, "stroke-width": "2.5"})
    for i, (year, value) in enumerate(points):
        group = ET.SubElement(
            svg, "g", {"class": "point", "data-year": str(year), "data-value": str(value)}
        )
        ET.SubElement(group, "circle", {"cx": f"{x_of(i):.1f}", "cy": f"{y_of(values[i]):.1f}", "r": "4",
                                        "fill": LINE})  # fmt: skip
        label = ET.SubElement(group, "text", {"x": f"{x_of(i):.1f}", "y": f"{y_of(values[i]) - 8:.1f}",
                                              "text-anchor": "middle", "font-size": "12", "fill": INK})  # fmt: skip
        label.text = vi_number(value)
        year_label = ET.SubElement(group, "text", {"x": f"{x_of(i):.1f}", "y": str(HEIGHT - 10),
                                                   "text-anchor": "middle", "font-size": "12", "fill": INK})  # fmt: skip
        year_label.text = str(year)
    # ElementTree escaped every text and attribute value.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
