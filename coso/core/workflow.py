"""The one workflow engine: every state machine of every app is declared with it and moved
by :func:`transition` (one object) or :func:`transition_many` (many of one model).

A workflow is data: its states (the model's ``State`` choices), its transitions — each with
the action's name, the Vietnamese verb shown in messages and diagrams, the states it leaves
from, the state it goes to, who may take it (a callable on ``(actor, obj)`` that raises
``PermissionDenied``/``DomainError`` or returns ``False`` to refuse) and whether a comment is
required — and the step-log model that records each step (a subclass of
:class:`coso.core.models.WorkflowStep`, or ``None`` when the model's history is enough).

An app declares its workflows in ``<app>/workflows.py``::

    QUARTER_PLAN = Workflow(
        "visits.quarter_plan",
        model=QuarterPlan,
        log=PlanTransition,
        what=lambda plan: f"kế hoạch quý {plan.quarter}/{plan.year}",
        transitions=[
            Transition("submit", "gửi", [S.DRAFT, S.RETURNED], S.SUBMITTED, allowed=may_act),
            Transition("approve", "duyệt", [S.SUBMITTED], S.APPROVED, allowed=may_approve),
            Transition("return", "trả lại", [S.SUBMITTED], S.RETURNED, allowed=may_approve,
                       comment_required=True),
        ],
    )

and its services call ``transition(QUARTER_PLAN, plan, "approve", actor=actor, ...)``.
``transition`` locks the row (``select_for_update``; a compare-and-set on the state for
models without a version), checks who may act, the comment and that the state allows the
action, moves the state with the caller's other changes, saves with optimistic locking when
the model is versioned (the history row names the actor and the reason "A → B") and records
the step. ``manage.py workflow_diagrams`` writes ``docs/workflows.md`` from the declarations
(a test fails when it differs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.errors import ConflictError, DomainError

REGISTRY: dict[str, Workflow] = {}

DEFAULT_ILLEGAL = gettext_lazy("Không thể chuyển {what} từ trạng thái «{source}» sang «{target}».")
DEFAULT_WHAT = gettext_lazy("hồ sơ")
DEFAULT_COMMENT_MESSAGE = gettext_lazy("Hãy ghi rõ lý do trả lại.")


@dataclasses.dataclass(frozen=True)
class Transition:
    """One arrow (or several arrows with one action): ``sources`` → ``target``."""

    action: str
    label: str
    sources: tuple
    target: str
    allowed: Callable | None = None
    comment_required: bool = False
    comment_message: str = DEFAULT_COMMENT_MESSAGE

    def __init__(self, action, label, sources, target, *, allowed=None, comment_required=False, comment_message=None):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "sources", tuple(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "allowed", allowed)
        object.__setattr__(self, "comment_required", comment_required)
        object.__setattr__(self, "comment_message", comment_message or DEFAULT_COMMENT_MESSAGE)


class Workflow:
    """The declaration of one model's state machine (see the module's docstring)."""

    def __init__(
        self,
        name,
        *,
        model,
        transitions: Iterable[Transition],
        field="state",
        states=None,
        log=None,
        what: Callable | str = DEFAULT_WHAT,
        related=(),
        initial=None,
        illegal_code="illegal_transition",
        illegal_message=DEFAULT_ILLEGAL,
        illegal_field="state",
        comment_check=None,
        title=None,
    ):
        self.name = name
        self.model = model
        self.field = field
        self.states = states or model.State
        self.log = log
        self.what = what
        self.related = tuple(related)
        self.transitions = list(transitions)
        self.initial = str(initial if initial is not None else model._meta.get_field(field).default)
        self.illegal_code = illegal_code
        self.illegal_message = illegal_message
        self.illegal_field = illegal_field
        self.comment_check = comment_check
        self.title = title
        self.by_action = {}
        values = set(self.states.values)
        for t in self.transitions:
            if t.action in self.by_action:
                raise ValueError(f"{name}: action {t.action!r} declared twice")
            unknown = {*t.sources, t.target} - values
            if unknown:
                raise ValueError(f"{name}: unknown states {sorted(unknown)} in {t.action!r}")
            self.by_action[t.action] = t
        REGISTRY[name] = self

    def __repr__(self):
        return f"<Workflow {self.name}>"

    # ---------------------------------------------------------------- reading the table

    def label(self, state):
        try:
            return str(self.states(state).label)
        except ValueError:
            return state or "—"

    def stored_reason(self, source, target):
        """The history's change reason of a move, "A → B" ("→ B" for a bulk move), written in
        the site's language whoever acts (``coso.core.history.stored_text`` shows it in the
        reader's)."""
        with translation.override(settings.LANGUAGE_CODE):
            return f"{self.label(source)} → {self.label(target)}" if source else f"→ {self.label(target)}"

    def get(self, action) -> Transition:
        try:
            return self.by_action[action]
        except KeyError:
            raise ValueError(f"{self.name}: no action {action!r}") from None

    def targets(self, state):
        """The states reachable from ``state`` in one step (the old ``TRANSITIONS[state]``)."""
        return {t.target for t in self.transitions if str(state) in t.sources}

    def table(self):
        return {state: self.targets(state) for state in self.states.values}

    def actions_from(self, state):
        return [t for t in self.transitions if str(state) in t.sources]

    def describe(self, obj, what=None):
        what = what if what is not None else self.what
        return what(obj) if callable(what) else what

    # ---------------------------------------------------------------- checks

    def require(self, action, actor, obj):
        """Raise unless ``actor`` may take ``action`` on ``obj`` (its declared ``allowed``)."""
        t = self.get(action)
        if t.allowed is not None and t.allowed(actor, obj) is False:
            raise PermissionDenied(
                _("Bạn không có quyền %(action)s %(object)s.") % {"action": t.label, "object": self.describe(obj)}
            )

    def can(self, action, actor, obj):
        """Whether ``actor`` may take ``action`` on ``obj`` now (state and who): for buttons."""
        t = self.get(action)
        if str(getattr(obj, self.field)) not in t.sources:
            return False
        try:
            self.require(action, actor, obj)
        except (PermissionDenied, DomainError):
            return False
        return True

    def illegal(self, obj, source, t: Transition, what=None):
        return self.refusal(obj, source, t.target, t.label, what)

    def refusal(self, obj, source, target, action="", what=None):
        """The workflow's own refusal of a move from ``source`` to ``target``."""
        what = self.describe(obj, what)
        message = self.illegal_message.format(
            what=what,
            What=what[:1].upper() + what[1:],
            source=self.label(source),
            target=self.label(target),
            action=action,
        )
        return DomainError(self.illegal_code, message, field=self.illegal_field)

    def action_to(self, source, target):
        """The action leading from ``source`` to ``target``, or None (for workflows whose
        users pick the next state rather than an action)."""
        for t in self.actions_from(source):
            if t.target == str(target):
                return t.action
        return None

    def check_state(self, obj, action, what=None):
        """Raise the workflow's refusal unless ``obj``'s state allows ``action``."""
        t = self.get(action)
        source = str(getattr(obj, self.field))
        if source not in t.sources:
            raise self.illegal(obj, source, t, what)
        return t

    def start(self, obj, *, actor, now=None, comment=""):
        """Record the first step of a record just created in its initial state (from ∅)."""
        if self.log is not None:
            state = str(getattr(obj, self.field))
            self.log.record(obj, "", state, by=actor, at=now or timezone.now(), comment=comment).save()

    def check_comment(self, action, comment):
        t = self.get(action)
        if not t.comment_required:
            return
        if self.comment_check is not None:
            self.comment_check(comment)  # the app's own refusal (its code and field)
        elif not (comment or "").strip():
            raise DomainError("comment_required", t.comment_message, field="comment")

    # ---------------------------------------------------------------- locking

    def lock(self, obj, related=None):
        """The row of ``obj`` again, locked for this transaction (see :func:`lock`)."""
        return lock(self.model, obj, related=self.related if related is None else related)

    # ---------------------------------------------------------------- documentation

    def mermaid(self):
        """The state diagram, in Mermaid's ``stateDiagram-v2``."""
        lines = ["stateDiagram-v2", "    direction LR"]
        for value, label in self.states.choices:
            lines.append(f'    state "{label}" as {value}')
        lines.append(f"    [*] --> {self.initial}")
        for t in self.transitions:
            note = t.label + (_(" (ghi lý do)") if t.comment_required else "")
            for source in t.sources:
                lines.append(f"    {source} --> {t.target}: {note}")
        for value in self.states.values:
            if not self.targets(value):
                lines.append(f"    {value} --> [*]")
        return "\n".join(lines)


def lock(model, obj, related=()):
    """Fetch ``obj``'s row again with ``select_for_update`` (inside the caller's transaction),
    with ``related`` joined. Pass ``locked=True`` to :func:`transition` for it."""
    qs = model._default_manager.select_for_update(of=("self",))
    if related:
        qs = qs.select_related(*related)
    return qs.get(pk=obj.pk)


def _save(obj, actor, version, reason, field, source, values):
    """Save the move: optimistic locking for versioned models; otherwise a compare-and-set
    on the state (the object changes only when it wins). False when the row moved first."""
    if hasattr(obj, "save_checked"):
        for key, value in values.items():
            setattr(obj, key, value)
        obj._history_user = actor
        obj._change_reason = reason
        obj.save_checked(version)
        return True
    if not type(obj)._default_manager.filter(pk=obj.pk, **{field: source}).update(**values):
        return False
    for key, value in values.items():
        setattr(obj, key, value)
    return True


def transition(
    workflow: Workflow,
    obj,
    action,
    *,
    actor,
    comment="",
    version=None,
    now=None,
    changes=None,
    reason=None,
    check=True,
    locked=False,
    what=None,
    step=None,
):
    """Take ``action`` on ``obj``: lock, check, move, save, record. Returns the moved object.

    ``changes``: other fields set with the move (``reviewed_by=actor`` …). ``check=False``
    when the caller has already run ``workflow.require`` (to refuse before its own rules);
    ``locked=True`` when the caller has locked the row in this transaction (``workflow.lock``)
    and prepared it: the engine then moves that very instance.
    ``step``: other fields of the step-log row (``{"on": day}``).
    ``what``: how the refusal names the record, when not the workflow's own ``what``.
    ``version``: the version the user's form was built on (optimistic locking). Models
    without ``save_checked`` are moved by a compare-and-set on the state; when another
    process moved the row first, a ``ConflictError``-like refusal is raised.
    """
    wf = workflow
    t = wf.get(action)
    if not locked:
        obj = wf.lock(obj)
    if check:
        wf.require(action, actor, obj)
    wf.check_comment(action, comment)
    source = str(getattr(obj, wf.field))
    if source not in t.sources:
        raise wf.illegal(obj, source, t, what)
    now = now or timezone.now()
    values = {wf.field: t.target, **(changes or {})}
    reason = reason or wf.stored_reason(source, t.target)
    if not _save(obj, actor, version, reason, wf.field, source, values):
        raise ConflictError()
    if wf.log is not None:
        wf.log.record(obj, source, t.target, by=actor, at=now, comment=comment, **(step or {})).save()
    return obj


def try_transition(workflow: Workflow, obj, action, **kwargs):
    """:func:`transition` as a compare-and-set that may lose: True when ``obj`` moved, False
    (nothing changed) when another process moved the row first — e.g. a second click, or
    a background task racing the page. For models without a version and without a lock
    (``locked=True`` is implied: the compare-and-set is the lock)."""
    try:
        transition(workflow, obj, action, locked=True, **kwargs)
    except ConflictError:
        return False
    return True


def transition_many(
    workflow: Workflow, objs, action, *, actor, comment="", now=None, fields=(), reason=None, what=None
):
    """:func:`transition` for many rows of one model at once (rows locked and authorised by
    the caller): the state checked on each, one UPDATE per batch, history and log rows in bulk.
    ``fields``: other fields the caller set on the objects, saved with the state."""
    from simple_history.utils import bulk_update_with_history

    objs = list(objs)
    if not objs:
        return objs
    wf = workflow
    t = wf.get(action)
    now = now or timezone.now()
    logs = []
    for obj in objs:
        source = str(getattr(obj, wf.field))
        if source not in t.sources:
            raise wf.illegal(obj, source, t, what)
        if wf.log is not None:
            logs.append(wf.log.record(obj, source, t.target, by=actor, at=now, comment=comment))
        setattr(obj, wf.field, t.target)
        if hasattr(obj, "version"):
            obj.version += 1
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
    names = [wf.field, *(n for n in ("version", "updated_at") if hasattr(objs[0], n)), *fields]
    bulk_update_with_history(
        objs,
        wf.model,
        names,
        default_user=actor,
        default_change_reason=reason or wf.stored_reason("", t.target),
    )
    if logs:
        wf.log.objects.bulk_create(logs)
    return objs


def all_workflows():
    """Every declared workflow (each app's ``workflows`` module imported), by name."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workflows")
    return dict(sorted(REGISTRY.items()))


def diagrams_markdown():
    """``docs/workflows.md``: every workflow's transitions as a table and a Mermaid diagram
    (the labels as written in the code, whatever language is active)."""
    with translation.override(None):
        return _diagrams_markdown()


def _diagrams_markdown():
    out = [
        "# Workflows",
        "",
        "Generated by `manage.py workflow_diagrams` from the declarations in each app's",
        "`workflows.py` (engine: `coso/core/workflow.py`). Do not edit by hand: a test fails",
        "when this file differs from what the declarations generate.",
        "",
    ]
    for name, wf in all_workflows().items():
        title = wf.title or str(wf.model._meta.verbose_name)
        out += [f"## {title[:1].upper()}{title[1:]} (`{name}`)", ""]
        log = wf.log.__name__ if wf.log is not None else "— (the record's history only)"
        out += [f"Model `{wf.model.__name__}`, field `{wf.field}`; steps recorded in {log}.", ""]
        out += ["| action | from | to | comment |", "| --- | --- | --- | --- |"]
        for t in wf.transitions:
            sources = ", ".join(wf.label(s) for s in t.sources)
            out.append(
                f"| `{t.action}` ({t.label}) | {sources} | {wf.label(t.target)} | "
                f"{'required' if t.comment_required else 'optional'} |"
            )
        out += ["", "```mermaid", wf.mermaid(), "```", ""]
    return "\n".join(out)
