"""What each database needs to search the index tables; the SQL runs only on its own vendor.

SQLite: FTS5 external-content tables over search_searchdocument (porter-stemmed) and
search_searchterm (trigram tokenizer, SQLite >= 3.34), kept in step by triggers.
PostgreSQL: a generated tsvector column weighted A (name, aliases), B (lead), D (body) with a
GIN index, and pg_trgm (a trusted extension: the database owner may create it) over the words.
"""
from django.db import migrations

DOCUMENT_COLUMNS = ["name", "aliases", "lead", "body"]


def fts5_sync(table, fts, columns):
    """CREATE statements for an external-content FTS5 table and the triggers that keep it current."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(name, aliases, lead, body, content='search_searchdocument', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    *fts5_sync("search_searchdocument", "search_fts", DOCUMENT_COLUMNS),
    "CREATE VIRTUAL TABLE search_term_trigram USING fts5(word, content='search_searchterm', "
    "content_rowid='id', tokenize='trigram')",
    *fts5_sync("search_searchterm", "search_term_trigram", ["word"]),
]
SQLITE_BACKWARD = [
    *[f"DROP TRIGGER IF EXISTS {fts}_{event}" for fts in ("search_fts", "search_term_trigram")
      for event in ("insert", "delete", "update")],
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_term_trigram",
]
def words(column):
    return f"regexp_replace({column}, '[./:]+', ' ', 'g')"


NAME_AND_ALIASES = "name || ' ' || aliases"
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Dots, slashes and colons split words, as in queries: the parser would otherwise read
    # "http.StatusTooManyRequests" or "res.redirect()" as one host or file name.
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('english', {words(NAME_AND_ALIASES)}), 'A') || "
    f"setweight(to_tsvector('english', {words('lead')}), 'B') || "
    f"setweight(to_tsvector('english', {words('body')}), 'D')) STORED",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_term_trigram ON search_searchterm USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_trigram",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]
STATEMENTS = {"sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD), "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD)}


def run(statements_index):
    def operation(apps, schema_editor):
        for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[statements_index]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(0), run(1))]
