"""Forms of the visits pages (the services check every rule; forms only parse)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coso.core.forms import DateField, DateInput, VersionField, YearField, bootstrapify
from coso.org.models import UnitLevel
from coso.org.picker import UnitPickerField
from coso.visits.models import VisitForm as VisitKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# Labels formatted when shown, in the language of the request (``_(…) % …`` here would be
# formatted once, at import, in whatever language was active then).
_month_label = lazy(lambda m: gettext("Tháng %(m)s") % {"m": m}, str)
_quarter_label = lazy(lambda q: gettext("Quý %(q)s") % {"q": q}, str)
MONTHS = [(m, _month_label(m)) for m in range(1, 13)]
QUARTERS = [(q, _quarter_label(q)) for q in range(1, 5)]


def _date_field(label, **kwargs):
    return DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Optional photos: visits.js resizes them on the phone (about 1600 px, JPEG) before upload."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "capture": "environment", "data-photos": "1"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class RecordVisitForm(forms.Form):
    unit = UnitPickerField(label=_("Đơn vị đến"))
    is_ad_hoc = forms.BooleanField(label=_("Đột xuất (ngoài địa bàn được phân công)"), required=False)
    start_date = _date_field(_("Từ ngày"), initial=timezone.localdate)
    end_date = _date_field(_("Đến ngày"), initial=timezone.localdate)
    form = forms.ChoiceField(label=_("Hình thức"), choices=VisitKind.choices, initial=VisitKind.SITUATION)
    content = forms.CharField(label=_("Việc đã làm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(
        label=_("Kết quả, tình hình nắm được"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.CharField(label=_("Khó khăn, vướng mắc"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    practice_title = forms.CharField(label=_("Mô hình, cách làm hay (nếu có)"), required=False, max_length=255)
    practice_description = forms.CharField(
        label=_("Mô tả mô hình, cách làm hay"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(label=_("Ảnh (không bắt buộc)"), required=False)
    # Filled in by visits.js: the id the phone gives the visit, and where the phone is.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"data-client-id": "1"}))
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    accuracy = forms.FloatField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, units, area_roots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # The picker suggests the units of the cadre's assigned areas until "đột xuất" is ticked
        # (visits.js); the server takes any unit of ``units``, as before.
        widget = self.fields["unit"].widget
        widget.under = tuple(area_roots)
        widget.attrs["data-area-picker"] = "1"
        self.fields["is_ad_hoc"].widget.attrs["data-ad-hoc"] = "1"
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        if data.get("practice_description") and not data.get("practice_title"):
            self.add_error("practice_title", _("Hãy ghi tên mô hình, cách làm."))
        return data

    def position(self):
        from coso.visits.rules import Position

        data = self.cleaned_data
        if data.get("latitude") is None or data.get("longitude") is None:
            return None
        return Position(data["latitude"], data["longitude"], data.get("accuracy"))


class EditVisitForm(RecordVisitForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "practice_title",
            "practice_description",
            "photos",
            "client_id",
            "latitude",
            "longitude",
            "accuracy",
        ):
            del self.fields[name]


class VisitFilterForm(forms.Form):
    year = YearField(label=_("Năm"), required=False, min_value=1990)
    month = forms.TypedChoiceField(
        label=_("Tháng"), required=False, coerce=int, choices=[("", _("Cả năm"))] + MONTHS, empty_value=None
    )
    unit = UnitPickerField(label=_("Đơn vị"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        bootstrapify(self)


class PlanCreateForm(forms.Form):
    year = YearField(label=_("Năm"), min_value=1990)
    quarter = forms.TypedChoiceField(label=_("Quý"), coerce=int, choices=QUARTERS)
    note = forms.CharField(label=_("Nội dung đăng ký"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class PlannedVisitForm(forms.Form):
    unit = UnitPickerField(label=_("Đơn vị đến"))
    start_date = _date_field(_("Từ ngày"))
    end_date = _date_field(_("Đến ngày"))
    form = forms.ChoiceField(label=_("Hình thức"), choices=VisitKind.choices)
    content = forms.CharField(label=_("Nội dung"), required=False, max_length=2000)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        bootstrapify(self)


class ReportCreateForm(forms.Form):
    year = YearField(label=_("Năm"), min_value=1990)
    month = forms.TypedChoiceField(label=_("Tháng"), coerce=int, choices=MONTHS)
    summary = forms.CharField(label=_("Tự đánh giá, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến, nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    district = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class PeriodForm(forms.Form):
    year = YearField(label=_("Năm"), required=False, min_value=1990)
    month = forms.TypedChoiceField(label=_("Tháng"), required=False, coerce=int, choices=MONTHS, empty_value=None)
    unit = UnitPickerField(
        label=_("Đơn vị"),
        required=False,
        kinds=(UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        bootstrapify(self)


def this_month():
    today = timezone.localdate()
    return today.year, today.month


def last_day(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
