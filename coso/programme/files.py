"""Views of /programme/files/: the registration form paper (.docx or PDF) and the import of a
branch's paper registration forms from .xlsx.

Scope as everywhere: a record or unit the user may not see is a 404; the import needs the
branch committee's capability (``PROGRAMME_BRANCH``) over the branch, else 403. The
uploaded file waits in the database (``imports.services.park_upload``, never in the session)
between the preview and the commit; the commit checks the whole file again inside its
transaction.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.documents import kinds
from coso.documents.serve import paper_response
from coso.imports import services as imports
from coso.imports.export import bytes_response
from coso.org.models import Unit, UnitLevel
from coso.programme import permissions
from coso.programme.models import Programme, RoundReport
from coso.programme.registration_import import RegistrationImport, error_rows, read, template_bytes

# --------------------------------------------------------------------------- the paper


def _serve(request, code, pk, fmt, key=""):
    obj = get_object_or_404(kinds.get(code).records(request.user), pk=pk)
    return paper_response(request, code, obj, fmt, key)


@login_required
@require_GET
def registration_paper(request, pk, fmt):
    return _serve(request, "programme.registration", pk, fmt)


@login_required
@require_GET
def round_report_detail(request, pk):
    """A base union's report on a round, with its paper one click away."""
    report = get_object_or_404(
        RoundReport.objects.visible_to(request.user).select_related("unit", "round__track__programme"), pk=pk
    )
    return render(request, "programme_files/round_report.html", {"report": report})


@login_required
@require_GET
def round_report_paper(request, pk, fmt):
    return _serve(request, "programme.round_report", pk, fmt)


@login_required
@require_GET
def district_round_paper(request, round_pk, unit_pk, fmt):
    """The district's compiled report on a round: the round and the district both in scope."""
    kind = kinds.get("programme.district_round")
    rnd = get_object_or_404(kind.records(request.user), pk=round_pk)
    if not kind.key_visible(request.user, rnd, str(unit_pk)):
        raise Http404
    return paper_response(request, kind.code, rnd, fmt, str(unit_pk))


# --------------------------------------------------------------------------- the import


def _programme_and_branch(user, programme_id, branch_id):
    """The programme and the branch, visible (else 404), the user being its committee (else 403)."""
    programme = get_object_or_404(Programme.objects.visible_to(user).select_related("owner"), pk=programme_id)
    branch = get_object_or_404(scoping.visible_units(user).select_related("level"), pk=branch_id)
    if not branch.path.startswith(programme.owner.path):
        raise Http404
    if not permissions.can(user, permissions.BRANCH, branch):
        raise PermissionDenied(permissions.MESSAGES[permissions.BRANCH])
    return programme, branch


KIND = "programme_registrations"


def _target(programme, branch):
    return {"programme": programme.pk, "branch": branch.pk}


def _stored(request, programme, branch, token):
    parked = imports.parked_upload(actor=request.user, kind=KIND, token=token, target=_target(programme, branch))
    if parked is None:
        raise Http404
    return parked


def _store(request, programme, branch, name, content):
    return imports.park_upload(
        actor=request.user, kind=KIND, name=name, content=content, target=_target(programme, branch)
    )


def _forget(request, token):
    imports.drop_upload(actor=request.user, kind=KIND, token=token)


def _importer(request, programme, branch, token):
    name, content = _stored(request, programme, branch, token)
    sheet = read(name, content)
    return name, RegistrationImport(actor=request.user, programme=programme, branch=branch, sheet=sheet)


@login_required
@require_GET
def import_start(request):
    """The branches where the user may import, each with the programmes that apply to it."""
    user = request.user
    branches = list(
        Unit.objects.filter(
            scoping.unit_q(user, permissions.BRANCH), level__kind=UnitLevel.Kind.BRANCH, is_active=True
        ).order_by("sort_key")[:200]
    )
    if not branches and not scoping.holds(user, permissions.BRANCH):
        raise PermissionDenied(permissions.MESSAGES[permissions.BRANCH])
    programmes = list(Programme.objects.visible_to(user).select_related("owner").order_by("-year", "name")[:50])
    rows = [(branch, [p for p in programmes if branch.path.startswith(p.owner.path)]) for branch in branches]
    return render(request, "programme_files/import_start.html", {"rows": [r for r in rows if r[1]]})


@login_required
@require_GET
def import_template(request, programme, branch):
    programme, branch = _programme_and_branch(request.user, programme, branch)
    content = template_bytes(programme, branch)
    return bytes_response(f"mau-dang-ky-{programme.year}-{branch.code or branch.pk}.xlsx", content)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, programme, branch):
    programme, branch = _programme_and_branch(request.user, programme, branch)
    error = None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            error = _("Hãy chọn tệp .xlsx để tải lên.")
        else:
            name = (uploaded.name or "").rsplit("/", 1)[-1][:255]
            try:
                if uploaded.size is not None and uploaded.size > 2 * 1024 * 1024:
                    raise DomainError("file_too_large", _("Tệp quá lớn: tệp đăng ký của một chi đoàn không quá 2 MB."))
                content = b"".join(uploaded.chunks())
                read(name, content)  # refuse hostile or unreadable files at once
            except DomainError as exc:
                error = exc.message
            else:
                token = _store(request, programme, branch, name, content)
                return redirect("programme_files:import_preview", programme.pk, branch.pk, token)
    return render(
        request,
        "programme_files/import_upload.html",
        {"programme": programme, "branch": branch, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_GET
def import_preview(request, programme, branch, token):
    programme, branch = _programme_and_branch(request.user, programme, branch)
    name, importer = _importer(request, programme, branch, token)
    outcome = importer.check()
    return render(
        request,
        "programme_files/import_preview.html",
        {
            "programme": programme,
            "branch": branch,
            "token": token,
            "name": name,
            "outcome": outcome,
            "forms": list(importer.forms.values()),
            "skipped": importer.skipped,
        },
    )


@login_required
@require_GET
def import_errors(request, programme, branch, token):
    programme, branch = _programme_and_branch(request.user, programme, branch)
    name, importer = _importer(request, programme, branch, token)
    outcome = importer.check()
    stem = name.rsplit(".", 1)[0] or "dang-ky"
    return bytes_response(f"{stem}-cac-dong-loi.xlsx", error_rows(importer.sheet, outcome))


@login_required
@require_POST
def import_commit(request, programme, branch, token):
    programme, branch = _programme_and_branch(request.user, programme, branch)
    _name, importer = _importer(request, programme, branch, token)
    try:
        registrations = importer.commit()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme_files:import_preview", programme.pk, branch.pk, token)
    _forget(request, token)
    return render(
        request,
        "programme_files/import_done.html",
        {
            "programme": programme,
            "branch": branch,
            "registrations": sorted(registrations, key=lambda r: (r.member.sort_key, r.pk)),
            "again": reverse("programme_files:import_upload", args=[programme.pk, branch.pk]),
        },
    )
