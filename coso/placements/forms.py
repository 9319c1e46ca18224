"""Forms of the field-training pages: they only parse; ``services`` checks every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.forms import DateField, DateInput, VersionField, YearField, bootstrapify
from coso.org.models import ClassificationLevel, UnitLevel
from coso.org.picker import UnitPickerField
from coso.people.models import Person, PostTitle
from coso.placements.models import SIGNER_TITLE, ChecklistItem

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
HOST_TITLES = [
    (PostTitle.DEPUTY_SECRETARY, PostTitle.DEPUTY_SECRETARY.label),
    (PostTitle.STANDING_MEMBER, PostTitle.STANDING_MEMBER.label),
    (PostTitle.EXECUTIVE_MEMBER, PostTitle.EXECUTIVE_MEMBER.label),
]


def date_field(label, **kwargs):
    return DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


def text_area(label, required=False, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.full_name


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class PlanRulesForm(_Form):
    name = forms.CharField(label=_("Tên kế hoạch"), max_length=255)
    number = forms.CharField(label=_("Số kế hoạch"), max_length=60, required=False)
    issued_on = date_field(_("Ngày ban hành"), required=False)
    start_year = YearField(label=_("Từ năm"), min_value=2000)
    end_year = YearField(label=_("Đến năm"), min_value=2000)
    min_months = forms.IntegerField(label=_("Thời gian tối thiểu (tháng)"), min_value=1, max_value=60)
    start_window_months = forms.CharField(
        label=_("Các tháng được bắt đầu"), help_text=_("Các tháng cách nhau bởi dấu phẩy, ví dụ 1, 2, 3 (quý I).")
    )
    yearly_cap = forms.IntegerField(label=_("Số cán bộ tối đa mỗi năm"), min_value=1, max_value=100)
    age_limit = forms.IntegerField(label=_("Tuổi tối đa"), min_value=18, max_value=70)
    child_months_limit = forms.IntegerField(label=_("Con nhỏ dưới (tháng)"), min_value=0, max_value=120)
    evaluation_years = forms.IntegerField(label=_("Số năm liền trước phải hoàn thành tốt nhiệm vụ"), min_value=0)
    evaluation_max_rank = forms.IntegerField(
        label=_("Bậc xếp loại thấp nhất được chấp nhận"), min_value=1, max_value=4, help_text=_("2 = HTTNV trở lên")
    )
    report_interval_months = forms.IntegerField(label=_("Báo cáo, nhận xét định kỳ (tháng)"), min_value=1)
    reminder_days = forms.IntegerField(label=_("Nhắc trước hạn (ngày)"), min_value=0, max_value=60)
    version = VersionField()

    def clean_start_window_months(self):
        raw = self.cleaned_data["start_window_months"]
        try:
            months = sorted({int(part) for part in raw.replace(";", ",").split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError(_("Ghi các tháng bằng số, cách nhau bởi dấu phẩy.")) from None
        if not months or any(m < 1 or m > 12 for m in months):
            raise forms.ValidationError(_("Các tháng phải từ 1 đến 12."))
        return months


class EligibilityFilterForm(_Form):
    start = date_field(_("Ngày bắt đầu dự kiến"), required=False)
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    only = forms.ChoiceField(
        label=_("Kết quả"),
        required=False,
        choices=[("", _("Tất cả")), ("yes", _("Đủ điều kiện")), ("no", _("Chưa đủ điều kiện"))],
    )


class YearlyListForm(_Form):
    year = YearField(label=_("Năm"), min_value=2000)


class CandidateForm(_Form):
    person = PersonChoiceField(label=_("Cán bộ"), queryset=Person.objects.none())
    group = forms.TypedChoiceField(
        label=_("Đối tượng"), coerce=int, choices=[(1, _("Đối tượng 1")), (2, _("Đối tượng 2"))]
    )
    host = UnitPickerField(label=_("Nơi đến"), kinds=(UnitLevel.Kind.DISTRICT,))
    host_title = forms.ChoiceField(label=_("Vị trí tại cơ sở"), choices=HOST_TITLES)
    start_date = date_field(_("Ngày bắt đầu"))
    months = forms.IntegerField(
        label=_("Thời gian (tháng)"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Để trống: thời gian tối thiểu của kế hoạch. Không ít hơn thời gian đó."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, people, hosts, under=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["host"].queryset = hosts
        self.fields["host"].widget.under = tuple(under)


class ExceptionForm(_Form):
    person = PersonChoiceField(label=_("Cán bộ"), queryset=Person.objects.none())
    reason = text_area(_("Lý do (cán bộ có triển vọng)"), required=True, rows=2)
    decision_number = forms.CharField(label=_("Số văn bản của Ban Thường vụ"), max_length=60)
    decision_date = date_field(_("Ngày"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AgreementForm(_Form):
    agreed_on = date_field(_("Ngày cấp ủy thống nhất"), required=False)
    document = forms.CharField(label=_("Văn bản thống nhất"), max_length=120, required=False)


class DecideForm(_Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=80, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=40, initial=SIGNER_TITLE, required=False)
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(required=False)


class TaskForm(_Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=255, required=False)
    description = text_area(_("Nội dung"), rows=2)
    assigned_on = date_field(_("Ngày giao"))
    due_date = date_field(_("Hạn"), required=False)


class ReportForm(_Form):
    contributions = text_area(_("Những việc đã tham gia, đóng góp"), rows=4)
    problems = text_area(_("Khó khăn, vướng mắc ở cơ sở"), rows=3)
    proposals = text_area(_("Đề xuất, kiến nghị"), rows=3)
    version = VersionField()


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, level):
        return level.name


class EvaluationForm(_Form):
    strengths = text_area(_("Ưu điểm"), rows=3)
    weaknesses = text_area(_("Hạn chế"), rows=3)
    comment = text_area(_("Nhận xét chung"), rows=3)
    level = LevelChoiceField(
        label=_("Xếp loại"),
        required=False,
        queryset=ClassificationLevel.objects.filter(scheme__code="can-bo").order_by("rank"),
    )
    version = VersionField()


class ChecklistForm(forms.Form):
    item = forms.ChoiceField(choices=ChecklistItem.Item.choices)
    done = forms.BooleanField(required=False)
    done_on = DateField(input_formats=DATE_FORMATS, required=False)


class FinishForm(_Form):
    actual_end = date_field(_("Ngày kết thúc"))
    early_reason = text_area(_("Lý do kết thúc sớm (nếu trước ngày dự kiến)"), required=False, rows=2)
    comment = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class CancelForm(_Form):
    reason = text_area(_("Lý do hủy"), required=False, rows=2)
    on = date_field(_("Ngày hủy"), required=False)


POSITIONS = [
    ("executive_full_time", _("Ủy viên BCH chuyên trách tại cơ quan")),
    ("department_staff", _("Cán bộ các ban, văn phòng")),
    ("any", _("Cán bộ cơ quan (không yêu cầu vị trí)")),
]


class GroupRuleForm(_Form):
    """A target group: who qualifies (position and planning), the post at the host, the party agreement."""

    name = forms.CharField(label=_("Mô tả đối tượng"), max_length=255, required=False)
    position = forms.ChoiceField(label=_("Vị trí hiện tại"), choices=POSITIONS)
    planned_titles = forms.MultipleChoiceField(
        label=_("Chức danh quy hoạch được chấp nhận"),
        required=False,
        choices=PostTitle.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    host_titles = forms.MultipleChoiceField(
        label=_("Vị trí tại cơ sở"), required=False, choices=PostTitle.choices, widget=forms.CheckboxSelectMultiple
    )
    needs_party_agreement = forms.BooleanField(label=_("Cần sự thống nhất của cấp ủy địa phương"), required=False)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("planned_titles", "host_titles"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    @staticmethod
    def initial_for(rule):
        position = (
            "executive_full_time"
            if rule.requires_executive_full_time
            else ("department_staff" if rule.requires_department_staff else "any")
        )
        return {
            "name": rule.name,
            "position": position,
            "planned_titles": list(rule.planned_titles),
            "host_titles": list(rule.host_titles),
            "needs_party_agreement": rule.needs_party_agreement,
            "version": rule.version,
        }

    def rule_data(self):
        """The cleaned data as the service's keyword arguments (``version`` apart)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        position = data.pop("position")
        data["requires_executive_full_time"] = position == "executive_full_time"
        data["requires_department_staff"] = position == "department_staff"
        return data
