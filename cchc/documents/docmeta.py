"""What an exported Word file says about its plan beyond its printed text.

The printed document carries almost every part of a plan; a few facts have no place
in an administrative document's text and would otherwise be guessed on import:

* ``intro_prefix``: the "Căn cứ …;" paragraph the export puts before the intro to cite
  the legal bases that only the body cites (it is not part of the stored intro);
* ``audiences``: the plan's audiences, also when it has none (the importer would
  otherwise name those its objectives name);
* ``themes``: each theme's reform areas, indices and audience, and the position of
  the superior plan's theme it comes from (``parent``);
* ``reporting``: the reporting duties with their periods and deadlines, also when
  the printed sentence names no period or sits inside a unit's duties;
* ``activities``: for an activity taken over from the superior plan, the number of
  the activity it comes from there ("2.1");
* ``funding_sources``: the sources printed as "- source: amount đồng (note)" lines
  under the funding text (so that they are not read as part of it).

They are written as one custom document property (``docProps/custom.xml``, name
:data:`PROPERTY`, a JSON string) that Word shows under File › Properties and never
prints. The importer uses an entry only while the text still says the same thing
(a theme with the same title, a reporting sentence still in the document), so a
document edited after export is read from its text.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any, Final

from lxml import etree

__all__ = ["PROPERTY", "activity_numbers", "plan_meta", "read_meta", "write_meta"]

PROPERTY: Final = "CCHC.KeHoach"
VERSION: Final = 1

CUSTOM_PART: Final = "docProps/custom.xml"
CUSTOM_CT: Final = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID: Final = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_MAX_META_BYTES: Final = 1024 * 1024


def plan_meta(plan: Any, *, intro_prefix: str = "") -> dict[str, Any]:
    """The facts of ``plan`` (loaded with ``plan_detail``) that its text cannot carry."""
    parent_positions: dict[int, int] = {}
    activity_paths: dict[int, str] = {}
    if plan.derived_from_id:
        from cchc.plans.models import Plan
        from cchc.plans.selectors import plan_detail

        if Plan.objects.filter(pk=plan.derived_from_id).exists():
            activity_paths = activity_numbers(plan_detail(plan.derived_from_id))
        from cchc.plans.models import Theme

        parent_themes = Theme.objects.filter(plan_id=plan.derived_from_id).order_by("order", "pk")
        parent_positions = {
            pk: i for i, pk in enumerate(parent_themes.values_list("pk", flat=True))
        }
    return {
        "v": VERSION,
        "intro_prefix": intro_prefix,
        "audiences": [a.audience for a in plan.audiences.all()],
        "themes": [
            {
                "title": t.title,
                "areas": list(t.areas),
                "indices": list(t.indices),
                "audience": t.audience,
                "parent": parent_positions.get(t.parent_theme_id or 0),
            }
            for t in plan.themes.all()
        ],
        "reporting": [
            {"periods": r.periods, "deadline_text": r.deadline_text, "text": r.text}
            for r in plan.reporting_duties.all()
        ],
        "activities": [
            {
                "number": number,
                "title": a.title,
                "parent": activity_paths.get(a.derived_from_id or 0),
            }
            for a, number in ((a, n) for a, n in _numbered(plan))
            if a.derived_from_id
        ],
        "funding_sources": [
            {
                "source": f.source,
                "amount": str(f.amount) if f.amount is not None else None,
                "note": f.note,
            }
            for f in plan.funding_sources.all()
        ],
    }


def _numbered(plan: Any) -> list[tuple[Any, str]]:
    """The plan's activities with their number in the activity table ("2", "2.1")."""
    from cchc.plans.selectors import activity_tree

    rows = []
    for n, (activity, children) in enumerate(activity_tree(plan), start=1):
        rows.append((activity, str(n)))
        rows.extend((child, f"{n}.{m}") for m, child in enumerate(children, start=1))
    return rows


def activity_numbers(plan: Any) -> dict[int, str]:
    """Activity id → its number in the plan's activity table."""
    return {activity.pk: number for activity, number in _numbered(plan)}


def _custom_xml(value: str) -> bytes:
    root = etree.Element(f"{{{_NS}}}Properties", nsmap={None: _NS, "vt": _VT})
    prop = etree.SubElement(root, f"{{{_NS}}}property", fmtid=_FMTID, pid="2", name=PROPERTY)
    etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def write_meta(docx: bytes, meta: dict[str, Any]) -> bytes:
    """``docx`` with ``meta`` as its custom property (the package rewritten as is)."""
    value = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == CUSTOM_PART:
                continue
            if info.filename == "[Content_Types].xml":
                data = _with_override(data)
            elif info.filename == "_rels/.rels":
                data = _with_relationship(data)
            target.writestr(info, data)
        target.writestr(CUSTOM_PART, _custom_xml(value))
    return out.getvalue()


def _with_override(data: bytes) -> bytes:
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.fromstring(data, parser=_parser())
    for el in root.findall(f"{{{ns}}}Override"):
        if el.get("PartName") == f"/{CUSTOM_PART}":
            root.remove(el)
    etree.SubElement(root, f"{{{ns}}}Override", PartName=f"/{CUSTOM_PART}", ContentType=CUSTOM_CT)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _with_relationship(data: bytes) -> bytes:
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    root = etree.fromstring(data, parser=_parser())
    ids = set()
    for el in root.findall(f"{{{ns}}}Relationship"):
        if el.get("Type") == CUSTOM_RT:
            root.remove(el)
        else:
            ids.add(el.get("Id"))
    n = 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(
        root, f"{{{ns}}}Relationship", Id=f"rId{n}", Type=CUSTOM_RT, Target=CUSTOM_PART
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_meta(docx: bytes) -> dict[str, Any] | None:
    """The property written by :func:`write_meta`, or ``None`` (absent, unreadable, other
    version). Never raises."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            info = package.getinfo(CUSTOM_PART)
            if info.file_size > _MAX_META_BYTES:
                return None
            root = etree.fromstring(package.read(info), parser=_parser())
        for prop in root.findall(f"{{{_NS}}}property"):
            if prop.get("name") != PROPERTY:
                continue
            value = prop.findtext(f"{{{_VT}}}lpwstr") or ""
            meta = json.loads(value)
            if isinstance(meta, dict) and meta.get("v") == VERSION:
                return meta
    except Exception:  # noqa: BLE001 - a damaged or foreign property is simply not used
        return None
    return None
