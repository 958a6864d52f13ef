"""Procedure search over 100,000 procedures, on SQLite and on PostgreSQL.

Run from a fresh install: ``python bench/search.py`` (``--engine sqlite`` or ``--engine
postgresql`` for one engine only; ``--count N`` for another catalog size). For each engine
a child process builds a fresh database — SQLite in a temporary directory, PostgreSQL as its
own database ``cchc_bench_search`` on ``BENCH_PG_URL`` (default
``postgres://postgres@127.0.0.1:5432``), created and dropped by the run — migrates it, and
bulk-writes 100,000 procedures generated from the real fields (lĩnh vực) of the national
catalog and its naming patterns ("Cấp lại giấy phép ... đối với ..."), with documents and
steps text (the generator is not what is measured; the full-text index is filled by the
engine on insert).

Then it times 300 citizen-style queries (diacritic-free, accented, mixed-case, misspelled,
codes) through ``selectors.search`` — the page of 20 best results, their count and the
rows, as the search page reads them — and the same queries through the suggest-as-you-type
selector. As the baseline in the same process, the same queries run as a plain ``icontains``
scan of the folded names (page of 20 by name, and its count). Median and 95th percentile
per engine; target: search p95 under 50 ms on both engines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 50.0
COUNT = 100_000
QUERIES = 300
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = "cchc_bench_search"

# Fields (lĩnh vực) of the national public service portal, with words of their procedures.
FIELDS: dict[str, list[str]] = {
    "Hộ tịch": [
        "khai sinh",
        "kết hôn",
        "khai tử",
        "nhận cha, mẹ, con",
        "giám hộ",
        "thay đổi, cải chính hộ tịch",
    ],
    "Chứng thực": ["bản sao từ bản chính", "chữ ký", "hợp đồng, giao dịch", "chữ ký người dịch"],
    "Đất đai": [
        "quyền sử dụng đất",
        "chuyển mục đích sử dụng đất",
        "giao đất, cho thuê đất",
        "tách thửa, hợp thửa đất",
    ],
    "Xây dựng": [
        "giấy phép xây dựng",
        "giấy phép sửa chữa, cải tạo công trình",
        "chứng chỉ hành nghề hoạt động xây dựng",
    ],
    "Thành lập và hoạt động doanh nghiệp": [
        "thành lập doanh nghiệp",
        "thay đổi nội dung đăng ký doanh nghiệp",
        "chi nhánh, văn phòng đại diện",
    ],
    "Thành lập và hoạt động của hộ kinh doanh": [
        "hộ kinh doanh",
        "tạm ngừng kinh doanh",
        "chấm dứt hoạt động hộ kinh doanh",
    ],
    "Đầu tư tại Việt Nam": ["chủ trương đầu tư", "giấy chứng nhận đăng ký đầu tư", "dự án đầu tư"],
    "Môi trường": [
        "giấy phép môi trường",
        "báo cáo đánh giá tác động môi trường",
        "đăng ký môi trường",
    ],
    "Tài nguyên nước": [
        "giấy phép khai thác nước mặt",
        "giấy phép xả nước thải",
        "hành nghề khoan nước dưới đất",
    ],
    "Khoáng sản": [
        "giấy phép thăm dò khoáng sản",
        "giấy phép khai thác khoáng sản",
        "đóng cửa mỏ khoáng sản",
    ],
    "Đường bộ": [
        "giấy phép lái xe",
        "đăng ký xe",
        "giấy phép vận tải",
        "phù hiệu xe kinh doanh vận tải",
    ],
    "Đường thủy nội địa": [
        "đăng ký phương tiện thủy nội địa",
        "bến thủy nội địa",
        "chứng chỉ chuyên môn thuyền viên",
    ],
    "Khám bệnh, chữa bệnh": [
        "giấy phép hoạt động khám bệnh, chữa bệnh",
        "chứng chỉ hành nghề khám bệnh, chữa bệnh",
    ],
    "Dược phẩm": [
        "chứng chỉ hành nghề dược",
        "giấy chứng nhận đủ điều kiện kinh doanh dược",
        "nhà thuốc",
    ],
    "An toàn thực phẩm": [
        "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "bản tự công bố sản phẩm",
    ],
    "Giáo dục và Đào tạo": [
        "văn bằng, chứng chỉ",
        "trường mầm non",
        "trung tâm ngoại ngữ, tin học",
        "chuyển trường",
    ],
    "Giáo dục nghề nghiệp": [
        "cơ sở giáo dục nghề nghiệp",
        "đăng ký hoạt động giáo dục nghề nghiệp",
    ],
    "Việc làm": [
        "trợ cấp thất nghiệp",
        "giấy phép lao động cho người nước ngoài",
        "dịch vụ việc làm",
    ],
    "Bảo trợ xã hội": [
        "trợ cấp xã hội hằng tháng",
        "hỗ trợ chi phí mai táng",
        "cơ sở trợ giúp xã hội",
        "xác định mức độ khuyết tật",
    ],
    "Người có công": [
        "chế độ ưu đãi người có công",
        "trợ cấp thờ cúng liệt sĩ",
        "bảo hiểm y tế người có công",
    ],
    "Văn hóa": [
        "giấy phép tổ chức lễ hội",
        "di tích lịch sử - văn hóa",
        "biểu diễn nghệ thuật",
        "karaoke, vũ trường",
    ],
    "Du lịch": [
        "thẻ hướng dẫn viên du lịch",
        "giấy phép kinh doanh dịch vụ lữ hành",
        "cơ sở lưu trú du lịch",
    ],
    "Thể dục thể thao": [
        "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
        "câu lạc bộ thể thao",
    ],
    "Trồng trọt": ["giống cây trồng", "phân bón", "cây trồng biến đổi gen"],
    "Chăn nuôi": ["cơ sở chăn nuôi", "thức ăn chăn nuôi", "giống vật nuôi"],
    "Thú y": ["kiểm dịch động vật", "chứng chỉ hành nghề thú y", "giết mổ động vật"],
    "Thủy sản": ["giấy phép khai thác thủy sản", "đăng ký tàu cá", "cơ sở nuôi trồng thủy sản"],
    "Lâm nghiệp": [
        "khai thác gỗ rừng trồng",
        "chuyển mục đích sử dụng rừng",
        "giao rừng, cho thuê rừng",
    ],
    "Thủy lợi": [
        "giấy phép hoạt động trong phạm vi bảo vệ công trình thủy lợi",
        "xả nước thải vào công trình thủy lợi",
    ],
    "Điện lực": ["giấy phép hoạt động điện lực", "thẻ an toàn điện"],
    "Hóa chất": ["giấy chứng nhận đủ điều kiện sản xuất hóa chất", "khai báo hóa chất"],
    "Lưu thông hàng hóa trong nước": [
        "giấy phép bán lẻ rượu",
        "giấy phép bán lẻ sản phẩm thuốc lá",
        "cửa hàng xăng dầu",
    ],
    "Thuế": ["đăng ký thuế", "hoàn thuế", "miễn, giảm thuế"],
    "Quản lý công sản": ["xác lập quyền sở hữu toàn dân về tài sản", "thanh lý tài sản công"],
    "Lý lịch tư pháp": ["phiếu lý lịch tư pháp"],
    "Nuôi con nuôi": ["nuôi con nuôi trong nước", "nuôi con nuôi có yếu tố nước ngoài"],
    "Quốc tịch": [
        "nhập quốc tịch Việt Nam",
        "thôi quốc tịch Việt Nam",
        "xác nhận có quốc tịch Việt Nam",
    ],
    "Công chứng": ["chứng chỉ hành nghề công chứng", "văn phòng công chứng", "công chứng hợp đồng"],
    "Luật sư": ["chứng chỉ hành nghề luật sư", "tổ chức hành nghề luật sư"],
    "Đấu giá tài sản": ["chứng chỉ hành nghề đấu giá", "tổ chức đấu giá tài sản"],
    "Trợ giúp pháp lý": ["trợ giúp pháp lý", "cộng tác viên trợ giúp pháp lý"],
    "Tiếp công dân": ["tiếp công dân"],
    "Giải quyết khiếu nại": ["khiếu nại lần đầu", "khiếu nại lần hai"],
    "Giải quyết tố cáo": ["tố cáo"],
    "Tín ngưỡng, tôn giáo": [
        "sinh hoạt tôn giáo tập trung",
        "hoạt động tín ngưỡng",
        "cơ sở tín ngưỡng",
    ],
    "Thi đua, khen thưởng": ["bằng khen", "danh hiệu lao động tiên tiến", "giấy khen"],
    "Công chức, viên chức": ["thi tuyển công chức", "xét tuyển viên chức", "nâng ngạch công chức"],
    "Tổ chức phi chính phủ": ["thành lập hội", "quỹ xã hội, quỹ từ thiện", "điều lệ hội"],
    "Văn thư và lưu trữ": ["chứng chỉ hành nghề lưu trữ", "sử dụng tài liệu lưu trữ"],
    "Phòng cháy, chữa cháy": [
        "thẩm duyệt thiết kế về phòng cháy và chữa cháy",
        "nghiệm thu về phòng cháy và chữa cháy",
    ],
    "Đăng ký, quản lý cư trú": [
        "đăng ký thường trú",
        "đăng ký tạm trú",
        "khai báo tạm vắng",
        "xóa đăng ký thường trú",
    ],
    "Cấp, quản lý căn cước": ["thẻ căn cước", "giấy chứng nhận căn cước"],
    "Xuất nhập cảnh": ["hộ chiếu phổ thông", "thẻ tạm trú cho người nước ngoài"],
    "Khoa học và công nghệ": [
        "giấy chứng nhận doanh nghiệp khoa học và công nghệ",
        "chuyển giao công nghệ",
    ],
    "Sở hữu trí tuệ": ["văn bằng bảo hộ", "chỉ dẫn địa lý", "nhãn hiệu"],
    "Báo chí": ["giấy phép xuất bản bản tin", "họp báo", "thẻ nhà báo"],
    "Xuất bản, in và phát hành": ["giấy phép hoạt động in", "triển lãm, hội chợ xuất bản phẩm"],
    "Viễn thông và Internet": [
        "giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "đại lý Internet",
    ],
    "Công tác dân tộc": [
        "người có uy tín trong đồng bào dân tộc thiểu số",
        "chính sách hỗ trợ đồng bào dân tộc thiểu số",
    ],
}
VERBS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Thu hồi",
    "Đăng ký",
    "Đăng ký thay đổi",
    "Xác nhận",
    "Thẩm định",
    "Phê duyệt",
    "Công nhận",
    "Chấp thuận",
    "Thông báo",
    "Giải quyết",
    "Hỗ trợ",
]
SUBJECTS = [
    "",
    "đối với hộ gia đình, cá nhân",
    "đối với tổ chức",
    "đối với doanh nghiệp",
    "đối với người nước ngoài",
    "đối với người Việt Nam định cư ở nước ngoài",
    "trong trường hợp bị mất, hỏng",
    "có yếu tố nước ngoài",
]
LEVELS = ["province", "commune", "district", "central", "multi"]
DOCUMENTS = (
    "- Đơn đề nghị {what} theo mẫu;\n- Bản sao giấy tờ chứng minh nhân thân;\n"
    "- Giấy tờ chứng minh đủ điều kiện {what} theo quy định của pháp luật về {field}."
)
STEPS = (
    "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ {what}.\nBước 2: Nộp hồ sơ tại Bộ phận Một cửa"
    " hoặc qua Cổng Dịch vụ công quốc gia.\nBước 3: Cơ quan {field} thẩm định, giải quyết.\nBước 4: Trả kết quả."
)
# Citizen-style queries: how people type them (no diacritics, accents, caps, typos, codes).
TYPED = [
    "dang ky ket hon",
    "thu tuc dang ky khai sinh",
    "Đăng ký khai tử",
    "GIAY PHEP XAY DUNG",
    "cap lai giay phep lai xe",
    "chung thuc ban sao",
    "chuyen muc dich su dung dat",
    "ho kinh doanh",
    "thanh lap doanh nghiep",
    "ly lich tu phap",
    "dang ky thuong tru",
    "tam tru",
    "the can cuoc",
    "ho chieu",
    "tro cap that nghiep",
    "giay phep moi truong",
    "chung chi hanh nghe duoc",
    "an toan thuc pham",
    "giay phep ban le ruou",
    "dang ky ket hnon",
    "giay phep xay dugn",
    "khai sinhh",
    "chung chi hanh nghe luat su",
    "Cấp Đổi Giấy Phép Lái Xe",
    "nhap quoc tich",
    "nuoi con nuoi",
    "dang ky tau ca",
    "kiem dich dong vat",
    "the huong dan vien du lich",
    "bang khen",
    "thanh lap hoi",
]


def generate(count: int, seed: int = 20261125) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    fields = list(FIELDS.items())
    rows = []
    for i in range(count):
        field, topics = fields[i % len(fields)]
        topic = rng.choice(topics)
        verb = rng.choice(VERBS)
        subject = rng.choice(SUBJECTS)
        name = " ".join(p for p in (verb, topic, subject) if p)
        if i % 7 == 0:
            name += f" (lần thứ {rng.randint(2, 9)})"
        what = f"{verb.lower()} {topic}"
        rows.append(
            {
                "code": f"{1 + i % 3}.{i:06d}.000.00.00.H{rng.randint(1, 63):02d}",
                "name": name,
                "field": field,
                "level": LEVELS[i % len(LEVELS)],
                "documents": DOCUMENTS.format(what=what, field=field.lower()),
                "steps": STEPS.format(what=what, field=field.lower()),
                "result": f"Văn bản {what}",
                "legal_basis": f"Luật {field} và các văn bản hướng dẫn thi hành",
            }
        )
    return rows


def queries(rows: list[dict[str, Any]], n: int, seed: int = 7) -> list[str]:
    from cchc.text import fold

    rng = random.Random(seed)
    out = list(TYPED)
    while len(out) < n:
        row = rng.choice(rows)
        words = fold(row["name"]).replace(",", "").replace("(", "").replace(")", "").split()
        start = rng.randrange(len(words))
        piece = " ".join(words[start : start + rng.randint(2, 4)])
        kind = len(out) % 4
        if kind == 1:  # accented, as copied from a document: the first words of a name
            piece = " ".join(row["name"].split()[: rng.randint(2, 6)]).rstrip(",")
        elif kind == 2:
            piece = piece.upper()
        elif kind == 3:
            piece = row["code"] if rng.random() < 0.3 else piece
        out.append(piece.strip() or "dang ky")
    return out[:n]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def child(engine: str, count: int) -> None:
    tmp = tempfile.mkdtemp(prefix="cchc-bench-search-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    os.environ["CCHC_DATA_DIR"] = tmp
    if engine == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_DB}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from cchc.procedures import selectors
    from cchc.procedures.models import Procedure
    from cchc.text import fold

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        rows = generate(count)
        with transaction.atomic():
            batch: list[Procedure] = []
            for row in rows:
                p = Procedure(**row)
                p.refresh_search_text()
                batch.append(p)
                if len(batch) == 5000:
                    Procedure.objects.bulk_create(batch)
                    batch = []
            Procedure.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        qs = queries(rows, QUERIES)

        def run(fn: Any) -> tuple[list[float], list[int]]:
            times, hits = [], []
            for q in qs:
                t0 = time.perf_counter()
                hits.append(fn(q))
                times.append((time.perf_counter() - t0) * 1000)
            return times, hits

        def fts(q: str) -> int:
            result = selectors.search(q, limit=20)
            return result.total

        def suggest(q: str) -> int:
            return len(selectors.suggest(q))

        def icontains(q: str) -> int:
            base = Procedure.objects.filter(search_name__icontains=fold(q)[:200])
            list(base.order_by("name", "pk")[:20])
            return base.count()

        for fn in (fts, suggest, icontains):  # warm caches (and the misspelling vocabulary)
            for q in qs[:20]:
                fn(q)
        search_ms, search_hits = run(fts)
        suggest_ms, _ = run(suggest)
        scan_ms, scan_hits = run(icontains)
        print(
            "BENCH "
            + json.dumps(
                {
                    "engine": engine,
                    "count": Procedure.objects.count(),
                    "build_s": round(built, 1),
                    "search_median": statistics.median(search_ms),
                    "search_p95": pct(search_ms, 95),
                    "suggest_median": statistics.median(suggest_ms),
                    "suggest_p95": pct(suggest_ms, 95),
                    "scan_median": statistics.median(scan_ms),
                    "scan_p95": pct(scan_ms, 95),
                    "search_found": sum(1 for h in search_hits if h),
                    "scan_found": sum(1 for h in scan_hits if h),
                    "queries": len(qs),
                }
            ),
            flush=True,
        )
    finally:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.engine, args.count)
        return
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = []
    for engine in engines:
        print(
            f"{engine}: {args.count:_} thủ tục, {QUERIES} truy vấn…".replace("_", "."), flush=True
        )
        if engine == "postgresql":
            try:
                _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
                _pg(f"CREATE DATABASE {PG_DB}")
            except Exception as exc:  # no server: say so, and count the target as not met
                print(f"postgresql: không kết nối được {PG_URL} ({exc})")
                results.append(None)
                continue
        try:
            out = subprocess.run(  # noqa: S603 - this same script
                [
                    sys.executable,
                    __file__,
                    "--child",
                    "--engine",
                    engine,
                    "--count",
                    str(args.count),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if engine == "postgresql":
                _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")), None)
        if line is None:
            print(out.stdout[-2000:], out.stderr[-4000:])
            results.append(None)
            continue
        r = json.loads(line[6:])
        results.append(r)
        r["count"] = f"{r['count']:_}".replace("_", ".")
        print(
            f"{engine}: dựng {r['count']} thủ tục trong {r['build_s']} s\n"
            f"  tìm kiếm (chỉ mục toàn văn): trung vị {r['search_median']:.1f} ms, p95 {r['search_p95']:.1f} ms"
            f" ({r['search_found']}/{r['queries']} truy vấn có kết quả)\n"
            f"  gợi ý khi gõ:                trung vị {r['suggest_median']:.1f} ms, p95 {r['suggest_p95']:.1f} ms\n"
            f"  quét icontains (cơ sở):      trung vị {r['scan_median']:.1f} ms, p95 {r['scan_p95']:.1f} ms"
            f" ({r['scan_found']}/{r['queries']} truy vấn có kết quả)\n"
            f"  nhanh hơn quét: ×{r['scan_median'] / r['search_median']:.1f} (trung vị),"
            f" ×{r['scan_p95'] / r['search_p95']:.1f} (p95)"
        )
    met = all(r is not None and r["search_p95"] < TARGET_MS for r in results)
    figure = ", ".join(
        f"{e} p95 {r['search_p95']:.1f} ms (median {r['search_median']:.1f} ms, icontains p95 {r['scan_p95']:.1f} ms)"
        if r
        else f"{e} not run"
        for e, r in zip(engines, results, strict=True)
    )
    print(
        f"RESULT procedure search p95 over {args.count:,} procedures: {figure} (target < {TARGET_MS:.0f} ms) "
        f"{'MET' if met else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
