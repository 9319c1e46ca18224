"""The page views' one way to write: validate the form, call one service, put a refusal on the
form's fields, or say it was done and redirect (post/redirect/get)."""

from django.contrib import messages
from django.shortcuts import redirect

from coso.core.errors import DomainError
from coso.core.forms import add_domain_error


def submit_form(request, form, action, *, then, success=None, error_field=None):
    """On a POST whose ``form`` is valid, call ``action(form.cleaned_data)`` (the service).

    - a ``DomainError`` goes on the form, each violation next to its field (what was typed
      stays), and None is returned: the view renders the form again;
    - otherwise ``success`` (text, or a callable on the service's result) is flashed and the
      redirect to ``then(result)`` is returned (a URL, an object with ``get_absolute_url``,
      or a tuple ``(url name, *args)``). A callable that gives nothing flashes nothing (the
      action said something else itself, e.g. "already recorded").

    A refusal naming no field of the form goes on ``error_field`` when given (e.g. an upload's
    file), else on top of the form.

    On a GET, or when the form is invalid, nothing is called and None is returned::

        form = EditVisitForm(request.POST or None, initial=...)
        if done := submit_form(request, form, lambda data: services.update_visit(actor=request.user, **data),
                               then=lambda visit: ("visits:visit_detail", visit.pk), success=_("Đã lưu.")):
            return done
        return render(request, "visits/visit_form.html", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error, default_field=error_field)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    target = then(result)
    return redirect(*target) if isinstance(target, tuple) else redirect(target)
