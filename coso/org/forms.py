from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.core.forms import DateField, DateInput, VersionField, YearField, bootstrapify
from coso.org.models import ClassificationLevel, Sector, UnitLevel
from coso.org.picker import UnitPickerField


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=120, required=False)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40, required=False)
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=UnitLevel.objects.all())
    sector = forms.ModelChoiceField(label=_("Khu vực"), queryset=Sector.objects.all(), required=False)
    is_mountainous = forms.BooleanField(label=_("Miền núi, vùng cao"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    latitude = forms.FloatField(
        label=_("Vĩ độ"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Toạ độ trụ sở (độ, ví dụ 15.2750): dùng để xác minh vị trí chuyến đi cơ sở."),
    )
    longitude = forms.FloatField(label=_("Kinh độ"), required=False, min_value=-180, max_value=180)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Hãy ghi cả vĩ độ và kinh độ, hoặc để trống cả hai."))
        return data


class UnitEditForm(UnitForm):
    version = VersionField()


class MoveForm(forms.Form):
    new_parent = UnitPickerField(label=_("Đơn vị cấp trên mới"), capability=scoping.EDIT_UNITS)
    occurred_on = DateField(label=_("Ngày hiệu lực"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú (số quyết định…)"), required=False, max_length=500)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents
        bootstrapify(self)


class MergeForm(forms.Form):
    into = UnitPickerField(label=_("Hợp nhất vào đơn vị"), capability=scoping.EDIT_UNITS)
    occurred_on = DateField(label=_("Ngày hiệu lực"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú (số quyết định…)"), required=False, max_length=500)

    def __init__(self, *args, targets, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets
        if kind:
            self.fields["into"].widget.kinds = (kind,)
        bootstrapify(self)


class ClassifyForm(forms.Form):
    year = YearField(label=_("Năm"), min_value=1990)
    level = forms.ModelChoiceField(label=_("Xếp loại"), queryset=ClassificationLevel.objects.none())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = ClassificationLevel.objects.filter(scheme__subject="unit").select_related(
            "scheme"
        )
        self.fields["level"].label_from_instance = lambda lvl: f"{lvl.name} ({lvl.scheme.name})"
        bootstrapify(self)


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên (không cần dấu)"), required=False)
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=UnitLevel.objects.all(), required=False)
    sector = forms.ModelChoiceField(label=_("Khu vực"), queryset=Sector.objects.all(), required=False)
    mountainous = forms.ChoiceField(
        label=_("Miền núi"), required=False, choices=[("", _("Tất cả")), ("1", _("Có")), ("0", _("Không"))]
    )
    within = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class DepartmentForm(forms.Form):
    code = forms.CharField(label=_("Mã ban"), max_length=20, help_text=_("Ví dụ TCKT, VP, PT"))
    name = forms.CharField(label=_("Tên ban, văn phòng"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = _("Phải ghi mã ban.")
        self.fields["name"].error_messages["required"] = _("Phải ghi tên ban.")
        bootstrapify(self)


class DepartmentEditForm(DepartmentForm):
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)
    version = VersionField()
