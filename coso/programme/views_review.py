"""The committees' pages: the branch screen (every member's registration and self-assessment
side by side, evaluated all at once; the branch's own assessment), the base union's review,
the district's recognition, round reports and inspections, and the compiled round report.

Each page shows one period (``?round=<id>``, or ``nam`` for the year); every POST names its
``action``; refusals are shown on the page with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coso.core.errors import ConflictError, DomainError
from coso.core.views import submit_form
from coso.org.models import Unit, UnitLevel
from coso.programme import helpers, permissions, results, selectors, services
from coso.programme.forms import BranchSelfForm, InspectionForm, RecogniseForm, RoundReportForm
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    BranchAssessment,
    Inspection,
    ItemStatus,
    Outcome,
    Programme,
    Rating,
    Recognition,
    Registration,
    Round,
    RoundReport,
)
from coso.programme.permissions import BRANCH, RECOGNISE, REVIEW
from coso.programme.views import get_programme, get_unit

A = Assessment.State
AWAITING_BRANCH = {A.SUBMITTED, A.BASE_RETURNED}
# The district page's results waiting for recognition: 500 on one page were 200 kB of HTML.
REVIEWED_ON_PAGE = 100


def _int(value):
    return int(value) if str(value or "").isdigit() else None


def _period(request, programme, unit, capability=None):
    rounds = selectors.rounds_of(programme)
    rnd = selectors.pick_round(request.GET.get("round", ""), rounds, programme, unit, capability)
    return rounds, rnd


def _period_q(rnd, prefix=""):
    return Q(**{f"{prefix}round": rnd}) if rnd is not None else Q(**{f"{prefix}round__isnull": True})


def _query(rnd):
    return "?round=" + (str(rnd.pk) if rnd is not None else "nam")


def _errors(error):
    return [message for _code, message in error.violations]


def _action(request):
    """``("return", 12)`` from ``action=return:12``."""
    name, _sep, arg = request.POST.get("action", "").partition(":")
    return name, _int(arg)


def _page_version(record, editable, version):
    """The version a form's page was built on. A page opened before the record existed sends
    none: once another tab has created it, that page is as stale as one with an old version."""
    if version is None and record is not None and record.state in editable:
        raise ConflictError()
    return version


def _unit_of_kind(request, programme, unit_pk, kind):
    unit = get_unit(request, programme, unit_pk)
    if unit.level.kind != kind:
        raise Http404
    return unit


# --------------------------------------------------------------------------- the branch


def _branch_rows(request, programme, unit, rnd, bound, can_act=False):
    rows = selectors.branch_rows(programme, unit, rnd)
    today = timezone.localdate()
    for row in rows:
        a = row["assessment"]
        registration = row["registration"]
        row["awaiting"] = a is not None and a.state in AWAITING_BRANCH
        row["other_track"] = rnd is not None and registration is not None and registration.track_id != rnd.track_id
        # A member who has not self-assessed: the committee may enter their paper form.
        row["paper_entry"] = (
            can_act
            and registration is not None
            and registration.state == registration.State.SUBMITTED
            and not row["other_track"]
            and (rnd is None or rnd.starts_on <= today)
            and (a is None or a.state in Assessment.MEMBER_EDITABLE)
        )
        # ... or, where the programme allows it, evaluate the member directly (recorded as such).
        row["direct_entry"] = row["paper_entry"] and programme.direct_evaluation
        if a is None:
            continue
        counts = {"done": 0, "partly": 0, "not_done": 0}
        for entry in row["items"]:
            if entry["self_status"] in counts:
                counts[entry["self_status"]] += 1
        row["self_counts"] = counts if a.state not in Assessment.MEMBER_EDITABLE else None
        from_branch = a.state == A.BASE_RETURNED
        branch_first = from_branch or not row["awaiting"]
        for entry in row["items"]:
            # the branch's own level once it has given one, else what the member gave
            branch_given = branch_first and entry["branch_status"]
            start = entry["branch_status"] if branch_given else entry["self_status"]
            cid = entry["criterion_id"]
            key = f"b_{a.pk}_{cid}"
            entry["key"] = key
            entry["value"] = request.POST.get(key, start) if bound else start
            points = entry["branch_points"] if branch_given else None
            points = points if points is not None else entry["self_points"]
            entry["points_key"] = f"p_{a.pk}_{cid}"
            entry["points"] = request.POST.get(entry["points_key"], "") if bound else ("" if points is None else points)
            entry["note_key"] = f"n_{a.pk}_{cid}"
            entry["note"] = request.POST.get(entry["note_key"], "") if bound else entry["branch_note"]
        result = a.result if (from_branch or not row["awaiting"]) else ""
        row["result"] = request.POST.get(f"r_{a.pk}", result) if bound else result
        row["comment"] = request.POST.get(f"c_{a.pk}", a.branch_comment) if bound else a.branch_comment
        row["reason"] = request.POST.get(f"reason_{a.pk}", "") if bound else ""
    return rows


def _choices(pairs, empty_label):
    """``{value: <option>s with that value selected}`` for every value of ``pairs``, and for
    "" (nothing chosen; a value not among them selects nothing either)."""
    return {
        chosen: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            [("", "", empty_label)] + [(v, mark_safe(" selected") if v == chosen else "", label) for v, label in pairs],
        )
        for chosen in ["", *(v for v, _label in pairs)]
    }


def _present(rows, *, can_act, points_mode):
    """What the branch screen prints for each member and each item, made here once per page:
    at 50 members × 10 items the template engine spent most of the page's time on the
    displays of choices (each ``get_…_display`` hashes every lazy label), on translations
    and on each select's options. The texts keep the template's message ids."""
    statuses = [(value, str(label)) for value, label in ItemStatus.choices]
    outcomes = [(value, str(label)) for value, label in Outcome.choices]
    names = dict(statuses)
    results_shown = dict(outcomes)
    registration_states = {value: str(label) for value, label in Registration.State.choices}
    assessment_states = {value: str(label) for value, label in Assessment.State.choices}
    item_options = _choices(statuses, "—")
    result_options = _choices(outcomes, _("— chưa đánh giá —"))
    points_word = _("điểm")
    status_label = _("Chi đoàn đánh giá %(m)s: %(t)s")
    points_label = _("Điểm đạt được của %(m)s: %(t)s (nếu hoàn thành một phần)")
    note_label = _("Nhận xét của chi đoàn về %(m)s: %(t)s")
    registered = _("đăng ký %(n)s điểm")
    self_summary = _("tự đánh giá: %(d)s hoàn thành, %(p)s một phần, %(n)s chưa")

    def shown(status, points):
        if not status:
            return ""
        text = names.get(status, status)
        return text if points is None else f"{text} ({points} {points_word})"

    for row in rows:
        a, registration = row["assessment"], row["registration"]
        editable = can_act and row.get("awaiting", False)
        row["editable"] = editable
        name = row["member"].full_name
        if registration is not None:
            row["registration_shown"] = registration_states.get(registration.state, registration.state)
        if a is not None:
            row["assessment_shown"] = assessment_states.get(a.state, a.state)
            row["result_shown"] = results_shown.get(a.result, a.result)
            n = len(row["items"])
            row["items_summary"] = ngettext("%(n)s nội dung đăng ký", "%(n)s nội dung đăng ký", n) % {"n": n}
        counts = row.get("self_counts")
        row["self_summary"] = (
            self_summary % {"d": counts["done"], "p": counts["partly"], "n": counts["not_done"]} if counts else ""
        )
        if editable:
            row["result_label"] = _("Kết quả chung của %(m)s") % {"m": name}
            row["result_options"] = result_options.get(row["result"], result_options[""])
        for entry in row["items"]:
            entry["registered_points"] = registered % {"n": entry["item_points"]} if entry["item_points"] else ""
            entry["self_shown"] = shown(entry["self_status"], entry["self_points"])
            if not editable:
                entry["branch_shown"] = shown(entry["branch_status"], entry["branch_points"])
                continue
            labels = {"m": name, "t": entry["title"]}
            entry["options"] = item_options.get(entry["value"], item_options[""])
            entry["status_label"] = status_label % labels
            entry["points_label"] = points_label % labels if points_mode else ""
            entry["note_label"] = note_label % labels
    return rows


def _evaluate(request, programme, unit, rnd, rows):
    """The committee's entries: only members whose overall result was chosen."""
    entries, versions = {}, {}
    for row in rows:
        a = row["assessment"]
        if a is None or not row["awaiting"]:
            continue
        result = request.POST.get(f"r_{a.pk}", "")
        if not result:
            continue
        items = {}
        for entry in row["items"]:
            cid = entry["criterion_id"]
            items[cid] = {
                "status": request.POST.get(f"b_{a.pk}_{cid}", ""),
                "points": _int(request.POST.get(f"p_{a.pk}_{cid}", "").strip()),
                "note": request.POST.get(f"n_{a.pk}_{cid}", ""),
            }
        entries[row["member"].pk] = {"result": result, "items": items, "comment": request.POST.get(f"c_{a.pk}", "")}
        versions[row["member"].pk] = _int(request.POST.get(f"v_{a.pk}"))
    return services.branch_evaluate_many(
        actor=request.user, branch=unit, programme=programme, round=rnd, results=entries, versions=versions
    )


@login_required
@require_http_methods(["GET", "POST"])
def branch(request, pk, unit_pk):
    programme = get_programme(request, pk)
    unit = _unit_of_kind(request, programme, unit_pk, UnitLevel.Kind.BRANCH)
    rounds, rnd = _period(request, programme, unit, BRANCH)
    can_act = permissions.can(request.user, BRANCH, unit)
    record = BranchAssessment.objects.filter(_period_q(rnd), branch=unit, programme=programme).first()
    problems, errors, bound = {}, [], False
    self_form = None
    if request.method == "POST":
        permissions.require(request.user, BRANCH, unit)
        name, arg = _action(request)
        try:
            if name == "fill_self":
                # Every listed member's item marks set to what that member self-assessed: only
                # what each gave (an item the member left empty stays empty), nothing saved yet.
                request.POST = request.POST.copy()
                for row in _branch_rows(request, programme, unit, rnd, bound=False):
                    if not row["awaiting"]:
                        continue
                    for entry in row["items"]:
                        request.POST[entry["key"]] = entry["self_status"]
                        given = entry["self_points"] if entry["self_status"] == ItemStatus.PARTLY else None
                        request.POST[entry["points_key"]] = "" if given is None else str(given)
                messages.info(
                    request,
                    _(
                        "Mỗi nội dung đã đặt theo đúng mức đoàn viên tự đánh giá (chưa lưu). Chọn kết quả chung"
                        " của từng đoàn viên rồi bấm «Lưu đánh giá»."
                    ),
                )
                bound = True
            elif name == "evaluate":
                rows = _branch_rows(request, programme, unit, rnd, bound=True)
                outcome = _evaluate(request, programme, unit, rnd, rows)
                if outcome.done:
                    messages.success(request, _("Đã đánh giá %(n)d đoàn viên.") % {"n": len(outcome.done)})
                problems = {s.member_id: s.message for s in outcome.skipped if s.code in ("incomplete", "stale")}
                if not problems:
                    if not outcome.done:
                        messages.info(request, _("Chưa chọn kết quả chung cho đoàn viên nào: chưa có gì được lưu."))
                    return redirect(request.path + _query(rnd))
                bound = True
                done_ids = {a.pk for a in outcome.done}
                request.POST = request.POST.copy()
                for key in [k for k in request.POST if k.split("_")[0] in ("r", "b", "p", "n", "c", "v")]:
                    parts = key.split("_")
                    if len(parts) > 1 and _int(parts[1]) in done_ids:
                        del request.POST[key]
            elif name == "return" and arg:
                assessment = get_object_or_404(
                    Assessment.objects.filter(registration__programme=programme, registration__member__unit=unit),
                    pk=arg,
                )
                services.return_assessment(
                    actor=request.user,
                    assessment=assessment,
                    reason=request.POST.get(f"reason_{arg}", ""),
                    version=_int(request.POST.get(f"v_{arg}")),
                )
                messages.success(
                    request, _("Đã trả lại đoàn viên %(n)s.") % {"n": assessment.registration.member.full_name}
                )
                bound = True
            elif name == "self":
                self_form = BranchSelfForm(request.POST, prefix="self")
                done = submit_form(
                    request,
                    self_form,
                    lambda data: services.branch_self_assess(
                        actor=request.user,
                        branch=unit,
                        programme=programme,
                        round=rnd,
                        rating=data["rating"],
                        summary=data["summary"],
                        strengths=data["strengths"],
                        weaknesses=data["weaknesses"],
                        version=_page_version(record, BranchAssessment.EDITABLE, data["version"]),
                    ),
                    success=_("Đã gửi bản tự đánh giá của chi đoàn lên Đoàn cơ sở."),
                    then=lambda _record: request.path + _query(rnd),
                )
                if done:
                    return done
            else:
                raise Http404
        except DomainError as error:
            errors = _errors(error)
            bound = True
    rows = _branch_rows(request, programme, unit, rnd, bound, can_act=can_act)
    if self_form is None and can_act and (record is None or record.state in BranchAssessment.EDITABLE):
        initial = {"version": record.version} if record else {}
        if record is not None:
            initial.update(
                rating=record.rating, summary=record.summary, strengths=record.strengths, weaknesses=record.weaknesses
            )
        self_form = BranchSelfForm(prefix="self", initial=initial)
    points_mode = programme.mode == Programme.Mode.POINTS
    _present(rows, can_act=can_act, points_mode=points_mode)
    for row in rows:
        row["problem"] = problems.get(row["member"].pk, "")
    context = {
        "programme": programme,
        "unit": unit,
        "rounds": rounds,
        "round": rnd,
        "rows": rows,
        "can_act": can_act,
        "record": record,
        "record_transitions": list(record.transitions.select_related("by")) if record else [],
        "self_form": self_form,
        "errors": errors,
        "points_placeholder": _("Điểm đạt được (nếu hoàn thành một phần)"),
        "note_placeholder": _("Nhận xét"),
        "points_mode": points_mode,
        "awaiting": sum(1 for r in rows if r.get("awaiting")),
    }
    return render(request, "programme/branch.html", context)


# --------------------------------------------------------------------------- the base union


def _with_done_counts(assessments):
    """The assessments with ``n_items``, ``n_done`` (items the branch marked done) and
    ``result_shown``, the counts from one grouped query on the items of the rows shown:
    annotated on the list itself, PostgreSQL grouped every joined column of every row (38 ms
    to plan, 60 to run for a district's 256 results)."""
    assessments = list(assessments)
    counts = {
        row["assessment_id"]: row
        for row in AssessmentItem.objects.filter(assessment__in=[a.pk for a in assessments])
        .values("assessment_id")
        .annotate(n_items=Count("id"), n_done=Count("id", filter=Q(branch_status=ItemStatus.DONE)))
        .order_by()
    }
    shown = {value: str(label) for value, label in Outcome.choices}  # not get_result_display per row
    for a in assessments:
        row = counts.get(a.pk, {})
        a.n_items, a.n_done = row.get("n_items", 0), row.get("n_done", 0)
        a.result_shown = shown.get(a.result, a.result)
    return assessments


@login_required
@require_http_methods(["GET", "POST"])
def base(request, pk, unit_pk):
    programme = get_programme(request, pk)
    unit = _unit_of_kind(request, programme, unit_pk, UnitLevel.Kind.BASE)
    rounds, rnd = _period(request, programme, unit, REVIEW)
    can_act = permissions.can(request.user, REVIEW, unit)
    report = RoundReport.objects.filter(unit=unit, round=rnd).first() if rnd else None
    errors, report_form = [], None
    if request.method == "POST":
        permissions.require(request.user, REVIEW, unit)
        name, arg = _action(request)
        try:
            if name == "review":
                outcome = services.base_review(
                    actor=request.user,
                    programme=programme,
                    base=unit,
                    round=rnd,
                    members=[_int(m) for m in request.POST.getlist("member") if _int(m)],
                    comment=request.POST.get("comment", ""),
                )
                messages.success(
                    request, _("Đã xem xét %(n)d kết quả, chuyển cấp trên công nhận.") % {"n": len(outcome.done)}
                )
            elif name == "return" and arg:
                assessment = get_object_or_404(
                    Assessment.objects.filter(
                        registration__programme=programme, registration__member__unit__path__startswith=unit.path
                    ),
                    pk=arg,
                )
                services.return_assessment(
                    actor=request.user, assessment=assessment, reason=request.POST.get(f"reason_{arg}", "")
                )
                messages.success(request, _("Đã trả lại chi đoàn."))
            elif name in ("review_branch", "return_branch") and arg:
                record = get_object_or_404(
                    BranchAssessment.objects.filter(programme=programme, branch__path__startswith=unit.path), pk=arg
                )
                version = _int(request.POST.get(f"bv_{arg}"))
                if name == "review_branch":
                    services.review_branch_assessment(
                        actor=request.user,
                        branch_assessment=record,
                        rating=request.POST.get(f"rating_{arg}", ""),
                        comment=request.POST.get(f"bcomment_{arg}", ""),
                        version=version,
                    )
                    messages.success(request, _("Đã đánh giá %(b)s.") % {"b": record.branch.name})
                else:
                    services.return_branch_assessment(
                        actor=request.user,
                        branch_assessment=record,
                        reason=request.POST.get(f"breason_{arg}", ""),
                        version=version,
                    )
                    messages.success(request, _("Đã trả lại %(b)s.") % {"b": record.branch.name})
            elif name == "report" and rnd is not None:
                report_form = RoundReportForm(request.POST, prefix="report")
                done = submit_form(
                    request,
                    report_form,
                    lambda data: services.record_round_report(
                        actor=request.user,
                        base=unit,
                        round=rnd,
                        held_on=data["held_on"],
                        activities=data["activities"],
                        participants=data["participants"],
                        youth_participants=data["youth_participants"],
                        notes=data["notes"],
                        version=_page_version(report, RoundReport.EDITABLE, data["version"]),
                    ),
                    success=_("Đã gửi báo cáo đợt %(r)s.") % {"r": rnd.roman},
                    then=lambda _report: request.path + _query(rnd),
                )
                if done:
                    return done
                raise _Handled  # the form shows what is wrong, next to its fields
            else:
                raise Http404
        except _Handled:
            pass
        except DomainError as error:
            errors = _errors(error)
        else:
            return redirect(request.path + _query(rnd))
    awaiting = _with_done_counts(
        Assessment.objects.filter(
            _period_q(rnd),
            registration__programme=programme,
            registration__member__unit__path__startswith=unit.path,
            state__in=[A.EVALUATED, A.DISTRICT_RETURNED],
        )
        .select_related("registration__member__unit", "evaluated_by__person", "self_entered_by__person")
        .order_by("registration__member__unit__path", "registration__member__sort_key")[:500]
    )
    branch_records = list(
        BranchAssessment.objects.filter(_period_q(rnd), programme=programme, branch__path__startswith=unit.path)
        .select_related("branch", "reviewed_by__person")
        .prefetch_related("transitions__by")
        .order_by("branch__path")
    )
    if rnd is not None and report_form is None and can_act and (report is None or report.state in RoundReport.EDITABLE):
        initial = {"participants": 0, "youth_participants": 0}
        if report is not None:
            initial = {
                f: getattr(report, f)
                for f in ("held_on", "activities", "participants", "youth_participants", "notes", "version")
            }
        report_form = RoundReportForm(prefix="report", initial=initial)
    context = {
        "programme": programme,
        "unit": unit,
        "rounds": rounds,
        "round": rnd,
        "can_act": can_act,
        "part": results.participation(programme=programme, unit=unit, round=rnd),
        "awaiting": awaiting,
        "branch_records": branch_records,
        "ratings": Rating.choices,
        "report": report,
        "report_transitions": list(report.transitions.select_related("by")) if report else [],
        "report_form": report_form,
        "errors": errors,
        "typed": request.POST if request.method == "POST" else {},
        "helper_rows": helpers.helpers_by_unit(programme, [unit]),
    }
    return render(request, "programme/base.html", context)


class _Handled(Exception):
    """A form already shows the refusal next to its fields."""


# --------------------------------------------------------------------------- the district


@login_required
@require_http_methods(["GET", "POST"])
def district(request, pk, unit_pk):
    programme = get_programme(request, pk)
    unit = get_unit(request, programme, unit_pk)
    if unit.level.kind not in (UnitLevel.Kind.DISTRICT, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.CENTRAL):
        raise Http404
    rounds, rnd = _period(request, programme, unit, RECOGNISE)
    can_act = permissions.can(request.user, RECOGNISE, unit)
    bases = list(Unit.objects.filter(path__startswith=unit.path, level__kind=UnitLevel.Kind.BASE).order_by("path"))
    errors, recognise_form, inspection_form = [], None, None
    inspect_units = Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth).order_by("path")
    if request.method == "POST":
        permissions.require(request.user, RECOGNISE, unit)
        name, arg = _action(request)
        try:
            if name == "recognise" and arg:
                target = next((b for b in bases if b.pk == arg), None)
                if target is None:
                    raise Http404
                recognise_form = RecogniseForm(request.POST, prefix="rec")
                recognise_form.is_valid()
                data = recognise_form.cleaned_data
                recognition = services.district_recognise(
                    actor=request.user,
                    programme=programme,
                    base=target,
                    round=rnd,
                    number=data.get("number") or "",
                    decided_on=data.get("decided_on"),
                    comment=data.get("comment") or "",
                )
                messages.success(
                    request,
                    _("Đã công nhận %(m)d đoàn viên, %(b)d chi đoàn của %(u)s.")
                    % {"m": recognition.members_recognised, "b": recognition.branches_recognised, "u": target.name},
                )
            elif name in ("return", "return_branch") and arg:
                model = Assessment if name == "return" else BranchAssessment
                field = (
                    "registration__member__unit__path__startswith" if name == "return" else "branch__path__startswith"
                )
                record = get_object_or_404(model.objects.filter(**{field: unit.path}), pk=arg)
                reason = request.POST.get(f"reason_{arg}" if name == "return" else f"breason_{arg}", "")
                if name == "return":
                    services.return_assessment(actor=request.user, assessment=record, reason=reason)
                else:
                    services.return_branch_assessment(actor=request.user, branch_assessment=record, reason=reason)
                messages.success(request, _("Đã trả lại Đoàn cơ sở."))
            elif name in ("accept_report", "return_report") and arg:
                report = get_object_or_404(RoundReport.objects.filter(unit__path__startswith=unit.path), pk=arg)
                version = _int(request.POST.get(f"rv_{arg}"))
                if name == "accept_report":
                    services.accept_round_report(
                        actor=request.user,
                        report=report,
                        comment=request.POST.get(f"rcomment_{arg}", ""),
                        version=version,
                    )
                    messages.success(request, _("Đã tiếp nhận báo cáo đợt."))
                else:
                    services.return_round_report(
                        actor=request.user,
                        report=report,
                        reason=request.POST.get(f"rcomment_{arg}", ""),
                        version=version,
                    )
                    messages.success(request, _("Đã trả lại báo cáo đợt."))
            elif name == "inspect" and rnd is not None:
                inspection_form = InspectionForm(request.POST, prefix="insp", units=inspect_units, under=(unit.pk,))
                done = submit_form(
                    request,
                    inspection_form,
                    lambda data: services.record_inspection(
                        actor=request.user,
                        district=unit,
                        round=rnd,
                        unit=data["unit"],
                        inspected_on=data.get("inspected_on"),
                        findings=data.get("findings") or "",
                        recommendations=data.get("recommendations") or "",
                        rating=data.get("rating") or "",
                    ),
                    success=_("Đã ghi kết quả kiểm tra."),
                    then=lambda _inspection: request.path + _query(rnd),
                )
                if done:
                    return done
                raise _Handled  # the form shows what is wrong, next to its fields
            else:
                raise Http404
        except _Handled:
            pass
        except DomainError as error:
            errors = _errors(error)
        else:
            return redirect(request.path + _query(rnd))
    # The stages per base union (the page shows no member counts, no total).
    per_base = results.by_units(
        programme=programme,
        unit=unit,
        targets=bases,
        cell_map=results.cells(programme=programme, unit=unit, round=rnd, members=False),
    )
    base_rows = [{"unit": b, **per_base.get(b.pk, results.blank())} for b in bases]
    # The results waiting for recognition, a page at a time (the district recognises a whole
    # base union at once from the table above; this list is read, and returned row by row).
    reviewed = Paginator(
        Assessment.objects.filter(
            _period_q(rnd),
            registration__programme=programme,
            registration__member__unit__path__startswith=unit.path,
            state=A.REVIEWED,
        )
        .select_related("registration__member__unit", "reviewed_by__person", "evaluated_by__person")
        .order_by("registration__member__unit__path", "registration__member__sort_key", "id"),
        REVIEWED_ON_PAGE,
    ).get_page(request.GET.get("page"))
    reviewed.object_list = _with_done_counts(reviewed.object_list)
    context = {
        "programme": programme,
        "unit": unit,
        "rounds": rounds,
        "round": rnd,
        "can_act": can_act,
        "base_rows": base_rows,
        "reviewed": reviewed,
        "reviewed_query": _query(rnd)[1:],
        "branch_records": list(
            BranchAssessment.objects.filter(
                _period_q(rnd),
                programme=programme,
                branch__path__startswith=unit.path,
                state=BranchAssessment.State.REVIEWED,
            ).select_related("branch", "reviewed_by__person")
        ),
        "reports": list(
            RoundReport.objects.filter(round=rnd, unit__path__startswith=unit.path)
            .select_related("unit")
            .prefetch_related("transitions__by")
        )
        if rnd
        else [],
        "inspections": list(
            Inspection.objects.filter(round=rnd, unit__path__startswith=unit.path).select_related("unit")
        )
        if rnd
        else [],
        "recognitions": list(
            Recognition.objects.filter(_period_q(rnd), programme=programme, unit__path__startswith=unit.path)
            .select_related("unit", "by")
            .order_by("-at")
        ),
        "recognise_form": recognise_form or RecogniseForm(prefix="rec"),
        "inspection_form": inspection_form
        or (InspectionForm(prefix="insp", units=inspect_units, under=(unit.pk,)) if rnd else None),
        "errors": errors,
        "typed": request.POST if request.method == "POST" else {},
    }
    return render(request, "programme/district.html", context)


@login_required
def round_report(request, pk, unit_pk, round_pk):
    """The district's report on a round to its Standing Committee, compiled from the records."""
    programme = get_programme(request, pk)
    unit = get_unit(request, programme, unit_pk)
    rnd = get_object_or_404(Round.objects.filter(track__programme=programme), pk=round_pk)
    report = services.compile_round_report(district=unit, round=rnd, actor=request.user)
    return render(
        request, "programme/round_report.html", {"programme": programme, "unit": unit, "report": report, "round": rnd}
    )
