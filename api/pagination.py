"""Cursor pagination on a unique order: a page starts after the last item of the one before.

The cursor names the order it belongs to and the last item's values in it, so
an article published (or deleted) while a client pages never shifts, skips or
repeats what it sees, as offsets would. Pages are found with the same order's
index whatever their depth.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from symposium.site_address import site_url

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 1000


def _datetime(value):
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(value)
    try:
        return parsed.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(value) from error


def _date(value):
    return date.fromisoformat(value)


def _int(value):
    """A whole number a database column can hold (ids are 64-bit)."""
    if not isinstance(value, int) or isinstance(value, bool) or not -(2**63) <= value < 2**63:
        raise ValueError(value)
    return value


def _str(value):
    if not isinstance(value, str):
        raise ValueError(value)
    return value


PARSERS = {"datetime": _datetime, "date": _date, "int": _int, "str": _str}


@dataclass(frozen=True)
class Key:
    """One field of an order: a lookup (`article__published_at`), its direction and its type."""

    lookup: str
    descending: bool = False
    kind: str = "int"

    def value_of(self, item):
        value = item
        for part in self.lookup.split("__"):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        return value

    def order_by(self):
        return f"-{self.lookup}" if self.descending else self.lookup


@dataclass(frozen=True)
class Order:
    """A named order whose keys, together, are unique."""

    name: str
    keys: tuple

    def order_by(self):
        return [key.order_by() for key in self.keys]

    def after_q(self, values):
        """Rows after the one with `values`: (a after), or (a equal and b after), ..."""
        conditions = []
        for index, key in enumerate(self.keys):
            equal = {k.lookup: v for k, v in zip(self.keys[:index], values, strict=False)}
            beyond = {f"{key.lookup}__{'lt' if key.descending else 'gt'}": values[index]}
            conditions.append(Q(**equal, **beyond))
        return reduce(or_, conditions)

    def sort_key(self, item):
        """For lists built in Python: keys are all ascending there."""
        return tuple(key.value_of(item) for key in self.keys)


def encode_cursor(order, values):
    plain = [value.isoformat() if isinstance(value, date | datetime) else value for value in values]
    raw = json.dumps({"o": order.name, "v": plain}, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(order, cursor):
    """The values a cursor holds, each of its key's type; ValidationError for anything else."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode())
        if data["o"] != order.name or len(data["v"]) != len(order.keys):
            raise ValueError("another order")
        return [PARSERS[key.kind](value) for key, value in zip(order.keys, data["v"], strict=True)]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError, DjangoValidationError) as error:
        message = "This cursor is not one this list gave: start again without it."
        raise ValidationError({"cursor": [message]}) from error


def page_size_from(request):
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]})
    return int(raw)


class KeysetPagination(BasePagination):
    """`?cursor=` and `?page_size=`; the view's `get_order()` names the order."""

    def paginate_queryset(self, queryset, request, view=None):
        order = view.get_order()
        size = page_size_from(request)
        cursor = request.query_params.get("cursor")
        values = decode_cursor(order, cursor) if cursor else None
        if isinstance(queryset, QuerySet):
            rows = queryset.order_by(*order.order_by())
            if values is not None:
                rows = rows.filter(order.after_q(values))
            items = list(rows[: size + 1])
        else:
            items = sorted(queryset, key=order.sort_key)
            if values is not None:
                items = [item for item in items if order.sort_key(item) > tuple(values)]
            items = items[: size + 1]
        self.next_url = None
        if len(items) > size:
            items = items[:size]
            last = [key.value_of(items[-1]) for key in order.keys]
            self.next_url = self.url_with_cursor(request, encode_cursor(order, last))
        return items

    def url_with_cursor(self, request, cursor):
        params = request.query_params.copy()
        params["cursor"] = cursor
        return site_url(f"{request.path}?{params.urlencode()}")

    def get_paginated_response(self, data):
        return Response({"next": self.next_url, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "The next page, or null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Where the page starts: take it from the previous page's `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
            },
        ]
