"""The page of the district's helpers of its base unions (issue 5 item 3): who follows which
base union under the grassroots-visit assignments, and the helpers the district adds in the
programme where nobody does. Reads through ``visible_to``; writes through ``helpers``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.core.errors import DomainError
from coso.core.views import submit_form
from coso.org.models import Unit
from coso.programme import helpers, permissions
from coso.programme.forms import HelperForm
from coso.programme.models import Helper
from coso.programme.permissions import MANAGE
from coso.programme.views import get_programme


def _form(programme, rows, data=None):
    free = [row["unit"].pk for row in rows if not row["followers"]]
    return HelperForm(
        data,
        prefix="helper",
        units=Unit.objects.filter(pk__in=free).order_by("sort_key"),
        people=helpers.candidates(programme),
    )


@login_required
@require_http_methods(["GET", "POST"])
def helpers_page(request, pk):
    programme = get_programme(request, pk)
    units = helpers.base_units(programme).filter(pk__in=Unit.objects.visible_to(request.user).values("pk"))
    rows = helpers.helpers_by_unit(programme, units)
    can_manage = permissions.can(request.user, MANAGE, programme.owner)
    form = _form(programme, rows) if can_manage else None
    if request.method == "POST":
        permissions.require(request.user, MANAGE, programme.owner)
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            helper = get_object_or_404(Helper.objects.filter(programme=programme), pk=int(remove))
            version = request.POST.get("version", "")
            try:
                helpers.remove_helper(
                    actor=request.user, helper=helper, version=int(version) if version.isdigit() else None
                )
            except DomainError as error:
                messages.error(request, "; ".join(m for _c, m in error.violations))
            else:
                messages.success(request, _("Đã thôi phân công %(p)s.") % {"p": helper.person.full_name})
            return redirect("programme:helpers", programme.pk)
        form = _form(programme, rows, request.POST)
        if done := submit_form(
            request,
            form,
            lambda data: helpers.add_helper(actor=request.user, programme=programme, **data),
            then=lambda _helper: ("programme:helpers", programme.pk),
            success=lambda helper: (
                _("Đã phân công %(p)s giúp đỡ %(u)s.") % {"p": helper.person.full_name, "u": helper.unit.name}
            ),
        ):
            return done
    context = {"programme": programme, "rows": rows, "can_manage": can_manage, "form": form}
    return render(request, "programme/helpers.html", context)
