"""The engine's full-text index of procedures (see cchc.procedures.search_index)."""

from typing import Any

from django.db import migrations

from cchc.procedures import search_index


def forwards(apps: Any, schema_editor: Any) -> None:
    search_index.install(schema_editor.connection)


def backwards(apps: Any, schema_editor: Any) -> None:
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
