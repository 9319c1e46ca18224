"""Pages of /visits/trips/import/: recorded visits from .xlsx (``visit_import``).

Only a user who may record visits for at least one cadre (``permissions.can_act_for_cadre``:
their own as a working cadre, or the cadres where they manage visits) gets in, else 403. The
uploaded file waits in the database (``imports.services.park_upload``, never in the session)
under a random token between the preview and the commit; another user's token is a 404. The commit checks the whole
file again inside its transaction.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.core.errors import DomainError
from coso.imports import services as imports
from coso.imports.export import bytes_response
from coso.visits.visit_import import MAX_BYTES, VisitImport, error_rows, read, require_import, template_bytes

KIND = "visits"


def _store(request, name, content):
    return imports.park_upload(actor=request.user, kind=KIND, name=name, content=content)


def _forget(request, token):
    imports.drop_upload(actor=request.user, kind=KIND, token=token)


def _importer(request, token):
    parked = imports.parked_upload(actor=request.user, kind=KIND, token=token)
    if parked is None:
        raise Http404
    name, content = parked
    sheet = read(name, content)
    return name, VisitImport(actor=request.user, sheet=sheet)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    require_import(request.user)
    error = None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            error = _("Hãy chọn tệp .xlsx để tải lên.")
        else:
            name = (uploaded.name or "").rsplit("/", 1)[-1][:255]
            try:
                if uploaded.size is not None and uploaded.size > MAX_BYTES:
                    raise DomainError("file_too_large", _("Tệp quá lớn: tệp chuyến đi cơ sở không quá 2 MB."))
                content = b"".join(uploaded.chunks())
                read(name, content)  # refuse hostile or unreadable files at once
            except DomainError as exc:
                error = exc.message
            else:
                return redirect("visits:import_preview", _store(request, name, content))
    return render(request, "visits/import_start.html", {"error": error}, status=400 if error else 200)


@login_required
@require_GET
def import_template(request):
    require_import(request.user)
    return bytes_response("mau-chuyen-di-co-so.xlsx", template_bytes(request.user))


@login_required
@require_GET
def import_preview(request, token):
    require_import(request.user)
    name, importer = _importer(request, token)
    outcome = importer.check()
    context = {"token": token, "name": name, "outcome": outcome, "rows": importer.done}
    return render(request, "visits/import_preview.html", context)


@login_required
@require_GET
def import_errors(request, token):
    require_import(request.user)
    name, importer = _importer(request, token)
    outcome = importer.check()
    stem = name.rsplit(".", 1)[0] or "chuyen-di"
    return bytes_response(f"{stem}-cac-dong-loi.xlsx", error_rows(importer.sheet, outcome))


@login_required
@require_POST
def import_commit(request, token):
    require_import(request.user)
    _name, importer = _importer(request, token)
    try:
        visits = importer.commit()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("visits:import_preview", token)
    _forget(request, token)
    return render(request, "visits/import_done.html", {"visits": visits})
