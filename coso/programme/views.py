"""Pages of the members' programme: the landing page (what the viewer must do), setting up a
programme, and the results of any unit. Registration and self-assessment are in
``views_member``, the branch, base-union and district steps in ``views_review``.

Reads only through ``visible_to(user)`` (out of scope: 404); writes only through ``services``;
a refusal (``DomainError``) is shown next to the fields and what was typed is kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coso.core.errors import DomainError
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org.models import Unit, UnitLevel
from coso.programme import helpers, permissions, results, selectors, services
from coso.programme.forms import CriterionForm, PointsGroupForm, ProgrammeForm, RoundForm, TrackForm
from coso.programme.models import Assessment, Criterion, Outcome, Programme, Registration, Round
from coso.programme.permissions import MANAGE

MEMBERS_ON_PAGE = 200
# The results tables' files, named in Vietnamese like every other export.
RESULT_FILES = {
    "branches": "theo-chi-doan",
    "criteria": "theo-tieu-chi",
    "members": "xep-loai-doan-vien",
    "units": "thi-dua-don-vi",
}


def person_of(request):
    return request.user.person if getattr(request.user, "person_id", None) else None


def programmes(request):
    return Programme.objects.visible_to(request.user).select_related("owner")


def get_programme(request, pk):
    return get_object_or_404(programmes(request), pk=pk)


def get_unit(request, programme, unit_pk):
    """A unit the viewer sees, inside the programme's organisation; else 404."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_pk)
    if not selectors.in_programme(programme, unit):
        raise Http404
    return unit


# --------------------------------------------------------------------------- home


@login_required
def home(request):
    user = request.user
    person = person_of(request)
    visible = list(programmes(request).order_by("-year", "owner__path")[:12])
    mine = []
    if person is not None and person.is_member:
        regs = {r.programme_id: r for r in Registration.objects.filter(member=person, programme__in=visible)}
        rounds = {}
        for rnd in Round.objects.filter(track__programme__in=visible).order_by("number"):
            rounds.setdefault(rnd.track_id, []).append(rnd)
        assessed = {}
        if regs:
            for a in Assessment.objects.filter(registration__in=list(regs.values())):
                assessed[(a.registration_id, a.round_id)] = a
        today = timezone.localdate()
        for programme in visible:
            if not selectors.in_programme(programme, person.unit):
                continue
            registration = regs.get(programme.pk)
            todo = []
            if registration is not None and registration.state == Registration.State.SUBMITTED:
                for rnd in rounds.get(registration.track_id, []):
                    if rnd.starts_on <= today:
                        a = assessed.get((registration.pk, rnd.pk))
                        todo.append({"round": rnd, "assessment": a})
            mine.append({"programme": programme, "registration": registration, "rounds": todo})
    context = {
        "programmes": visible,
        "mine": mine,
        "inbox": selectors.inbox(user, visible),
        "can_manage": _owners(request).exists(),
    }
    return render(request, "programme/home.html", context)


# --------------------------------------------------------------------------- set-up


def _owners(request):
    units = Unit.objects.visible_to(request.user).filter(
        level__kind__in=[UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT]
    )
    paths = permissions.paths_with(request.user, MANAGE)
    if paths is None:
        return units.order_by("path")
    ids = [u.pk for u in units.order_by("path") if any(u.path.startswith(p) for p in paths)]
    return Unit.objects.filter(pk__in=ids).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    owners = _owners(request)
    today = timezone.localdate()
    form = ProgrammeForm(request.POST or None, owners=owners, initial={"year": today.year, "owner": owners.first()})
    if done := submit_form(
        request,
        form,
        lambda data: services.create_programme(actor=request.user, **data),
        then=lambda programme: ("programme:detail", programme.pk),
        success=lambda programme: _("Đã tạo chương trình «%(n)s».") % {"n": programme.name},
    ):
        return done
    return render(request, "programme/form.html", {"form": form, "title": _("Chương trình Rèn luyện và hành động mới")})


def _setup_context(request, programme, forms=None):
    can_manage = permissions.can(request.user, MANAGE, programme.owner)
    tracks = list(programme.tracks.prefetch_related("rounds"))
    criteria = list(Criterion.objects.filter(programme=programme).select_related("target_group", "points_group"))
    groups = {}
    for criterion in criteria:
        key = criterion.target_group.name if criterion.target_group_id else _("Mọi đối tượng")
        groups.setdefault(key, {"training": [], "action": []})[criterion.kind].append(criterion)
    forms = forms or {}
    if can_manage:
        forms.setdefault("track", TrackForm(prefix="track"))
        forms.setdefault("round", RoundForm(prefix="round", programme=programme))
        forms.setdefault("criterion", CriterionForm(prefix="criterion", programme=programme))
        if programme.mode == Programme.Mode.POINTS:
            forms.setdefault("group", PointsGroupForm(prefix="group"))
    return {
        "programme": programme,
        "tracks": tracks,
        "catalogue": sorted(groups.items(), key=lambda kv: (kv[0] != _("Mọi đối tượng"), kv[0])),
        "points_groups": list(programme.points_groups.all()),
        "can_manage": can_manage,
        "forms": forms,
        "rounds": [r for t in tracks for r in t.rounds.all()],
        "helper_rows": helpers.helpers_by_unit(
            programme, helpers.base_units(programme).filter(pk__in=Unit.objects.visible_to(request.user).values("pk"))
        ),
    }


@login_required
def programme_detail(request, pk):
    programme = get_programme(request, pk)
    return render(request, "programme/detail.html", _setup_context(request, programme))


@login_required
@require_POST
def direct_evaluation(request, pk):
    """The programme's owner allows (or stops) the branch evaluating a member directly."""
    programme = get_programme(request, pk)
    version = request.POST.get("version", "")
    try:
        services.update_programme(
            actor=request.user,
            programme=programme,
            version=int(version) if version.isdigit() else None,
            direct_evaluation=request.POST.get("allow") == "1",
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã lưu thiết lập đánh giá trực tiếp."))
    return redirect("programme:detail", programme.pk)


ADDERS = {
    "track": (TrackForm, lambda p, d: services.add_track(programme=p, **d), gettext_lazy("Đã thêm khối.")),
    "round": (RoundForm, lambda p, d: services.add_round(**d), gettext_lazy("Đã thêm đợt.")),
    "criterion": (
        CriterionForm,
        lambda p, d: services.add_criterion(programme=p, **d),
        gettext_lazy("Đã thêm tiêu chí."),
    ),
    "group": (
        PointsGroupForm,
        lambda p, d: services.add_points_group(programme=p, **d),
        gettext_lazy("Đã thêm nhóm tiêu chí."),
    ),
}


@login_required
@require_POST
def programme_add(request, pk, what):
    programme = get_programme(request, pk)
    if what not in ADDERS:
        raise Http404
    form_class, add, done = ADDERS[what]
    kwargs = {"programme": programme} if form_class in (RoundForm, CriterionForm) else {}
    form = form_class(request.POST, prefix=what, **kwargs)

    def write(data):
        permissions.require(request.user, MANAGE, programme.owner)
        data = {k: v for k, v in data.items() if not (k == "order" and v is None)}
        return add(programme, dict(data, actor=request.user))

    if response := submit_form(request, form, write, then=lambda _r: ("programme:detail", programme.pk), success=done):
        return response
    return render(request, "programme/detail.html", _setup_context(request, programme, {what: form}), status=200)


# --------------------------------------------------------------------------- results


def _results_data(request, programme):
    rounds = selectors.rounds_of(programme)
    units = Unit.objects.visible_to(request.user).filter(path__startswith=programme.owner.path)
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = units.filter(pk=int(request.GET["unit"])).first()
    if unit is None:
        unit = units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    rnd = selectors.pick_round(request.GET.get("round", ""), rounds, programme, unit)
    parent = Unit.objects.get_parent(unit) if unit.path != programme.owner.path else None
    part = results.participation(programme=programme, unit=unit, round=rnd, user=request.user)
    return {
        "programme": programme,
        "unit": unit,
        "parent": parent if parent is not None and units.filter(pk=parent.pk).exists() else None,
        "children": list(units.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("sort_key")[:500]),
        "rounds": rounds,
        "round": rnd,
        "part": part,
        "criteria": results.criterion_completion(programme=programme, unit=unit, round=rnd),
        "emulation": results.emulation_input(programme=programme, unit=unit),
    }


def _classification_rows(data, limit=None):
    """The members' year-end figures, sorted by name (the first ``limit`` on a page), read a
    page at a time from the database: ``(total, rows)``."""
    total, rows = results.classification_page(programme=data["programme"], unit=data["unit"], limit=limit)
    return total, _label_results(rows)


def _label_results(rows):
    labels = dict(Outcome.choices)
    for row in rows:
        row["result_label"] = labels.get(row["result"], "")
    return rows


@login_required
def results_page(request, pk):
    programme = get_programme(request, pk)
    data = _results_data(request, programme)
    # The members a page at a time (keyset cursors after=/before= on (sort_key, id)); the
    # figures above stay those of the whole unit.
    data["members_page"], data["members"] = results.classification_keyset(
        programme=programme, unit=data["unit"], params=request.GET, per_page=MEMBERS_ON_PAGE
    )
    _label_results(data["members"])
    emulation = data["emulation"]
    data["chart"] = {
        "labels": [row["name"] for row in emulation],
        "datasets": [
            {"label": str(_("Đoàn viên")), "data": [row["members"] for row in emulation]},
            {"label": str(_("Đã đăng ký")), "data": [row["registered"] for row in emulation]},
            {"label": str(_("Chi đoàn đã đánh giá")), "data": [row["evaluated"] for row in emulation]},
            {"label": str(_("Đã công nhận")), "data": [row["recognised"] for row in emulation]},
        ],
    }
    query = request.GET.copy()
    for name in ("page", "after", "before", "n"):
        query.pop(name, None)
    data["query"] = query.urlencode()
    return render(request, "programme/results.html", data)


def _pct(value):
    return float(value * 100) if value is not None else None


@login_required
def results_export(request, pk):
    programme = get_programme(request, pk)
    data = _results_data(request, programme)
    table = request.GET.get("table", "branches")
    if table == "criteria":
        headers = [
            _("Mã"),
            _("Tiêu chí"),
            _("Loại"),
            _("Đối tượng"),
            _("Số đăng ký"),
            _("Hoàn thành"),
            _("Một phần"),
            _("Chưa hoàn thành"),
            _("Tỉ lệ hoàn thành (%)"),
        ]
        rows = [
            [
                c["code"],
                c["title"],
                c["kind"],
                c["target_group"],
                c["registered"],
                c["done"],
                c["partly"],
                c["not_done"],
                _pct(c["completion_rate"]),
            ]
            for c in data["criteria"]
        ]
    elif table == "members":
        headers = [
            _("Đoàn viên"),
            _("Chi đoàn"),
            _("Đã đánh giá"),
            _("Số nội dung"),
            _("Hoàn thành"),
            _("Một phần"),
            _("Chưa hoàn thành"),
            _("Kết quả"),
            _("Đã công nhận"),
        ]
        rows = [
            [
                r["person"].full_name,
                r["person"].unit.name,
                _("có") if r["evaluated"] else _("chưa"),
                r["items"],
                r["done"],
                r["partly"],
                r["not_done"],
                r["result_label"],
                _("có") if r["recognised"] else _("chưa"),
            ]
            for r in _classification_rows(data)[1]
        ]
    elif table == "units":
        headers = [
            _("Đơn vị"),
            _("Đoàn viên"),
            _("Đăng ký"),
            _("Đã đánh giá"),
            _("Đã công nhận"),
            _("Tỉ lệ hoàn thành (%)"),
            _("Báo cáo đợt"),
            _("Lần kiểm tra"),
            _("Chi đoàn được công nhận"),
        ]
        rows = [
            [
                r["name"],
                r["members"],
                r["registered"],
                r["evaluated"],
                r["recognised"],
                _pct(r["completion_rate"]),
                r["round_reports"],
                r["inspections"],
                r["branch_assessments_recognised"],
            ]
            for r in data["emulation"]
        ]
    else:
        headers = [
            _("Chi đoàn"),
            _("Đoàn viên"),
            _("Đăng ký"),
            _("Tự đánh giá"),
            _("Chi đoàn đánh giá"),
            _("Cơ sở xem xét"),
            _("Công nhận"),
            _("Tỉ lệ hoàn thành (%)"),
        ]
        rows = [
            [
                r["name"],
                r["members"],
                r["registered"],
                r["self_assessed"],
                r["evaluated"],
                r["reviewed"],
                r["recognised"],
                _pct(r["completion_rate"]),
            ]
            for r in data["part"]["by_branch"]
        ]
    return xlsx_response(
        f"ren-luyen-{programme.year}-{RESULT_FILES.get(table, RESULT_FILES['branches'])}.xlsx",
        headers,
        rows,
        sheet_title=_("Kết quả"),
    )
