"""Recording outputs and evidence: checks in Vietnamese, nothing half-saved."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cchc.plans.models import Activity
from cchc.tracking.models import Evidence, Output
from cchc.tracking.services import OutputData, evidence_add, output_record, output_update

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%minh chung\n"


@time_machine.travel(datetime.date(2024, 6, 15))
def test_unit_records_an_output_for_an_activity_it_leads(tree, people, broadcast):
    output = output_record(
        activity=broadcast,
        unit=tree.commune_a,
        data=OutputData(kind="loudspeaker", date=datetime.date(2024, 6, 3), duration_minutes=10),
        actor=people["commune_editor"],
    )
    assert output.quantity == 1 and output.created_by == people["commune_editor"]


@time_machine.travel(datetime.date(2024, 6, 15))
def test_output_for_an_activity_the_unit_has_no_part_in_is_refused(tree, issued_plan):
    contest = Activity.objects.get(plan=issued_plan, title="Cuộc thi tìm hiểu CCHC")
    with pytest.raises(ValidationError) as exc:
        output_record(activity=contest, unit=tree.commune_a, data=OutputData(kind="contest_round", date=datetime.date(2024, 6, 1)))
    assert "không chủ trì hay phối hợp" in exc.value.message_dict["unit"][0]


@time_machine.travel(datetime.date(2025, 3, 1))
def test_output_outside_the_plan_period_is_refused(tree, broadcast):
    with pytest.raises(ValidationError) as exc:
        output_record(activity=broadcast, unit=tree.commune_a, data=OutputData(kind="loudspeaker", date=datetime.date(2025, 1, 5)))
    assert "nằm ngoài kỳ kế hoạch" in exc.value.message_dict["date"][0]


@time_machine.travel(datetime.date(2024, 6, 15))
def test_future_date_missing_date_and_zero_quantity_are_refused(tree, broadcast):
    with pytest.raises(ValidationError) as exc:
        output_record(activity=broadcast, unit=tree.commune_a, data=OutputData(kind="loudspeaker", date=datetime.date(2024, 7, 1)))
    assert "chưa đến" in exc.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as exc:
        output_record(activity=broadcast, unit=tree.commune_a, data=OutputData(kind="x", date=None, quantity=0))
    assert set(exc.value.message_dict) == {"kind", "date", "quantity"}
    assert not Output.objects.exists()


def test_outputs_are_only_recorded_for_issued_plans(tree, province_plan):
    activity = province_plan.activities.get(title="Chuyên mục CCHC trên truyền thanh xã")
    with pytest.raises(ValidationError) as exc:
        output_record(activity=activity, unit=tree.commune_a, data=OutputData(kind="loudspeaker", date=datetime.date(2024, 1, 5)))
    assert "đã ban hành" in exc.value.message_dict["activity"][0]


@time_machine.travel(datetime.date(2024, 6, 15))
def test_update_revalidates(tree, broadcast):
    output = output_record(activity=broadcast, unit=tree.commune_a, data=OutputData(kind="loudspeaker", date=datetime.date(2024, 6, 3)))
    with pytest.raises(ValidationError):
        output_update(output=output, data=OutputData(kind="loudspeaker", date=datetime.date(2023, 6, 3)))
    output.refresh_from_db()
    assert output.date == datetime.date(2024, 6, 3)


@time_machine.travel(datetime.date(2024, 6, 15))
def test_evidence_is_checked_for_type_size_and_duplicates(tree, broadcast, settings):
    output = output_record(activity=broadcast, unit=tree.commune_a, data=OutputData(kind="loudspeaker", date=datetime.date(2024, 6, 3)))
    evidence = evidence_add(output=output, name="anh-buoi-phat.png", content=PNG)
    assert evidence.content_type == "image/png" and evidence.file.read() == PNG
    evidence_add(output=output, name="danh-sach.pdf", content=PDF)
    with pytest.raises(ValidationError) as exc:
        evidence_add(output=output, name="anh-lai.png", content=PNG)
    assert "đã được tải lên" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        evidence_add(output=output, name="virus.exe", content=b"MZ\x90\x00")
    assert "chỉ nhận ảnh" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        evidence_add(output=output, name="gia-mao.pdf", content=PNG)
    assert "không đúng định dạng" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        evidence_add(output=output, name="rong.pdf", content=b"")
    with pytest.raises(ValidationError) as exc:
        evidence_add(output=output, name="lon.pdf", content=b"%PDF-" + b"0" * (10 * 1024 * 1024))
    assert "10 MB" in exc.value.message_dict["file"][0]
    assert Evidence.objects.filter(output=output).count() == 2
