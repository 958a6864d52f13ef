"""Seed Vietnam's public holidays 2024-2027 (``holidays`` package) and the default deadlines."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cchc.feedback.workdays import vietnam_holidays

    holiday = apps.get_model("feedback", "Holiday")
    existing = set(holiday.objects.values_list("date", flat=True))
    holiday.objects.bulk_create(
        [holiday(date=day, name=name[:200]) for day, name in vietnam_holidays() if day not in existing]
    )
    rule = apps.get_model("feedback", "DeadlineRule")
    for kind, days in (("report", 10), ("proposal", 20)):
        rule.objects.get_or_create(kind=kind, defaults={"working_days": days})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
