"""Text matching, one implementation per database; views never see which.

A backend reads one kind's window: the ids of the newest documents of that
kind that contain every term (and carry the tags of the TagFilter, if any),
at most `limit` of them, newest first. Reading newest first lets the
database stop as soon as the window is full instead of finding every match.
Visibility and ranking are the same for both databases (see service.py).

Terms that are each common but rarely together (an English word and a
Chinese one) leave the window nothing to stop on, so a backend also stops
a search that runs past a time limit and raises SearchTooSlow.
"""

import json
import time
from contextlib import contextmanager
from functools import lru_cache

from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL

from symposium.models import SearchDocument, SearchIndexEntry, SearchPairEntry
from symposium.replicas import read_connection

# SQLite's trigram tokenizer cannot match fewer than three characters.
TRIGRAM = 3


def like_pattern(text):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def has_case(text):
    return text.lower() != text.upper()


def contains_q(term):
    return Q(title__icontains=term.text) | Q(body__icontains=term.text)


def newest(rows, id_ref, condition, limit, *, walk_ids=True):
    """The first `limit` ids, newest first.

    With `walk_ids`, the database may walk the id index backwards and stop
    early, which suits common terms. Without it, ordering by an expression
    rules that plan out, so the database finds every match through a
    full-text index and sorts them, which suits rare terms.
    """
    if condition is not None:
        rows = rows.filter(condition(id_ref))
    order = F(id_ref) if walk_ids else F(id_ref) + 0
    return rows.order_by(order.desc()).values_list(id_ref, flat=True)[:limit]


class SearchTooSlow(Exception):
    """The search ran past its time limit and was stopped."""


class SqliteBackend:
    """FTS5 with the trigram tokenizer: substring matching in any script."""

    # How many SQLite virtual-machine steps run between looks at the clock.
    CLOCK_STEPS = 10_000

    @contextmanager
    def time_limit(self, milliseconds):
        """Interrupts the queries run inside once `milliseconds` have passed."""
        deadline = time.monotonic() + milliseconds / 1000
        reads = read_connection()
        reads.ensure_connection()
        sqlite = reads.connection
        sqlite.set_progress_handler(lambda: time.monotonic() > deadline, self.CLOCK_STEPS)
        try:
            yield
        except OperationalError as error:
            if str(error) == "interrupted":
                raise SearchTooSlow from error
            raise
        finally:
            sqlite.set_progress_handler(None, 0)

    def among(self, ids):
        """Documents with these ids: one parameter, however many ids (Django expands a list into one each)."""
        return RawSQL(
            "symposium_searchdocument.id IN (SELECT value FROM json_each(%s))",
            [json.dumps(ids)],
            output_field=BooleanField(),
        )

    def window(self, kind, terms, tag_filter, limit):
        condition = tag_filter.condition if tag_filter else None
        long_terms = [t for t in terms if len(t.text) >= TRIGRAM]
        pair_terms = [t for t in terms if t.is_cjk_pair]
        short_terms = [t for t in terms if len(t.text) < TRIGRAM]
        ids = SearchDocument.id_range(kind)
        # Starting from a full-text index, with the kind as a rowid range,
        # lets FTS5 walk its matches in rowid order and stop at `limit`.
        # Terms the starting index cannot match are checked with LIKE on
        # each row it yields (probing a second FTS5 table per row is slower).
        if long_terms:
            rows = SearchIndexEntry.objects.filter(fts_match("search_fts", long_terms), rowid__range=ids)
        elif pair_terms:
            rows = SearchPairEntry.objects.filter(fts_match("search_pairs", pair_terms), rowid__range=ids)
            short_terms = [t for t in short_terms if not t.is_cjk_pair]
        else:
            rows = SearchDocument.objects.filter(*map(contains_q, short_terms), id__range=ids)
            return newest(rows, "id", condition, limit)
        if short_terms:
            documents = SearchDocument.objects.filter(pk=OuterRef("rowid"))
            rows = rows.filter(Exists(documents.filter(*map(contains_q, short_terms))))
        return newest(rows, "rowid", condition, limit)


def fts_literal(terms):
    """Each term as an FTS5 string ("" escapes a quote): nothing a reader types acts as an operator."""
    return " AND ".join('"{}"'.format(t.text.replace('"', '""')) for t in terms)


def fts_match(table, terms):
    return RawSQL(f"{table} MATCH %s", [fts_literal(terms)], output_field=BooleanField())  # noqa: S611  (table is ours)


def phrase_q(phrase, kind):
    """A phrase: one kind's documents holding its adjacent word pairs, then the exact match.

    The pairs are read from the (kind, word_pairs) index (migrations 0005
    and 0007), so a kind's candidates are found without visiting the others'.

    A phrase of exactly two words (after stemming and stop words) is one
    pair, and holding that pair is the match, so the slower check of word
    positions in each candidate's tsvector is left out. It is written as
    ts_match_vq(), the function behind `@@`, so the planner does not also
    scan the tsvector index for two common words.
    """
    pairs = RawSQL(
        "word_pairs @> symposium_word_pairs(to_tsvector('english', %s))",
        [phrase.text],
        output_field=BooleanField(),
    )
    if is_one_word_pair(phrase.text):
        return Q(pairs, kind=kind)
    exact = RawSQL(
        "ts_match_vq(search_vector, phraseto_tsquery('english', %s))",
        [phrase.text],
        output_field=BooleanField(),
    )
    return Q(pairs, kind=kind) & Q(exact)


@lru_cache(maxsize=1024)
def is_one_word_pair(text):
    """Whether PostgreSQL reads the phrase as two adjacent words and nothing else (asked once per phrase)."""
    with read_connection().cursor() as cursor:
        cursor.execute(
            "SELECT cardinality(symposium_word_pairs(to_tsvector('english', %s))) = 1"
            " AND numnode(phraseto_tsquery('english', %s)) = 3",
            [text, text],
        )
        return cursor.fetchone()[0]


# PostgreSQL's SQLSTATE for a statement stopped by statement_timeout.
QUERY_CANCELED = "57014"
# Below this many estimated documents, a CJK pair is read from its index whole.
RARE_PAIR_ROWS = 10_000


class PostgresBackend:
    """English through a stemmed tsvector; Chinese through pg_trgm-indexed LIKE and pair arrays."""

    def __init__(self):
        # Each search gets a backend of its own: the planner is asked once per pair per search.
        self.rare_pairs = {}

    @contextmanager
    def time_limit(self, milliseconds):
        """Cancels each query run inside that takes longer than `milliseconds`.

        The timeout is set for a transaction of its own (a savepoint, inside
        another one), which is rolled back afterwards: that puts the timeout
        back for whatever runs next, and the queries inside only read.
        """
        try:
            reads = read_connection()
            with transaction.atomic(using=reads.alias):
                with reads.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{milliseconds}ms"])
                yield
                transaction.set_rollback(True, using=reads.alias)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
                raise SearchTooSlow from error
            raise

    def among(self, ids):
        """Documents with these ids, passed as one array parameter."""
        return RawSQL("symposium_searchdocument.id = ANY(%s)", [ids], output_field=BooleanField())

    def window(self, kind, terms, tag_filter, limit):
        rows = self.matching(kind, terms)
        if tag_filter:
            # Starting from the tags' items, newest first, and checking the
            # text on each lets the planner weigh both sides: it walks the
            # items for common text and joins the text's index for rare text.
            return tag_filter.window(limit, documents=rows)
        rare = any(self.is_rare_pair(t.text) for t in terms if t.is_cjk_pair)
        return newest(rows, "id", None, limit, walk_ids=not rare)

    def matching(self, kind, terms):
        """The documents of one kind that contain every term."""
        rows = SearchDocument.objects.filter(id__range=SearchDocument.id_range(kind))
        words = [t for t in terms if not t.is_cjk and not t.phrase]
        if words:
            # phraseto_tsquery reads no operators, so "-", "|" or "!" typed by
            # a reader are just punctuation, as they are on SQLite.
            tsquery = " && ".join(["phraseto_tsquery('english', %s)"] * len(words))
            rows = rows.filter(
                RawSQL(  # noqa: S611  (the f-string adds only placeholders; words are parameters)
                    f"search_vector @@ ({tsquery})",
                    [t.text for t in words],
                    output_field=BooleanField(),
                )
            )
        for phrase in (t for t in terms if not t.is_cjk and t.phrase):
            rows = rows.filter(phrase_q(phrase, kind))
        for term in (t for t in terms if t.is_cjk_pair):
            rows = rows.filter(RawSQL("cjk_pairs @> ARRAY[%s]::text[]", [term.text], BooleanField()))
        for term in (t for t in terms if t.is_cjk and not t.is_cjk_pair):
            # Chinese has no case, and LIKE is about three times faster than
            # ILIKE, which lower-cases every document it checks.
            operator = "ILIKE" if has_case(term.text) else "LIKE"
            rows = rows.filter(
                RawSQL(  # noqa: S611  (operator is one of two constants)
                    f"(title || ' ' || body) {operator} %s",
                    [like_pattern(term.text)],
                    output_field=BooleanField(),
                )
            )
        return rows

    def is_rare_pair(self, text):
        """Whether the planner's statistics put few documents behind this CJK pair; asked once per search.

        Walking ids backwards stops early for a common pair but reads a whole
        kind for an absent one, and with LIMIT the planner often guesses
        wrong, so the choice is made here from its own estimate.
        """
        if text not in self.rare_pairs:
            with read_connection().cursor() as cursor:
                cursor.execute(
                    "EXPLAIN (FORMAT JSON) SELECT 1 FROM symposium_searchdocument"
                    " WHERE cjk_pairs @> ARRAY[%s]::text[]",
                    [text],
                )
                (plan,) = cursor.fetchone()
            self.rare_pairs[text] = plan[0]["Plan"]["Plan Rows"] < RARE_PAIR_ROWS
        return self.rare_pairs[text]


BACKENDS = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend():
    return BACKENDS[connection.vendor]()
