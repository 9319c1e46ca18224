from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.accounts import lockout, scoping
from coso.accounts.models import Role
from coso.core import attention
from coso.org.models import Unit
from coso.people.selectors import headcount


class LoginForm(AuthenticationForm):
    remember = forms.BooleanField(label=_("Ghi nhớ đăng nhập trên máy này"), required=False)


class LoginView(auth_views.LoginView):
    """Sign-in. Without "remember me" the session ends when the browser closes; in every case
    it ends after SESSION_IDLE_HOURS without use (coso.accounts.middleware)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
    form_class = LoginForm

    def post(self, request, *args, **kwargs):
        wait = lockout.spray_wait(request)
        if wait:
            response = render(request, "registration/slowed_down.html", {"wait": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember"):
            self.request.session.set_expiry(0)
        return response


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    grants = list(user.grants.select_related("unit", "unit__level").order_by("role"))
    current = [g for g in grants if g.is_current(today)]
    top = list(scoping.top_units(user).select_related("level"))
    people = headcount(user)
    context = {
        "grants": current,
        "top_units": top,
        "unit_count": Unit.objects.visible_to(user).filter(is_active=True).count(),
        "cadre_count": people["cadres"],
        "member_count": people["members"],
        "attention_items": attention.items_for(user),
        "is_member_only": scoping.roles(user) <= {Role.MEMBER},
        "person": user.person,
    }
    return render(request, "accounts/home.html", context)
