"""Benchmark: load every administrative unit into a fresh SQLite database.

Run from a fresh install with ``python bench/load_admin_units.py``. It migrates a
temporary database, then times, in the same run:

- the baseline: reading every row of the package's dataset file into plain dicts
  (best of three, so the first run's cold file cache does not flatter the ratio);
- the full load (``cchc.orgs.adminunits.load_admin_units``) into the empty tree;
- a second load over the loaded tree (idempotent: it must create nothing).

The last line is the result against the target (full load under 30 seconds).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

TARGET_SECONDS = 30.0


def read_all_rows() -> dict[str, list[dict[str, Any]]]:
    """Baseline: every row of both tables of the dataset file, as plain dicts."""
    with resources.as_file(resources.files("vietnamadminunits") / "data" / "dataset.db") as path:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables: dict[str, list[dict[str, Any]]] = {}
            for table in ("admin_units", "admin_units_legacy"):
                cursor = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
                columns = [d[0] for d in cursor.description]
                tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
            return tables
        finally:
            conn.close()


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="cchc-bench-")
    data_dir = Path(tmp.name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    os.environ["CCHC_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ.setdefault("CCHC_SECRET_KEY", "bench-only-secret-key")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command

    from cchc.orgs.adminunits import load_admin_units
    from cchc.orgs.models import Unit

    print(f"Database: {os.environ['DATABASE_URL']}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.2f} s")

    timings = []
    for _attempt in range(3):
        started = time.perf_counter()
        tables = read_all_rows()
        timings.append(time.perf_counter() - started)
    baseline = min(timings)
    rows = sum(len(v) for v in tables.values())
    print(
        f"baseline, read all {rows} dataset rows into dicts: {baseline:.3f} s"
        f" (best of 3; first {timings[0]:.3f} s)"
    )

    started = time.perf_counter()
    report = load_admin_units()
    full = time.perf_counter() - started
    print(
        f"full load: {full:.2f} s; created {report.created}, updated {report.updated}; "
        f"{report.provinces} provinces, {report.communes} communes, "
        f"{report.former_provinces} former provinces, {report.districts} former districts"
    )
    print(f"full load / baseline: {full / baseline:.1f}x")
    print(f"units in database: {Unit.objects.count()}")

    started = time.perf_counter()
    again = load_admin_units()
    print(
        f"second load (idempotent): {time.perf_counter() - started:.2f} s; "
        f"created {again.created}, updated {again.updated}"
    )

    started = time.perf_counter()
    problems = Unit.objects.find_problems()
    print(
        f"treebeard find_problems: {sum(len(p) for p in problems)} problems"
        f" ({time.perf_counter() - started:.2f} s)"
    )

    state = list(Unit.objects.order_by("pk").values_list("pk", "path", "depth", "numchild"))
    started = time.perf_counter()
    Unit.objects.fix_tree(fix_paths=True)
    after = list(Unit.objects.order_by("pk").values_list("pk", "path", "depth", "numchild"))
    changed = sum(1 for x, y in zip(state, after, strict=True) if x != y)
    print(
        f"treebeard fix_tree(fix_paths=True): {changed} nodes changed"
        f" ({time.perf_counter() - started:.2f} s)"
    )

    from django.db import connections

    connections.close_all()
    tmp.cleanup()
    verdict = "MET" if full < TARGET_SECONDS else "NOT MET"
    print(
        f"RESULT full administrative units load: {full:.1f} s "
        f"(target < {TARGET_SECONDS:.0f} s) {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
