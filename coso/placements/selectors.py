"""Reads of field training: the eligibility list, what is due, the compiled report."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.people.models import Person
from coso.placements import permissions, rules
from coso.placements.models import HostEvaluation, Placement, PlacementReport


def eligibility_list(*, actor, plan, start_date, people=None):
    """(person, result) for the cadres of the plan's agency visible to ``actor``.

    A fixed number of queries whatever the number of cadres. Users without VIEW_SENSITIVE over
    a person get the women's conditions as one generic reason (never pregnancy/child details).
    """
    if people is None:
        people = Person.objects.cadres().filter(unit=plan.owner)
    people = list(scoping.visible_people(actor, people).select_related("unit"))
    facts = rules.load_facts(people, plan)
    pr = rules.plan_rules(plan)
    sensitive_paths = scoping.paths_with(actor, scoping.VIEW_SENSITIVE)
    out = []
    for person in people:
        result = rules.eligibility(person, pr, start_date, facts[person.pk])
        if sensitive_paths is None:
            allowed = True
        else:
            allowed = any(person.unit.path.startswith(path) for path in sensitive_paths)
        out.append((person, rules.redact(result, allowed)))
    return out


def eligibility_for(*, actor, plan, person, start_date):
    facts = rules.load_facts([person], plan)[person.pk]
    result = rules.eligibility(person, plan, start_date, facts)
    return rules.redact(result, permissions.can_view_sensitive(actor, person))


@dataclass(frozen=True)
class DueItem:
    kind: str  # "report" (the cadre writes) or "evaluation" (the host writes)
    obj: object
    placement: Placement
    due_date: object
    days_left: int

    @property
    def overdue(self):
        return self.days_left < 0

    @property
    def label(self):
        what = _("Báo cáo") if self.kind == "report" else _("Nhận xét của nơi đến")
        return _("%(what)s %(kind)s lần %(n)s – %(person)s") % {
            "what": what,
            "kind": self.obj.get_kind_display().lower(),
            "n": self.obj.sequence,
            "person": self.placement.person.full_name,
        }


def due_items(*, on, actor=None, horizon_days=None):
    """Reports and evaluations not yet submitted (or returned) due within the plan's reminder
    window or overdue, of active placements; limited to ``actor``'s scope when given."""
    open_report = [PlacementReport.State.DRAFT, PlacementReport.State.RETURNED]
    items = []
    for model, kind in ((PlacementReport, "report"), (HostEvaluation, "evaluation")):
        qs = model.objects.filter(state__in=open_report, placement__state=Placement.State.ACTIVE).select_related(
            "placement__person", "placement__host", "placement__plan"
        )
        if actor is not None:
            q = scoping.unit_q(actor, scoping.VIEW, prefix="placement__host__")
            if getattr(actor, "person_id", None):
                from django.db.models import Q

                q |= Q(placement__person_id=actor.person_id)
            qs = qs.filter(q)
        for obj in qs:
            window = obj.placement.plan.reminder_days if horizon_days is None else horizon_days
            days_left = (obj.due_date - on).days
            if days_left <= window:
                items.append(DueItem(kind, obj, obj.placement, obj.due_date, days_left))
    items.sort(key=lambda i: (i.due_date, i.kind, i.placement.pk))
    return items


def compiled_report(*, plan, year=None):
    """What TCKT compiles for the Standing Committee: every placement of the plan (or year) with
    its reports, host evaluations, tasks and checklist, in a fixed number of queries."""
    qs = (
        Placement.objects.filter(plan=plan)
        .select_related("person", "host", "candidate__yearly_list")
        .prefetch_related("reports", "evaluations__level", "tasks", "checklist")
        .order_by("year", "start_date", "id")
    )
    if year is not None:
        qs = qs.filter(year=year)
    rows = []
    for p in qs:
        rows.append(
            {
                "placement": p,
                "person": p.person.full_name,
                "group": p.group,
                "host": p.host.name,
                "host_title": p.get_host_title_display(),
                "year": p.year,
                "decision": p.candidate.yearly_list.decision_number,
                "start_date": p.start_date,
                "planned_end": p.planned_end,
                "actual_end": p.actual_end,
                "months": p.candidate.months,
                "ended_early": bool(p.early_end_reason),
                "early_end_reason": p.early_end_reason,
                "cancel_reason": p.cancel_reason,
                "state": p.get_state_display(),
                "reports": [
                    {
                        "sequence": r.sequence,
                        "kind": r.get_kind_display(),
                        "due_date": r.due_date,
                        "state": r.get_state_display(),
                        "accepted": r.state == PlacementReport.State.ACCEPTED,
                        "contributions": r.contributions,
                        "problems": r.problems,
                        "proposals": r.proposals,
                    }
                    for r in p.reports.all()
                ],
                "evaluations": [
                    {
                        "sequence": e.sequence,
                        "kind": e.get_kind_display(),
                        "due_date": e.due_date,
                        "state": e.get_state_display(),
                        "level": e.level.name if e.level_id else "",
                        "comment": e.comment,
                    }
                    for e in p.evaluations.all()
                ],
                "tasks": [{"title": t.title, "done_on": t.done_on} for t in p.tasks.all()],
                "checklist": {c.item: c.done for c in p.checklist.all()},
            }
        )
    return {
        "plan": plan.name,
        "year": year,
        "count": len(rows),
        "ended_early": sum(row["ended_early"] for row in rows),
        "placements": rows,
        "problems": [r["problems"] for row in rows for r in row["reports"] if r["problems"]],
        "proposals": [r["proposals"] for row in rows for r in row["reports"] if r["proposals"]],
    }
