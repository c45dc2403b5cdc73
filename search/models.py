"""The search index: one row per section of published content, and the words it contains.

The rows are ordinary Django models, written only by search.index. Migration 0001 adds what
each database needs to search them: on SQLite two FTS5 tables kept in step by triggers
(porter-stemmed for words, trigram for typos); on PostgreSQL a generated, weighted tsvector
column with a GIN index, and a pg_trgm index over the words.
"""

from django.db import models


class SearchDocument(models.Model):
    """One searchable section (a page's head, a guide section, an FAQ entry), weighted by column."""

    class Kind(models.TextChoices):
        CODE = "code", "Status code"
        COMPARISON = "comparison", "Comparison"
        ERROR = "error", "Error guide"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=30, help_text="The code number, the comparison slug or the error guide slug.")
    section = models.CharField(max_length=300, help_text="What the reader sees the snippet as: a heading or question.")
    url = models.CharField(max_length=300, help_text="The page, with the section's anchor.")
    # The indexed columns, heaviest first (see backends.WEIGHTS).
    name = models.TextField(blank=True, help_text="Code and reason phrase, comparison title, or error name.")
    aliases = models.TextField(blank=True)
    lead = models.TextField(blank=True, help_text="Summary, gist, decision rule or FAQ question.")
    body = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.section}"


class SearchTerm(models.Model):
    """A word that occurs in the index, as written: the vocabulary typos are corrected against."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.word
