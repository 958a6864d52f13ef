"""Working-day deadlines (weekends, Tết and Saturdays worked in exchange, from the Holiday
table) and masking of personal data."""

from __future__ import annotations

import datetime

import pytest

from cchc.feedback import services
from cchc.feedback.masking import MASK, mask, personal_values
from cchc.feedback.models import DeadlineRule, Holiday
from cchc.feedback.workdays import add_working_days, working_days_between

D = datetime.date


@pytest.mark.django_db
def test_holidays_are_seeded_for_2024_to_2027():
    assert Holiday.objects.filter(date=D(2026, 2, 17)).exists()  # Tết Nguyên Đán 2026
    assert Holiday.objects.filter(date=D(2025, 9, 2)).exists()
    assert Holiday.objects.filter(date__year=2027).count() >= 8
    assert Holiday.objects.filter(date__year=2024).count() >= 8


@pytest.mark.django_db
def test_deadline_across_tet_and_a_weekend():
    # Received Thursday 12/02/2026; Fri 13 is working, weekend 14-15, Tết 16-20 (Mon-Fri),
    # weekend 21-22; then working from Monday 23/02.
    assert add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 12), 10) == D(2026, 3, 5)
    assert services.due_date("report", D(2026, 2, 12)) == D(2026, 3, 5)
    assert working_days_between(D(2026, 2, 12), D(2026, 3, 5)) == 10
    assert working_days_between(D(2026, 3, 5), D(2026, 2, 12)) == -10


@pytest.mark.django_db
def test_holiday_table_and_rules_are_configurable():
    Holiday.objects.create(date=D(2026, 3, 2), name="Nghỉ bù")
    assert add_working_days(D(2026, 2, 27), 1) == D(2026, 3, 3)  # Fri → weekend → Mon off → Tue
    DeadlineRule.objects.filter(kind="report").update(working_days=3)
    assert services.due_date("report", D(2026, 2, 27)) == D(2026, 3, 5)


@pytest.mark.django_db
def test_a_saturday_worked_in_exchange_for_a_day_off_counts(desk):
    """26/04/2025 (Saturday) was worked so that Friday 02/05/2025 could be off; the
    ``holidays`` package knows both and the seed has both."""
    from tests.feedback.conftest import data

    assert Holiday.objects.get(date=D(2025, 4, 26)).working_day
    assert not Holiday.objects.get(date=D(2025, 5, 2)).working_day
    assert Holiday.objects.get(date=D(2026, 8, 22)).working_day  # for Monday 31/08/2026
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    # After Fri 25/04: Sat 26 (worked), Mon 28, Tue 29; 30/04, 01/05 holidays, 02/05 off; Mon 05/05.
    assert working_days_between(D(2025, 4, 24), D(2025, 5, 5)) == 5
    # Ten working days from Friday 25/04/2025 end on Tuesday 13/05 (not 14/05).
    assert services.due_date("report", D(2025, 4, 25)) == D(2025, 5, 13)
    item = services.submit(data=data(), today=D(2025, 4, 25))  # the cached calendar too
    assert item.due_on == D(2025, 5, 13)


def test_masking_removes_the_submitters_data_and_any_numbers():
    text = (
        "Tôi là NGUYEN VAN AN, sđt 0912 345 678, email an@x.vn, CCCD 001234567890, CMND 123456789,"
        " ở Số 5 Lê Lợi. Gọi +84 91 234 5678. Năm 2024 có 150 hồ sơ, ông An đã đến."
    )
    result = mask(text, personal_values("Nguyễn Văn An", "0912345678", "an@x.vn", "Số 5 Lê Lợi"))
    for secret in (
        "NGUYEN",
        "0912",
        "an@x.vn",
        "001234567890",
        "123456789",
        "Lê Lợi",
        "+84",
        "Văn An",
    ):
        assert secret not in result
    assert "Năm 2024 có 150 hồ sơ" in result
    assert result.count(MASK) >= 7


def test_masking_leaves_text_without_personal_data_alone():
    text = "Thủ tục cấp phiếu lý lịch tư pháp cần 10 ngày."
    assert mask(text, personal_values("Lê Thị Hoa", "", "", "")) == text


@pytest.mark.django_db
def test_load_holidays_command_adds_a_year_once():
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("load_holidays", "2028", stdout=out)
    added = Holiday.objects.filter(date__year=2028).count()
    assert "ngày làm bù" in out.getvalue()
    assert added >= 8 and f"Đã thêm {added}" in out.getvalue()
    call_command("load_holidays", "2028", stdout=out)
    assert Holiday.objects.filter(date__year=2028).count() == added
    with pytest.raises(CommandError):
        call_command("load_holidays", "1800")
