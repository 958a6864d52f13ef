"""Create the shared survey templates (the SIPAS questionnaire) if they are missing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.surveys.services import sipas_template


class Command(BaseCommand):
    help = "Tạo mẫu khảo sát SIPAS dùng chung (nếu chưa có)."

    def handle(self, *args: Any, **options: Any) -> None:
        survey = sipas_template()
        self.stdout.write(f"Mẫu SIPAS: khảo sát số {survey.pk} — {survey.title}")
