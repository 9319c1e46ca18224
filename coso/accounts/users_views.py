"""Pages where officers manage the accounts and roles of their subtree (namespace ``users``).

Out-of-scope accounts answer 404; an account that reaches beyond the officer (a grant
outside their subtree) is visible but its buttons are refused (403).
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coso.accounts import scoping, services
from coso.accounts.forms import AccountCreateForm, AccountSearchForm, GrantForm
from coso.accounts.models import RoleGrant, User
from coso.core.errors import DomainError
from coso.core.text import fold
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.people.models import Person

PAGE_SIZE = 50
TEMP_PASSWORD_KEY = "coso_temporary_password"


def _require_any_manage(user):
    if not scoping.holds(user, scoping.MANAGE_USERS):
        scoping.require(user, scoping.MANAGE_USERS, None)


def _account(request, pk):
    return get_object_or_404(services.visible_accounts(request.user).select_related("person__unit"), pk=pk)


def _show_password_once(request, account, password):
    request.session[TEMP_PASSWORD_KEY] = {"account": account.pk, "password": password}


def _listed_accounts(request):
    """The accounts of the list page, searched as typed: the page and its export share it."""
    _require_any_manage(request.user)
    form = AccountSearchForm(request.GET or None)
    accounts = services.visible_accounts(request.user).select_related("person__unit")
    query = form.data.get("q", "").strip() if form.is_bound else ""
    if query:
        folded = fold(query)
        accounts = accounts.filter(Q(username__icontains=query) | Q(person__search_text__contains=folded))
    today = timezone.localdate()
    current = RoleGrant.objects.filter(valid_from__lte=today).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    accounts = accounts.prefetch_related(
        Prefetch("grants", queryset=current.select_related("unit"), to_attr="current_grants")
    ).order_by("username")
    return form, query, accounts


@login_required
def account_list(request):
    form, query, accounts = _listed_accounts(request)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": urlencode({"q": query}) if query else ""}
    return render(request, "accounts/users/list.html", context)


@login_required
def account_export(request):
    _form, _query, accounts = _listed_accounts(request)
    headers = [
        _("Tên đăng nhập"),
        _("Họ tên"),
        _("Đơn vị"),
        _("Vai trò hiện nay"),
        _("Trạng thái"),
        _("Đăng nhập lần cuối"),
    ]
    rows = (
        [
            a.username,
            a.person.full_name if a.person_id else "",
            a.person.unit.name if a.person_id else "",
            "; ".join(
                f"{g.get_role_display()} · {g.unit.name}" if g.unit_id else str(g.get_role_display())
                for g in a.current_grants
            ),
            _("đang dùng") if a.is_active else _("đã khoá"),
            a.last_login,
        ]
        for a in accounts
    )
    return xlsx_response("tai-khoan.xlsx", headers, rows, sheet_title=_("Tài khoản"))


@login_required
def account_detail(request, pk):
    account = _account(request, pk)
    grants = account.grants.select_related("unit", "granted_by").order_by("-valid_from", "role")
    temporary = request.session.get(TEMP_PASSWORD_KEY)
    if temporary and temporary.get("account") == account.pk:
        del request.session[TEMP_PASSWORD_KEY]
    else:
        temporary = None
    extra_unit = account.person.unit if account.person_id else None
    context = {
        "account": account,
        "grants": grants,
        "today": timezone.localdate(),
        "can_manage": services.can_manage_account(request.user, account),
        "grant_form": GrantForm(actor=request.user, extra_unit=extra_unit, initial={"unit": extra_unit}),
        "temporary_password": temporary["password"] if temporary else None,
    }
    return render(request, "accounts/users/detail.html", context)


@login_required
@require_POST
def grant_add(request, pk):
    account = _account(request, pk)
    extra_unit = account.person.unit if account.person_id else None
    form = GrantForm(request.POST, actor=request.user, extra_unit=extra_unit)
    done = submit_form(
        request,
        form,
        lambda data: services.grant_role(actor=request.user, account=account, **data),
        success=_("Đã giao vai trò."),
        then=lambda _grant: ("users:detail", account.pk),
    )
    if done:
        return done
    grants = account.grants.select_related("unit", "granted_by").order_by("-valid_from", "role")
    context = {
        "account": account,
        "grants": grants,
        "today": timezone.localdate(),
        "can_manage": services.can_manage_account(request.user, account),
        "grant_form": form,
    }
    return render(request, "accounts/users/detail.html", context, status=400)


@login_required
@require_POST
def grant_revoke(request, pk):
    visible = services.visible_accounts(request.user).values("pk")
    grant = get_object_or_404(RoleGrant.objects.select_related("unit", "user"), pk=pk, user__in=visible)
    try:
        services.revoke_grant(actor=request.user, grant=grant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi vai trò từ hôm nay; lịch sử vẫn được giữ."))
    return redirect("users:detail", grant.user_id)


@login_required
@require_POST
def password_reset(request, pk):
    account = _account(request, pk)
    password = services.reset_password(actor=request.user, account=account)
    _show_password_once(request, account, password)
    return redirect("users:detail", account.pk)


@login_required
@require_POST
def set_active(request, pk):
    account = _account(request, pk)
    active = request.POST.get("active") == "1"
    services.set_active(actor=request.user, account=account, active=active)
    messages.success(request, _("Đã mở lại tài khoản.") if active else _("Đã khoá tài khoản."))
    return redirect("users:detail", account.pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    _require_any_manage(request.user)
    person_id = request.GET.get("person") or request.POST.get("person")
    if not str(person_id or "").isdigit():
        raise Http404
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("unit"), pk=person_id)
    scoping.require(request.user, scoping.MANAGE_USERS, person.unit)
    existing = User.objects.filter(person=person).first()
    if existing is not None:
        messages.info(request, _("Người này đã có tài khoản."))
        return redirect("users:detail", existing.pk)
    initial = {"username": services.suggest_username(person), "email": person.email, "unit": person.unit}
    form = AccountCreateForm(request.POST or None, actor=request.user, person=person, initial=initial)

    def create(data):
        account, password = services.create_account(actor=request.user, person=person, **data)
        _show_password_once(request, account, password)
        return account

    done = submit_form(request, form, create, then=lambda account: ("users:detail", account.pk))
    if done:
        return done
    return render(request, "accounts/users/create.html", {"form": form, "person": person})


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password (first thing after a temporary one)."""

    template_name = "accounts/users/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        if form.cleaned_data["new_password1"] == form.cleaned_data["old_password"]:
            form.add_error("new_password1", _("Mật khẩu mới phải khác mật khẩu hiện tại."))
            return self.form_invalid(form)
        # The form saves this same user object: the temporary password is gone with it.
        self.request.user.must_change_password = False
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form
