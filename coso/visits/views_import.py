"""Pages of /visits/trips/import/: recorded visits from .xlsx (``visit_import``).

Only a user who may record visits for at least one cadre (``permissions.can_act_for_cadre``:
their own as a working cadre, or the cadres where they manage visits) gets in, else 403. The
uploaded file waits in the user's session (small: 2 MB at most) under a random token between
the preview and the commit; another session's token is a 404. The commit checks the whole
file again inside its transaction.
"""

import base64
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.core.errors import DomainError
from coso.imports.export import bytes_response
from coso.visits.visit_import import MAX_BYTES, VisitImport, error_rows, read, require_import, template_bytes

SESSION_KEY = "visits_import"
KEEP_UPLOADS = 3


def _uploads(request):
    return request.session.get(SESSION_KEY, {})


def _store(request, name, content):
    uploads = dict(_uploads(request))
    while len(uploads) >= KEEP_UPLOADS:
        uploads.pop(next(iter(uploads)))
    token = secrets.token_urlsafe(12)
    uploads[token] = {"name": name, "content": base64.b64encode(content).decode("ascii")}
    request.session[SESSION_KEY] = uploads
    return token


def _forget(request, token):
    uploads = dict(_uploads(request))
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


def _importer(request, token):
    entry = _uploads(request).get(token)
    if not entry:
        raise Http404
    name = entry["name"]
    sheet = read(name, base64.b64decode(entry["content"]))
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
