"""Text matching, one implementation per database; views never see which.

Each backend narrows a SearchDocument queryset to the documents containing
every term. Ranking and visibility are the same for both (see service.py).
"""

from functools import reduce
from operator import and_

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

# SQLite's trigram tokenizer cannot match fewer than three characters.
TRIGRAM = 3


def like_pattern(text):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains_q(term):
    return Q(title__icontains=term.text) | Q(body__icontains=term.text)


class SqliteBackend:
    """FTS5 with the trigram tokenizer: substring matching in any script."""

    def filter(self, documents, terms):
        long_terms = [t for t in terms if len(t.text) >= TRIGRAM]
        short_terms = [t for t in terms if len(t.text) < TRIGRAM]
        if long_terms:
            # Each term is an FTS5 string literal ("" escapes a quote), so
            # nothing a reader types can act as an FTS5 operator.
            match = " AND ".join('"{}"'.format(t.text.replace('"', '""')) for t in long_terms)
            documents = documents.filter(
                RawSQL(
                    "symposium_searchdocument.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    [match],
                    output_field=BooleanField(),
                )
            )
        if short_terms:
            documents = documents.filter(reduce(and_, (contains_q(t) for t in short_terms)))
        return documents


class PostgresBackend:
    """English through a stemmed tsvector; Chinese through pg_trgm-indexed ILIKE."""

    def filter(self, documents, terms):
        words = [t for t in terms if not t.is_cjk]
        cjk = [t for t in terms if t.is_cjk]
        if words:
            # phraseto_tsquery reads no operators, so "-", "|" or "!" typed by
            # a reader are just punctuation, as they are on SQLite.
            tsquery = " && ".join(["phraseto_tsquery('english', %s)"] * len(words))
            documents = documents.filter(
                RawSQL(  # noqa: S611  (the f-string adds only placeholders; words are parameters)
                    f"symposium_searchdocument.search_vector @@ ({tsquery})",
                    [t.text for t in words],
                    output_field=BooleanField(),
                )
            )
        for term in cjk:
            documents = documents.filter(
                RawSQL(
                    "(symposium_searchdocument.title || ' ' || symposium_searchdocument.body) ILIKE %s",
                    [like_pattern(term.text)],
                    output_field=BooleanField(),
                )
            )
        return documents


BACKENDS = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend():
    return BACKENDS[connection.vendor]()
