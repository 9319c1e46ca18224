"""Forms of the cadre-work pages: they only parse; the services check every rule."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.cadrework import indicators as engine
from coso.cadrework.models import Course, Indicator, SourcePoolEntry
from coso.core.forms import DateField, DateInput, VersionField, YearField, bootstrapify
from coso.org.models import ClassificationLevel, Department, UnitLevel
from coso.org.picker import UnitPickerField
from coso.people.models import Body, PostTitle, Term, TrainingRecord
from coso.people.picker import PersonPickerField

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
SEAT_BODIES = [Body.STANDING, Body.EXECUTIVE, Body.INSPECTION]


def _date(label, **kwargs):
    return DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class SeatsForm(_Form):
    body = forms.ChoiceField(label=_("Cơ quan"), choices=[(b.value, b.label) for b in SEAT_BODIES])
    term = forms.ModelChoiceField(label=_("Nhiệm kỳ"), queryset=Term.objects.all())
    seats = forms.IntegerField(label=_("Số lượng"), min_value=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SourceForm(_Form):
    kind = forms.ChoiceField(label=_("Loại nguồn"), choices=SourcePoolEntry.Kind.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    school = forms.CharField(label=_("Trường, nơi học tập, công tác"), max_length=200, required=False)
    added_on = _date(_("Đưa vào nguồn ngày"), initial=timezone.localdate)


class AdvanceForm(_Form):
    to_stage = forms.ChoiceField(label=_("Chuyển sang"), choices=SourcePoolEntry.Stage.choices)
    on = _date(_("Ngày"), initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    version = VersionField()


class CourseForm(_Form):
    kind = forms.ChoiceField(label=_("Loại lớp"), choices=TrainingRecord.Kind.choices)
    name = forms.CharField(label=_("Tên lớp"), max_length=255)
    level = forms.CharField(label=_("Trình độ"), max_length=40, required=False, help_text=_("Ví dụ: trung cấp"))
    start_date = _date(_("Từ ngày"))
    end_date = _date(_("Đến ngày"), required=False)
    required_sessions = forms.IntegerField(
        label=_("Số buổi tối thiểu để hoàn thành"),
        min_value=1,
        required=False,
        help_text=Course._meta.get_field("required_sessions").help_text,
    )
    session_dates = forms.CharField(
        label=_("Ngày các buổi học"),
        required=False,
        help_text=_("Mỗi ngày cách nhau bằng dấu phẩy, dạng dd/mm/yyyy."),
    )

    def clean_session_dates(self):
        import datetime

        days = []
        for raw in filter(None, (part.strip() for part in self.cleaned_data["session_dates"].split(","))):
            try:
                days.append(datetime.datetime.strptime(raw, "%d/%m/%Y").date())
            except ValueError:
                raise forms.ValidationError(_("Ngày “%(d)s” không đúng dạng dd/mm/yyyy.") % {"d": raw}) from None
        return days


class EnrollForm(_Form):
    person = PersonPickerField(label=_("Cán bộ được cử đi học"), cadres=True)
    sent_on = _date(_("Ngày cử đi học"), initial=timezone.localdate)

    def __init__(self, *args, people, under=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].narrow(under=under)


class CompleteForm(_Form):
    completed = forms.BooleanField(required=False)
    version = VersionField()


class RotationForm(_Form):
    person = PersonPickerField(label=_("Cán bộ"), cadres=True)
    to_department = forms.ModelChoiceField(label=_("Đến ban"), queryset=Department.objects.none())
    on = _date(_("Ngày luân chuyển"), initial=timezone.localdate)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)

    def __init__(self, *args, people, departments, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].narrow(units=units)
        self.fields["to_department"].queryset = departments


class EvaluationForm(_Form):
    level = forms.ModelChoiceField(label=_("Xếp loại"), queryset=ClassificationLevel.objects.none())
    self_assessment = forms.CharField(label=_("Tự kiểm điểm"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label=_("Nhận xét, đánh giá"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = ClassificationLevel.objects.filter(pk__in=[lvl.pk for lvl in levels])


# --------------------------------------------------------------------------- plans and indicators


class PlanForm(_Form):
    """A plan's heading; ``owner`` only when creating (the units where the user may edit)."""

    owner = UnitPickerField(
        label=_("Đơn vị ban hành"),
        capability=scoping.EDIT_UNITS,
        kinds=(UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT),
    )
    year = YearField(label=_("Năm"), min_value=2000, initial=lambda: timezone.localdate().year)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False, help_text=_("Ví dụ 21-KH/ĐTN-BTC"))
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    issued_on = _date(_("Ngày ban hành"), required=False)
    base_plan_deadline = _date(
        _("Hạn cơ sở gửi kế hoạch"),
        required=False,
        help_text=_("Các cơ sở Đoàn gửi kế hoạch của đơn vị trước ngày này."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners
            del self.fields["version"]


def _grouped(registry):
    groups = {engine.PERSON: _("Cán bộ, đoàn viên"), engine.SOURCE: _("Nguồn cán bộ")}
    return [("", "---------")] + [
        (label, [(code, item.label) for code, item in registry.items() if item.subject == subject])
        for subject, label in groups.items()
    ]


def _params():
    """Every parameter any measure takes, once (name -> Param)."""
    return {p.name: p for measure in engine.MEASURES.values() for p in measure.params}


class IndicatorForm(_Form):
    name = forms.CharField(label=_("Chỉ tiêu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    population = forms.ChoiceField(label=_("Đối tượng"), choices=())
    measure = forms.ChoiceField(label=_("Tiêu chí đạt"), choices=())
    target_kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=Indicator.TargetKind.choices)
    target_value = forms.IntegerField(
        label=_("Mức chỉ tiêu"), help_text=_("Tỷ lệ: từ 1 đến 100 (%). Số lượng: số người phải đạt.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["population"].choices = _grouped(engine.POPULATIONS)
        self.fields["measure"].choices = _grouped(engine.MEASURES)
        for name, param in _params().items():
            users = ", ".join(f"“{m.label}”" for m in engine.MEASURES.values() if param in m.params)
            self.fields[f"param_{name}"] = forms.ChoiceField(
                label=param.label,
                choices=param.choices,
                initial=param.default,
                required=False,
                help_text=_("Chỉ dùng cho tiêu chí %(m)s.") % {"m": users},
            )
        bootstrapify(self)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["params"] = {name: data.pop(f"param_{name}") for name in _params()}
        return data

    @classmethod
    def initial_for(cls, indicator):
        initial = {
            field: getattr(indicator, field)
            for field in ("name", "population", "measure", "target_kind", "target_value")
        }
        initial["version"] = indicator.version
        initial.update({f"param_{k}": v for k, v in (indicator.params or {}).items()})
        return initial


class SubmissionForm(_Form):
    unit = UnitPickerField(label=_("Cơ sở Đoàn"), kinds=(UnitLevel.Kind.BASE,))
    submitted_on = _date(_("Ngày gửi"), initial=timezone.localdate)
    document_number = forms.CharField(label=_("Số kế hoạch của cơ sở"), max_length=60, required=False)

    def __init__(self, *args, units, under=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.under = tuple(under)
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk


# --------------------------------------------------------------------------- planning


class PlanningForm(_Form):
    person = PersonPickerField(label=_("Người được quy hoạch"), cadres=True)
    title = forms.ChoiceField(
        label=_("Chức danh"),
        choices=[(PostTitle.SECRETARY, PostTitle.SECRETARY.label)]
        + [(PostTitle.DEPUTY_SECRETARY, PostTitle.DEPUTY_SECRETARY.label)],
    )
    term = forms.ModelChoiceField(label=_("Nhiệm kỳ"), queryset=Term.objects.none())
    decided_on = _date(_("Ngày quyết định"), required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)

    def __init__(self, *args, people, terms, under=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].narrow(under=under)
        self.fields["term"].queryset = terms


class RemovePlanningForm(_Form):
    on = _date(_("Ngày đưa ra khỏi quy hoạch"), initial=timezone.localdate)
    version = VersionField()
