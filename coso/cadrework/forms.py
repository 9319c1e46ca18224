"""Forms of the cadre-work pages: they only parse; the services check every rule."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.cadrework.models import Course, SourcePoolEntry
from coso.core.forms import DateInput, VersionField, bootstrapify
from coso.org.models import ClassificationLevel, Department
from coso.people.models import Body, Person, Term, TrainingRecord

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
SEAT_BODIES = [Body.STANDING, Body.EXECUTIVE, Body.INSPECTION]


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} – {person.unit.name}"


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
    person = PersonChoiceField(label=_("Cán bộ được cử đi học"), queryset=Person.objects.none())
    sent_on = _date(_("Ngày cử đi học"), initial=timezone.localdate)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class CompleteForm(_Form):
    completed = forms.BooleanField(required=False)
    version = VersionField()


class RotationForm(_Form):
    person = PersonChoiceField(label=_("Cán bộ"), queryset=Person.objects.none())
    to_department = forms.ModelChoiceField(label=_("Đến ban"), queryset=Department.objects.none())
    on = _date(_("Ngày luân chuyển"), initial=timezone.localdate)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)

    def __init__(self, *args, people, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["to_department"].queryset = departments


class EvaluationForm(_Form):
    level = forms.ModelChoiceField(label=_("Xếp loại"), queryset=ClassificationLevel.objects.none())
    self_assessment = forms.CharField(label=_("Tự kiểm điểm"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label=_("Nhận xét, đánh giá"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = ClassificationLevel.objects.filter(pk__in=[lvl.pk for lvl in levels])
