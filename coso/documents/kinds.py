"""The kinds of paper the system issues, each registered by the app it belongs to.

A :class:`PaperKind` says how to find the records a user may see, how to build the paper of
one record, which office numbers it (the issuing unit) and where the record's page and the
paper's download are. The register (``services.issue_paper``), the downloads
(``serve.paper_response``) and the record pages' links (``links``) all go through it, so a
new paper is one registration in its app's ``papers.py``.

``key`` distinguishes several papers of one record (a cluster's report of one month,
"2013-03"; the compiled report of one year); it is "" for most kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.errors import DomainError


@dataclass(frozen=True)
class PaperKind:
    code: str  # "visits.plan"
    label: str  # "Kế hoạch đi cơ sở quý của cán bộ"
    doc_type: str  # "KH": the type's abbreviation in the symbol "14-KH/TĐTN"
    route: str  # the download's url name, reversed with (*route_args(obj, key), fmt)
    records: Callable  # records(user) -> QuerySet of the records the user may see
    build: Callable  # build(obj, key) -> Paper (draft number)
    issuer: Callable  # issuer(obj, key) -> Unit whose register numbers the paper
    record_url: Callable  # record_url(obj, key) -> the record's page
    route_args: Callable = lambda obj, key: [obj.pk]
    filename: Callable = lambda obj, key: ""
    department: str = ""  # "TCKT": "5-BC/TĐTN-TCKT"
    not_ready: Callable | None = None  # not_ready(obj, key) -> a reason it cannot be issued yet, or ""
    parse_key: Callable | None = None  # parse_key(str) -> key, raising ValueError when malformed
    key_visible: Callable | None = None  # key_visible(user, obj, key): whatever the key names is in scope
    key_param: str = ""  # the key travels as ?<key_param>=<key> instead of in route_args
    on_issue: Callable | None = None  # on_issue(obj, key, issued): e.g. the record takes the number given
    # extract_for(user, obj, key) -> the Paper of only the parts this user reads of a record
    # several units share (a host district's lines of a monthly report), or None when the user
    # reads it all. An extract is always built from today's data, never the issued file.
    extract_for: Callable | None = None

    def url(self, obj, key, fmt):
        url = reverse(self.route, args=[*self.route_args(obj, key), fmt])
        return f"{url}?{self.key_param}={key}" if self.key_param and key else url


_KINDS: dict[str, PaperKind] = {}


def register(kind: PaperKind) -> PaperKind:
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> PaperKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise DomainError("unknown_paper", _("Không có loại giấy tờ «%(code)s».") % {"code": code}) from None


def all_kinds() -> list[PaperKind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def label_of(code: str) -> str:
    """The kind's name in the active language (registered in Vietnamese, marked for the catalogue)."""
    from django.utils.translation import gettext

    kind = _KINDS.get(code)
    return gettext(kind.label) if kind else code
