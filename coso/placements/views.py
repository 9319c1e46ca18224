"""Pages of field training (đào tạo thực tế tại cơ sở). Reads go through the scoped querysets
below (out of scope: 404); writes only through ``services`` (not allowed: 403); a refusal
(``DomainError``) shows every reason on the form and keeps what was typed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import DomainError
from coso.core.forms import add_domain_error
from coso.core.history import history_entries
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org.models import Unit, UnitLevel
from coso.people.models import Person
from coso.placements import forms as f
from coso.placements import permissions, selectors, services
from coso.placements.models import (
    SIGNER_TITLE,
    Candidate,
    HostEvaluation,
    Placement,
    PlacementPlan,
    PlacementReport,
    PlacementTask,
    StepLog,
    YearlyList,
)

# --------------------------------------------------------------------------- scoped look-ups


def visible_plans(user):
    return PlacementPlan.objects.filter(scoping.unit_q(user, scoping.VIEW, prefix="owner__")).select_related("owner")


def visible_placements(user):
    q = Q(plan__in=visible_plans(user).values("pk")) | scoping.unit_q(user, scoping.VIEW, prefix="host__")
    if getattr(user, "person_id", None):
        q |= Q(person_id=user.person_id)
    return Placement.objects.filter(q).select_related("plan__owner", "host", "person")


def visible_lists(user):
    return YearlyList.objects.filter(plan__in=visible_plans(user).values("pk")).select_related("plan__owner")


def _agency_cadres(plan):
    return Person.objects.cadres().filter(unit=plan.owner).order_by("sort_key", "pk")


def _hosts(plan):
    return Unit.objects.filter(
        path__startswith=plan.owner.path, level__kind=UnitLevel.Kind.DISTRICT, is_active=True
    ).order_by("path")


STATE_LABELS = {
    **dict(YearlyList.State.choices),
    **dict(PlacementReport.State.choices),
    **dict(Placement.State.choices),
}


def _steps(workflow, obj):
    steps = list(StepLog.objects.filter(workflow=workflow, object_id=obj.pk).select_related("actor"))
    for step in steps:
        step.from_label = STATE_LABELS.get(step.from_state, step.from_state)
        step.to_label = STATE_LABELS.get(step.to_state, step.to_state)
    return steps


def _today():
    return timezone.localdate()


# --------------------------------------------------------------------------- home


@login_required
def home(request):
    user = request.user
    plans = list(visible_plans(user).order_by("-start_year", "name"))
    placements = list(visible_placements(user).filter(state=Placement.State.ACTIVE).order_by("person__sort_key", "pk"))
    due = selectors.due_items(on=_today(), actor=user)
    return render(
        request,
        "placements/home.html",
        {"plans": plans, "placements": placements, "due": due, "today": _today()},
    )


# --------------------------------------------------------------------------- plans


def _groups(plan):
    from coso.people.models import PostTitle

    labels = dict(PostTitle.choices)
    groups = list(plan.group_rules.all())
    for g in groups:
        g.host_labels = [labels.get(t, t) for t in g.host_titles]
        g.planned_labels = [labels.get(t, t) for t in g.planned_titles]
    return groups


def _plan_context(request, plan, **extra):
    user = request.user
    can_manage = permissions.can_manage(user, plan)
    context = {
        "plan": plan,
        "groups": _groups(plan),
        "lists": list(plan.yearly_lists.order_by("-year")),
        "exceptions": list(plan.exceptions.select_related("person").order_by("person__sort_key")),
        "can_manage": can_manage,
        "list_form": f.YearlyListForm(initial={"year": _today().year}) if can_manage else None,
        "exception_form": f.ExceptionForm(people=_agency_cadres(plan)) if can_manage else None,
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    return render(request, "placements/plan_detail.html", _plan_context(request, plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    permissions.require(permissions.can_manage(request.user, plan))
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    initial["start_window_months"] = ", ".join(str(m) for m in plan.start_window_months)
    initial["version"] = plan.version
    form = f.PlanRulesForm(request.POST or None, initial=initial)

    def save(data):
        data = dict(data)
        version = data.pop("version")
        return services.update_plan(actor=request.user, plan=plan, version=version, **data)

    if done := submit_form(
        request,
        form,
        save,
        then=lambda saved: ("placements:plan_detail", saved.pk),
        success=_("Đã lưu quy định của kế hoạch."),
    ):
        return done
    context = {"plan": plan, "form": form, "history": history_entries(plan)}
    return render(request, "placements/plan_edit.html", context)


def _group_page(request, plan, form, rule=None):
    def save(data):
        if rule is None:
            return services.add_group_rule(actor=request.user, plan=plan, **form.rule_data())
        return services.update_group_rule(
            actor=request.user, rule=rule, version=data.get("version"), **form.rule_data()
        )

    if done := submit_form(
        request,
        form,
        save,
        then=lambda saved: ("placements:plan_detail", plan.pk),
        success=_("Đã lưu đối tượng của kế hoạch."),
    ):
        return done
    context = {"plan": plan, "rule": rule, "form": form, "history": history_entries(rule) if rule else None}
    return render(request, "placements/group_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_add(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    permissions.require(permissions.can_manage(request.user, plan))
    return _group_page(request, plan, f.GroupRuleForm(request.POST or None, initial={"position": "department_staff"}))


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk, group):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    rule = get_object_or_404(plan.group_rules.all(), group=group)
    permissions.require(permissions.can_manage(request.user, plan))
    form = f.GroupRuleForm(request.POST or None, initial=f.GroupRuleForm.initial_for(rule))
    form.fields["version"].required = True  # an edit always names the version it was opened on
    return _group_page(request, plan, form, rule)


@login_required
@require_POST
def list_create(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    permissions.require(permissions.can_manage(request.user, plan))
    form = f.YearlyListForm(request.POST)
    if done := submit_form(
        request,
        form,
        lambda data: services.create_yearly_list(actor=request.user, plan=plan, year=data["year"]),
        then=lambda ylist: ("placements:list_detail", ylist.pk),
    ):
        return done
    return render(request, "placements/plan_detail.html", _plan_context(request, plan, list_form=form))


@login_required
@require_POST
def exception_add(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    permissions.require(permissions.can_manage(request.user, plan))
    form = f.ExceptionForm(request.POST, people=_agency_cadres(plan))
    if done := submit_form(
        request,
        form,
        lambda data: services.record_exception(actor=request.user, plan=plan, **data),
        then=lambda exc: ("placements:plan_detail", plan.pk),
        success=_("Đã ghi trường hợp xem xét cụ thể."),
    ):
        return done
    return render(request, "placements/plan_detail.html", _plan_context(request, plan, exception_form=form))


# --------------------------------------------------------------------------- eligibility


def default_start(plan, year=None):
    year = year or min(max(_today().year, plan.start_year), plan.end_year)
    return datetime.date(year, (plan.start_window_months or [1])[0], 1)


def _eligibility(request, plan):
    form = f.EligibilityFilterForm(request.GET or None)
    start, query, only = default_start(plan), "", ""
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        query, only = form.cleaned_data["q"], form.cleaned_data["only"]
    if not form.is_bound or form.is_valid():
        # The form shows the start date being displayed, not an empty field (issue 15 point 6).
        form = f.EligibilityFilterForm(initial={"start": start, "q": query, "only": only})
    people = _agency_cadres(plan)
    if query:
        people = people.search(query)
    rows = selectors.eligibility_list(actor=request.user, plan=plan, start_date=start, people=people)
    if only:
        rows = [(p, r) for p, r in rows if r.eligible == (only == "yes")]
    return form, start, rows


@login_required
def eligibility(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    form, start, rows = _eligibility(request, plan)
    return render(
        request,
        "placements/eligibility.html",
        {"plan": plan, "form": form, "start": start, "rows": rows, "query": request.GET.urlencode()},
    )


def result_label(result):
    if result.eligible:
        return _("Đủ điều kiện")
    if result.proposable:
        return _("Xem xét trường hợp cụ thể")
    return _("Chưa đủ điều kiện")


@login_required
def eligibility_export(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    _form, start, rows = _eligibility(request, plan)
    headers = [
        _("Họ và tên"),
        _("Ngày sinh"),
        _("Ban"),
        _("Kết quả"),
        _("Đối tượng"),
        _("Lý do chưa đạt"),
        _("Điều kiện đã đạt"),
    ]
    data = [
        [
            p.full_name,
            p.birth_date,
            p.department.name if p.department_id else "",
            result_label(r),
            r.group or "",
            "; ".join(x.message for x in r.failures),
            "; ".join(x.message for x in r.reasons if x.passed),
        ]
        for p, r in rows
    ]
    return xlsx_response(
        f"dieu-kien-dao-tao-thuc-te-{start:%Y%m%d}.xlsx", headers, data, sheet_title=_("Điều kiện đào tạo thực tế")
    )


# --------------------------------------------------------------------------- yearly lists


def _list_context(request, ylist, **extra):
    user = request.user
    plan = ylist.plan
    can_manage = permissions.can_manage(user, plan)
    editable = ylist.state in (YearlyList.State.DRAFT, YearlyList.State.RETURNED)
    candidates = list(ylist.candidates.select_related("person", "host").order_by("start_date", "person__sort_key"))
    groups = {g.group: g for g in plan.group_rules.all()}
    for c in candidates:
        c.needs_agreement = bool(groups.get(c.group) and groups[c.group].needs_party_agreement)
        c.agreement_form = (
            f.AgreementForm(prefix=f"c{c.pk}")
            if can_manage and c.needs_agreement and ylist.state != YearlyList.State.DECIDED
            else None
        )
    context = {
        "ylist": ylist,
        "plan": plan,
        "candidates": candidates,
        "can_manage": can_manage,
        "editable": editable and can_manage,
        "can_propose": editable and can_manage,
        "can_decide": ylist.state == YearlyList.State.PROPOSED and permissions.can_decide(user, plan),
        "candidate_form": None,
        "decide_form": None,
        "steps": _steps("yearly_list", ylist),
        "action_error": None,
        "typed_comment": "",
    }
    if context["editable"]:
        start = default_start(plan, ylist.year)
        context["candidate_form"] = f.CandidateForm(
            people=_agency_cadres(plan),
            hosts=_hosts(plan),
            under=(plan.owner_id,),
            initial={"start_date": start},
        )
    if context["can_decide"]:
        context["decide_form"] = f.DecideForm()
    context.update(extra)
    return context


@login_required
def list_detail(request, pk):
    ylist = get_object_or_404(visible_lists(request.user), pk=pk)
    return render(request, "placements/list_detail.html", _list_context(request, ylist))


@login_required
@require_POST
def candidate_add(request, pk):
    ylist = get_object_or_404(visible_lists(request.user), pk=pk)
    plan = ylist.plan
    permissions.require(permissions.can_manage(request.user, plan))
    form = f.CandidateForm(request.POST, people=_agency_cadres(plan), hosts=_hosts(plan), under=(plan.owner_id,))
    if done := submit_form(
        request,
        form,
        lambda data: services.add_candidate(actor=request.user, yearly_list=ylist, **data),
        then=lambda candidate: ("placements:list_detail", ylist.pk),
        success=lambda candidate: _("Đã đề xuất %(name)s.") % {"name": candidate.person.full_name},
    ):
        return done
    return render(request, "placements/list_detail.html", _list_context(request, ylist, candidate_form=form))


def _candidate(request, pk):
    return get_object_or_404(
        Candidate.objects.filter(yearly_list__in=visible_lists(request.user).values("pk")).select_related(
            "yearly_list__plan__owner", "person"
        ),
        pk=pk,
    )


@login_required
@require_POST
def candidate_remove(request, pk):
    candidate = _candidate(request, pk)
    ylist = candidate.yearly_list
    try:
        services.remove_candidate(actor=request.user, candidate=candidate)
    except DomainError as error:
        return render(request, "placements/list_detail.html", _list_context(request, ylist, action_error=error))
    messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": candidate.person.full_name})
    return redirect("placements:list_detail", ylist.pk)


@login_required
@require_POST
def candidate_agreement(request, pk):
    candidate = _candidate(request, pk)
    ylist = candidate.yearly_list
    form = f.AgreementForm(request.POST, prefix=f"c{candidate.pk}")
    form.is_valid()
    data = form.cleaned_data
    try:
        services.record_party_agreement(
            actor=request.user,
            candidate=candidate,
            agreed_on=data.get("agreed_on"),
            document=data.get("document") or "",
        )
    except DomainError as error:
        return render(request, "placements/list_detail.html", _list_context(request, ylist, action_error=error))
    messages.success(request, _("Đã ghi sự thống nhất của cấp ủy địa phương."))
    return redirect("placements:list_detail", ylist.pk)


@login_required
@require_POST
def list_action(request, pk, action):
    ylist = get_object_or_404(visible_lists(request.user), pk=pk)
    user = request.user
    comment = (request.POST.get("comment") or "").strip()
    decide_form = None
    try:
        if action == "propose":
            services.propose(actor=user, yearly_list=ylist, comment=comment)
            done = _("Đã trình danh sách lên Ban Thường vụ.")
        elif action == "return":
            services.return_list(actor=user, yearly_list=ylist, comment=comment)
            done = _("Đã trả lại danh sách.")
        elif action == "decide":
            decide_form = f.DecideForm(request.POST)
            decide_form.is_valid()
            data = decide_form.cleaned_data
            signer = data.get("signer") or ""
            if signer.strip():
                signer = f"{signer.strip()}|{(data.get('signer_title') or SIGNER_TITLE).strip().upper()}"
            services.decide(
                actor=user,
                yearly_list=ylist,
                decision_number=data.get("decision_number") or "",
                decision_date=data.get("decision_date"),
                signer=signer,
                comment=data.get("comment") or "",
            )
            done = _("Ban Thường vụ đã quyết định danh sách.")
        else:
            raise Http404
    except DomainError as error:
        ylist.refresh_from_db()
        extra = {"action_error": error, "typed_comment": comment}
        if decide_form is not None:
            add_domain_error(decide_form, error)
            extra["decide_form"] = decide_form
        return render(request, "placements/list_detail.html", _list_context(request, ylist, **extra))
    messages.success(request, done)
    return redirect("placements:list_detail", ylist.pk)


# --------------------------------------------------------------------------- placements


def _may_cancel(user, placement):
    return permissions.can_manage(user, placement.plan) or permissions.can_decide(user, placement.plan)


def _placement_context(request, placement, **extra):
    user = request.user
    plan = placement.plan
    today = _today()
    can_manage = permissions.can_manage(user, plan)
    can_host = permissions.can_host(user, placement)
    is_cadre = permissions.is_the_cadre(user, placement)
    active = placement.state == Placement.State.ACTIVE
    reports = list(placement.reports.all())
    evaluations = list(placement.evaluations.select_related("level", "evaluator"))
    for row in reports + evaluations:
        row.late = row.state in ("draft", "returned") and row.due_date < today
    checklist = list(placement.checklist.select_related("done_by"))
    context = {
        "placement": placement,
        "plan": plan,
        "tasks": list(placement.tasks.all()),
        "reports": reports,
        "evaluations": evaluations,
        "checklist": checklist,
        "can_manage": can_manage,
        "can_host": can_host,
        "is_cadre": is_cadre,
        "can_view_plan": visible_plans(user).filter(pk=plan.pk).exists(),
        "task_form": f.TaskForm(initial={"assigned_on": today}) if can_host and active else None,
        "finish_form": f.FinishForm(initial={"actual_end": placement.planned_end}) if can_manage and active else None,
        "cancel_form": f.CancelForm(initial={"on": today}) if _may_cancel(user, placement) and active else None,
        "action_error": None,
        "steps": _steps("placement", placement),
        "today": today,
    }
    context.update(extra)
    return context


@login_required
def placement_detail(request, pk):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    return render(request, "placements/placement_detail.html", _placement_context(request, placement))


@login_required
@require_POST
def task_add(request, pk):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    permissions.require(permissions.can_host(request.user, placement))
    form = f.TaskForm(request.POST)
    if done := submit_form(
        request,
        form,
        lambda data: services.assign_task(actor=request.user, placement=placement, **data),
        then=lambda task: ("placements:placement_detail", placement.pk),
        success=_("Đã giao nhiệm vụ."),
    ):
        return done
    return render(request, "placements/placement_detail.html", _placement_context(request, placement, task_form=form))


@login_required
@require_POST
def task_done(request, pk):
    task = get_object_or_404(
        PlacementTask.objects.filter(placement__in=visible_placements(request.user).values("pk")), pk=pk
    )
    services.complete_task(actor=request.user, task=task, done_on=_today())
    messages.success(request, _("Đã ghi hoàn thành nhiệm vụ."))
    return redirect("placements:placement_detail", task.placement_id)


@login_required
@require_POST
def checklist_mark(request, pk):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    form = f.ChecklistForm(request.POST)
    if not form.is_valid():
        error = DomainError("checklist", _("Chọn việc và ghi ngày hoàn thành (dd/mm/yyyy)."))
    else:
        data = form.cleaned_data
        try:
            services.mark_checklist_item(
                actor=request.user,
                placement=placement,
                item=data["item"],
                done=data["done"],
                done_on=data["done_on"],
            )
        except DomainError as err:
            error = err
        else:
            messages.success(request, _("Đã cập nhật việc cần làm."))
            return redirect("placements:placement_detail", placement.pk)
    return render(
        request, "placements/placement_detail.html", _placement_context(request, placement, action_error=error)
    )


@login_required
@require_POST
def placement_finish(request, pk):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    permissions.require(permissions.can_manage(request.user, placement.plan))
    form = f.FinishForm(request.POST)
    if done := submit_form(
        request,
        form,
        lambda data: services.finish_placement(actor=request.user, placement=placement, **data),
        then=lambda finished: ("placements:placement_detail", placement.pk),
        success=_("Đã kết thúc đợt đào tạo thực tế."),
    ):
        return done
    return render(request, "placements/placement_detail.html", _placement_context(request, placement, finish_form=form))


@login_required
@require_POST
def placement_cancel(request, pk):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    permissions.require(_may_cancel(request.user, placement))
    form = f.CancelForm(request.POST)
    if done := submit_form(
        request,
        form,
        lambda data: services.cancel_placement(actor=request.user, placement=placement, **data),
        then=lambda cancelled: ("placements:placement_detail", placement.pk),
        success=_("Đã hủy đợt đào tạo thực tế."),
    ):
        return done
    return render(request, "placements/placement_detail.html", _placement_context(request, placement, cancel_form=form))


# --------------------------------------------------------------------------- reports and evaluations


def _reports(user):
    return PlacementReport.objects.filter(placement__in=visible_placements(user).values("pk")).select_related(
        "placement__plan__owner", "placement__person", "placement__host"
    )


def _evaluations(user):
    return HostEvaluation.objects.filter(placement__in=visible_placements(user).values("pk")).select_related(
        "placement__plan__owner", "placement__person", "placement__host", "level", "evaluator"
    )


def _paper_context(request, obj, kind, form=None, action_error=None):
    user = request.user
    placement = obj.placement
    editable = obj.state in ("draft", "returned") and placement.state == Placement.State.ACTIVE
    if kind == "report":
        may_write = permissions.is_the_cadre(user, placement) or permissions.can_manage(user, placement.plan)
    else:
        may_write = permissions.can_host(user, placement)
    can_review = obj.state == "submitted" and permissions.can_manage(user, placement.plan)
    if form is None and editable and may_write:
        initial = {"version": obj.version}
        if kind == "report":
            initial.update(contributions=obj.contributions, problems=obj.problems, proposals=obj.proposals)
            form = f.ReportForm(initial=initial)
        else:
            initial.update(strengths=obj.strengths, weaknesses=obj.weaknesses, comment=obj.comment, level=obj.level_id)
            form = f.EvaluationForm(initial=initial)
    return {
        "obj": obj,
        "kind": kind,
        "placement": placement,
        "form": form if editable and may_write else None,
        "can_submit": editable and may_write,
        "can_review": can_review,
        "late": obj.state in ("draft", "returned") and obj.due_date < _today(),
        "action_error": action_error,
        "steps": _steps(kind, obj),
    }


def _save_paper(request, obj, kind):
    form_class = f.ReportForm if kind == "report" else f.EvaluationForm
    form = form_class(request.POST)
    if not form.is_valid():
        return form, False
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        if kind == "report":
            services.save_report(actor=request.user, report=obj, version=version, **data)
        else:
            services.save_evaluation(actor=request.user, evaluation=obj, version=version, **data)
    except DomainError as error:
        add_domain_error(form, error)
        return form, False
    return form, True


def _paper_view(request, obj, kind):
    if request.method == "POST":
        form, saved = _save_paper(request, obj, kind)
        if saved:
            if request.POST.get("then") == "submit":
                obj.refresh_from_db()
                try:
                    _submit(request.user, obj, kind)
                except DomainError as error:
                    obj.refresh_from_db()
                    ctx = _paper_context(request, obj, kind, action_error=error)
                    return render(request, "placements/paper_detail.html", ctx)
                messages.success(request, _("Đã nộp.") if kind == "report" else _("Đã gửi bản nhận xét."))
            else:
                messages.success(request, _("Đã lưu."))
            return redirect(f"placements:{kind}_detail", obj.pk)
        return render(request, "placements/paper_detail.html", _paper_context(request, obj, kind, form=form))
    return render(request, "placements/paper_detail.html", _paper_context(request, obj, kind))


def _submit(user, obj, kind):
    if kind == "report":
        services.submit_report(actor=user, report=obj)
    else:
        services.submit_evaluation(actor=user, evaluation=obj)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk):
    return _paper_view(request, get_object_or_404(_reports(request.user), pk=pk), "report")


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_detail(request, pk):
    return _paper_view(request, get_object_or_404(_evaluations(request.user), pk=pk), "evaluation")


def _paper_action(request, obj, kind, action):
    user = request.user
    comment = (request.POST.get("comment") or "").strip()
    steps = {
        ("report", "submit"): lambda: services.submit_report(actor=user, report=obj),
        ("report", "accept"): lambda: services.accept_report(actor=user, report=obj, comment=comment),
        ("report", "return"): lambda: services.return_report(actor=user, report=obj, comment=comment),
        ("evaluation", "submit"): lambda: services.submit_evaluation(actor=user, evaluation=obj),
        ("evaluation", "accept"): lambda: services.accept_evaluation(actor=user, evaluation=obj, comment=comment),
        ("evaluation", "return"): lambda: services.return_evaluation(actor=user, evaluation=obj, comment=comment),
    }
    if (kind, action) not in steps:
        raise Http404
    try:
        steps[(kind, action)]()
    except DomainError as error:
        obj.refresh_from_db()
        return render(request, "placements/paper_detail.html", _paper_context(request, obj, kind, action_error=error))
    messages.success(
        request, {"submit": _("Đã nộp."), "accept": _("Đã tiếp nhận."), "return": _("Đã trả lại.")}[action]
    )
    return redirect(f"placements:{kind}_detail", obj.pk)


@login_required
@require_POST
def report_action(request, pk, action):
    return _paper_action(request, get_object_or_404(_reports(request.user), pk=pk), "report", action)


@login_required
@require_POST
def evaluation_action(request, pk, action):
    return _paper_action(request, get_object_or_404(_evaluations(request.user), pk=pk), "evaluation", action)


# --------------------------------------------------------------------------- compiled report


def _compiled(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    year = dates.year_from(request.GET.get("year"))
    return plan, year, selectors.compiled_report(plan=plan, year=year)


@login_required
def compiled(request, pk):
    plan, year, report = _compiled(request, pk)
    years = list(plan.placements.order_by("year").values_list("year", flat=True).distinct())
    return render(
        request,
        "placements/compiled.html",
        {"plan": plan, "year": year, "report": report, "years": years, "query": request.GET.urlencode()},
    )


@login_required
def compiled_export(request, pk):
    _plan, year, report = _compiled(request, pk)
    headers = [
        _("Năm"),
        _("Họ và tên"),
        _("Đối tượng"),
        _("Nơi đến"),
        _("Vị trí"),
        _("Quyết định"),
        _("Từ ngày"),
        _("Dự kiến kết thúc"),
        _("Số tháng"),
        _("Trạng thái"),
        _("Ngày kết thúc"),
        _("Lý do kết thúc sớm"),
        _("Báo cáo đã tiếp nhận"),
        _("Nhận xét của nơi đến"),
        _("Nhiệm vụ được giao"),
        _("Việc chưa xong"),
        _("Khó khăn, vướng mắc"),
        _("Đề xuất, kiến nghị"),
    ]
    rows = []
    for row in report["placements"]:
        placement = row["placement"]
        labels = {c.item: c.get_item_display() for c in placement.checklist.all()}
        rows.append(
            [
                row["year"],
                row["person"],
                row["group"],
                row["host"],
                row["host_title"],
                row["decision"],
                row["start_date"],
                row["planned_end"],
                row["months"],
                row["state"],
                row["actual_end"],
                row["early_end_reason"] or row["cancel_reason"],
                f"{sum(r['accepted'] for r in row['reports'])}/{len(row['reports'])}",
                "; ".join(f"{e['kind']} {e['sequence']}: {e['level'] or e['state']}" for e in row["evaluations"]),
                "; ".join(t["title"] for t in row["tasks"]),
                "; ".join(str(labels[k]) for k, done in row["checklist"].items() if not done),
                "; ".join(r["problems"] for r in row["reports"] if r["problems"]),
                "; ".join(r["proposals"] for r in row["reports"] if r["proposals"]),
            ]
        )
    suffix = f"-{year}" if year else ""
    return xlsx_response(
        f"bao-cao-dao-tao-thuc-te{suffix}.xlsx", headers, rows, sheet_title=_("Cán bộ đào tạo thực tế")
    )
