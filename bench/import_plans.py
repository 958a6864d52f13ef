"""Benchmark: how fast and how well the plan import parser reads the five seed plans.

Run from a fresh install (or the repository) with ``python bench/import_plans.py``;
no Django setup is needed, :func:`cchc.documents.parser.parse_plan` is plain Python.

For each seed (``tests/fixtures/seeds``) it reports:

* the median time of :func:`parse_plan` over repeated runs, text already in memory
  (the LRU cache of :func:`cchc.schedule.timing.parse_timing` is cleared before
  each run, so every timing phrase is really parsed). The time is the CPU time of
  this process (``time.process_time_ns``): on a shared machine the wall clock also
  counts the time spent waiting for a core, which says nothing about the parser;
  the wall-clock median is printed too, for information;
* as a baseline in the same run, the median time of :func:`cchc.text.fold` over the
  same text (one accent-folding pass over the document);
* field-level precision and recall against the hand-written expectations of
  ``tests/documents/expected_seeds.py`` (the seed tests use the same module): every
  expected fact (a title, a legal basis, an activity's leads or timing, a theme's
  tags, a recipient line…) counts once.

Then the same precision and recall for the damaged and converted copies of the
seeds in ``tests/fixtures/documents`` (web page, misspelled headings, TCVN3, Word,
PDF, hard-wrapped, decomposed Unicode, flattened header, plan inside a decision,
``|`` table), read through :func:`cchc.documents.extract.extract_text`.  The seeds
were the parser's development set, so these are the more telling numbers.

The last line is the result against the target: median parse time per seed plan
under 20 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

# Make ``import cchc`` and the shared expectations work from a checkout without an install.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.documents.extract import ExtractError, extract_text  # noqa: E402
from cchc.documents.parser import parse_plan  # noqa: E402
from cchc.schedule.timing import clear_cache  # noqa: E402
from cchc.text import fold  # noqa: E402
from tests.documents.expected_seeds import SEED_NAMES, score, seed_text  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "documents"
# Damaged, wrapped, re-encoded or converted copies of the seeds (tests/fixtures/documents/build.py).
VARIANTS = (
    ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc_web.txt"),
    ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc_headings.txt"),
    ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc_tcvn3.txt"),
    ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc.docx"),
    ("ban_dan_toc_quang_ngai_2023", "ban_dan_toc.pdf"),
    ("so_ldtbxh_lang_son_2023", "lang_son_wrapped.txt"),
    ("xa_minh_duc_2023", "minh_duc_decomposed.txt"),
    ("xa_minh_duc_2023", "minh_duc_flat_header.txt"),
    ("xa_minh_duc_2023", "minh_duc_decision.txt"),
    ("xa_minh_duc_2023", "minh_duc.docx"),
    ("ubnd_tinh_phu_tho_2024", "phu_tho_pipe_table.txt"),
    ("ubnd_tinh_phu_tho_2024", "phu_tho.docx"),
)
TARGET_MS = 20.0
RUNS = 40


def _median_ms(run: object, text: str, *, clear: bool) -> float:
    """Median CPU time of this process for one run, in ms (see the module's docstring)."""
    timings: list[int] = []
    for _ in range(RUNS):
        if clear:
            clear_cache()
        started = time.process_time_ns()
        run(text)  # type: ignore[operator]
        timings.append(time.process_time_ns() - started)
    return statistics.median(timings) / 1e6


def _median_wall_ms(run: object, text: str) -> float:
    timings: list[float] = []
    for _ in range(RUNS // 4):
        clear_cache()
        started = time.perf_counter()
        run(text)  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    texts = {name: seed_text(name) for name in SEED_NAMES}
    for text in texts.values():  # warm up imports, regex caches
        parse_plan(text)
        fold(text)
    parse_times: list[float] = []
    total_correct = total_predicted = total_expected = 0
    print(f"{'seed':32} {'chars':>6} {'parse ms':>9} {'fold ms':>8} {'precision':>9} {'recall':>7}")
    for name, text in texts.items():
        parse_ms = _median_ms(parse_plan, text, clear=True)
        fold_ms = _median_ms(fold, text, clear=False)
        parse_times.append(parse_ms)
        correct, predicted, expected, wrong = score(name, parse_plan(text).to_json())
        total_correct += correct
        total_predicted += predicted
        total_expected += expected
        precision = correct / predicted if predicted else 1.0
        recall = correct / expected if expected else 1.0
        print(
            f"{name:32} {len(text):6d} {parse_ms:9.1f} {fold_ms:8.2f} {precision:9.3f} {recall:7.3f}"
            + (f"  wrong: {', '.join(wrong[:6])}" if wrong else "")
        )
    print()
    print(f"{'variant (scored against its seed)':40} {'precision':>9} {'recall':>7}")
    variant_correct = variant_predicted = variant_expected = 0
    for seed, variant in VARIANTS:
        path = FIXTURES / variant
        if not path.is_file():
            print(f"{variant:40} (missing: run tests/fixtures/documents/build.py)")
            continue
        try:
            text = extract_text(path).text
        except ExtractError as exc:
            print(f"{variant:40} (not read: {exc.message})")
            continue
        correct, predicted, expected, wrong = score(seed, parse_plan(text).to_json())
        variant_correct += correct
        variant_predicted += predicted
        variant_expected += expected
        print(
            f"{variant:40} {correct / max(predicted, 1):9.3f} {correct / max(expected, 1):7.3f}"
            + (f"  wrong: {', '.join(wrong[:6])}" if wrong else "")
        )
    if variant_expected:
        print(
            f"variants: precision {variant_correct / max(variant_predicted, 1):.3f}, "
            f"recall {variant_correct / variant_expected:.3f}"
        )
    print()
    median = statistics.median(parse_times)
    wall = statistics.median(_median_wall_ms(parse_plan, text) for text in texts.values())
    fold_total = statistics.median(_median_ms(fold, text, clear=False) for text in texts.values())
    precision = total_correct / total_predicted if total_predicted else 1.0
    recall = total_correct / total_expected if total_expected else 1.0
    print(
        f"baseline: median cchc.text.fold per seed: {fold_total:.2f} ms ({median / fold_total:.1f}x)"
    )
    print(f"wall-clock median parse time per seed (for information): {wall:.1f} ms")
    print(f"precision (all seeds, {total_predicted} facts returned): {precision:.3f}")
    print(f"recall (all seeds, {total_expected} facts expected): {recall:.3f}")
    verdict = "MET" if median < TARGET_MS else "NOT MET"
    print(
        f"RESULT median parse time per seed plan: {median:.1f} ms (target < {TARGET_MS:.0f} ms) {verdict}"
    )


if __name__ == "__main__":
    main()
