"""Tests for cchc.schedule.timing: timing phrases → schedules → due points (no database)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.schedule import timing
from cchc.schedule.timing import (
    REASON_AD_HOC,
    REASON_NEED_YEAR,
    REASON_PERIODIC,
    REASON_UNKNOWN,
    Per,
    Schedule,
    ScheduleKind,
    clear_cache,
    occurrences,
    parse_timing,
    parse_timing_uncached,
)
from cchc.text import fold

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

C = ScheduleKind.CONTINUOUS
R = ScheduleKind.RECURRING
W = ScheduleKind.WINDOW
DL = ScheduleKind.DEADLINE
DLS = ScheduleKind.DEADLINES
U = ScheduleKind.UNKNOWN

Y2024: dict[str, Any] = {"year": 2024}
PLAN_2022_2025: dict[str, Any] = {"period": (date(2022, 1, 1), date(2025, 12, 31))}


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def row(
    phrase: str,
    kind: ScheduleKind,
    start: str | None,
    end: str | None,
    count: int | None = None,
    per: str | None = None,
    deadlines: tuple[str, ...] = (),
    context: dict[str, Any] | None = None,
) -> Any:
    return pytest.param(
        phrase,
        Y2024 if context is None else context,
        kind,
        start,
        end,
        count,
        per,
        deadlines,
        id=f"{phrase[:50]}|{'' if context is None else sorted(context)}",
    )


QUARTER_ENDS_2024 = ("2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31")
MONTH_ENDS_2024 = tuple(
    (date(2024, m % 12 + 1, 1) - timedelta(days=1) if m < 12 else date(2024, 12, 31)).isoformat()
    for m in range(1, 13)
)

# Every phrase with the schedule it must give. Unless noted the plan's year is 2024.
TABLE = [
    # --- the five seed plans, verbatim -------------------------------------------------
    row("Thường xuyên trong năm 2019.", C, "2019-01-01", "2019-12-31"),
    row("Hàng tuần.", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("Hàng tháng.", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("Trong năm 2019.", W, "2019-01-01", "2019-12-31"),
    row("Thường xuyên trong năm.", C, "2023-01-01", "2023-12-31", context={"year": 2023}),
    row("02 số/tháng (Thời lượng 10 phút).", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("01 số/năm.", R, "2024-01-01", "2024-12-31", 1, "year"),
    row("Quý IV/2024", W, "2024-10-01", "2024-12-31"),
    row(
        "Các bài viết, phóng sự trên Báo Phú Thọ; Báo điện tử Phú Thọ 01 kỳ/tháng",
        R,
        "2024-01-01",
        "2024-12-31",
        1,
        "month",
    ),
    row("Từ quý II và hoàn thành chậm nhất, trong quý IV/2024", W, "2024-04-01", "2024-12-31"),
    row("Trong năm 2024", W, "2024-01-01", "2024-12-31"),
    row("Thực hiện trong quý III/2024", W, "2024-07-01", "2024-09-30"),
    row(
        "đăng tải trên cổng thông tin điện tử, hàng tháng, có ít nhất 04 tin, bài về CCHC "
        "đăng trên trang thông tin điện tử của Sở.",
        R,
        "2023-01-01",
        "2023-12-31",
        4,
        "month",
        context={"year": 2023},
    ),
    row(
        "Định kỳ quý I, 6 tháng, quý III, năm (Trước ngày 10 tháng 3 đối với báo cáo quý I; "
        "trước ngày 10 tháng 6 đối với báo cáo 6 tháng; Trước ngày 10 tháng 9 đối với báo cáo "
        "quý III và trước ngày 10 tháng 12 đối với báo cáo năm) báo cáo tình hình, kết quả",
        DLS,
        "2023-01-01",
        "2023-12-10",
        deadlines=("2023-03-10", "2023-06-10", "2023-09-10", "2023-12-10"),
        context={"year": 2023},
    ),
    row(
        "Tuyên truyền thường xuyên, liên tục", C, "2023-01-01", "2023-12-31", context={"year": 2023}
    ),
    # --- the phrases of the brief --------------------------------------------------------
    row("Thường xuyên (trong năm)", C, "2024-01-01", "2024-12-31"),
    row("Hàng tuần", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("Hằng tuần", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("Hàng tháng", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("Hằng quý", R, "2024-01-01", "2024-12-31", 1, "quarter"),
    row("02 số/tháng", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("01 kỳ/tháng", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("01 số/năm", R, "2024-01-01", "2024-12-31", 1, "year"),
    row("ít nhất 04 tin, bài/tháng", R, "2024-01-01", "2024-12-31", 4, "month"),
    row("Quý 3/2024", W, "2024-07-01", "2024-09-30"),
    row("quý III năm 2024", W, "2024-07-01", "2024-09-30"),
    row("Từ quý II và hoàn thành chậm nhất trong quý IV/2024", W, "2024-04-01", "2024-12-31"),
    row("Tháng 6/2024", W, "2024-06-01", "2024-06-30"),
    row("tháng 6 năm 2024", W, "2024-06-01", "2024-06-30"),
    row("từ ngày 14 đến ngày 20/4/2025", W, "2025-04-14", "2025-04-20"),
    row("từ ngày 14/4 đến ngày 20/4/2025", W, "2025-04-14", "2025-04-20"),
    row("trước ngày 10 tháng 3", DL, "2024-01-01", "2024-03-10", deadlines=("2024-03-10",)),
    row("trước ngày 10/12 hằng năm", DL, "2024-01-01", "2024-12-10", deadlines=("2024-12-10",)),
    row(
        "trước ngày 10/12 hằng năm",
        DLS,
        "2022-01-01",
        "2025-12-10",
        deadlines=("2022-12-10", "2023-12-10", "2024-12-10", "2025-12-10"),
        context=PLAN_2022_2025,
    ),
    row(
        "định kỳ 6 tháng, hằng năm hoặc đột xuất",
        DLS,
        "2024-01-01",
        "2024-12-31",
        deadlines=("2024-06-30", "2024-12-31"),
    ),
    row(
        "Quý I, 6 tháng, quý III, năm",
        DLS,
        "2024-01-01",
        "2024-12-31",
        deadlines=QUARTER_ENDS_2024,
    ),
    row("hằng ngày (3 buổi/ngày)", R, "2024-01-01", "2024-12-31", 3, "day"),
    row("6 tháng đầu năm 2024", W, "2024-01-01", "2024-06-30"),
    row("6 tháng cuối năm 2023", W, "2023-07-01", "2023-12-31"),
    row("giai đoạn 2022 - 2025", W, "2022-01-01", "2025-12-31"),
    row("Năm 2024", W, "2024-01-01", "2024-12-31"),
    row("Cả năm", C, "2024-01-01", "2024-12-31"),
    row("hang thang", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("quy 3/2024", W, "2024-07-01", "2024-09-30"),
    # --- spellings: no diacritics, hàng/hằng, Roman/Arabic, spaces, trailing periods -------
    row("hang tuan", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("HẰNG THÁNG.", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("thuong xuyen trong nam 2024", C, "2024-01-01", "2024-12-31"),
    row("quy iv/2024", W, "2024-10-01", "2024-12-31"),
    row("Quý 4/2024", W, "2024-10-01", "2024-12-31"),
    row("Quý  IV / 2024 .", W, "2024-10-01", "2024-12-31"),
    row("quý 4 - 2024", W, "2024-10-01", "2024-12-31"),
    row("Quý tư năm 2024", W, "2024-10-01", "2024-12-31"),
    row("thang 6/2024", W, "2024-06-01", "2024-06-30"),
    row("tu ngay 14 den ngay 20/4/2025", W, "2025-04-14", "2025-04-20"),
    row("- Thời gian thực hiện: Hàng tuần.", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("Thời gian: Quý III/2024", W, "2024-07-01", "2024-09-30"),
    row("Quý I – 2024", W, "2024-01-01", "2024-03-31"),
    # --- continuous ---------------------------------------------------------------------
    row("Thường xuyên, liên tục", C, "2024-01-01", "2024-12-31"),
    row("Thường xuyên", C, "2024-01-01", "2024-12-31"),
    row("Thường xuyên trong giai đoạn 2022-2025", C, "2022-01-01", "2025-12-31"),
    row("Thường xuyên trong năm", C, "2022-01-01", "2025-12-31", context=PLAN_2022_2025),
    row("Liên tục 24/7", C, "2024-01-01", "2024-12-31"),
    row("Cả năm 2024", C, "2024-01-01", "2024-12-31"),
    row("Quanh năm", C, "2024-01-01", "2024-12-31"),
    row("Suốt năm", C, "2024-01-01", "2024-12-31"),
    row("Thường xuyên từ quý II/2024", C, "2024-04-01", "2024-12-31"),
    # --- recurring ----------------------------------------------------------------------
    row("Hằng năm", R, "2024-01-01", "2024-12-31", 1, "year"),
    row("Hằng tháng trong năm 2024", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("Hàng tuần trong quý III/2024", R, "2024-07-01", "2024-09-30", 1, "week"),
    row("Mỗi tuần 1 lần", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("1 lần/tuần", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("2 lần/tháng", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("2 lần mỗi tháng", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("Mỗi tháng 2 số", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("mỗi quý một lần", R, "2024-01-01", "2024-12-31", 1, "quarter"),
    row("hai lần một năm", R, "2024-01-01", "2024-12-31", 2, "year"),
    row("Định kỳ hằng quý", R, "2024-01-01", "2024-12-31", 1, "quarter"),
    row("Định kỳ hàng tháng", R, "2024-01-01", "2024-12-31", 1, "month"),
    row("03 chuyên mục/tháng", R, "2024-01-01", "2024-12-31", 3, "month"),
    row("Tối thiểu 02 tin, bài/tháng", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("ít nhất 01 bài/quý", R, "2024-01-01", "2024-12-31", 1, "quarter"),
    row("Hằng tháng, mỗi tháng ít nhất 02 tin bài", R, "2024-01-01", "2024-12-31", 2, "month"),
    row("Sáng thứ Hai hằng tuần", R, "2024-01-01", "2024-12-31", 1, "week"),
    row("3 tháng/lần", R, "2024-01-01", "2024-12-31", 1, "quarter"),
    row("1 lần/năm", R, "2024-01-01", "2024-12-31", 1, "year"),
    row("12 số/năm", R, "2024-01-01", "2024-12-31", 12, "year"),
    row("Hằng tháng", R, "2022-01-01", "2025-12-31", 1, "month", context=PLAN_2022_2025),
    row(
        "Hằng tuần",
        R,
        "2024-07-10",
        "2024-08-03",
        1,
        "week",
        context={"period": (date(2024, 7, 10), date(2024, 8, 3))},
    ),
    row("Hàng tháng hoặc đột xuất", R, "2024-01-01", "2024-12-31", 1, "month"),
    # --- windows ------------------------------------------------------------------------
    row("Quý I/2024", W, "2024-01-01", "2024-03-31"),
    row("Quý II năm 2024", W, "2024-04-01", "2024-06-30"),
    row("Quý II - III/2024", W, "2024-04-01", "2024-09-30"),
    row("Quý II, quý III năm 2024", W, "2024-04-01", "2024-09-30"),
    row("Quý I và quý II/2024", W, "2024-01-01", "2024-06-30"),
    row("Trong quý I", W, "2024-01-01", "2024-03-31"),
    row("Trong tháng 6", W, "2024-06-01", "2024-06-30"),
    row("Tháng 9/2024", W, "2024-09-01", "2024-09-30"),
    row("Tháng 10 năm 2024", W, "2024-10-01", "2024-10-31"),
    row("tháng 6 - 8/2024", W, "2024-06-01", "2024-08-31"),
    row("Từ tháng 3 đến tháng 5/2024", W, "2024-03-01", "2024-05-31"),
    row("từ tháng 10/2023 đến tháng 3/2024", W, "2023-10-01", "2024-03-31"),
    row("từ tháng 10 đến tháng 3/2024", W, "2023-10-01", "2024-03-31"),
    row("Năm 2024 - 2025", W, "2024-01-01", "2025-12-31"),
    row("Từ năm 2022 đến năm 2025", W, "2022-01-01", "2025-12-31"),
    row("Giai đoạn 2021-2025", W, "2021-01-01", "2025-12-31"),
    row("Đầu năm 2024", W, "2024-01-01", "2024-03-31"),
    row("Cuối năm 2024", W, "2024-10-01", "2024-12-31"),
    row("Nửa đầu năm 2024", W, "2024-01-01", "2024-06-30"),
    row("9 tháng đầu năm 2024", W, "2024-01-01", "2024-09-30"),
    row("6 tháng cuối năm", W, "2024-07-01", "2024-12-31"),
    row("Ngày 9/11/2024", W, "2024-11-09", "2024-11-09"),
    row("ngày 15/5", W, "2024-05-15", "2024-05-15"),
    row("Từ ngày 01/7/2024", W, "2024-07-01", "2024-12-31"),
    row("Từ 14/4 - 20/4/2025", W, "2025-04-14", "2025-04-20"),
    row("14 - 20/4/2025", W, "2025-04-14", "2025-04-20"),
    row("Từ ngày 1/6/2024 đến ngày 30/6/2024", W, "2024-06-01", "2024-06-30"),
    row("Từ 01/10/2024 đến 31/10/2024", W, "2024-10-01", "2024-10-31"),
    row("Trong năm", W, "2024-01-01", "2024-12-31"),
    row("Quý III/2024", W, "2024-07-01", "2024-09-30", context=PLAN_2022_2025),
    # --- deadlines ----------------------------------------------------------------------
    row("Trước ngày 15/12/2024", DL, "2024-01-01", "2024-12-15", deadlines=("2024-12-15",)),
    row("Trước ngày 30/6/2024", DL, "2024-01-01", "2024-06-30", deadlines=("2024-06-30",)),
    row(
        "Hoàn thành trước ngày 31/3/2024",
        DL,
        "2024-01-01",
        "2024-03-31",
        deadlines=("2024-03-31",),
    ),
    row("Chậm nhất ngày 30/9/2024", DL, "2024-01-01", "2024-09-30", deadlines=("2024-09-30",)),
    row("Hạn chót: 15/11/2024", DL, "2024-01-01", "2024-11-15", deadlines=("2024-11-15",)),
    row("Trước 31/12", DL, "2024-01-01", "2024-12-31", deadlines=("2024-12-31",)),
    row("Trước quý III/2024", DL, "2024-01-01", "2024-06-30", deadlines=("2024-06-30",)),
    row(
        "trước ngày 10 tháng 3",
        DL,
        "2025-01-01",
        "2025-03-10",
        deadlines=("2025-03-10",),
        context={"year": 2025},
    ),
    row(
        "Trước ngày 10/12",
        DLS,
        "2022-01-01",
        "2025-12-10",
        deadlines=("2022-12-10", "2023-12-10", "2024-12-10", "2025-12-10"),
        context=PLAN_2022_2025,
    ),
    row(
        "Hằng tháng, trước ngày 25",
        DLS,
        "2024-01-01",
        "2024-12-25",
        deadlines=tuple(f"2024-{m:02d}-25" for m in range(1, 13)),
    ),
    row(
        "trước ngày 5 hằng tháng",
        DLS,
        "2024-01-01",
        "2024-12-05",
        deadlines=tuple(f"2024-{m:02d}-05" for m in range(1, 13)),
    ),
    row(
        "Báo cáo quý I, 6 tháng, 9 tháng và năm",
        DLS,
        "2024-01-01",
        "2024-12-31",
        deadlines=QUARTER_ENDS_2024,
    ),
    row("Định kỳ 6 tháng", DLS, "2024-01-01", "2024-12-31", deadlines=("2024-06-30", "2024-12-31")),
    row(
        "Báo cáo 6 tháng và năm",
        DLS,
        "2024-01-01",
        "2024-12-31",
        deadlines=("2024-06-30", "2024-12-31"),
    ),
    row("Báo cáo quý I", DL, "2024-01-01", "2024-03-31", deadlines=("2024-03-31",)),
    row(
        "Định kỳ hằng quý, 6 tháng, năm",
        DLS,
        "2024-01-01",
        "2024-12-31",
        deadlines=QUARTER_ENDS_2024,
    ),
    row("Định kỳ hàng tháng, quý, năm", DLS, "2024-01-01", "2024-12-31", deadlines=MONTH_ENDS_2024),
    row("6 tháng/lần", DLS, "2024-01-01", "2024-12-31", deadlines=("2024-06-30", "2024-12-31")),
    row("6 tháng một lần", DLS, "2024-01-01", "2024-12-31", deadlines=("2024-06-30", "2024-12-31")),
    row(
        "Quý I, 6 tháng, quý III, năm",
        DLS,
        "2022-01-01",
        "2025-12-31",
        deadlines=tuple(
            f"{y}-{md}" for y in range(2022, 2026) for md in ("03-31", "06-30", "09-30", "12-31")
        ),
        context=PLAN_2022_2025,
    ),
]


@pytest.mark.parametrize(
    ("phrase", "context", "kind", "start", "end", "count", "per", "deadlines"), TABLE
)
def test_phrase_table(
    phrase: str,
    context: dict[str, Any],
    kind: ScheduleKind,
    start: str | None,
    end: str | None,
    count: int | None,
    per: str | None,
    deadlines: tuple[str, ...],
) -> None:
    schedule = parse_timing(phrase, **context)
    assert schedule.understood, schedule.reason
    assert schedule.kind == kind
    assert schedule.start == (d(start) if start else None)
    assert schedule.end == (d(end) if end else None)
    assert schedule.count == count
    assert schedule.per == per
    assert schedule.deadlines == tuple(d(x) for x in deadlines)
    assert schedule.text == phrase
    assert schedule.reason == ""
    assert schedule.summary
    _check_invariants(schedule)


def test_table_is_large() -> None:
    assert len(TABLE) >= 100


# --- summaries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "summary"),
    [
        ("02 số/tháng", "2 lần mỗi tháng, từ 01/01/2024 đến 31/12/2024"),
        ("Thường xuyên (trong năm)", "Thường xuyên, từ 01/01/2024 đến 31/12/2024"),
        ("Thực hiện trong quý III/2024", "Trong quý III/2024 (01/07/2024 - 30/09/2024)"),
        ("Tháng 6/2024", "Trong tháng 6/2024 (01/06/2024 - 30/06/2024)"),
        ("Trong năm 2024", "Trong năm 2024 (01/01/2024 - 31/12/2024)"),
        ("trước ngày 10/12 hằng năm", "Hạn: 10/12/2024"),
        (
            "Quý I, 6 tháng, quý III, năm",
            "Các hạn: 31/03/2024, 30/06/2024, 30/09/2024, 31/12/2024",
        ),
        (
            "trước các ngày 10/3, 10/6, 10/9 và 10/12",
            "Các hạn: 10/03/2024, 10/06/2024, 10/09/2024, 10/12/2024",
        ),
        (
            "trước ngày 10 tháng 3; trước ngày 10 tháng 6; trước ngày 10 tháng 9; "
            "trước ngày 10 tháng 12",
            "Các hạn: 10/03/2024, 10/06/2024, 10/09/2024, 10/12/2024",
        ),
        ("ít nhất 04 tin, bài/tháng", "Ít nhất 4 lần mỗi tháng, từ 01/01/2024 đến 31/12/2024"),
        ("Hằng tuần", "1 lần mỗi tuần, từ 01/01/2024 đến 31/12/2024"),
        ("giai đoạn 2022 - 2025", "Trong giai đoạn 2022 - 2025 (01/01/2022 - 31/12/2025)"),
        ("Ngày 9/11/2024", "Ngày 09/11/2024"),
        ("từ ngày 14 đến ngày 20/4/2025", "Từ 14/04/2025 đến 20/04/2025"),
    ],
)
def test_summaries(phrase: str, summary: str) -> None:
    assert parse_timing(phrase, year=2024).summary == summary


def test_reporting_list_without_explicit_deadlines_uses_period_ends() -> None:
    schedule = parse_timing("Quý I, 6 tháng, quý III, năm", year=2024)
    assert schedule.summary == "Các hạn: 31/03/2024, 30/06/2024, 30/09/2024, 31/12/2024"


def test_ad_hoc_alongside_a_schedule_is_a_note() -> None:
    schedule = parse_timing("định kỳ 6 tháng, hằng năm hoặc đột xuất", year=2024)
    assert schedule.understood
    assert "đột xuất" in schedule.note
    assert schedule.summary.startswith("Các hạn: 30/06/2024, 31/12/2024")
    assert "đột xuất" in schedule.summary


def test_at_least_is_recorded() -> None:
    assert parse_timing("ít nhất 04 tin, bài/tháng", year=2024).at_least
    assert not parse_timing("04 tin, bài/tháng", year=2024).at_least


# --- not understood -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "kind", "reason"),
    [
        ("Đột xuất", U, REASON_AD_HOC),
        ("Khi có yêu cầu", U, REASON_AD_HOC),
        ("Định kỳ hoặc đột xuất", U, REASON_PERIODIC),
        ("báo cáo định kỳ hoặc đột xuất", U, REASON_PERIODIC),
        ("Theo yêu cầu", U, REASON_AD_HOC),
        (
            "định kỳ tổng hợp báo cáo UBND xã tình hình và kết quả thực hiện kế hoạch này",
            U,
            REASON_PERIODIC,
        ),
        ("Định kỳ báo cáo UBND tỉnh về kết quả triển khai", U, REASON_PERIODIC),
        ("định kỳ báo cáo tình hình thực hiện cho Trưởng Ban", U, REASON_PERIODIC),
        ("Theo kế hoạch", U, REASON_UNKNOWN),
        ("Theo tiến độ chung", U, REASON_UNKNOWN),
        ("Dịp Tết Nguyên đán", U, REASON_UNKNOWN),
        ("Theo chỉ đạo của UBND tỉnh", U, REASON_UNKNOWN),
        ("", U, REASON_UNKNOWN),
        ("   ", U, REASON_UNKNOWN),
        ("...", U, REASON_UNKNOWN),
        ("31/2/2024", U, "Ngày không hợp lệ: 31/2/2024."),
        ("trước ngày 31/2/2024", U, "Ngày không hợp lệ: 31/2/2024."),
        ("29/2/2023", U, "Ngày không hợp lệ: 29/2/2023."),
        ("ngày 30/2", U, "Ngày không hợp lệ: 30/2."),
        ("Quý V/2024", U, "Quý không hợp lệ: V."),
        ("Quý 0/2024", U, "Quý không hợp lệ: 0."),
        ("tháng 13/2024", U, "Tháng không hợp lệ: 13/2024."),
        (
            "từ ngày 20/4/2025 đến ngày 14/4/2025",
            U,
            "Thời gian kết thúc (14/04/2025) trước thời gian bắt đầu (20/04/2025).",
        ),
        (
            "từ quý IV/2024 đến quý I/2024",
            U,
            "Thời gian kết thúc (31/03/2024) trước thời gian bắt đầu (01/10/2024).",
        ),
        (
            "Năm 2025 - 2022",
            U,
            "Thời gian kết thúc (năm 2022) trước thời gian bắt đầu (năm 2025).",
        ),
        (
            "hai tuần một lần",
            U,
            "Chu kỳ 2 tuần một lần chưa được hỗ trợ; hãy đặt lịch bằng tay.",
        ),
        ("trước ngày 25", U, "Chưa rõ tháng của hạn: ngày 25; hãy ghi rõ ngày/tháng."),
    ],
)
def test_not_understood(phrase: str, kind: ScheduleKind, reason: str) -> None:
    schedule = parse_timing(phrase, year=2024)
    assert not schedule.understood
    assert schedule.kind == kind
    assert schedule.reason == reason
    assert schedule.text == phrase
    assert schedule.summary
    assert occurrences(schedule) == []


def test_unreadable_uses_the_standard_reason() -> None:
    schedule = parse_timing("lúc nào rảnh thì làm")
    assert schedule.kind == ScheduleKind.UNKNOWN
    assert schedule.reason == "Chưa hiểu cách ghi thời gian này; hãy đặt lịch bằng tay."
    assert schedule.start is None and schedule.end is None


def test_ad_hoc_reason_text() -> None:
    assert parse_timing("Đột xuất").reason == (
        "Đột xuất: không có lịch cố định; hãy đặt hạn khi có yêu cầu"
    )


@pytest.mark.parametrize(
    ("phrase", "kind", "count", "per"),
    [
        ("Hàng tháng", R, 1, "month"),
        ("02 số/tháng", R, 2, "month"),
        ("Thường xuyên (trong năm)", C, None, None),
        ("Cả năm", C, None, None),
        ("Quý III", W, None, None),
        ("Trong năm", W, None, None),
        ("trước ngày 10 tháng 3", DL, None, None),
        ("Quý I, 6 tháng, quý III, năm", DLS, None, None),
    ],
)
def test_without_a_year_the_kind_is_kept_but_not_understood(
    phrase: str, kind: ScheduleKind, count: int | None, per: str | None
) -> None:
    schedule = parse_timing(phrase)
    assert not schedule.understood
    assert schedule.kind == kind
    assert (schedule.count, schedule.per) == (count, per)
    assert schedule.reason == REASON_NEED_YEAR
    assert schedule.start is None and schedule.end is None
    assert schedule.summary


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("Thường xuyên trong năm 2019", "2019-01-01", "2019-12-31"),
        ("Quý IV/2024", "2024-10-01", "2024-12-31"),
        ("Hằng tháng trong năm 2024", "2024-01-01", "2024-12-31"),
        ("Trước ngày 15/12/2024", "2024-01-01", "2024-12-15"),
        ("giai đoạn 2022 - 2025", "2022-01-01", "2025-12-31"),
    ],
)
def test_a_year_in_the_phrase_needs_no_context(phrase: str, start: str, end: str) -> None:
    schedule = parse_timing(phrase)
    assert schedule.understood, schedule.reason
    assert (schedule.start, schedule.end) == (d(start), d(end))


def test_a_year_in_the_phrase_wins_over_the_plan_year() -> None:
    schedule = parse_timing("Trong năm 2019", year=2024)
    assert (schedule.start, schedule.end) == (date(2019, 1, 1), date(2019, 12, 31))


def test_quarter_without_year_in_multi_year_plan_is_ambiguous() -> None:
    schedule = parse_timing("Quý III", period=(date(2022, 1, 1), date(2025, 12, 31)))
    assert not schedule.understood
    assert schedule.kind == ScheduleKind.WINDOW
    assert "2022 - 2025" in schedule.reason


@pytest.mark.parametrize(
    ("year", "period"),
    [
        (0, None),
        (-5, None),
        (99999, None),
        (None, (date(2025, 1, 1), date(2024, 1, 1))),
    ],
)
def test_bad_context_is_not_understood(year: int | None, period: tuple[date, date] | None) -> None:
    schedule = parse_timing("Hằng tháng", year=year, period=period)
    assert not schedule.understood
    assert schedule.reason


# --- the seed plans -------------------------------------------------------------------------

_LABELLED = ("- Thời gian thực hiện:", "Thời gian:")
_YEAR_IN_NAME = re.compile(r"_(\d{4})\.txt$")


def _seed_timing_phrases() -> list[tuple[str, str, int]]:
    """(file, phrase, plan year): labelled timing lines and the timing column of tables."""
    found: list[tuple[str, str, int]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        match = _YEAR_IN_NAME.search(path.name)
        assert match, path.name
        year = int(match.group(1))
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text.startswith(_LABELLED):
                found.append((path.name, text, year))
            cells = line.split("\t")
            if len(cells) >= 5 and cells[0].strip().isdigit():
                # "Thời gian thực hiện" is the last column; a cell may list several items.
                for item in re.split(r"(?:^|\s)-\s+", cells[-1].strip()):
                    if item.strip():
                        found.append((path.name, item.strip(), year))
    return found


SEED_PHRASES = _seed_timing_phrases()


def test_seed_plans_have_timing_phrases() -> None:
    files = {name for name, _, _ in SEED_PHRASES}
    assert len(SEED_PHRASES) >= 15
    assert {"huyen_song_ma_2019.txt", "ban_dan_toc_quang_ngai_2023.txt"} <= files
    assert "ubnd_tinh_phu_tho_2024.txt" in files


@pytest.mark.parametrize(("name", "phrase", "year"), SEED_PHRASES)
def test_every_seed_timing_phrase_is_understood(name: str, phrase: str, year: int) -> None:
    schedule = parse_timing(phrase, year=year)
    assert schedule.understood, f"{name}: {phrase!r} → {schedule.reason}"
    assert schedule.kind != ScheduleKind.UNKNOWN
    _check_invariants(schedule)


def test_seed_reporting_clause_of_lang_son() -> None:
    text = (SEEDS / "so_ldtbxh_lang_son_2023.txt").read_text(encoding="utf-8")
    clause = next(line for line in text.splitlines() if line.startswith("Định kỳ quý I"))
    schedule = parse_timing(clause, year=2023)
    assert schedule.kind == ScheduleKind.DEADLINES
    assert schedule.deadlines == (
        date(2023, 3, 10),
        date(2023, 6, 10),
        date(2023, 9, 10),
        date(2023, 12, 10),
    )


# --- occurrences ----------------------------------------------------------------------------


def test_occurrences_of_two_per_month() -> None:
    points = occurrences(parse_timing("02 số/tháng", year=2024))
    assert len(points) == 24
    assert [p.due for p in points[:2]] == [date(2024, 1, 31), date(2024, 1, 31)]
    assert points[0].window_start == date(2024, 1, 1)
    assert points[2].due == date(2024, 2, 29)
    assert points[-1].due == date(2024, 12, 31)
    assert points[0].label == "Tháng 1/2024 (1/2)"


def test_occurrences_of_weekly_use_iso_weeks_clipped_to_the_window() -> None:
    points = occurrences(parse_timing("Hằng tuần", year=2024))
    # 2024-01-01 is a Monday; 2024-12-30/31 start ISO week 1 of 2025.
    assert len(points) == 53
    assert points[0] == timing.Occurrence(date(2024, 1, 7), date(2024, 1, 1), "Tuần 1/2024")
    assert points[-1] == timing.Occurrence(date(2024, 12, 31), date(2024, 12, 30), "Tuần 1/2025")


def test_occurrences_of_continuous_are_monthly_check_ins() -> None:
    points = occurrences(parse_timing("Thường xuyên", year=2024))
    assert len(points) == 12
    assert points[1].due == date(2024, 2, 29)
    assert points[1].label == "Kiểm tra tháng 2/2024"


def test_occurrences_of_window_and_deadlines() -> None:
    window = occurrences(parse_timing("Quý III/2024"))
    assert window == [timing.Occurrence(date(2024, 9, 30), date(2024, 7, 1), window[0].label)]
    dls = occurrences(parse_timing("Quý I, 6 tháng, quý III, năm", year=2024))
    assert [p.due for p in dls] == [d(x) for x in QUARTER_ENDS_2024]
    assert dls[1].window_start == date(2024, 4, 1)
    assert dls[1].label == "Hạn 2/4"


def test_occurrences_of_daily_three_sessions() -> None:
    points = occurrences(parse_timing("hằng ngày (3 buổi/ngày)", year=2024))
    assert len(points) == 366 * 3


def test_to_json_has_the_public_keys() -> None:
    data = parse_timing("02 số/tháng", year=2024).to_json()
    assert {"kind", "start", "end", "count", "per", "deadlines", "summary", "understood"} <= set(
        data
    )
    assert set(data) <= {
        "kind",
        "start",
        "end",
        "count",
        "per",
        "deadlines",
        "summary",
        "understood",
        "text",
        "reason",
    }
    assert data["kind"] == "recurring"
    assert data["start"] == "2024-01-01"
    assert data["end"] == "2024-12-31"
    assert data["count"] == 2
    assert data["per"] == "month"
    assert data["deadlines"] == []
    assert data["understood"] is True
    dl = parse_timing("trước ngày 10/12 hằng năm", year=2024).to_json()
    assert dl["deadlines"] == ["2024-12-10"]
    assert dl["per"] is None


def test_cache_returns_the_same_schedule_and_can_be_cleared() -> None:
    clear_cache()
    first = parse_timing("Hằng tháng", year=2024)
    assert parse_timing("Hằng tháng", year=2024) is first
    assert parse_timing("Hằng tháng", year=2025) is not first
    clear_cache()
    assert parse_timing("Hằng tháng", year=2024) == first
    assert parse_timing_uncached("Hằng tháng", year=2024) == first


# --- properties -----------------------------------------------------------------------------


def _check_invariants(schedule: Schedule) -> None:
    assert schedule.summary
    if not schedule.understood:
        assert schedule.reason
        assert occurrences(schedule) == []
        return
    assert schedule.kind != ScheduleKind.UNKNOWN
    assert schedule.start is not None and schedule.end is not None
    assert schedule.start <= schedule.end
    assert list(schedule.deadlines) == sorted(set(schedule.deadlines))
    assert all(schedule.start <= x <= schedule.end for x in schedule.deadlines)
    if schedule.kind == ScheduleKind.RECURRING:
        assert schedule.count is not None and schedule.count >= 1
        assert schedule.per in set(Per)
    else:
        assert schedule.count is None and schedule.per is None
    if schedule.kind == ScheduleKind.DEADLINE:
        assert len(schedule.deadlines) == 1
    elif schedule.kind == ScheduleKind.DEADLINES:
        assert len(schedule.deadlines) >= 2
    else:
        assert schedule.deadlines == ()
    points = occurrences(schedule)
    assert points
    for point in points:
        assert schedule.start <= point.window_start <= point.due <= schedule.end
        assert point.label


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
UNITS = {"ngày": Per.DAY, "tuần": Per.WEEK, "tháng": Per.MONTH, "quý": Per.QUARTER, "năm": Per.YEAR}
years = st.integers(min_value=1990, max_value=2100)


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date]:
    start = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=3 * 366))
    return start, start + timedelta(days=length)


contexts = st.one_of(
    years.map(lambda y: {"year": y}),
    periods().map(lambda p: {"period": p}),
    st.tuples(years, periods()).map(lambda t: {"year": t[0], "period": t[1]}),
)


@given(
    n=st.integers(min_value=1, max_value=12),
    unit=st.sampled_from(sorted(UNITS)),
    noun=st.sampled_from(["số", "kỳ", "lần", "tin, bài", "bài", "buổi", "chuyên mục", ""]),
    at_least=st.booleans(),
    context=contexts,
)
@settings(max_examples=200, deadline=None)
def test_recurring_templates(
    n: int, unit: str, noun: str, at_least: bool, context: dict[str, Any]
) -> None:
    phrase = f"{'ít nhất ' if at_least else ''}{n:02d} {noun}/{unit}".replace("  ", " ")
    schedule = parse_timing(phrase, **context)
    assert schedule.understood, (phrase, schedule.reason)
    assert schedule.kind == ScheduleKind.RECURRING
    assert (schedule.count, schedule.per, schedule.at_least) == (n, UNITS[unit], at_least)
    _check_invariants(schedule)
    assert len(occurrences(schedule)) % n == 0


@given(
    quarter=st.integers(min_value=1, max_value=4),
    year=years,
    form=st.sampled_from(
        [
            "Quý {r}/{y}",
            "quý {a}/{y}",
            "Quý {r} năm {y}",
            "quy {r}/{y}",
            "Thực hiện trong quý {r}/{y}.",
            "quý {a} - {y}",
        ]
    ),
    context=st.one_of(st.just({}), contexts),
)
@settings(max_examples=200, deadline=None)
def test_quarter_templates(quarter: int, year: int, form: str, context: dict[str, Any]) -> None:
    phrase = form.format(r=ROMAN[quarter], a=quarter, y=year)
    schedule = parse_timing(phrase, **context)
    assert schedule.understood, (phrase, schedule.reason)
    assert schedule.kind == ScheduleKind.WINDOW
    assert schedule.start == date(year, 3 * quarter - 2, 1)
    assert schedule.end is not None and (schedule.end + timedelta(days=1)).day == 1
    assert schedule.end.month == 3 * quarter
    _check_invariants(schedule)


@given(month=st.integers(min_value=1, max_value=12), year=years)
def test_month_templates(month: int, year: int) -> None:
    for phrase in (f"Tháng {month}/{year}", f"tháng {month} năm {year}"):
        schedule = parse_timing(phrase)
        assert schedule.understood, phrase
        assert schedule.start == date(year, month, 1)
        _check_invariants(schedule)


@given(
    first=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    second=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
)
def test_date_ranges(first: date, second: date) -> None:
    phrase = (
        f"từ ngày {first.day}/{first.month}/{first.year} đến ngày "
        f"{second.day}/{second.month}/{second.year}"
    )
    schedule = parse_timing(phrase)
    if second >= first:
        assert schedule.understood, (phrase, schedule.reason)
        assert (schedule.start, schedule.end) == (first, second)
        _check_invariants(schedule)
    else:
        assert not schedule.understood
        assert "trước thời gian bắt đầu" in schedule.reason


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), context=contexts)
def test_deadline_templates(day: date, context: dict[str, Any]) -> None:
    schedule = parse_timing(f"trước ngày {day.day}/{day.month}/{day.year}", **context)
    assert schedule.understood
    assert schedule.kind == ScheduleKind.DEADLINE
    assert schedule.deadlines == (day,)
    _check_invariants(schedule)


@given(day=st.integers(min_value=1, max_value=31), month=st.integers(min_value=1, max_value=12))
def test_impossible_dates_name_the_date(day: int, month: int) -> None:
    phrase = f"trước ngày {day}/{month}/2023"
    try:
        date(2023, month, day)
    except ValueError:
        schedule = parse_timing(phrase)
        assert not schedule.understood
        assert schedule.reason == f"Ngày không hợp lệ: {day}/{month}/2023."
    else:
        assert parse_timing(phrase).understood


PHRASES_FOR_PROPERTIES = [p.values[0] for p in TABLE] + [
    "Đột xuất",
    "Quý III",
    "trước ngày 10 tháng 3",
    "Hằng tháng, trước ngày 31",
    "Từ ngày 01/7/2024",
    "đến hết quý II",
]


@given(phrase=st.sampled_from(PHRASES_FOR_PROPERTIES), context=st.one_of(st.just({}), contexts))
@settings(max_examples=300, deadline=None)
def test_known_phrases_in_any_context_keep_the_invariants(
    phrase: str, context: dict[str, Any]
) -> None:
    _check_invariants(parse_timing(phrase, **context))


@given(text=st.text(), context=st.one_of(st.just({}), contexts))
@settings(max_examples=500, deadline=None)
def test_never_raises_on_any_text(text: str, context: dict[str, Any]) -> None:
    # The parser proper, without the safety net of parse_timing_uncached: only
    # its own "not understood" signal may come out.
    try:
        timing._parse(text, context.get("year"), context.get("period"))
    except timing._Fail:
        pass
    schedule = parse_timing(text, **context)
    assert schedule.text == text
    _check_invariants(schedule)


VIETNAMESE = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
TIMING_WORDS = [
    "quý",
    "tháng",
    "ngày",
    "năm",
    "tuần",
    "hằng",
    "hàng",
    "mỗi",
    "từ",
    "đến",
    "trước",
    "chậm nhất",
    "hạn",
    "định kỳ",
    "đột xuất",
    "thường xuyên",
    "lần",
    "số",
    "kỳ",
    "ít nhất",
    "giai đoạn",
    "đầu",
    "cuối",
    "nửa",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "/",
    "-",
    ",",
    "(",
    ")",
    "2024",
    "2023",
    "12",
    "31",
    "6",
    "9",
    "3",
    "02",
    "0",
    "24/7",
    "và",
    "hoặc",
    "trong",
]


@given(
    words=st.lists(st.sampled_from(TIMING_WORDS), max_size=12),
    context=st.one_of(st.just({}), contexts),
)
@settings(max_examples=1000, deadline=None)
def test_never_raises_on_timing_word_salad(words: list[str], context: dict[str, Any]) -> None:
    text = " ".join(words)
    try:
        timing._parse(text, context.get("year"), context.get("period"))
    except timing._Fail:
        pass
    _check_invariants(parse_timing(text, **context))


@given(
    st.text(
        alphabet=st.sampled_from(
            VIETNAMESE + VIETNAMESE.upper() + "abcdđ ĐQ0123456789/-.,\t\u00a0\u0301\u0323"
        )
    )
)
def test_fast_fold_is_fold(text: str) -> None:
    assert timing._fast_fold(text) == fold(text)


@given(st.text())
def test_fast_fold_is_fold_on_any_text(text: str) -> None:
    assert timing._fast_fold(text) == fold(text)
