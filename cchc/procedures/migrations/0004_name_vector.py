"""PostgreSQL: a tsvector of the name alone, with its GIN index (see search_index)."""

from typing import Any

from django.db import migrations

from cchc.procedures import search_index


def forwards(apps: Any, schema_editor: Any) -> None:
    search_index.install(schema_editor.connection)  # idempotent; adds what is missing


def backwards(apps: Any, schema_editor: Any) -> None:
    search_index.uninstall_name_vector(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0003_updated_at_index")]

    operations = [migrations.RunPython(forwards, backwards)]
