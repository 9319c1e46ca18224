"""Keyset ("seek") pages of a list ordered by a stored key and the id (issue 9).

``OFFSET 9950`` makes the database read and drop 9,950 rows (1.7–2.0 s for a deep page of the
person list at national scale); a cursor ``after=<key>.<id>`` reads the 50 rows that follow
through the index on (key, id), whatever the depth. Rows added or removed between two clicks
neither repeat nor vanish from the following page.

:class:`KeysetPage` looks like Django's ``Page`` to the templates (``number``,
``paginator.count``, ``paginator.num_pages``, ``has_next``…) plus ``next_query`` and
``previous_query``, the query strings of the neighbouring pages.

A list whose total is not known beforehand may be counted only up to ``count_cap`` rows: past
it, ``paginator.capped`` is true, ``paginator.count`` is the cap and ``num_pages`` is None
("more than 1,000 people", "page 3" without a total). Counting every match of a frequent word
in a large scope reads them all; the officer learns nothing more than "narrow the search".
The capped count reads the rows in the list's own order, as its pages do: a frequent word stops
after its first thousand matches along the (key, id) index (20 ms for "nguyen van" in a
province of 191,273 persons), where an unordered count let PostgreSQL gather every match in the
country through the trigram index first (0.7–3.3 s); a rare word is still read through that
index, the planner choosing as it does for the page.

``by_index=False`` sorts the rows rather than reading them in the order of the (key, id) index:
for a queryset that selects few rows through another index (a district's persons through
their units), where walking the whole table's sort index to find them costs seconds.
"""

import math
import re

from django.db.models import F, Q
from django.http import QueryDict

_CURSOR = re.compile(r"^([0-9]{0,600})\.([0-9]{1,18})$")


def _parse(text):
    match = _CURSOR.match(text or "")
    return (match.group(1), int(match.group(2))) if match else None


def _value(row, path):
    """``row.a.b`` for the lookup ``a__b`` (a key read through a relation)."""
    for name in path.split("__"):
        row = getattr(row, name)
    return row


class _Counts:
    def __init__(self, count, per_page, capped=False):
        self.count = count
        self.per_page = per_page
        self.capped = capped
        self.num_pages = max(1, math.ceil(count / per_page)) if count is not None and not capped else None


class KeysetPage:
    def __init__(self, rows, *, number, has_next, has_previous, count, per_page, key, query, tie="id", capped=False):
        self.object_list = rows
        self.number = number
        self.has_next_page, self.has_previous_page = has_next, has_previous
        self.paginator = _Counts(count, per_page, capped)
        self._key, self._query, self._tie = key, query, tie

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self.has_next_page

    def has_previous(self):
        return self.has_previous_page

    def has_other_pages(self):
        return self.has_next_page or self.has_previous_page

    def _link(self, direction, row, number):
        query = self._query.copy()
        for name in ("after", "before", "page", "n"):
            query.pop(name, None)
        if number > 1:
            query[direction] = f"{_value(row, self._key)}.{_value(row, self._tie)}"
            query["n"] = str(number)
        return query.urlencode()

    @property
    def next_query(self):
        # (a cursor past either end gives an empty page: no neighbour to link from)
        return self._link("after", self.object_list[-1], self.number + 1) if self.has_next_page and self else ""

    @property
    def previous_query(self):
        return self._link("before", self.object_list[0], self.number - 1) if self.has_previous_page and self else ""


def _ordering(key, tie, *, descending, by_index):
    if by_index:
        return (f"-{key}", f"-{tie}") if descending else (key, tie)
    # NULLS FIRST on an ascending key (NULLS LAST on a descending one) is the order of a key
    # that is never NULL, and not the index's: the database sorts the few rows selected.
    if descending:
        return F(key).desc(nulls_last=True), F(tie).desc()
    return F(key).asc(nulls_first=True), F(tie).asc()


def _count(queryset, cap, ordering):
    """The rows of ``queryset`` up to ``cap`` (counted in ``ordering``), and whether there are more."""
    if cap is None:
        return queryset.count(), False
    counted = queryset.order_by(*ordering)[: cap + 1].count()
    return (cap, True) if counted > cap else (counted, False)


def keyset_page(
    queryset,
    params: QueryDict,
    *,
    key="sort_key",
    per_page=50,
    count=None,
    tie="id",
    count_cap=None,
    by_index=True,
    deferred=False,
):
    """The page of ``queryset`` (ordered by ``key`` then ``id``) that ``params`` asks for:
    ``after=<key>.<id>`` (the rows following), ``before=<key>.<id>`` (the rows preceding), or
    the first page (``page=N``: the N-th by offset, for old links); ``n`` is the page's number
    as shown. ``count``: the list's total when known (else one COUNT is made, stopping at
    ``count_cap`` when given). ``key`` and ``tie`` (the unique field after it) may be lookups
    through a relation (``member__sort_key``, ``member_id``). ``deferred``: the page's ids are
    read first (the key, the tie and what an index holds beside them: a walk past many rows
    that do not match reads the index only), then its rows by id; ``tie`` is then the primary
    key."""

    def read(window, start, stop):
        if not deferred:
            return list(window[start:stop])
        ids = list(window.values_list(tie, flat=True)[start:stop])
        rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]

    after, before = _parse(params.get("after")), _parse(params.get("before"))
    ascending = _ordering(key, tie, descending=False, by_index=by_index)
    number = int(params["n"]) if (params.get("n") or "").isdigit() else 1
    if after is not None:
        value, pk = after
        rows = read(
            queryset.filter(Q(**{f"{key}__gte": value}))
            .filter(Q(**{f"{key}__gt": value}) | Q(**{f"{tie}__gt": pk}))
            .order_by(*ascending),
            0,
            per_page + 1,
        )
        has_next, has_previous = len(rows) > per_page, True
        rows = rows[:per_page]
        number = max(number, 2)
    elif before is not None:
        value, pk = before
        rows = read(
            queryset.filter(Q(**{f"{key}__lte": value}))
            .filter(Q(**{f"{key}__lt": value}) | Q(**{f"{tie}__lt": pk}))
            .order_by(*_ordering(key, tie, descending=True, by_index=by_index)),
            0,
            per_page + 1,
        )
        has_next, has_previous = True, len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        number = number if has_previous else 1
    else:
        # An old link "?page=N" is still answered (by OFFSET, once); its neighbours are cursors.
        page = int(params["page"]) if (params.get("page") or "").isdigit() else 1
        number = max(1, min(page, 100_000))
        offset = (number - 1) * per_page
        rows = read(queryset.order_by(*ascending), offset, offset + per_page + 1)
        has_next, has_previous = len(rows) > per_page, number > 1
        rows = rows[:per_page]
    capped = False
    if count is None:
        count, capped = (len(rows), False) if number == 1 and not has_next else _count(queryset, count_cap, ascending)
    return KeysetPage(
        rows,
        number=number,
        has_next=has_next,
        has_previous=has_previous,
        count=count,
        per_page=per_page,
        key=key,
        query=params,
        tie=tie,
        capped=capped,
    )
