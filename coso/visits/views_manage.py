"""Management pages of the visits: assignment decisions and their history, the policy and
blackout days of an organisation, the weak units a cadre helps, clusters with their meetings
and minutes, and the ranking rules.

Reads are scoped first (an organisation, decision, cluster… out of scope is a 404); writes go
through ``services``, which check the capability (403) and every rule (``DomainError`` shown on
the form, what was typed kept)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import DomainError
from coso.core.history import history_entries
from coso.core.rowlinks import ID, row_link
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org.models import Cluster, Unit, UnitClassification, UnitLevel
from coso.people.models import Person
from coso.visits import ancestry, permissions, selectors, services
from coso.visits.coverage import coverage_by_owner
from coso.visits.forms_manage import (
    AssignForm,
    BlackoutEditForm,
    BlackoutForm,
    ClusterForm,
    DecisionEditForm,
    DecisionForm,
    EndAssignmentForm,
    MeetingForm,
    PolicyForm,
    RankingRuleForm,
    ReassignForm,
    WeakUnitsConfirmForm,
)
from coso.visits.models import (
    Assignment,
    AssignmentDecision,
    BlackoutDay,
    ClusterMeeting,
    GoodPractice,
    RankingRule,
    Visit,
    VisitPolicy,
    WeakUnitPick,
    WeakUnitSelection,
)

ORG_KINDS = [UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT]
MAX_ORGS = 200


# --------------------------------------------------------------------------- helpers


def _year(request):
    return dates.year_from(request.GET.get("year"), timezone.localdate().year)


def _org(request, unit):
    """A visible organisation, else 404."""
    return get_object_or_404(Unit.objects.visible_to(request.user).select_related("level"), pk=unit)


def _district_units(owner):
    return (
        Unit.objects.filter(path__startswith=owner.path, level__kind=UnitLevel.Kind.DISTRICT, is_active=True)
        .exclude(pk=owner.pk)
        .order_by("sort_key")
    )


def _subtree_units(owner):
    return Unit.objects.filter(path__startswith=owner.path, is_active=True).exclude(pk=owner.pk).order_by("path")


def _cadres(request, owner):
    """Cadres the user sees in the organisation's subtree, by given name."""
    return Person.objects.visible_to(request.user).filter(is_cadre=True, unit__path__startswith=owner.path)


def _decisions(request):
    return AssignmentDecision.objects.filter(owner__in=scoping.visible_units(request.user).values("pk")).select_related(
        "owner", "signer"
    )


def _error_text(error):
    return " ".join(message for _code, message in error.violations)


# --------------------------------------------------------------------------- index


@login_required
def manage_index(request):
    """The organisations whose visits the user manages or sees (top of scope, then their
    district-level units), with links to each management page."""
    user = request.user
    if scoping.paths_with(user, scoping.VIEW) is None:
        q = Q()  # the whole country: no OR of every province's path
    else:
        q = Q(pk__in=[])
        for top in scoping.top_units(user).filter(level__kind__in=ORG_KINDS).order_by("path"):
            q |= Q(path__startswith=top.path)
    # By the levels' ids (an index on level): the levels' kind through the join made PostgreSQL
    # walk every unit by path to find the first 200 organisations (48 ms for the country).
    levels = list(UnitLevel.objects.filter(kind__in=ORG_KINDS).values_list("pk", flat=True))
    orgs = list(
        Unit.objects.visible_to(user)
        .filter(q, level_id__in=levels, is_active=True)
        .select_related("level")
        .order_by("path")[:MAX_ORGS]
    )
    for org in orgs:
        org.can_manage = permissions.can_manage(user, org)
    return render(request, "visits/manage_index.html", {"orgs": orgs, "year": timezone.localdate().year})


# --------------------------------------------------------------------------- assignments


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, unit):
    owner = _org(request, unit)
    can_manage = permissions.can_manage(request.user, owner)
    signers = Person.objects.filter(unit=owner, is_cadre=True).order_by("sort_key")  # the issuing body's own
    form = DecisionForm(request.POST or None, signers=signers)
    if request.method == "POST":
        permissions.require_manage(request.user, owner)
    done = submit_form(
        request,
        form,
        lambda data: services.record_decision(actor=request.user, owner=owner, **data),
        success=lambda decision: _("Đã ghi nhận quyết định %(n)s.") % {"n": decision.number},
        then=lambda decision: ("visits:decision_detail", decision.pk),
    )
    if done:
        return done
    decisions = list(AssignmentDecision.objects.filter(owner=owner).select_related("signer").order_by("-decided_on"))
    rows = _listed(_owner_assignments(owner))
    today = timezone.localdate()
    context = {
        "owner": owner,
        "decisions": decisions,
        "current": [a for a in rows if a.valid_to is None or a.valid_to >= today],
        "past": [a for a in rows if a.valid_to is not None and a.valid_to < today],
        "form": form if can_manage else None,
        "can_manage": can_manage,
        "year": today.year,
    }
    return render(request, "visits/assignments.html", context)


def _listed(assignments):
    """The rows of ``visits/_assignment_table.html`` with their links and their duty's name,
    made once for the list: per row, three ``{% url %}`` and ``get_role_display`` were most of
    a province's page (300 assignments)."""
    rows = list(assignments)
    detail = row_link("visits:assignment_detail", ID)
    docx, pdf = row_link("visits_feeds:letter", ID, "docx"), row_link("visits_feeds:letter", ID, "pdf")
    roles = {value: str(label) for value, label in Assignment.Role.choices}
    for a in rows:
        a.detail_url, a.letter_docx, a.letter_pdf = detail(a.pk), docx(a.pk), pdf(a.pk)
        a.role_shown = roles.get(a.role, a.role)
    return rows


def _owner_assignments(owner):
    """The organisation's assignments with what its page and its export show, nothing more:
    whole rows of the cadres, units and decisions were a third of a province's page."""
    return (
        Assignment.objects.filter(decision__owner=owner)
        .select_related("cadre", "unit", "cluster", "decision", "ended_by")
        .only(
            "id",
            "role",
            "valid_from",
            "valid_to",
            "cadre__family_name",
            "cadre__middle_name",
            "cadre__given_name",
            "unit__name",
            "cluster__name",
            "decision__number",
            "ended_by__number",
        )
        .order_by("cadre__sort_key", "unit__sort_key", "valid_from", "id")
    )


@login_required
def assignments_export(request, unit):
    """The organisation's assignments (current and ended), as its page lists them."""
    owner = _org(request, unit)
    today = timezone.localdate()
    headers = [
        _("Cán bộ"),
        _("Nhiệm vụ"),
        _("Cụm"),
        _("Đơn vị"),
        _("Từ ngày"),
        _("Đến ngày"),
        _("Quyết định"),
        _("Kết thúc theo quyết định"),
        _("Trạng thái"),
    ]
    rows = (
        [
            a.cadre.full_name,
            a.get_role_display(),
            a.cluster.name if a.cluster_id else "",
            a.unit.name,
            a.valid_from,
            a.valid_to,
            a.decision.number,
            a.ended_by.number if a.ended_by_id else "",
            _("Đang phân công") if a.valid_to is None or a.valid_to >= today else _("Đã kết thúc"),
        ]
        for a in _owner_assignments(owner)
    )
    return xlsx_response(
        f"phan-cong-theo-doi-{owner.code or owner.pk}.xlsx", headers, rows, sheet_title=_("Phân công theo dõi")
    )


def _assign_form(request, decision, data=None):
    owner = decision.owner
    return AssignForm(
        data,
        cadres=_cadres(request, owner).order_by("sort_key"),
        under=(owner.pk,),
        units=_district_units(owner),
        clusters=Cluster.objects.filter(owner=owner).order_by("-year", "name"),
        initial={"valid_from": decision.decided_on},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk):
    decision = get_object_or_404(_decisions(request), pk=pk)
    can_manage = permissions.can_manage(request.user, decision.owner)
    form = _assign_form(request, decision, request.POST or None) if can_manage or request.method == "POST" else None
    if request.method == "POST":
        permissions.require_manage(request.user, decision.owner)
    done = submit_form(
        request,
        form,
        lambda data: services.assign(
            actor=request.user,
            decision=decision,
            cadre=data["cadre"],
            units=list(data["units"]) or None,
            role=data["role"],
            cluster=data["cluster"],
            valid_from=data["valid_from"],
        ),
        success=lambda made: (
            _("Đã phân công đồng chí %(name)s: %(units)s.")
            % {"name": form.cleaned_data["cadre"].full_name, "units": ", ".join(a.unit.name for a in made)}
        ),
        then=lambda made: ("visits:decision_detail", decision.pk),
    )
    if done:
        return done
    context = {
        "decision": decision,
        "rows": _listed(
            decision.assignments.select_related("cadre", "unit", "cluster", "ended_by").order_by(
                "cadre__sort_key", "unit__sort_key"
            )
        ),
        "ended": _listed(
            decision.ended_assignments.select_related("cadre", "unit", "decision").order_by("cadre__sort_key")
        ),
        "form": form,
        "can_manage": can_manage,
        "history": history_entries(decision),
    }
    return render(request, "visits/decision_detail.html", context)


def _assignments(request):
    return Assignment.objects.filter(
        decision__owner__in=scoping.visible_units(request.user).values("pk")
    ).select_related("cadre", "unit", "cluster", "decision__owner", "ended_by")


def _assignment_forms(request, assignment, data=None, action=None):
    owner = assignment.decision.owner
    decisions = AssignmentDecision.objects.filter(owner=owner).order_by("-decided_on")
    end = EndAssignmentForm(
        data if action == "end" else None, decisions=decisions, initial={"version": assignment.version}
    )
    of_districts = assignment.unit.level.kind == UnitLevel.Kind.DISTRICT
    reassign = ReassignForm(
        data if action == "reassign" else None,
        decisions=decisions,
        cadres=_cadres(request, owner).order_by("sort_key"),
        under=(owner.pk,),
        units=_district_units(owner) if of_districts else _subtree_units(owner),
        unit_kinds=(UnitLevel.Kind.DISTRICT,) if of_districts else (),
        initial={"version": assignment.version},
        prefix="re",
    )
    return end, reassign


def _assignment_page(request, assignment, end=None, reassign=None):
    can_manage = permissions.can_manage(request.user, assignment.decision.owner)
    posted = end is not None
    if can_manage and not posted:
        end, reassign = _assignment_forms(request, assignment)
    chain = _listed(
        Assignment.objects.filter(unit=assignment.unit, role=assignment.role, decision__owner=assignment.decision.owner)
        .select_related("cadre", "decision", "ended_by")
        .order_by("valid_from", "id")
    )
    context = {
        "a": assignment,
        "chain": chain,
        "can_manage": can_manage and (assignment.valid_to is None or posted),
        "end_form": end,
        "reassign_form": reassign,
        "history": history_entries(assignment),
    }
    return render(request, "visits/assignment_detail.html", context)


@login_required
def assignment_detail(request, pk):
    assignment = get_object_or_404(_assignments(request).select_related("unit__level"), pk=pk)
    return _assignment_page(request, assignment)


@login_required
@require_POST
def assignment_action(request, pk, action):
    assignment = get_object_or_404(_assignments(request).select_related("unit__level"), pk=pk)
    if action not in ("end", "reassign"):
        raise Http404
    permissions.require_manage(request.user, assignment.decision.owner)
    end, reassign = _assignment_forms(request, assignment, request.POST, action)
    if action == "end":
        done = submit_form(
            request,
            end,
            lambda data: services.end_assignment(
                actor=request.user,
                assignment=assignment,
                valid_to=data["valid_to"],
                decision=data["decision"],
                version=data["version"],
            ),
            success=_("Đã kết thúc phân công."),
            then=lambda _ended: ("visits:assignment_detail", assignment.pk),
        )
    else:
        done = submit_form(
            request,
            reassign,
            lambda data: services.reassign(
                actor=request.user,
                assignment=assignment,
                decision=data["decision"],
                valid_from=data["valid_from"],
                unit=data["unit"],
                cadre=data["cadre"],
                version=data["version"],
            ),
            success=lambda new: (
                _("Đã chuyển phân công: %(name)s theo dõi %(unit)s từ %(d)s.")
                % {"name": new.cadre.full_name, "unit": new.unit.name, "d": f"{new.valid_from:%d/%m/%Y}"}
            ),
            then=lambda new: ("visits:assignment_detail", new.pk),
        )
    if done:
        return done
    return _assignment_page(request, assignment, end, reassign)


# --------------------------------------------------------------------------- policy, blackout


@login_required
@require_http_methods(["GET", "POST"])
def policy(request, unit, year):
    owner = _org(request, unit)
    stored = VisitPolicy.objects.filter(owner=owner, year=year).first()
    effective = stored or VisitPolicy.for_unit(owner, year)
    can_manage = permissions.can_manage(request.user, owner)
    instance = stored or VisitPolicy(owner=owner, year=year)
    if stored is None and effective.pk:  # start from the inherited numbers
        instance = VisitPolicy(
            owner=owner, year=year, **{f: getattr(effective, f) for f in services.POLICY_FIELDS if f != "source"}
        )
    initial = {"version": stored.version if stored else None}
    form = PolicyForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST":
        permissions.require_manage(request.user, owner)
    done = submit_form(
        request,
        form,
        lambda data: services.save_visit_policy(
            actor=request.user,
            owner=owner,
            year=year,
            version=data["version"],
            **{key: data[key] for key in services.POLICY_FIELDS},
        ),
        success=_("Đã lưu quy định đi cơ sở năm %(y)s.") % {"y": year},
        then=lambda saved: ("visits:policy", owner.pk, year),
    )
    if done:
        return done
    context = {
        "owner": owner,
        "year": year,
        "stored": stored,
        "inherited": effective if stored is None and effective.pk else None,
        "form": form if can_manage else None,
        "policy": effective,
        "fields": [
            (VisitPolicy._meta.get_field(f).verbose_name, getattr(effective, f)) for f in services.POLICY_FIELDS
        ],
        "history": history_entries(stored) if stored else [],
    }
    return render(request, "visits/policy.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def blackout(request, unit, year):
    owner = _org(request, unit)
    can_manage = permissions.can_manage(request.user, owner)
    form = BlackoutForm(request.POST or None)
    if request.method == "POST":
        permissions.require_manage(request.user, owner)
    done = submit_form(
        request,
        form,
        lambda data: services.add_blackout_day(actor=request.user, owner=owner, **data),
        success=lambda day: _("Đã thêm ngày %(d)s.") % {"d": f"{day.date:%d/%m/%Y}"},
        then=lambda day: ("visits:blackout", owner.pk, year),
    )
    if done:
        return done
    days = list(BlackoutDay.objects.filter(owner=owner, date__year=year).order_by("date", "reason"))
    months = []
    for day in days:
        if not months or months[-1][0] != day.date.month:
            months.append((day.date.month, []))
        months[-1][1].append(day)
    policy_ = VisitPolicy.for_unit(owner, year)
    context = {
        "owner": owner,
        "year": year,
        "months": months,
        "form": form if can_manage else None,
        "can_manage": can_manage,
        "holidays": policy_.count_public_holidays_as_blackout,
    }
    return render(request, "visits/blackout.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def blackout_edit(request, pk):
    day = get_object_or_404(
        BlackoutDay.objects.filter(owner__in=scoping.visible_units(request.user).values("pk")).select_related("owner"),
        pk=pk,
    )
    permissions.require_manage(request.user, day.owner)
    initial = {"date": day.date, "reason": day.reason, "note": day.note, "version": day.version}
    form = BlackoutEditForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda data: services.update_blackout_day(actor=request.user, blackout_day=day, **data),
        success=_("Đã lưu thay đổi."),
        then=lambda saved: ("visits:blackout", saved.owner_id, saved.date.year),
    )
    if done:
        return done
    context = {
        "form": form,
        "title": _("Sửa ngày không đi cơ sở"),
        "subtitle": day.owner.name,
        "back": reverse("visits:blackout", args=[day.owner_id, day.date.year]),
        "history": history_entries(day),
    }
    return render(request, "visits/setup_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = get_object_or_404(_decisions(request), pk=pk)
    permissions.require_manage(request.user, decision.owner)
    signers = Person.objects.filter(unit=decision.owner, is_cadre=True).order_by("sort_key")
    initial = {
        "number": decision.number,
        "decided_on": decision.decided_on,
        "signer": decision.signer_id,
        "note": decision.note,
        "version": decision.version,
    }
    form = DecisionEditForm(request.POST or None, initial=initial, signers=signers)
    done = submit_form(
        request,
        form,
        lambda data: services.update_decision(actor=request.user, decision=decision, **data),
        success=_("Đã lưu thay đổi."),
        then=lambda saved: ("visits:decision_detail", saved.pk),
    )
    if done:
        return done
    context = {
        "form": form,
        "title": _("Sửa quyết định phân công"),
        "subtitle": f"{decision.number} – {decision.owner.name}",
        "back": reverse("visits:decision_detail", args=[decision.pk]),
        "history": history_entries(decision),
    }
    return render(request, "visits/setup_edit.html", context)


@login_required
@require_POST
def blackout_remove(request, pk):
    day = get_object_or_404(
        BlackoutDay.objects.filter(owner__in=scoping.visible_units(request.user).values("pk")).select_related("owner"),
        pk=pk,
    )
    services.remove_blackout_day(actor=request.user, blackout_day=day)
    messages.success(request, _("Đã bỏ ngày %(d)s.") % {"d": f"{day.date:%d/%m/%Y}"})
    return redirect("visits:blackout", day.owner_id, day.date.year)


@login_required
@require_http_methods(["GET", "POST"])
def ranking_rule(request, unit, year):
    owner = _org(request, unit)
    rule = RankingRule.for_owner(owner, year)
    can_manage = permissions.can_manage(request.user, owner)
    form = RankingRuleForm(request.POST or None, instance=rule, initial={"version": rule.version if rule.pk else None})
    if request.method == "POST":
        permissions.require_manage(request.user, owner)
    done = submit_form(
        request,
        form,
        lambda data: services.save_ranking_rule(
            actor=request.user,
            owner=owner,
            year=year,
            version=data["version"],
            **{key: data[key] for key in services.RANKING_FIELDS},
        ),
        success=_("Đã lưu cách tính điểm năm %(y)s.") % {"y": year},
        then=lambda saved: ("visits:ranking_rule", owner.pk, year),
    )
    if done:
        return done
    rule = RankingRule.for_owner(owner, year)
    context = {
        "owner": owner,
        "year": year,
        "rule": rule,
        "fields": [(RankingRule._meta.get_field(f).verbose_name, getattr(rule, f)) for f in services.RANKING_FIELDS],
        "form": form if can_manage else None,
        "history": history_entries(rule) if rule.pk else [],
    }
    return render(request, "visits/ranking_rule.html", context)


# --------------------------------------------------------------------------- weak units


def _selections(request):
    user = request.user
    qs = WeakUnitSelection.objects.select_related("cadre", "district")
    if scoping.paths_with(user, scoping.VIEW) is None:
        return qs
    return qs.filter(
        permissions.visible_cadre_records_q(user) | scoping.unit_q(user, scoping.VIEW, prefix="district__")
    )


def _followed_districts(person, year):
    """District-level units the cadre follows during ``year`` (the unit, or its district)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    units = (
        Unit.objects.filter(
            followed_by__cadre=person,
            followed_by__role=Assignment.Role.FOLLOW,
            followed_by__valid_from__lte=last,
        )
        .filter(Q(followed_by__valid_to__isnull=True) | Q(followed_by__valid_to__gte=first))
        .select_related("level")
        .distinct()
    )
    districts = {}
    for unit in units:
        district = unit if unit.level.kind == UnitLevel.Kind.DISTRICT else unit.district_ancestor()
        if district is not None:
            districts[district.pk] = district
    return sorted(districts.values(), key=lambda d: d.sort_key)


@login_required
def weak_units(request):
    year = _year(request)
    person = request.user.person if getattr(request.user, "person_id", None) else None
    selections = list(_selections(request).filter(year=year).order_by("district__sort_key", "cadre__sort_key"))
    mine = []
    if person is not None and person.is_cadre:
        own = {s.district_id: s for s in selections if s.cadre_id == person.pk}
        mine = [(district, own.get(district.pk)) for district in _followed_districts(person, year)]
    others = [s for s in selections if person is None or s.cadre_id != person.pk]
    return render(request, "visits/weak_units.html", {"year": year, "mine": mine, "others": others})


@login_required
def weak_units_export(request):
    """Every weak-unit list of the year the page shows (the user's own and the others'), one row
    per unit picked."""
    year = _year(request)
    selections = (
        _selections(request)
        .filter(year=year)
        .order_by("district__sort_key", "cadre__sort_key", "id")
        .prefetch_related(
            Prefetch(
                "picks", queryset=WeakUnitPick.objects.select_related("unit", "previous_level").order_by("position")
            )
        )
    )
    headers = [
        _("Năm"),
        _("Đơn vị cấp huyện"),
        _("Cán bộ"),
        _("Trạng thái"),
        _("Thứ tự"),
        _("Đơn vị được chọn"),
        _("Xếp loại năm trước"),
    ]
    rows = []
    for s in selections:
        head = [s.year, s.district.name, s.cadre.full_name, s.get_state_display()]
        picks = list(s.picks.all())
        if not picks:
            rows.append([*head, None, "", ""])
        for pick in picks:
            level = pick.previous_level.name if pick.previous_level_id else ""
            rows.append([*head, pick.position, pick.unit.name, level])
    return xlsx_response(f"don-vi-xep-loai-thap-{year}.xlsx", headers, rows, sheet_title=_("Đơn vị xếp loại thấp"))


@login_required
@require_POST
def weak_units_propose(request):
    person = request.user.person if getattr(request.user, "person_id", None) else None
    if person is None or not person.is_cadre:
        raise PermissionDenied(_("Tài khoản này không gắn với một cán bộ."))
    district = get_object_or_404(Unit.objects.visible_to(request.user), pk=request.POST.get("district") or 0)
    year = request.POST.get("year", "")
    year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else timezone.localdate().year
    try:
        selection = services.propose_weak_units(actor=request.user, cadre=person, district=district, year=year)
    except DomainError as error:
        messages.error(request, _error_text(error))
        return redirect(f"{reverse('visits:weak_units')}?year={year}")
    return redirect("visits:weak_unit_detail", selection.pk)


def _weak_context(request, selection, form=None):
    user = request.user
    can_confirm = selection.state == WeakUnitSelection.State.PROPOSED and permissions.can_confirm_weak_units(
        user, selection
    )
    if can_confirm and form is None:
        form = _confirm_form(selection, initial={"units": [p.unit_id for p in selection.picks.all()]})
    left = list(
        UnitClassification.objects.filter(
            year=selection.year,
            level__is_below_average=True,
            unit__path__startswith=selection.district.path,
            unit__level__kind=UnitLevel.Kind.BASE,
        )
        .select_related("unit", "level")
        .order_by("unit__sort_key")
    )
    classified = UnitClassification.objects.filter(
        year=selection.year, unit__path__startswith=selection.district.path, unit__level__kind=UnitLevel.Kind.BASE
    ).exists()
    return {
        "selection": selection,
        "outcomes": selectors.weak_unit_outcomes(selection),
        "left": left,
        "classified": classified,
        "form": form if can_confirm else None,
        "policy": VisitPolicy.for_unit(selection.cadre.unit, selection.year),
        "history": history_entries(selection),
    }


def _in_candidate_order(selection, units):
    """The units picked, in the order the district's candidates are listed."""
    order = {pk: i for i, (pk, *_rest) in enumerate(selectors.weak_unit_candidates(selection.district, selection.year))}
    return sorted(units, key=lambda unit: order.get(unit.pk, len(order)))


def _confirm_form(selection, data=None, initial=None):
    ids = [pk for pk, _n, _l, _r in selectors.weak_unit_candidates(selection.district, selection.year)]
    candidates = Unit.objects.filter(pk__in=ids).order_by("sort_key")
    initial = dict(initial or {}, version=selection.version)
    return WeakUnitsConfirmForm(data, candidates=candidates, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def weak_unit_detail(request, pk):
    selection = get_object_or_404(_selections(request).select_related("cadre__unit"), pk=pk)
    form = None
    if request.method == "POST":
        permissions.require_confirm_weak_units(request.user, selection)
        form = _confirm_form(selection, request.POST)
        done = submit_form(
            request,
            form,
            lambda data: services.confirm_weak_units(
                actor=request.user,
                selection=selection,
                units=_in_candidate_order(selection, data["units"]),
                version=data["version"],
            ),
            success=_("Đã thống nhất danh sách, gửi cụm trưởng."),
            then=lambda _confirmed: ("visits:weak_unit_detail", selection.pk),
        )
        if done:
            return done
        selection.refresh_from_db()
    return render(request, "visits/weak_unit_detail.html", _weak_context(request, selection, form))


# --------------------------------------------------------------------------- clusters


def _clusters(request):
    user = request.user
    q = Q(owner__in=scoping.visible_units(user).values("pk"))
    person_id = getattr(user, "person_id", None)
    if person_id:
        q |= Q(leader_id=person_id) | Q(deputy_id=person_id)
    return Cluster.objects.filter(q).select_related("owner", "leader", "deputy")


CLUSTERS_PER_PAGE = 50


@login_required
def clusters(request):
    """The year's clusters in scope, fifty a page (the whole country has about 150); the
    export lists them all."""
    year = _year(request)
    listed = _clusters(request).filter(year=year).order_by("owner__path", "name", "pk")
    page = Paginator(listed, CLUSTERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    prefetch_related_objects(rows, Prefetch("units", queryset=Unit.objects.only("name").order_by("sort_key")))
    detail, edit, delete = (
        row_link(f"visits:{name}", ID) for name in ("cluster_detail", "cluster_edit", "cluster_delete")
    )
    for row in rows:
        row.can_edit = permissions.can_manage(request.user, row.owner)
        row.detail_url, row.edit_url, row.delete_url = detail(row.pk), edit(row.pk), delete(row.pk)
        row.unit_names = ", ".join(u.name for u in row.units.all())
    organisers = [u for u in scoping.top_units(request.user) if permissions.can_manage(request.user, u)]
    context = {"year": year, "clusters": rows, "page": page, "query": f"year={year}", "organisers": organisers}
    return render(request, "visits/clusters.html", context)


@login_required
def clusters_export(request):
    year = _year(request)
    rows = _clusters(request).filter(year=year).order_by("owner__path", "name").prefetch_related("units")
    headers = [_("Năm"), _("Cụm"), _("Đơn vị tổ chức"), _("Cụm trưởng"), _("Cụm phó"), _("Đơn vị trong cụm")]
    data = (
        [
            c.year,
            c.name,
            c.owner.name,
            c.leader.full_name if c.leader_id else "",
            c.deputy.full_name if c.deputy_id else "",
            ", ".join(u.name for u in sorted(c.units.all(), key=lambda u: u.sort_key)),
        ]
        for c in rows
    )
    return xlsx_response(f"cum-thi-dua-{year}.xlsx", headers, data, sheet_title=_("Cụm thi đua"))


@login_required
def cluster_detail(request, pk):
    cluster = get_object_or_404(_clusters(request), pk=pk)
    year = cluster.year
    units = list(cluster.units.select_related("level").order_by("sort_key"))
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    duties = list(
        Assignment.objects.filter(unit__in=units, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("cadre")
        .order_by("cadre__sort_key", "valid_from")
    )
    rows = []
    covers = coverage_by_owner(units, year, names=False)  # the page shows counts, not names
    for unit in units:
        cover = covers[unit.pk]
        rows.append(
            {
                "unit": unit,
                "duties": [a for a in duties if a.unit_id == unit.pk],
                "coverage": cover[0] if cover else None,
            }
        )
    practices = list(
        GoodPractice.objects.filter(ancestry.PRACTICES.at_units_under_q(units), reported_on__year=year)
        .select_related("unit", "reported_by")
        .order_by("-to_replicate", "-reported_on")[:100]
    )
    meetings = list(cluster.meetings.select_related("host_unit").order_by("scheduled_on"))
    context = {
        "proof_counts": selectors.proof_counts(
            Visit.objects.filter(ancestry.TRIPS.at_units_under_q(units)).overlapping(first, last)
        ),
        "cluster": cluster,
        "rows": rows,
        "practices": practices,
        "meetings": meetings,
        "can_manage": permissions.can_manage_cluster(request.user, cluster),
        "missing_meetings": len(meetings) < len(ClusterMeeting.Kind.choices),
    }
    return render(request, "visits/cluster_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_delete(request, pk):
    """Delete a cluster made by mistake; a cluster already used says why it stays."""
    cluster = get_object_or_404(_clusters(request), pk=pk)
    permissions.require_manage(request.user, cluster.owner)
    if request.method == "POST":
        try:
            services.delete_cluster(actor=request.user, cluster=cluster, version=request.POST.get("version"))
        except DomainError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Đã xoá %(name)s năm %(y)s.") % {"name": cluster.name, "y": cluster.year})
            return redirect(f"{reverse('visits:clusters')}?year={cluster.year}")
    context = {"cluster": cluster, "reasons": services.cluster_delete_violations(cluster)}
    return render(request, "visits/cluster_delete.html", context)


@login_required
@require_POST
def cluster_schedule(request, pk):
    cluster = get_object_or_404(_clusters(request), pk=pk)
    services.schedule_cluster_meetings(actor=request.user, cluster=cluster)
    messages.success(request, _("Đã lập lịch giao ban cụm năm %(y)s.") % {"y": cluster.year})
    return redirect("visits:cluster_detail", cluster.pk)


def _meetings(request):
    return ClusterMeeting.objects.filter(cluster__in=_clusters(request)).select_related("cluster__owner", "host_unit")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_object_or_404(_meetings(request), pk=pk)
    can_manage = permissions.can_manage_cluster(request.user, meeting.cluster)
    units = meeting.cluster.units.order_by("sort_key")
    initial = {
        "scheduled_on": meeting.scheduled_on,
        "held_on": meeting.held_on,
        "host_unit": meeting.host_unit_id,
        "minutes_text": meeting.minutes_text,
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST":
        permissions.require_manage_cluster(request.user, meeting.cluster)
    done = submit_form(
        request,
        form,
        lambda data: services.update_cluster_meeting(
            actor=request.user,
            meeting=meeting,
            # no file chosen: the minutes already kept stay
            **{key: value for key, value in data.items() if key != "minutes_file" or value},
        ),
        success=_("Đã lưu %(m)s.") % {"m": meeting.get_kind_display()},
        then=lambda _saved: ("visits:cluster_detail", meeting.cluster_id),
    )
    if done:
        return done
    context = {"meeting": meeting, "form": form if can_manage else None, "history": history_entries(meeting)}
    return render(request, "visits/meeting_form.html", context)


@login_required
def meeting_minutes(request, pk):
    meeting = get_object_or_404(_meetings(request), pk=pk)  # out of scope: 404 whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not meeting.minutes_file:
        raise Http404(_("Chưa có tệp biên bản."))
    name = meeting.minutes_file.name.rsplit("/", 1)[-1]
    return FileResponse(meeting.minutes_file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_form(request, unit=None, year=None, pk=None):
    """Create (``unit``, ``year``) or edit (``pk``) an emulation cluster: the organiser's managers."""
    cluster = get_object_or_404(_clusters(request), pk=pk) if pk else None
    owner = cluster.owner if cluster else _org(request, unit)
    year = cluster.year if cluster else year
    permissions.require_manage(request.user, owner)
    units = _district_units(owner)
    people = (
        Person.objects.visible_to(request.user)
        .filter(posts__unit=owner, posts__body__in=services.CLUSTER_BODIES)
        .distinct()
    )
    initial = {}
    if cluster:
        initial = {
            "name": cluster.name,
            "units": list(cluster.units.all()),
            "leader": cluster.leader,
            "deputy": cluster.deputy,
            "version": cluster.version,
        }
    form = ClusterForm(request.POST or None, initial=initial, units=units, people=people)
    done = submit_form(
        request,
        form,
        lambda data: services.save_cluster(
            actor=request.user,
            owner=owner,
            year=year,
            cluster=cluster,
            version=data["version"],
            name=data["name"],
            units=data["units"],
            leader=data["leader"],
            deputy=data["deputy"],
        ),
        success=lambda saved: _("Đã lưu cụm thi đua %(name)s.") % {"name": saved.name},
        then=lambda saved: ("visits:cluster_detail", saved.pk),
    )
    if done:
        return done
    return render(request, "visits/cluster_form.html", {"form": form, "owner": owner, "year": year, "cluster": cluster})
