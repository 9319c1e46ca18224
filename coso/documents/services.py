"""Issuing papers through the register of outgoing papers, and cancelling a number.

``issue_paper`` is the one state change of a paper (draft → issued): it takes the next
number of the office's sequence under a row lock, builds the paper with that number, and
keeps its .docx as issued; the PDF is converted once, after the commit, by the background
worker (``tasks.convert_issued_pdf``). ``cancel_number`` keeps the number in the book with
its reason; the number is never given again. Cancelling is the
register's transition on the workflow engine (``documents/workflows.py``); issuing creates the
line in its initial state "issued".
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.documents import kinds as paper_kinds
from coso.documents import tasks
from coso.documents.issued_pdf import store_pdf  # noqa: F401 (the door: the pages call services.store_pdf)
from coso.documents.models import IssuedPaper, NumberCounter, NumberingRule
from coso.documents.paper import Paper, render_docx

# Issuing body's abbreviation in the symbol, from the beginning of its name.
ISSUER_CODES = (
    ("Tỉnh đoàn ", "TĐTN"),
    ("Thành đoàn ", "TĐTN"),
    ("Huyện đoàn ", "HĐTN"),
    ("Quận đoàn ", "QĐTN"),
    ("Quận Đoàn ", "QĐTN"),
    ("Thị đoàn ", "TĐTN"),
    ("Chi đoàn ", "CĐTN"),
    ("Đoàn ", "ĐTN"),
)


def _rule(unit):
    return NumberingRule.objects.filter(unit=unit).first()


def issuer_code(unit, rule=None) -> str:
    """ "TĐTN" for "Tỉnh đoàn Quảng Nam", "HĐTN" for "Huyện đoàn Bắc Trà My"; the rule's own when set."""
    rule = rule if rule is not None else _rule(unit)
    if rule and rule.issuer_code.strip():
        return rule.issuer_code.strip()
    for prefix, code in ISSUER_CODES:
        if unit.name.startswith(prefix):
            return code
    return "ĐTN"


def symbol_for(kind, unit, rule=None) -> str:
    """The symbol without the number: "KH/TĐTN", "BC/TĐTN-TCKT"."""
    tail = issuer_code(unit, rule) + (f"-{kind.department}" if kind.department else "")
    return f"{kind.doc_type}/{tail}"


def series_for(kind, rule) -> str:
    """The sequence a type is numbered in: its own when the office's rule says so, else the common one."""
    return kind.doc_type.upper() if rule and kind.doc_type.upper() in rule.separate() else ""


def current(kind_code, obj_or_pk, key=""):
    """The issued line of the register for a record's paper, or None (a draft). Files deferred."""
    source_id = getattr(obj_or_pk, "pk", obj_or_pk)
    return (
        IssuedPaper.objects.without_files()
        .filter(kind=kind_code, source_id=source_id, source_key=key, state=IssuedPaper.State.ISSUED)
        .first()
    )


def issued_by_key(kind_code, obj_or_pk):
    """The issued lines of the register for all of a record's papers of one kind (a cluster's
    twelve monthly reports…), by key, in one query. Files deferred."""
    source_id = getattr(obj_or_pk, "pk", obj_or_pk)
    rows = IssuedPaper.objects.without_files().filter(
        kind=kind_code, source_id=source_id, state=IssuedPaper.State.ISSUED
    )
    return {paper.source_key: paper for paper in rows}


def build(kind, obj, key="") -> Paper:
    """The paper in Vietnamese, whatever language the page is shown in: an official paper's
    words (dates "từ … đến …", paper kinds, rule texts) never follow the English switch."""
    with translation.override("vi"):
        return kind.build(obj, key)


def draft_paper(kind, obj, key="") -> Paper:
    """The paper as it would be issued today, without its number: "Số: …-KH/TĐTN", marked as a draft."""
    return as_draft(kind, obj, key, build(kind, obj, key))


def as_draft(kind, obj, key, paper) -> Paper:
    return dataclasses.replace(paper, number="", symbol=symbol_for(kind, kind.issuer(obj, key)), draft=True)


def can_issue(user, kind, obj, key="") -> bool:
    return scoping.can(user, scoping.ISSUE_PAPERS, kind.issuer(obj, key))


def _next_number(unit, year, series) -> int:
    """The next number of a sequence, the counter's row locked until the transaction ends."""
    try:
        with transaction.atomic():
            NumberCounter.objects.get_or_create(unit=unit, year=year, series=series)
    except IntegrityError:
        pass  # created meanwhile by a concurrent issue: lock it below
    counter = NumberCounter.objects.select_for_update().get(unit=unit, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issue_paper(*, actor, kind_code: str, obj, key: str = "", on: datetime.date | None = None) -> IssuedPaper:
    """Give the record's paper the next number of its office's register and keep it as issued.

    Refused (``DomainError``) when the record's paper is already issued or the record is not
    ready; 403 (``OutOfScope``) without the capability to issue papers of the issuing unit.
    """
    kind = paper_kinds.get(kind_code)
    unit = kind.issuer(obj, key)
    scoping.require(actor, scoping.ISSUE_PAPERS, unit)
    if kind.not_ready:
        reason = kind.not_ready(obj, key)
        if reason:
            raise DomainError("paper_not_ready", reason)
    day = on or timezone.localdate()
    with transaction.atomic():
        # Issued already? (Two at once: the partial unique index refuses the second, below.)
        if (
            IssuedPaper.objects.select_for_update()
            .filter(kind=kind.code, source_id=obj.pk, source_key=key, state=IssuedPaper.State.ISSUED)
            .exists()
        ):
            raise DomainError("paper_already_issued", _("Văn bản này đã được cấp số; hủy số cũ trước khi cấp lại."))
        rule = _rule(unit)
        series = series_for(kind, rule)
        number = _next_number(unit, day.year, series)
        symbol = f"{number}-{symbol_for(kind, unit, rule)}"
        paper = dataclasses.replace(build(kind, obj, key), number=symbol, symbol="", date=day, draft=False)
        try:
            with transaction.atomic():
                issued = IssuedPaper.objects.create(
                    unit=unit,
                    year=day.year,
                    series=series,
                    number=number,
                    symbol=symbol,
                    doc_type=kind.doc_type,
                    kind=kind.code,
                    source_id=obj.pk,
                    source_key=key,
                    issued_on=day,
                    summary=(paper.title or kind.label)[:500],
                    signer=paper.signer_name[:200],
                    recipients="\n".join(paper.recipients),
                    filename=(kind.filename(obj, key) or kind.code.replace(".", "-"))[:150],
                    docx=render_docx(paper),
                    issued_by=actor,
                )
        except IntegrityError:
            raise DomainError(
                "paper_already_issued", _("Văn bản này vừa được người khác cấp số; hãy tải lại trang.")
            ) from None
        if kind.on_issue:
            kind.on_issue(obj, key, issued)
        transaction.on_commit(lambda: _queue_pdf(issued.pk))
    return issued


def _queue_pdf(pk):
    tasks.convert_issued_pdf.enqueue(pk)


def cancel_number(*, actor, issued: IssuedPaper, reason: str) -> IssuedPaper:
    """Cancel an issued number with a reason (the workflow engine's "cancel"); it stays in the
    book and is never given again."""
    from coso.core import workflow
    from coso.documents.workflows import ISSUED_PAPER

    scoping.require(actor, scoping.ISSUE_PAPERS, issued.unit)
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        line = ISSUED_PAPER.lock(issued)
        if line.state == IssuedPaper.State.CANCELLED:
            raise DomainError("already_cancelled", _("Số %(symbol)s đã được hủy trước đó.") % {"symbol": line.symbol})
        try:
            workflow.transition(
                ISSUED_PAPER,
                line,
                "cancel",
                actor=actor,
                comment=reason,
                locked=True,
                changes={"cancel_reason": reason, "cancelled_by": actor, "cancelled_at": timezone.now()},
            )
        except DomainError as error:
            if error.code == "comment_required":
                raise DomainError("cancel_reason_required", error.message, field="reason") from None
            raise
    issued.state, issued.cancel_reason = line.state, line.cancel_reason
    issued.cancelled_by, issued.cancelled_at = line.cancelled_by, line.cancelled_at
    return issued


def save_rule(*, actor, unit, issuer_code: str = "", separate_types: str = "") -> NumberingRule:
    scoping.require(actor, scoping.ISSUE_PAPERS, unit)
    rule, _created = NumberingRule.objects.update_or_create(
        unit=unit, defaults={"issuer_code": issuer_code.strip()[:30], "separate_types": separate_types.strip()[:200]}
    )
    return rule
