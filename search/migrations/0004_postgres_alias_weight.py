"""PostgreSQL: weigh aliases below names, as SQLite's FTS5 does (name 10, aliases 8, lead 3, body 1).

Migration 0002 gave name and aliases one weight (A), so "moved" ranked 302 (alias "Moved
Temporarily") level with 301 (name "Moved Permanently"). The vector now carries four weights:
name A, aliases B, lead C, body D. SQLite needs nothing.
"""
from django.db import migrations


def words(column):
    return f"regexp_replace({column}, '[./:]+', ' ', 'g')"


def vector(weights):
    parts = " || ".join(f"setweight(to_tsvector('english', {words(column)}), '{weight}')" for column, weight in weights)
    return [
        "DROP INDEX IF EXISTS search_document_vector",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
        f"ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ({parts}) STORED",
        "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    ]


FORWARD = vector([("name", "A"), ("aliases", "B"), ("lead", "C"), ("body", "D")])
BACKWARD = vector([("name || ' ' || aliases", "A"), ("lead", "B"), ("body", "D")])


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0003_error_guides")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
