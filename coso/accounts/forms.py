"""Forms of the account pages."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.accounts.models import Role
from coso.core.forms import DateField, DateInput, bootstrapify
from coso.org.models import Unit, UnitLevel
from coso.org.picker import UnitPickerField


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


def manageable_unit_choices(actor, extra_unit=None):
    """Units where the actor manages accounts, in tree order; branches only when given
    (the person's own branch), so that a province's list stays short."""
    units = Unit.objects.filter(scoping.unit_q(actor, scoping.MANAGE_USERS), is_active=True)
    wanted = ~Q(level__kind=UnitLevel.Kind.BRANCH)
    if extra_unit is not None:
        wanted |= Q(pk=extra_unit.pk)
    return units.filter(wanted).select_related("level").order_by("path")


# The picker suggests units above the branches; the person's own branch is still accepted typed.
_ABOVE_BRANCH = (UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT, UnitLevel.Kind.BASE)


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=[c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN])
    unit = UnitPickerField(label=_("Đơn vị (phạm vi)"), capability=scoping.MANAGE_USERS, kinds=_ABOVE_BRANCH)
    valid_from = DateField(label=_("Từ ngày"), widget=DateInput(), required=False)
    valid_to = DateField(label=_("Đến ngày"), widget=DateInput(), required=False)

    def __init__(self, *args, actor, extra_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_unit_choices(actor, extra_unit)
        bootstrapify(self)


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    role = GrantForm.base_fields["role"]
    unit = UnitPickerField(label=_("Đơn vị (phạm vi)"), capability=scoping.MANAGE_USERS, kinds=_ABOVE_BRANCH)

    def __init__(self, *args, actor, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_unit_choices(actor, person.unit)
        bootstrapify(self)


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm tên đăng nhập hoặc họ tên"), required=False)
