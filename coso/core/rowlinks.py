"""Links of a long list, one per row, without one ``reverse`` per row.

``{% url %}`` resolves the route every time (about 20 µs, more with the language prefix and
namespaces): three links on each of 300 rows were half the rendering of a page. A list whose
rows differ only by their id reverses its route once, with a marker where the id goes, and
then writes each row's link by putting the id in its place — the same string ``reverse``
would give for an ``<int:…>`` argument.

    detail = row_link("visits:assignment_detail", ID)
    letter = row_link("visits_feeds:letter", ID, "pdf")
    for a in rows:
        a.detail_url = detail(a.pk)
"""

from django.urls import reverse

ID = object()  # where the row's id goes among the route's arguments
_MARKER = "918273645"  # digits, so any ``<int:…>`` converter accepts it


def row_link(name, *args):
    """A function ``id → URL of route name`` (the other arguments fixed), reversed once."""
    if sum(1 for a in args if a is ID) != 1:
        raise ValueError("row_link needs exactly one ID among the arguments")
    url = reverse(name, args=[int(_MARKER) if a is ID else a for a in args])
    head, found, tail = url.partition(_MARKER)
    if not found or _MARKER in tail:
        raise ValueError(f"route {name!r} does not carry the id once: {url}")

    def link(pk):
        return f"{head}{int(pk)}{tail}"

    return link
