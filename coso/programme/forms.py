"""Forms of the programme pages. Checks of the domain stay in ``rules``/``services``: the forms
only parse what was typed (dates dd/mm/yyyy) and keep it when a service refuses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.core.forms import DateField, DateInput, VersionField, YearField, bootstrapify
from coso.org.models import UnitLevel
from coso.org.picker import UnitPickerField
from coso.people.models import TargetGroup
from coso.programme.models import Criterion, Programme, Rating, Track

DATE_FORMATS = ["%d/%m/%Y"]


def date_field(label, required=True):
    return DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput())


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ProgrammeForm(BootstrapForm):
    owner = UnitPickerField(
        label=_("Đơn vị chỉ đạo"),
        capability=scoping.PROGRAMME_MANAGE,
        kinds=(UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT),
    )
    year = YearField(label=_("Năm"), min_value=2000)
    name = forms.CharField(label=_("Tên chương trình"), max_length=255)
    document_number = forms.CharField(label=_("Số, ký hiệu kế hoạch"), max_length=60, required=False)
    issued_on = date_field(_("Ngày ban hành"), required=False)
    basis = forms.CharField(
        label=_("Căn cứ, văn bản hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    mode = forms.ChoiceField(label=_("Cách đăng ký"), choices=Programme.Mode.choices)
    training_count = forms.IntegerField(label=_("Số tiêu chí rèn luyện"), min_value=0, initial=5)
    action_count = forms.IntegerField(label=_("Số tiêu chí hành động"), min_value=0, initial=5)
    max_points = forms.IntegerField(label=_("Tổng điểm tối đa (chấm điểm)"), min_value=0, initial=100)
    direct_evaluation = forms.BooleanField(
        label=_("Chi đoàn được đánh giá trực tiếp đoàn viên chưa tự đánh giá"),
        required=False,
        help_text=_("Kết quả được ghi là chi đoàn đánh giá trực tiếp; Đoàn cơ sở thấy rõ."),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class TrackForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Khối"), choices=Track.Kind.choices)
    name = forms.CharField(label=_("Tên"), max_length=200)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False)


class RoundForm(BootstrapForm):
    track = forms.ModelChoiceField(label=_("Khối"), queryset=None)
    number = forms.IntegerField(label=_("Đợt số"), min_value=1, max_value=12)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    theme = forms.CharField(label=_("Chủ đề"), max_length=255, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = programme.tracks.all()


class CriterionForm(BootstrapForm):
    code = forms.CharField(label=_("Mã"), max_length=20)
    kind = forms.ChoiceField(label=_("Loại"), choices=Criterion.Kind.choices)
    target_group = forms.ModelChoiceField(
        label=_("Đối tượng"), queryset=TargetGroup.objects.all(), required=False, empty_label=_("Mọi đối tượng")
    )
    title = forms.CharField(label=_("Tiêu chí"), max_length=255)
    description = forms.CharField(
        label=_("Thế nào là hoàn thành"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points_group = forms.ModelChoiceField(label=_("Nhóm (chấm điểm)"), queryset=None, required=False)
    max_points = forms.IntegerField(label=_("Điểm tối đa (chấm điểm)"), min_value=1, required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=0, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points_group"].queryset = programme.points_groups.all()


class PointsGroupForm(BootstrapForm):
    code = forms.CharField(label=_("Mã nhóm"), max_length=20)
    name = forms.CharField(label=_("Tên nhóm"), max_length=200)
    max_points = forms.IntegerField(label=_("Điểm tối đa của nhóm"), min_value=1)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=0, required=False)


class PointsGroupEditForm(BootstrapForm):
    name = forms.CharField(label=_("Tên nhóm"), max_length=200)
    max_points = forms.IntegerField(label=_("Điểm tối đa của nhóm"), min_value=1)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Lý do trả lại"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PageVersionField(forms.IntegerField):
    """The hidden version of the record the page was built on (blank while there is none): a
    value that is not a version is refused, never read as "no version" (that would skip the
    check that two tabs do not overwrite each other)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        message = _(
            "Không đọc được phiên bản của bản ghi mà trang này đã mở, nên chưa có gì được lưu: hãy tải lại"
            " trang rồi nhập lại."
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("error_messages", {"invalid": message, "min_value": message, "max_value": message})
        super().__init__(**kwargs)


class VersionOnTopForm(BootstrapForm):
    """A form with a ``PageVersionField``: its refusal goes on top of the form (a hidden field
    has no place on the page to show its own)."""

    def clean(self):
        cleaned = super().clean()
        for message in self._errors.pop("version", []):
            self.add_error(None, message)
        return cleaned


def count_field(label, message):
    """A number of people typed on a page: blank, not a whole number or below 0 is refused with
    ``message`` next to the field."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10**7,
        initial=0,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": _("Không quá %(limit_value)s người."),
        },
    )


class BranchSelfForm(VersionOnTopForm):
    rating = forms.ChoiceField(
        label=_("Chi đoàn tự đánh giá"),
        choices=[("", "—"), *Rating.choices],
        required=False,
        error_messages={"invalid_choice": _("Chọn một mức tự đánh giá trong danh sách.")},
    )
    summary = forms.CharField(label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label=_("Ưu điểm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    weaknesses = forms.CharField(label=_("Hạn chế"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = PageVersionField()


class BranchReviewForm(BootstrapForm):
    rating = forms.ChoiceField(label=_("Đoàn cơ sở đánh giá"), choices=[("", "—"), *Rating.choices], required=False)
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


class RoundReportForm(VersionOnTopForm):
    held_on = date_field(_("Ngày tổ chức"), required=False)
    activities = forms.CharField(
        label=_("Hoạt động đã tổ chức"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    participants = count_field(_("Số đoàn viên tham gia"), _("Nhập số đoàn viên tham gia (từ 0 trở lên)."))
    youth_participants = count_field(
        _("Số thanh niên (ngoài Đoàn) tham gia"), _("Nhập số thanh niên (ngoài Đoàn) tham gia (từ 0 trở lên).")
    )
    notes = forms.CharField(label=_("Ghi chú, đề xuất"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = PageVersionField()


class RecogniseForm(BootstrapForm):
    number = forms.CharField(label=_("Số quyết định, thông báo"), max_length=60, required=False)
    decided_on = date_field(_("Ngày công nhận"), required=False)
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InspectionForm(BootstrapForm):
    unit = UnitPickerField(label=_("Đơn vị được kiểm tra"))
    inspected_on = date_field(_("Ngày kiểm tra"), required=False)
    findings = forms.CharField(label=_("Kết quả kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label=_("Kiến nghị, rút kinh nghiệm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rating = forms.ChoiceField(label=_("Đánh giá"), choices=[("", "—"), *Rating.choices], required=False)

    def __init__(self, *args, units, under=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.under = tuple(under)


class CommentForm(BootstrapForm):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class HelperForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("Đoàn cơ sở"), queryset=None)
    person = forms.ModelChoiceField(label=_("Cán bộ giúp đỡ"), queryset=None)
    task = forms.CharField(label=_("Nhiệm vụ"), max_length=255, required=False)

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: p.full_name + (f" – {p.job_title}" if p.job_title else "")


class RoundEditForm(BootstrapForm):
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    theme = forms.CharField(label=_("Chủ đề"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


class CriterionEditForm(BootstrapForm):
    title = forms.CharField(label=_("Tiêu chí"), max_length=255)
    description = forms.CharField(
        label=_("Thế nào là hoàn thành"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    points_group = forms.ModelChoiceField(label=_("Nhóm (chấm điểm)"), queryset=None, required=False)
    max_points = forms.IntegerField(label=_("Điểm tối đa (chấm điểm)"), min_value=1, required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, required=False)
    is_active = forms.BooleanField(label=_("Đang áp dụng (cho người đăng ký sau)"), required=False)
    version = VersionField()

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        if programme.mode == Programme.Mode.POINTS:
            self.fields["points_group"].queryset = programme.points_groups.all()
        else:
            del self.fields["points_group"], self.fields["max_points"]
