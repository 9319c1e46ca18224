from django import forms
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.core.forms import DateInput, VersionField, bootstrapify
from coso.org.models import Department
from coso.org.picker import UnitPickerField
from coso.people.models import Person, TargetGroup
from coso.people.services import PERSON_FIELDS


class PersonForm(forms.ModelForm):
    unit = UnitPickerField(label=_("Đơn vị"), capability=scoping.EDIT_PEOPLE)

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)  # the same fields as the service, the API and the import
        widgets = {"birth_date": DateInput(), "joined_union_on": DateInput(), "party_joined_on": DateInput()}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["department"].queryset = Department.objects.filter(unit__in=units.filter(departments__isnull=False))
        self.fields["target_group"].queryset = TargetGroup.objects.all()
        bootstrapify(self)

    def _post_clean(self):
        # Rules are checked by the service (one place for pages, API and import), not by model validation.
        pass


class PersonEditForm(PersonForm):
    version = VersionField()


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Họ tên, điện thoại (không cần dấu)"), required=False)
    unit = UnitPickerField(label=_("Đơn vị"), required=False, include_inactive=True)
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả")), ("cadre", _("Cán bộ")), ("member", _("Đoàn viên"))],
    )
    sex = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", _("Tất cả"))] + Person.Sex.choices)
    party_status = forms.ChoiceField(
        label=_("Đảng"), required=False, choices=[("", _("Tất cả"))] + Person.PartyStatus.choices
    )
    target_group = forms.ModelChoiceField(label=_("Đối tượng"), queryset=TargetGroup.objects.all(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        bootstrapify(self)
