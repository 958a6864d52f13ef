"""What an exported Word file carries besides its text, and what comes back without it.

``plan_to_docx`` writes a custom document property ("CCHC.KeHoach", never printed)
with what the printed text cannot say; the import uses each entry only while the
text still says the same thing. Without it (a PDF, a retyped file) the parent plan
still comes back from the legal basis that cites it, and theme tags from the tagger.
"""

from __future__ import annotations

import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document

from cchc.documents.docmeta import PROPERTY, read_meta, write_meta
from cchc.documents.export_docx import plan_to_docx
from cchc.documents.extract import extract_text
from cchc.documents.parser import parse_plan
from cchc.documents.services import plan_import_data
from cchc.orgs.models import Unit
from cchc.plans.models import Plan
from cchc.plans.seeds import STAND_IN_KEY, load_seed_plans
from cchc.plans.services import PlanData, plan_to_data


@pytest.fixture
def seed_plans(db: None) -> dict[str, Plan]:
    return load_seed_plans()


def imported(docx: bytes, unit: Unit, *, use_meta: bool = True) -> PlanData:
    extracted = extract_text(docx, "ke-hoach.docx")
    meta = extracted.meta if use_meta else None
    return plan_import_data(parsed=parse_plan(extracted.text), unit=unit, meta=meta).data


def test_the_property_is_in_the_package_and_not_in_the_text(
    seed_plans: dict[str, Plan],
) -> None:
    plan = seed_plans["ban_dan_toc_quang_ngai_2023"]
    docx = plan_to_docx(plan)
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        custom = package.read("docProps/custom.xml").decode()
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("_rels/.rels").decode()
    assert f'name="{PROPERTY}"' in custom
    assert "/docProps/custom.xml" in types and "custom-properties" in rels
    document = Document(io.BytesIO(docx))  # Word still opens it
    assert PROPERTY not in "\n".join(p.text for p in document.paragraphs)
    meta = read_meta(docx)
    assert meta is not None
    assert meta["audiences"] == []
    assert [t["parent"] for t in meta["themes"]] == [0, None, 1, None, 2, 3, 4, 3]
    assert [r["periods"] for r in meta["reporting"]] == ["định kỳ"]
    assert meta["intro_prefix"].startswith("Căn cứ Nghị quyết số 76/NQ-CP")


def test_other_files_have_no_property(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    out = io.BytesIO()
    document.save(out)
    assert read_meta(out.getvalue()) is None
    assert read_meta(b"not a zip") is None
    assert read_meta(write_meta(out.getvalue(), {"v": 99})) is None  # another version
    # A damaged property is ignored, not an error.
    broken = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("docProps/custom.xml", b"<Properties><oops")
    assert read_meta(broken.getvalue()) is None
    assert extract_text(broken.getvalue(), "a.docx").meta is None


def test_exported_twice_keeps_one_property(seed_plans: dict[str, Plan]) -> None:
    docx = plan_to_docx(seed_plans["xa_minh_duc_2023"])
    again = write_meta(docx, {"v": 1, "audiences": ["citizens"]})
    with zipfile.ZipFile(io.BytesIO(again)) as package:
        names = package.namelist()
        rels = package.read("_rels/.rels").decode()
    assert names.count("docProps/custom.xml") == 1
    assert rels.count("custom-properties") == 1
    assert read_meta(again) == {"v": 1, "audiences": ["citizens"]}


def test_without_the_property_the_parent_plan_comes_back_from_its_legal_basis(
    seed_plans: dict[str, Plan],
) -> None:
    plan = seed_plans["ban_dan_toc_quang_ngai_2023"]
    parent = seed_plans[STAND_IN_KEY]
    back = imported(plan_to_docx(plan), plan.unit, use_meta=False)
    # "Kế hoạch số 40/KH-UBND ngày 01/3/2023 …" is the stand-in: linked and derived from.
    assert back.derived_from_id == parent.pk == plan.derived_from_id
    cited = [b for b in back.legal_bases if b.plan_id]
    assert [(b.number_symbol, b.plan_id) for b in cited] == [("40/KH-UBND", parent.pk)]
    # A theme with the superior theme's title ("… về CCHC" / "… về cải cách hành chính")
    # is linked to it; the others, reworded, are not linked (the property links them).
    assert [t.parent_theme_id for t in back.themes] == [
        parent.themes.get(order=0).pk,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_without_the_property_a_plan_of_another_tree_is_not_a_parent(
    seed_plans: dict[str, Plan],
) -> None:
    # The Phú Thọ plan cites no plan of the platform: nothing is linked.
    plan = seed_plans["ubnd_tinh_phu_tho_2024"]
    back = imported(plan_to_docx(plan), plan.unit, use_meta=False)
    assert back.derived_from_id is None
    assert not [b for b in back.legal_bases if b.plan_id]


def test_without_the_property_the_tagger_reads_most_tags_from_the_text(
    seed_plans: dict[str, Plan],
) -> None:
    stored = found = right = 0
    for plan in seed_plans.values():
        original = plan_to_data(plan)
        back = imported(plan_to_docx(plan), plan.unit, use_meta=False)
        if not original.themes:
            continue
        assert len(back.themes) == len(original.themes)
        for before, after in zip(original.themes, back.themes, strict=True):
            tags = {*before.areas, *before.indices}
            read = {*after.areas, *after.indices}
            stored += len(tags)
            found += len(read)
            right += len(tags & read)
    # The title and its "+" details are tagged together (53 of the 58 stored tags, 4 more).
    assert right / stored >= 0.9, (right, stored)
    assert right / found >= 0.9, (right, found)


def test_entries_the_text_no_longer_says_are_not_used(seed_plans: dict[str, Plan]) -> None:
    plan = seed_plans["ban_dan_toc_quang_ngai_2023"]
    docx = plan_to_docx(plan)
    meta = read_meta(docx)
    assert meta is not None
    # Someone rewrote the reporting sentence and a theme's title after the export.
    meta["reporting"][0]["text"] = "Báo cáo hằng tháng về Ban trước ngày 25."
    meta["themes"][5]["title"] = "Một tiêu đề khác"
    meta["intro_prefix"] = "Căn cứ một văn bản khác;"
    back = imported(write_meta(docx, meta), plan.unit)
    with_meta = imported(docx, plan.unit)
    # Reporting: read from the text (two duties, as for the original document).
    assert [r.periods for r in back.reporting_duties] == ["định kỳ", "định kỳ hoặc đột xuất"]
    assert [r.periods for r in with_meta.reporting_duties] == ["định kỳ"]
    # Theme 6: tagged from its text; the others keep the stored tags.
    original = plan_to_data(plan)
    assert back.themes[5].areas == ("procedures", "civil_service")
    assert back.themes[4].indices == original.themes[4].indices
    # The intro keeps the paragraph that is not the one the export wrote.
    assert back.intro.startswith("Căn cứ Nghị quyết số 76/NQ-CP")
    assert not with_meta.intro.startswith("Căn cứ Nghị quyết số 76/NQ-CP")


def test_a_document_does_not_cite_itself(seed_plans: dict[str, Plan]) -> None:
    # The stand-in's intro names its own number ("… văn bản gốc Kế hoạch số 40/KH-UBND").
    plan = seed_plans[STAND_IN_KEY]
    back = imported(plan_to_docx(plan), plan.unit)
    assert "40/KH-UBND" not in [b.number_symbol for b in back.legal_bases]
    assert len(back.legal_bases) == plan.legal_bases.count()


def test_import_command_uses_the_property(seed_plans: dict[str, Plan], tmp_path: Path) -> None:
    from cchc.documents.management.commands.import_plan import SAVED_ID_RE

    plan = seed_plans["so_ldtbxh_lang_son_2023"]
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(plan_to_docx(plan))
    Unit.objects.filter(pk=plan.unit_id).update(code="LS-SLD")
    Plan.objects.filter(pk=plan.pk).update(number="")  # not refused as already imported
    out = StringIO()
    call_command("import_plan", str(path), "--unit", "LS-SLD", stdout=out)
    found = re.search(SAVED_ID_RE, out.getvalue())
    assert found is not None
    saved = plan_to_data(Plan.objects.get(pk=int(found.group(1))))
    original = plan_to_data(plan)
    assert saved.audiences == () == original.audiences
    assert [(t.areas, t.indices) for t in saved.themes] == [
        (t.areas, t.indices) for t in original.themes
    ]
    assert [(r.periods, r.deadline_text) for r in saved.reporting_duties] == [
        (r.periods, r.deadline_text) for r in original.reporting_duties
    ]
