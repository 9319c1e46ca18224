"""Forms of the management pages of the visits (assignments, policies, blackout days, weak
units, clusters, ranking rules). Forms only parse; the services check every rule."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coso.core.forms import DateField, DateInput, VersionField, bootstrapify
from coso.org.models import Cluster, Unit
from coso.org.picker import UnitPickerField
from coso.people.models import Person
from coso.people.picker import PersonPickerField
from coso.visits.forms import DATE_FORMATS, UnitChoiceField
from coso.visits.models import Assignment, AssignmentDecision, BlackoutDay, RankingRule, VisitPolicy
from coso.visits.services import POLICY_FIELDS, RANKING_FIELDS

# Minutes of a cluster meeting: a scan or a Word/PDF file, not an archive of the year.
MINUTES_MAX_BYTES = getattr(settings, "VISITS_MINUTES_MAX_BYTES", 10 * 1024 * 1024)
MINUTES_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png")


def _date(label, **kwargs):
    return DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.full_name


class ClusterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cluster):
        return f"{cluster.name} ({cluster.year})"


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ 15-QĐ/TĐTN"))
    decided_on = _date(_("Ngày ban hành"))
    signer = PersonChoiceField(label=_("Người ký"), required=False, queryset=Person.objects.none())
    note = forms.CharField(label=_("Trích yếu, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers
        bootstrapify(self)


class DecisionEditForm(DecisionForm):
    version = VersionField()


class AssignForm(forms.Form):
    cadre = PersonPickerField(label=_("Cán bộ"), cadres=True)
    role = forms.ChoiceField(label=_("Nhiệm vụ"), choices=Assignment.Role.choices, initial=Assignment.Role.FOLLOW)
    units = UnitsField(
        label=_("Đơn vị theo dõi, phụ trách"),
        required=False,
        queryset=Unit.objects.none(),
        help_text=_("Cụm trưởng, cụm phó: để trống là phụ trách mọi đơn vị của cụm."),
    )
    cluster = ClusterChoiceField(label=_("Cụm thi đua"), required=False, queryset=Cluster.objects.none())
    valid_from = _date(_("Từ ngày"), required=False, help_text=_("Để trống: ngày ban hành quyết định."))

    def __init__(self, *args, cadres, units, clusters, under=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].narrow(under=under)
        self.fields["units"].queryset = units
        self.fields["units"].widget.attrs["size"] = min(max(units.count(), 3), 12)
        self.fields["cluster"].queryset = clusters
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if data.get("role") == Assignment.Role.FOLLOW and not data.get("units"):
            self.add_error("units", _("Hãy chọn đơn vị được phân công theo dõi."))
        return data


class EndAssignmentForm(forms.Form):
    valid_to = _date(_("Kết thúc ngày"))
    decision = forms.ModelChoiceField(
        label=_("Theo quyết định"), required=False, queryset=AssignmentDecision.objects.none()
    )
    version = VersionField()

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        bootstrapify(self)


class ReassignForm(forms.Form):
    decision = forms.ModelChoiceField(label=_("Theo quyết định"), queryset=AssignmentDecision.objects.none())
    valid_from = _date(_("Từ ngày"))
    cadre = PersonPickerField(label=_("Cán bộ mới"), required=False, cadres=True)
    unit = UnitPickerField(label=_("Đơn vị mới"), required=False)
    version = VersionField()

    def __init__(self, *args, decisions, cadres, units, under=(), unit_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].narrow(under=under)
        # Typed, not a select of every unit of the organisation (6,505 for a province).
        self.fields["unit"].queryset = units
        self.fields["unit"].narrow(under=under, kinds=unit_kinds)
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if not data.get("cadre") and not data.get("unit"):
            self.add_error(None, _("Hãy chọn cán bộ mới hoặc đơn vị mới."))
        return data


class PolicyForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = VisitPolicy
        fields = POLICY_FIELDS
        widgets = {"applies_from": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_from"].input_formats = DATE_FORMATS
        bootstrapify(self)


class RankingRuleForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = RankingRule
        fields = RANKING_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class BlackoutForm(forms.Form):
    date = _date(_("Ngày"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=BlackoutDay.Reason.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class BlackoutEditForm(BlackoutForm):
    version = VersionField()


class WeakUnitsConfirmForm(forms.Form):
    units = UnitsField(
        label=_("Đơn vị được chọn giúp đỡ"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = candidates


class MeetingForm(forms.Form):
    scheduled_on = _date(_("Ngày dự kiến"))
    held_on = _date(_("Ngày tổ chức"), required=False)
    host_unit = UnitChoiceField(label=_("Đơn vị đăng cai"), required=False, queryset=Unit.objects.none())
    minutes_text = forms.CharField(label=_("Biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes_file = forms.FileField(
        label=_("Tệp biên bản"),
        required=False,
        help_text=_("PDF, Word hoặc ảnh chụp, tối đa %(mb)s MB.") % {"mb": MINUTES_MAX_BYTES // (1024 * 1024)},
    )
    version = VersionField()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units
        bootstrapify(self)

    def clean_minutes_file(self):
        upload = self.cleaned_data.get("minutes_file")
        if not upload:
            return upload
        if upload.size > MINUTES_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp biên bản quá lớn (%(size)s MB); tối đa %(mb)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "mb": MINUTES_MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith(MINUTES_EXTENSIONS):
            raise forms.ValidationError(_("Chỉ nhận tệp PDF, Word (doc, docx, odt) hoặc ảnh (jpg, png)."))
        return upload


class ClusterForm(forms.Form):
    """An emulation cluster of a year: its name, member units, leader and deputy."""

    name = forms.CharField(label=_("Tên cụm"), max_length=120, required=False)
    units = UnitsField(label=_("Đơn vị trong cụm"), required=False, queryset=Unit.objects.none())
    leader = PersonChoiceField(label=_("Cụm trưởng"), required=False, queryset=Person.objects.none())
    deputy = PersonChoiceField(label=_("Cụm phó"), required=False, queryset=Person.objects.none())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["units"].widget.attrs["size"] = min(max(units.count(), 3), 12)
        self.fields["leader"].queryset = people
        self.fields["deputy"].queryset = people
        bootstrapify(self)
