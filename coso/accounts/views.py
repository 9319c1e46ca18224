from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from coso.accounts import scoping
from coso.accounts.models import Role
from coso.core import attention
from coso.org.models import Unit
from coso.people.models import Person


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    grants = list(user.grants.select_related("unit", "unit__level").order_by("role"))
    current = [g for g in grants if g.is_current(today)]
    top = list(scoping.top_units(user).select_related("level"))
    visible_units = Unit.objects.visible_to(user)
    visible_people = Person.objects.visible_to(user)
    context = {
        "grants": current,
        "top_units": top,
        "unit_count": visible_units.filter(is_active=True).count(),
        "cadre_count": visible_people.filter(is_cadre=True).count(),
        "member_count": visible_people.filter(is_member=True).count(),
        "attention_items": attention.items_for(user),
        "is_member_only": scoping.roles(user) <= {Role.MEMBER},
        "person": user.person,
    }
    return render(request, "accounts/home.html", context)
