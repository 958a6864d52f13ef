"""Benchmark: how many timing phrases ("Thời gian thực hiện") are parsed per second.

Run from a fresh install (or the repository) with ``python bench/timing.py``;
no Django setup is needed, :mod:`cchc.schedule.timing` is plain Python.

It parses a realistic mixed list of ~100 phrases (every timing phrase of the
seed plans plus common variants) over and over for about two seconds through
:func:`~cchc.schedule.timing.parse_timing_uncached`, so the LRU cache of
:func:`~cchc.schedule.timing.parse_timing` never helps: this is the true
parse cost. As a baseline, in the same run, it times :func:`cchc.text.fold`
alone on the same phrases (every parse folds its phrase once) and reports the
ratio. The last line is the result against the target (over 20,000 phrases
per second on one core).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

# Make ``import cchc`` work when run from a checkout without an install.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.schedule.timing import clear_cache, parse_timing_uncached  # noqa: E402
from cchc.text import fold  # noqa: E402

TARGET_PER_SECOND = 20_000
SECONDS = 2.0

PHRASES: list[str] = [
    # The seed plans, verbatim.
    "Thường xuyên trong năm 2019.",
    "Hàng tuần.",
    "Hàng tháng.",
    "Trong năm 2019.",
    "Thường xuyên trong năm.",
    "02 số/tháng (Thời lượng 10 phút).",
    "01 số/năm.",
    "Quý IV/2024",
    "Các bài viết, phóng sự trên Báo Phú Thọ; Báo điện tử Phú Thọ 01 kỳ/tháng",
    "Từ quý II và hoàn thành chậm nhất, trong quý IV/2024",
    "Trong năm 2024",
    "Thực hiện trong quý III/2024",
    "hàng tháng, có ít nhất 04 tin, bài về CCHC đăng trên trang thông tin điện tử của Sở.",
    "Định kỳ quý I, 6 tháng, quý III, năm (Trước ngày 10 tháng 3 đối với báo cáo quý I; "
    "trước ngày 10 tháng 6 đối với báo cáo 6 tháng; Trước ngày 10 tháng 9 đối với báo cáo "
    "quý III và trước ngày 10 tháng 12 đối với báo cáo năm)",
    "định kỳ báo cáo tình hình thực hiện cho Trưởng Ban",
    "báo cáo định kỳ hoặc đột xuất",
    "thường xuyên, liên tục",
    # Continuous.
    "Thường xuyên (trong năm)",
    "Thường xuyên",
    "Thường xuyên, liên tục trong năm 2024",
    "Thường xuyên trong giai đoạn 2022 - 2025",
    "Cả năm",
    "Cả năm 2024",
    "Quanh năm",
    "thuong xuyen",
    # Recurring.
    "Hằng tuần",
    "Hàng tuần vào sáng thứ Hai",
    "Hằng tháng",
    "Hằng quý",
    "Hằng năm",
    "hang thang",
    "hang tuan",
    "Định kỳ hằng quý",
    "Định kỳ hàng tháng",
    "01 kỳ/tháng",
    "01 số/năm",
    "02 số/tháng",
    "03 chuyên mục/tháng",
    "04 tin, bài/tháng",
    "ít nhất 04 tin, bài/tháng",
    "Tối thiểu 02 tin bài/tháng",
    "1 lần/tuần",
    "2 lần/tháng",
    "Mỗi tuần 1 lần",
    "Mỗi tháng 2 số",
    "mỗi quý một lần",
    "hằng ngày (3 buổi/ngày)",
    "Hằng tháng trong năm 2024",
    "Hàng tuần trong quý III/2024",
    "3 tháng/lần",
    "1 lần/năm",
    # Windows.
    "Quý 3/2024",
    "quý III năm 2024",
    "quy 3/2024",
    "Quý I/2024",
    "Quý II - III/2024",
    "Quý tư năm 2024",
    "Trong quý I",
    "Từ quý II và hoàn thành chậm nhất trong quý IV/2024",
    "Tháng 6/2024",
    "tháng 6 năm 2024",
    "Tháng 9/2024.",
    "tháng 6 - 8/2024",
    "Từ tháng 3 đến tháng 5/2024",
    "từ tháng 10/2023 đến tháng 3/2024",
    "từ ngày 14 đến ngày 20/4/2025",
    "từ ngày 14/4 đến ngày 20/4/2025",
    "Từ ngày 1/6/2024 đến ngày 30/6/2024",
    "Ngày 9/11/2024",
    "6 tháng đầu năm 2024",
    "6 tháng cuối năm 2023",
    "9 tháng đầu năm 2024",
    "Đầu năm 2024",
    "giai đoạn 2022 - 2025",
    "Năm 2024",
    "Từ năm 2022 đến năm 2025",
    "Trong năm",
    # Deadlines.
    "trước ngày 10 tháng 3",
    "trước ngày 10/12 hằng năm",
    "Trước ngày 15/12/2024",
    "Hoàn thành trước ngày 31/3/2024",
    "Chậm nhất ngày 30/9/2024",
    "Hạn chót: 15/11/2024",
    "Trước quý III/2024",
    "Hằng tháng, trước ngày 25",
    "định kỳ 6 tháng, hằng năm hoặc đột xuất",
    "Quý I, 6 tháng, quý III, năm",
    "Báo cáo quý I, 6 tháng, 9 tháng và năm",
    "Định kỳ 6 tháng",
    "6 tháng một lần",
    # Not understood (on purpose).
    "Đột xuất",
    "Khi có yêu cầu",
    "Theo kế hoạch",
    "Dịp Tết Nguyên đán",
    "hai tuần một lần",
    "31/2/2024",
    "từ ngày 20/4/2025 đến ngày 14/4/2025",
    "Quý V/2024",
    "",
]


def rate(work: Callable[[str], object], seconds: float = SECONDS) -> float:
    """Phrases per second for ``work`` over the phrase list, for about ``seconds``."""
    done = 0
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        for phrase in PHRASES:
            work(phrase)
        done += len(PHRASES)
        now = time.perf_counter()
        if now >= deadline:
            return done / (now - started)


def main() -> None:
    clear_cache()
    understood = sum(parse_timing_uncached(p, year=2024).understood for p in PHRASES)
    print(f"phrases: {len(PHRASES)} ({understood} understood with year=2024)")
    rate(lambda p: parse_timing_uncached(p, year=2024), 0.2)  # warm up
    fold_rate = rate(fold)
    print(f"baseline cchc.text.fold alone: {fold_rate:,.0f} phrases/s")
    parse_rate = rate(lambda p: parse_timing_uncached(p, year=2024))
    print(f"parse_timing (uncached):       {parse_rate:,.0f} phrases/s")
    print(f"ratio parse/fold time:         {fold_rate / parse_rate:.1f}x")
    verdict = "MET" if parse_rate > TARGET_PER_SECOND else "NOT MET"
    print(
        f"RESULT timing phrases parsed per second: {int(parse_rate)} "
        f"(target > {TARGET_PER_SECOND}) {verdict}"
    )


if __name__ == "__main__":
    main()
