"""Export → import: each seed plan as Word, read back, compared field by field.

``load_seed_plans()`` (stand-in tree) → ``plan_to_docx`` → ``extract_text`` →
``parse_plan`` → ``plan_import_data``, compared with ``plan_to_data`` of the original.

What comes back exactly for every seed: title, number and symbol, place, issue date
(also a date line without a place), period, signer; every legal basis; the duties of
"Tổ chức thực hiện" (unit names in order, and duty texts once the unit's own heading,
list markers and end stops are set aside: the export writes the closing "Trên đây là
Kế hoạch …" after the duties and does not repeat a heading the duty text starts with).
``import_plan --unit`` on the exported file prints the new plan's id.

Activities, exactly for every seed: their number and order; title (but for the final
stop the importer drops; a title written on several lines comes back on one);
leads and coordinators by name (case aside: a label matched to a unit of the tree
comes back as that unit's name) — the export writes a cell's units in one paragraph
separated by "; ", and a lone name the importer would cut at its commas ends with ";"
(``export_docx.units_cell_text`` / ``parsing.rules.table_units``); content, apart
from the title (the export opens it with "Nội dung:"; its words exact, its line breaks
lost); timing (as items); expected outputs; sub-activities, nested from rows "1.1",
"1.2" with their own title, content, leads, coordinators and timing.

Also exactly for every seed: recipients (label, purpose split back from "(b/c)",
archive); theme titles (but for the final stop) and details (written as "+" items under
the numbered theme); channels (kind and description, "- Kind label: description");
objectives and requirements (as written, from ``objectives_text``); audiences of a plan
that has them ("- Label: description" and the content's lines).

Exactly as well, for the five seeds and the Quảng Ngãi stand-in: the intro (without the
"Căn cứ …;" paragraph the export puts first for the bases only the body cites), the
legal bases in their stored order and their link to a plan of the platform, the plan it
derives from and the superior plan's activity each activity comes from, audiences (none for a plan without), themes with their reform areas,
indices, audience and superior theme (a plan without themes gets none back), reporting
periods and deadlines (also the stand-in's, whose sentence names no period, and Ban Dân
tộc's single duty), funding and its sources. What the printed text cannot say travels in
the file's "CCHC.KeHoach" property (``cchc.documents.docmeta``; see test_docmeta.py for
what comes back without it).

Not carried: a recipient's unit (``unit_id``), the document only has its label.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cchc.documents.export_docx import plan_to_docx
from cchc.documents.extract import extract_text
from cchc.documents.parser import parse_plan
from cchc.documents.services import plan_import_data
from cchc.legal.services import ReferenceData
from cchc.orgs.models import Unit
from cchc.plans.models import Plan
from cchc.plans.seeds import SEED_PLANS, STAND_IN_KEY, load_seed_plans
from cchc.plans.services import ActivityData, PlanData, UnitRef, plan_to_data
from cchc.text import fold

# The five seeds and the Quảng Ngãi stand-in (the superior plan of Ban Dân tộc).
KEYS = [*SEED_PLANS, STAND_IN_KEY]


def words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def symbol_key(symbol: str) -> str:
    return re.sub(r"[\s\-/]", "", fold(symbol))


def timing_key(text: str) -> str:
    items = [line.strip().lstrip("-+• ").rstrip(" .;") for line in text.splitlines()]
    return "; ".join(i for i in items if i)


class Names:
    def __init__(self) -> None:
        self.units = {u.pk: u.name for u in Unit.objects.all()}

    def __call__(self, refs: tuple[UnitRef, ...]) -> list[str]:
        return [r.label or self.units.get(r.unit_id or 0, "") for r in refs]


def round_trip(plan: Plan) -> tuple[PlanData, PlanData, list[str]]:
    original = plan_to_data(plan)
    extracted = extract_text(plan_to_docx(plan), "ke-hoach.docx")
    parsed = parse_plan(extracted.text)
    assert parsed.is_plan
    imported = plan_import_data(parsed=parsed, unit=plan.unit, meta=extracted.meta).data
    return original, imported, [w.message for w in parsed.warnings]


@pytest.fixture
def seed_plans(db: None) -> dict[str, Plan]:
    return load_seed_plans()


@pytest.mark.parametrize("key", KEYS)
def test_header_title_period_signer(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    assert imported.title == original.title
    assert (imported.number, imported.symbol) == (original.number, original.symbol)
    assert imported.place == original.place
    assert (imported.period_start, imported.period_end) == (
        original.period_start,
        original.period_end,
    )
    # Also without a place (Sông Mã: "Ngày 11 tháng 01 năm 2019" on its own line).
    assert imported.issued_on == original.issued_on
    assert imported.signing_authority == original.signing_authority
    assert imported.signer_position == original.signer_position
    assert imported.signer_name == original.signer_name


@pytest.mark.parametrize("key", KEYS)
def test_legal_bases(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])

    # Every basis comes back (doc type, symbol, date), in the stored order: the export
    # cites first the bases the intro does not cite, the import puts them back after.
    assert [k for b in imported.legal_bases for k in keys_of(b)] == [
        k for b in original.legal_bases for k in keys_of(b)
    ]
    # A basis that is a plan of the platform is linked to it (Ban Dân tộc cites the
    # stand-in "40/KH-UBND"), and the plan is derived from its superior plan again.
    assert [b.plan_id for b in imported.legal_bases] == [b.plan_id for b in original.legal_bases]
    assert imported.derived_from_id == original.derived_from_id


def keys_of(b: ReferenceData) -> list[tuple[str, str, object]]:
    return [(b.doc_type, symbol_key(b.number_symbol), b.issued_on)]


@pytest.mark.parametrize("key", KEYS)
def test_themes(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    # Every theme in order, its title exact but for the final stop the importer drops,
    # its details exact (written as "+" items under the numbered theme). A plan without
    # themes (Sông Mã) gets none back (not one per activity).
    assert [(t.title, t.details) for t in imported.themes] == [
        (t.title.rstrip(" .;"), t.details) for t in original.themes
    ]
    # Reform areas, indices, audience and the superior plan's theme it comes from: not
    # printed, carried by the file's "CCHC.KeHoach" property (``docmeta``).
    assert [(t.areas, t.indices, t.audience, t.parent_theme_id) for t in imported.themes] == [
        (t.areas, t.indices, t.audience, t.parent_theme_id) for t in original.themes
    ]


def _same_activity(back: ActivityData, activity: ActivityData, names: Names, where: str) -> None:
    # Units: exactly, by name and in order (one paragraph per cell, "; " between units).
    # (Case aside: a label the importer matches to a unit comes back as the unit's name,
    # "Đài truyền thanh xã" → "Đài Truyền thanh xã".)
    for role in ("leads", "coordinators"):
        before = [n.casefold() for n in names(getattr(activity, role))]
        after = [n.casefold() for n in names(getattr(back, role))]
        assert after == before, f"{role} of {where}"
    # Content: its own paragraphs after the title, the first opening with "Nội dung:";
    # it comes back apart from the title, its words exact (its line breaks are lost:
    # the cell's paragraphs come back as one line).
    assert words(back.content) == words(activity.content), f"content of {where}"
    if "\n" in activity.title.strip():
        # A title of several lines ("- Chuyên mục …" one per line) comes back as one line.
        assert words(back.title) == words(activity.title), where
    else:
        # Exact but for the final stop, which the importer drops ("…công vụ..." → "…công vụ").
        assert back.title == activity.title.rstrip(" .;…"), where
    assert timing_key(back.timing_text) == timing_key(activity.timing_text), f"timing of {where}"
    assert back.expected_outputs == activity.expected_outputs.rstrip(" .;"), f"outputs of {where}"


@pytest.mark.parametrize("key", KEYS)
def test_activities(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    names = Names()
    assert len(imported.activities) == len(original.activities)
    # An activity taken over from the superior plan is linked to it again (the file's
    # property gives its number there, Ban Dân tộc's four activities).
    assert [a.derived_from_id for a in imported.activities] == [
        a.derived_from_id for a in original.activities
    ]
    for n, (activity, back) in enumerate(
        zip(original.activities, imported.activities, strict=True), start=1
    ):
        _same_activity(back, activity, names, f"activity {n}")
        # Sub-activities: rows "1.1", "1.2" come back nested under row "1", with their
        # own timing, leads and coordinators.
        assert len(back.children) == len(activity.children), f"sub-activities of activity {n}"
        for m, (child, child_back) in enumerate(
            zip(activity.children, back.children, strict=True), start=1
        ):
            _same_activity(child_back, child, names, f"activity {n}.{m}")
            assert not child_back.children


@pytest.mark.parametrize("key", KEYS)
def test_recipients(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])

    def rows(data: PlanData) -> list[tuple[str, str, bool]]:
        return [(r.label, r.purpose, r.is_archive) for r in data.recipients]

    # Label, purpose ("(b/c)" back in ``purpose``) and the archive line, in order.
    # (The unit a recipient stands for is not written: ``unit_id`` does not come back.)
    if original.recipients:
        assert rows(imported) == rows(original)
    else:
        # Nothing, or the archive line the export always closes the list with ("Lưu: VT";
        # Sông Mã, without a signing block, has no "Nơi nhận" read back at all).
        assert rows(imported) in ([], [("Lưu: VT", "", True)])


def duty_key(text: str, name: str) -> list[str]:
    """The duty lines without the unit's own heading ("2. Văn phòng Ban"), markers or end stops."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and words(re.sub(r"^\d{1,2}\s*[.)]\s*", "", lines[0])) == words(name):
        lines = lines[1:]
    items = [line.lstrip("-+• ").rstrip(" .;") for line in lines]
    return [" ".join(i.split()) for i in items if i]


@pytest.mark.parametrize("key", KEYS)
def test_duties(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, warnings = round_trip(seed_plans[key])
    names = Names()
    before = [names((r.unit,))[0] for r in original.responsibilities]
    after = [names((r.unit,))[0] for r in imported.responsibilities]
    assert after == before, "the units of “Tổ chức thực hiện”, in order"
    for old, new, name in zip(
        original.responsibilities, imported.responsibilities, before, strict=True
    ):
        assert duty_key(new.duties, name) == duty_key(old.duties, name), f"duties of “{name}”"
    assert not [w for w in warnings if "Chưa xếp được" in w], "every paragraph is placed"


def test_import_command_prints_the_new_plans_id(
    seed_plans: dict[str, Plan], tmp_path: Path
) -> None:
    from cchc.documents.management.commands.import_plan import SAVED_ID_RE

    # A plan without a number and date: the import is not refused as already imported.
    plan = seed_plans["ban_dan_toc_quang_ngai_2023"]
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(plan_to_docx(plan))
    Unit.objects.filter(pk=plan.unit_id).update(code="RT-0001")
    out = StringIO()
    call_command("import_plan", str(path), "--unit", "RT-0001", stdout=out)
    line = out.getvalue().strip()
    found = re.search(SAVED_ID_RE, line)
    assert found is not None, line
    saved = Plan.objects.get(pk=int(found.group(1)))
    assert saved.pk != plan.pk and saved.unit == plan.unit
    assert line == f"Đã lưu bản nháp kế hoạch: {saved.title} (số id {saved.pk})"
    assert saved.title == plan.title


def squashed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key", KEYS)
def test_objectives_and_requirements(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    # Exactly as stored, one line per paragraph, markers and end stops kept
    # (``objectives_text`` / ``requirements_text`` of the parse).
    assert imported.objectives == original.objectives
    assert imported.requirements == original.requirements


@pytest.mark.parametrize("key", KEYS)
def test_intro(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    # The intro comes back as stored (whitespace aside), without the "Căn cứ …;"
    # paragraph the export puts first to cite the bases only the body cites.
    assert squashed(imported.intro) == squashed(original.intro)


@pytest.mark.parametrize("key", KEYS)
def test_channels(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    # Kind and description, in order, several of a kind kept ("- Báo, tạp chí: …").
    assert imported.channels == original.channels


@pytest.mark.parametrize("key", KEYS)
def test_audiences(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    # "- Người dân: description" and the content's lines: exactly, in order; a plan
    # without audiences gets none (not those its objectives name).
    assert imported.audiences == original.audiences


@pytest.mark.parametrize("key", KEYS)
def test_reporting_periods_and_deadlines(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])

    def rows(data: PlanData) -> list[tuple[str, str]]:
        return [(r.periods, r.deadline_text) for r in data.reporting_duties]

    # Periods ("Định kỳ quý I, 6 tháng, …" → "quý I, 6 tháng, …") and deadlines exact;
    # also the stand-in's, whose sentence names no period, and Ban Dân tộc's one duty
    # (the Văn phòng's "… báo cáo định kỳ hoặc đột xuất" stays a duty of the unit).
    assert rows(imported) == rows(original)
    assert [r.text.rstrip(" .;") for r in imported.reporting_duties] == [
        r.text.rstrip(" .;") for r in original.reporting_duties
    ]


@pytest.mark.parametrize("key", KEYS)
def test_funding(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    # The text one line per paragraph, as stored (but for the final stop the importer
    # drops when no source line follows it); the sources ("- source: amount đồng (note)",
    # carried by the file's property) come back apart from it, exactly.
    assert imported.funding.rstrip(" .;") == original.funding.rstrip(" .;")
    assert imported.funding_sources == original.funding_sources
