"""Export → import: each seed plan as Word, read back, compared field by field.

``load_seed_plans()`` (stand-in tree) → ``plan_to_docx`` → ``extract_text`` →
``parse_plan`` → ``plan_import_data``, compared with ``plan_to_data`` of the original.

What the exported DOCX cannot carry back today (asserted as such, with the reason):

* duties ("Tổ chức thực hiện"): the export writes ``implementation`` (the closing
  "Trên đây là Kế hoạch …") first under "TỔ CHỨC THỰC HIỆN", and the parser reads
  "Trên đây là" as the start of the closing, so every duty after it is left unplaced;
  the seeds' duty texts also begin with their own numbered heading, which the export
  repeats ("2. Văn phòng Ban" twice). Needed in ``export_docx._organisation``: write
  ``plan.implementation`` after the duties and reporting, and skip the "N. name" line
  when the duty's first line already is that heading.
* the date of a plan without a place (Sông Mã): the export writes "Ngày 11 tháng 01
  năm 2019" and the parser only reads the date after "Place, ngày …". Needed in the
  parser (header date without a place) — with "Sông Mã, ngày …" it is read.
* sub-activities: exported as table rows "1.1", "1.2" they come back as top-level
  activities (without a lead, so the importing unit leads them, with a warning);
  the parser's table reader does not nest numbered rows.
* an activity's content: written in the title cell, it comes back joined to the title.
* several units in one cell: the export writes one paragraph per unit and the
  extraction joins a cell's paragraphs with a space, so the boundary between units is
  lost (the words are kept); the parser also splits one label on its commas.
* theme details and channels: written as separate paragraphs, they come back as
  extra themes; a plan without themes (Sông Mã) gets one theme per activity.
* a recipient's purpose comes back inside its label ("Phòng nội vụ (b/c)").
"""

from __future__ import annotations

import re

import pytest

from cchc.documents.export_docx import plan_to_docx
from cchc.documents.extract import extract_text
from cchc.documents.parser import parse_plan
from cchc.documents.services import plan_import_data
from cchc.orgs.models import Unit
from cchc.plans.models import Plan
from cchc.plans.seeds import SEED_PLANS, load_seed_plans
from cchc.plans.services import ActivityData, PlanData, UnitRef, plan_to_data
from cchc.text import fold


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
    text = extract_text(plan_to_docx(plan), "ke-hoach.docx").text
    parsed = parse_plan(text)
    assert parsed.is_plan
    imported = plan_import_data(parsed=parsed, unit=plan.unit).data
    return original, imported, [w.message for w in parsed.warnings]


@pytest.fixture
def seed_plans(db: None) -> dict[str, Plan]:
    return load_seed_plans()


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_header_title_period_signer(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    assert imported.title == original.title
    assert (imported.number, imported.symbol) == (original.number, original.symbol)
    assert imported.place == original.place
    assert (imported.period_start, imported.period_end) == (
        original.period_start,
        original.period_end,
    )
    if key == "huyen_song_ma_2019":
        assert original.issued_on is not None and not original.place
        assert imported.issued_on is None, (
            "a date line without a place (“Ngày 11 tháng 01 năm 2019”) is not read by the "
            "parser; if it now is, tighten this test"
        )
    else:
        assert imported.issued_on == original.issued_on
    assert imported.signing_authority == original.signing_authority
    assert imported.signer_position == original.signer_position
    assert imported.signer_name == original.signer_name


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_legal_bases(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])

    def keys(data: PlanData) -> set[tuple[str, str, object]]:
        return {(b.doc_type, symbol_key(b.number_symbol), b.issued_on) for b in data.legal_bases}

    # Every basis comes back (doc type, symbol, date); the order follows the text,
    # where the export cites first the bases the intro does not already cite.
    assert keys(imported) == keys(original)
    assert len(imported.legal_bases) == len(original.legal_bases)


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_themes(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    texts = [t.title for t in imported.themes]
    # Every theme title comes back, in order; details and channels come back as extra
    # themes (separate paragraphs in the export), so the count is not compared.
    position = 0
    for theme in original.themes:
        found = next(
            (i for i in range(position, len(texts)) if words(texts[i]).startswith(words(theme.title))),
            None,
        )
        assert found is not None, f"theme “{theme.title[:60]}” did not come back"
        position = found + 1
    if not original.themes:
        assert len(texts) == len(original.activities), "one theme per activity (parser rule)"


def _find(activities: list[ActivityData], title: str, start: int) -> int:
    for i in range(start, len(activities)):
        if words(activities[i].title).startswith(words(title)):
            return i
    raise AssertionError(f"activity “{title[:60]}” did not come back")


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_activities(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    names = Names()
    unit_name = seed_plans[key].unit.name
    got = list(imported.activities)
    position = 0
    for activity in original.activities:
        i = _find(got, " ".join(activity.title.split()), position)
        back = got[i]
        for role in ("leads", "coordinators"):
            before, after = names(getattr(activity, role)), names(getattr(back, role))
            if len(before) == 1 and "," not in before[0]:
                assert after == before, f"{role} of “{activity.title[:40]}”"
            else:
                # Several units in one cell, or a label with commas: the words come back,
                # not the boundaries between units.
                assert words(" ".join(after)) == words(" ".join(before)), role
        if activity.content:
            assert words(back.title) == words(activity.title + " " + activity.content), (
                "the content comes back joined to the title (same table cell)"
            )
        assert timing_key(back.timing_text) == timing_key(activity.timing_text)
        # Sub-activities come back as top-level activities right after their parent,
        # led by the importing unit (no lead in their row of the exported table).
        position = i + 1
        for child in activity.children:
            j = _find(got, child.title, position)
            assert j == position, "sub-activity rows follow their parent"
            assert names(got[j].leads) == [unit_name]
            assert timing_key(got[j].timing_text) == timing_key(child.timing_text)
            assert not got[j].children
            position = j + 1
    assert position == len(got), "no activity appears that the plan does not have"


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_recipients(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, _warnings = round_trip(seed_plans[key])
    expected = [
        f"{r.label} ({r.purpose})" if r.purpose else r.label
        for r in original.recipients
        if not r.is_archive
    ]
    assert [r.label for r in imported.recipients if not r.is_archive] == expected
    archive = [r.label for r in original.recipients if r.is_archive]
    back = [r.label for r in imported.recipients if r.is_archive]
    if original.recipients or archive:
        # The export always closes the list with the archive line ("Lưu: VT" by default).
        assert back == (archive or ["Lưu: VT"])


@pytest.mark.parametrize("key", list(SEED_PLANS))
def test_duties_do_not_come_back(key: str, seed_plans: dict[str, Plan]) -> None:
    original, imported, warnings = round_trip(seed_plans[key])
    names = Names()
    if not original.responsibilities:
        assert imported.responsibilities == ()
        return
    # See the module docstring: the closing paragraph is exported before the duties.
    assert imported.responsibilities == (), (
        "duties now round-trip: replace this test by a comparison of unit names"
    )
    first = names((original.responsibilities[0].unit,))[0]
    assert any(first[:30] in w for w in warnings), "the duties are reported as unplaced"
