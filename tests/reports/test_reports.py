"""Reporting calendar, pre-fill, review cycle, roll-up and completeness."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cchc.orgs.models import Unit, UnitKind
from cchc.orgs.services import UnitData, unit_create
from cchc.reports import selectors, services
from cchc.reports.models import Report, ReportingPeriod, ReportStatus
from cchc.tracking.models import Output

pytestmark = pytest.mark.django_db
D = datetime.date


def test_calendar_from_seed_clause(periods):  # type: ignore[no-untyped-def]
    rows = [(p.kind, p.label, p.cutoff, p.deadline) for p in periods]
    assert rows == [
        ("q1", "Quý I/2024", D(2024, 3, 9), D(2024, 3, 10)),
        ("h1", "6 tháng đầu năm 2024", D(2024, 6, 9), D(2024, 6, 10)),
        ("q3", "Quý III (9 tháng) năm 2024", D(2024, 9, 9), D(2024, 9, 10)),
        ("year", "Năm 2024", D(2024, 12, 9), D(2024, 12, 10)),
    ]
    assert all(p.start == D(2024, 1, 1) for p in periods)


def test_calendar_default_and_rerun_adds_nothing(issued_plan):  # type: ignore[no-untyped-def]
    created = services.reporting_calendar_create(plan=issued_plan)
    assert [(p.cutoff, p.deadline) for p in created][0] == (D(2024, 3, 31), D(2024, 4, 10))
    assert created[0].to_unit == issued_plan.unit
    assert services.reporting_calendar_create(plan=issued_plan) == []
    assert ReportingPeriod.objects.filter(plan=issued_plan).count() == 4


def test_ad_hoc_request_checks_dates(issued_plan):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        services.reporting_request_create(
            plan=issued_plan,
            data=services.RequestData("Đột xuất", D(2024, 5, 1), D(2024, 4, 1), D(2024, 3, 1)),
        )
    assert "chốt số liệu" in str(err.value)
    assert not ReportingPeriod.objects.exists()
    period = services.reporting_request_create(
        plan=issued_plan,
        data=services.RequestData(
            "Báo cáo đột xuất về TTHC", D(2024, 1, 1), D(2024, 5, 15), D(2024, 5, 20)
        ),
    )
    assert period.kind == "ad_hoc" and period.deadline == D(2024, 5, 20)


def test_prefill_from_recorded_outputs(tree, q1, broadcast):  # type: ignore[no-untyped-def]
    Output.objects.create(
        activity=broadcast,
        unit=tree.commune_a,
        kind="loudspeaker",
        date=D(2024, 1, 8),
        quantity=2,
        participants=30,
    )
    Output.objects.create(
        activity=broadcast,
        unit=tree.post_a,
        kind="loudspeaker",
        date=D(2024, 2, 8),
        link="https://xa.example/bai",
    )
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=D(2024, 3, 20)
    )  # after cut-off
    Output.objects.create(
        activity=broadcast, unit=tree.commune_b, kind="loudspeaker", date=D(2024, 1, 9)
    )  # other unit
    report = services.report_open(period=q1, unit=tree.commune_a)
    f = report.figures
    assert (
        f["outputs_total"] == 3
        and f["by_channel"] == {"loudspeaker": 3}
        and f["participants"] == 30
    )
    assert [link["link"] for link in f["links"]] == ["https://xa.example/bai"]
    titles = {a["title"]: a for a in f["activities"]}
    assert titles["Chuyên mục CCHC trên truyền thanh xã"]["outputs"] == 3
    assert f["activity_status"]["late"] >= 1
    assert report.events.get().action == "open"
    assert services.report_open(period=q1, unit=tree.commune_a).pk == report.pk


def test_unit_not_expected_cannot_open(tree, q1):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.report_open(period=q1, unit=tree.other_province)


def _submit(report, text="Đã thực hiện"):  # type: ignore[no-untyped-def]
    return services.report_submit(report=report, data=services.NarrativeData(results=text))


def test_review_cycle_keeps_history(tree, q1):  # type: ignore[no-untyped-def]
    report = services.report_open(period=q1, unit=tree.commune_a)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, data=services.NarrativeData())
    report = _submit(report)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    with pytest.raises(ValidationError):
        services.report_return(report=report, reason="  ")
    report = services.report_return(report=report, reason="Thiếu số liệu hội nghị")
    with pytest.raises(ValidationError):
        services.report_accept(report=report)
    report = services.report_save(
        report=report,
        data=services.NarrativeData(results="Bổ sung"),
        expected_revision=report.revision,
    )
    with pytest.raises(ValidationError) as stale:
        services.report_save(
            report=report, data=services.NarrativeData(results="x"), expected_revision=1
        )
    assert stale.value.code == "stale"
    report = _submit(report, "Bổ sung đầy đủ")
    report = services.report_accept(report=report)
    assert report.status == ReportStatus.ACCEPTED
    actions = list(report.events.order_by("pk").values_list("action", "note"))
    assert [a for a, _n in actions] == ["open", "submit", "return", "save", "submit", "accept"]
    assert ("return", "Thiếu số liệu hội nghị") in actions
    with pytest.raises(ValidationError):
        services.report_save(report=report, data=services.NarrativeData(results="x"))


def test_rollup_sums_accepted_children_and_flags_changes(tree, q1, broadcast):  # type: ignore[no-untyped-def]
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=D(2024, 1, 8), quantity=2
    )
    Output.objects.create(
        activity=broadcast, unit=tree.commune_b, kind="loudspeaker", date=D(2024, 1, 8), quantity=5
    )
    Output.objects.create(
        activity=broadcast, unit=tree.province, kind="news", date=D(2024, 1, 9), quantity=1
    )
    a = services.report_accept(report=_submit(services.report_open(period=q1, unit=tree.commune_a)))
    services.report_open(period=q1, unit=tree.commune_b)  # a draft: ignored
    top = services.report_open(period=q1, unit=tree.province)
    assert top.figures["outputs_total"] == 1  # own records only: communes report themselves
    assert top.rollup["totals"]["outputs_total"] == 3
    sources = top.rollup["sources"]
    assert [(s["source"], s["unit"], s["figures"]["outputs_total"]) for s in sources] == [
        ("own", tree.province.display_name, 1),
        ("child", tree.commune_a.display_name, 2),
    ]
    assert selectors.rollup_changes(top) == []
    # The child's accepted report is returned, changed and accepted again: flagged.
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=D(2024, 2, 8)
    )
    a = services.report_return(report=a, reason="Sửa số liệu")
    a = services.report_accept(report=_submit(a))
    changes = selectors.rollup_changes(top)
    assert [(c.unit, c.now) for c in changes] == [(tree.commune_a.display_name, a.revision)]
    assert top.events.filter(action="rollup_changed").exists()
    top = services.report_refresh(report=top)
    assert top.rollup["totals"]["outputs_total"] == 4 and selectors.rollup_changes(top) == []


def test_completeness_counts_on_time_late_missing_and_validity(tree, q1):  # type: ignore[no-untyped-def]
    closed = unit_create(parent=tree.province, data=UnitData(name="Xã Cũ", kind=UnitKind.COMMUNE))
    Unit.objects.filter(pk=closed.pk).update(valid_to=D(2024, 3, 1))
    opened = unit_create(parent=tree.province, data=UnitData(name="Xã Mới", kind=UnitKind.COMMUNE))
    Unit.objects.filter(pk=opened.pk).update(valid_from=D(2024, 2, 1))
    late_open = unit_create(
        parent=tree.province, data=UnitData(name="Xã Sau Chốt", kind=UnitKind.COMMUNE)
    )
    Unit.objects.filter(pk=late_open.pk).update(
        valid_from=D(2024, 3, 9) + datetime.timedelta(days=1)
    )
    with time_machine.travel(
        datetime.datetime(
            2024, 3, 10, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
        )
    ):
        _submit(services.report_open(period=q1, unit=tree.commune_a))  # on time (last evening)
    with time_machine.travel(
        datetime.datetime(2024, 3, 11, 0, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    ):
        _submit(services.report_open(period=q1, unit=tree.commune_b))  # five minutes late
    services.report_open(period=q1, unit=Unit.objects.get(pk=opened.pk))  # a draft: missing
    c = selectors.period_completeness(q1)
    states = {r.unit.name: r.state for r in c.rows}
    assert states == {
        "Sở Nội vụ": "missing",
        "Xã Minh Đức": "on_time",
        "Phường Cẩm Thành": "late",
        "Xã Mới": "missing",
    }
    assert (c.expected, c.received, c.on_time, c.late, c.missing) == (4, 2, 1, 1, 2)
    assert (c.completeness_pct, c.timeliness_pct) == (50, 25)
    by_period = selectors.plan_completeness(q1.plan)
    assert [x.expected for x in by_period] == [4, 5, 5, 5]
    assert by_period[0].on_time == 1


def test_completeness_queries_are_bounded(tree, q1, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for i in range(100):
        unit = unit_create(
            parent=tree.province, data=UnitData(name=f"Xã Số {i}", kind=UnitKind.COMMUNE)
        )
        if i % 3 == 0:
            _submit(services.report_open(period=q1, unit=unit))
    with django_assert_max_num_queries(3):
        c = selectors.period_completeness(q1)
        assert c.expected == 103 and c.received == 34
    with django_assert_max_num_queries(4):
        assert len(selectors.plan_completeness(q1.plan)) == 4


def test_multi_level_rollup_takes_the_district_report_as_is(tree, q1, broadcast):  # type: ignore[no-untyped-def]
    """Province → district → communes: the communes are counted once, through the district."""
    district = unit_create(
        parent=tree.province, data=UnitData(name="Huyện Sơn Tịnh", kind=UnitKind.DISTRICT)
    )
    reporting = unit_create(
        parent=district, data=UnitData(name="Xã Tịnh Hà", kind=UnitKind.COMMUNE)
    )
    silent = unit_create(parent=district, data=UnitData(name="Xã Tịnh Sơn", kind=UnitKind.COMMUNE))
    day = D(2024, 1, 8)
    for unit, n in (
        (tree.province, 1),
        (district, 10),
        (reporting, 100),
        (silent, 1000),
        (tree.commune_a, 10000),
    ):
        Output.objects.create(
            activity=broadcast, unit=unit, kind="loudspeaker", date=day, quantity=n
        )
    q1 = ReportingPeriod.objects.select_related("plan__unit", "to_unit").get(pk=q1.pk)
    assert selectors.may_report(q1, reporting) and not selectors.is_expected(q1, reporting)
    # The commune reports to the district, which reviews it.
    low = services.report_open(period=q1, unit=reporting)
    assert low.figures["outputs_total"] == 100 and not low.rollup
    assert selectors.receiver(low) == district
    low = services.report_accept(report=_submit(low))
    mid = services.report_open(period=q1, unit=district)
    # Its own figures leave the reporting commune out (the silent one stays in); its roll-up adds it.
    assert mid.figures["outputs_total"] == 10 + 1000
    assert mid.rollup["totals"]["outputs_total"] == 10 + 1000 + 100
    assert [s["unit"] for s in mid.rollup["sources"]] == [
        district.display_name,
        reporting.display_name,
    ]
    assert selectors.receiver(mid) == tree.province
    mid = services.report_accept(report=_submit(mid))
    assert mid.rollup["totals"]["outputs_total"] == 1110  # taken again at submission: unchanged
    services.report_accept(report=_submit(services.report_open(period=q1, unit=tree.commune_a)))
    top = services.report_open(period=q1, unit=tree.province)
    assert top.figures["outputs_total"] == 1
    # District roll-up as-is (1110) + commune A (10000) + own (1): the commune below the
    # district is not taken a second time.
    assert top.rollup["totals"]["outputs_total"] == 1 + 1110 + 10000
    sources = {s["unit"]: s["figures"]["outputs_total"] for s in top.rollup["sources"]}
    assert sources == {
        tree.province.display_name: 1,
        district.display_name: 1110,
        tree.commune_a.display_name: 10000,
    }
    assert reporting.display_name not in sources
    # The commune's report returned and accepted again: the district's roll-up is flagged, not the province's.
    low = services.report_accept(report=_submit(services.report_return(report=low, reason="Sửa")))
    assert [
        c.report_id
        for c in selectors.rollup_changes(services.report_open(period=q1, unit=district))
    ] == [low.pk]
    assert Report.objects.get(pk=mid.pk).events.filter(action="rollup_changed").exists()
    assert selectors.rollup_changes(top) == []
