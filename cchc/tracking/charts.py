"""Outputs per month and channel as an inline SVG, drawn on the server.

No JavaScript and nothing fetched from elsewhere: the page carries the picture itself.
The bars are stacked by channel, every channel keeps one colour (each at least 4.5:1
against white, segments separated by a white line), each bar carries its total as a
number, and a table with every figure goes with the picture as its text alternative.
The markup is built with ElementTree, which escapes every name and label.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET  # noqa: S405 - builds markup, parses nothing
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cchc.plans.models import ChannelKind

SVG_NS = "http://www.w3.org/2000/svg"

# One colour per channel, in ChannelKind order; all at least 4.5:1 against white.
CHANNEL_COLOURS: dict[str, str] = {
    ChannelKind.WEBSITE: "#0b4f9c",
    ChannelKind.RADIO_TV: "#a50e0e",
    ChannelKind.NEWSPAPER: "#14532d",
    ChannelKind.LOUDSPEAKER: "#8a4a00",
    ChannelKind.MEETING: "#6b21a8",
    ChannelKind.TRAINING: "#0f6b63",
    ChannelKind.CONTEST: "#be185d",
    ChannelKind.ZALO: "#1e40af",
    ChannelKind.FACEBOOK: "#4338ca",
    ChannelKind.PRINT: "#5c3d1e",
    ChannelKind.MOBILE: "#166534",
    ChannelKind.VIDEO: "#b3400a",
    ChannelKind.SCREEN: "#0e7490",
    ChannelKind.SCHOOL: "#4d6b0f",
    ChannelKind.ONE_STOP: "#334155",
    ChannelKind.OTHER: "#5f5f5f",
}
INK = "#1a1a1a"
GRID = "#8a8a8a"

# Layout, in SVG user units.
WIDTH = 760
LEFT, RIGHT, TOP = 48, 8, 24
PLOT_HEIGHT = 220
LEGEND_COLUMNS = 3
LEGEND_ROW = 22


def month_label(month: datetime.date) -> str:
    """"T1/2024"."""
    return f"T{month.month}/{month.year}"


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


@dataclass
class Series:
    channel: str
    label: str
    colour: str
    values: list[int]


@dataclass
class MonthlyChart:
    """Outputs per month, stacked by channel, ready to be drawn or read as a table."""

    months: list[datetime.date]
    series: list[Series]
    title: str
    id_prefix: str = "chart"
    _svg: str = field(default="", repr=False)

    @property
    def labels(self) -> list[str]:
        return [month_label(m) for m in self.months]

    @property
    def totals(self) -> list[int]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.months))]

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def description(self) -> str:
        if not self.months:
            return _("Không có tháng nào để vẽ.")
        span = _("Từ %(a)s đến %(b)s") % {"a": self.labels[0], "b": self.labels[-1]}
        if not self.total:
            return span + ": " + _("chưa có sản phẩm nào.")
        totals = self.totals
        peak = max(range(len(totals)), key=lambda i: (totals[i], -i))
        parts = [
            span + ": " + _("tổng cộng %(n)d sản phẩm.") % {"n": self.total},
            _("Nhiều nhất vào %(m)s (%(n)d).") % {"m": self.labels[peak], "n": totals[peak]},
            _("Theo hình thức: %(list)s.")
            % {"list": "; ".join(f"{s.label}: {sum(s.values)}" for s in self.series)},
            _("Số liệu từng tháng ở bảng ngay sau biểu đồ."),
        ]
        return " ".join(parts)

    def svg(self) -> SafeString:
        if not self._svg:
            self._svg = ET.tostring(self._draw(), encoding="unicode")
        # ElementTree escaped every text and attribute value.
        return mark_safe(self._svg)  # noqa: S308

    def table(self) -> SafeString:
        """The figures as an HTML table: the chart's text alternative."""
        table = ET.Element("table", {"class": "data", "id": f"{self.id_prefix}-table"})
        ET.SubElement(table, "caption").text = self.title
        head = ET.SubElement(ET.SubElement(table, "thead"), "tr")
        for text in [_("Tháng"), *(s.label for s in self.series), _("Tổng")]:
            ET.SubElement(head, "th", {"scope": "col"}).text = text
        body = ET.SubElement(table, "tbody")
        for i, label in enumerate(self.labels):
            row = ET.SubElement(body, "tr")
            ET.SubElement(row, "th", {"scope": "row"}).text = label
            for s in self.series:
                ET.SubElement(row, "td").text = str(s.values[i])
            ET.SubElement(row, "td").text = str(self.totals[i])
        return mark_safe(ET.tostring(table, encoding="unicode", method="html"))  # noqa: S308

    # --- Drawing ----------------------------------------------------------------------

    def _legend_rows(self) -> int:
        return math.ceil(len(self.series) / LEGEND_COLUMNS) if self.series else 0

    @property
    def height(self) -> int:
        return TOP + PLOT_HEIGHT + 36 + self._legend_rows() * LEGEND_ROW + 8

    def _draw(self) -> ET.Element:
        title_id, desc_id = f"{self.id_prefix}-title", f"{self.id_prefix}-desc"
        svg = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "viewBox": f"0 0 {WIDTH} {self.height}",
                "width": str(WIDTH),
                "height": str(self.height),
                "role": "img",
                "aria-labelledby": f"{title_id} {desc_id}",
                "class": "tracking-chart",
                "style": "max-width:100%;height:auto;display:block",
                "font-family": "Liberation Sans, Arial, sans-serif",
            },
        )
        ET.SubElement(svg, "title", {"id": title_id}).text = self.title
        ET.SubElement(svg, "desc", {"id": desc_id}).text = self.description
        top = max(self.totals, default=0)
        scale_max = nice_ceiling(top)
        base_y = TOP + PLOT_HEIGHT
        plot_width = WIDTH - LEFT - RIGHT

        def y_of(value: float) -> float:
            return base_y - PLOT_HEIGHT * value / scale_max

        axis = ET.SubElement(svg, "g", {"class": "axis", "font-size": "12", "fill": INK})
        step = scale_max / 5 if scale_max >= 5 else 1
        ticks = sorted({round(step * k, 2) for k in range(int(scale_max / step) + 1)})
        for tick in ticks:
            tick_y = f"{y_of(tick):.1f}"
            ET.SubElement(
                axis,
                "line",
                {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": tick_y, "y2": tick_y, "stroke": GRID,
                 "stroke-width": "1" if tick == 0 else "0.5"},
            )
            label = ET.SubElement(axis, "text", {"x": str(LEFT - 6), "y": f"{y_of(tick) + 4:.1f}", "text-anchor": "end"})
            label.text = f"{tick:g}"

        slot = plot_width / max(len(self.months), 1)
        bar = slot * 0.62
        totals = self.totals
        for i, label_text in enumerate(self.labels):
            x = LEFT + slot * i + (slot - bar) / 2
            group = ET.SubElement(
                svg, "g", {"class": "bar-group", "data-month": self.months[i].strftime("%Y-%m")}
            )
            running = 0
            for s in self.series:
                value = s.values[i]
                if not value:
                    continue
                y_top = y_of(running + value)
                rect = ET.SubElement(
                    group,
                    "rect",
                    {
                        "x": f"{x:.1f}",
                        "y": f"{y_top:.1f}",
                        "width": f"{bar:.1f}",
                        "height": f"{y_of(running) - y_top:.1f}",
                        "fill": s.colour,
                        "stroke": "#ffffff",
                        "stroke-width": "1",
                        "data-channel": s.channel,
                        "data-value": str(value),
                    },
                )
                ET.SubElement(rect, "title").text = f"{label_text} · {s.label}: {value}"
                running += value
            if totals[i]:
                total = ET.SubElement(
                    group,
                    "text",
                    {"x": f"{x + bar / 2:.1f}", "y": f"{y_of(totals[i]) - 4:.1f}", "text-anchor": "middle",
                     "font-size": "11", "fill": INK, "class": "bar-total"},
                )
                total.text = str(totals[i])
            month = ET.SubElement(
                group,
                "text",
                {"x": f"{x + bar / 2:.1f}", "y": str(base_y + 18), "text-anchor": "middle",
                 "font-size": "11", "fill": INK, "class": "month-label"},
            )
            month.text = label_text

        legend = ET.SubElement(svg, "g", {"class": "legend", "font-size": "12", "fill": INK})
        column_width = (WIDTH - LEFT) / LEGEND_COLUMNS
        legend_top = base_y + 36
        for k, s in enumerate(self.series):
            row, column = divmod(k, LEGEND_COLUMNS)
            x = LEFT + column * column_width
            item_y = legend_top + row * LEGEND_ROW
            item = ET.SubElement(legend, "g", {"class": "legend-item", "data-channel": s.channel})
            ET.SubElement(
                item, "rect", {"x": f"{x:.1f}", "y": str(item_y), "width": "14", "height": "14", "fill": s.colour}
            )
            text = ET.SubElement(item, "text", {"x": f"{x + 20:.1f}", "y": str(item_y + 12)})
            text.text = s.label
        return svg


def monthly_chart(
    months: list[datetime.date],
    by_channel: dict[str, list[int]],
    *,
    title: str | None = None,
    id_prefix: str = "chart",
) -> MonthlyChart:
    """The chart of ``by_channel`` (channel -> one count per month), channels in plan order.

    Channels without any output are left out of the legend and the table.
    """
    labels = dict(ChannelKind.choices)
    order = {c: i for i, c in enumerate(ChannelKind.values)}
    series = [
        Series(
            channel=channel,
            label=str(labels.get(channel, channel)),
            colour=CHANNEL_COLOURS.get(channel, CHANNEL_COLOURS[ChannelKind.OTHER]),
            values=[int(v) for v in values[: len(months)]] + [0] * (len(months) - len(values)),
        )
        for channel, values in sorted(by_channel.items(), key=lambda kv: order.get(kv[0], len(order)))
        if any(values)
    ]
    return MonthlyChart(
        months=list(months),
        series=series,
        title=title or _("Sản phẩm theo tháng và hình thức"),
        id_prefix=id_prefix,
    )
