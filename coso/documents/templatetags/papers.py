"""``{% paper_links "visits.report" report %}``: a record's paper, one click away.

Shows the paper's number once issued (or that it is a draft), the .docx and PDF links, and
the "Cấp số" button to whoever may issue papers of the issuing unit (the server checks again).
"""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.documents import kinds as paper_kinds
from coso.documents import services
from coso.documents.paper import pdf_available

register = template.Library()


def _issued(request, kind_code, obj):
    """The record's issued papers of ``kind_code`` by key, read once per request: a page with
    a link per month makes one query, not twelve."""
    if request is None:
        return services.issued_by_key(kind_code, obj)
    read = request.__dict__.setdefault("_coso_issued_papers", {})
    if (kind_code, obj.pk) not in read:
        read[kind_code, obj.pk] = services.issued_by_key(kind_code, obj)
    return read[kind_code, obj.pk]


@register.inclusion_tag("documents/_paper_links.html", takes_context=True)
def paper_links(context, kind_code, obj, key="", label=""):
    kind = paper_kinds.get(kind_code)
    request = context.get("request")
    user = getattr(request, "user", None)
    issued = _issued(request, kind.code, obj).get(key)
    return {
        "kind": kind,
        "label": label or _(kind.label),
        "obj": obj,
        "key": key,
        "issued": issued,
        "docx_url": kind.url(obj, key, "docx"),
        "pdf_url": kind.url(obj, key, "pdf"),
        "can_issue": bool(user) and issued is None and services.can_issue(user, kind, obj, key),
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
        "pdf_possible": pdf_available(),
    }


@register.simple_tag
def month_keys(year):
    """ "2013-01" … the months of ``year`` up to this month (all twelve for a past year)."""
    today = timezone.localdate()
    last = 12 if int(year) < today.year else (today.month if int(year) == today.year else 0)
    return [f"{int(year)}-{m:02d}" for m in range(1, last + 1)]
