"""The cadre-work plan as a paper (seed 004: Kế hoạch công tác cán bộ … năm 2023) with its
indicator table, in the administrative layout of ``coso/documents/paper.py``."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_noop

from coso.documents.kinds import PaperKind, register
from coso.documents.paper import BulletList, Heading, Paper, Paragraph, Table
from coso.people.models import Post, PostTitle

PREFIXES = ("Tỉnh đoàn ", "Thành đoàn ", "Huyện đoàn ", "Quận đoàn ", "Quận Đoàn ", "Thị đoàn ", "Đoàn ")


def place_of(unit):
    for prefix in PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def _secretary(unit, day):
    post = (
        Post.objects.filter(unit=unit, title=PostTitle.SECRETARY, start_date__lte=day)
        .exclude(end_date__lt=day)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )
    return post.person.full_name if post else ""


def _target(indicator):
    if indicator.target_kind == "percent":
        return f"{indicator.target_value}%"
    return f"{indicator.target_value:02d}"


def _sentence(text):
    """The summary under the kind starts with a capital: "Công tác cán bộ … năm 2023"."""
    return text[:1].upper() + text[1:]


def plan_paper(plan):
    owner = plan.owner
    parent = type(owner).objects.get_parent(owner)
    day = plan.issued_on or datetime.date(plan.year, 1, 1)
    rows = [[index, i.name, _target(i)] for index, i in enumerate(plan.indicators.order_by("order", "id"), 1)]
    body = [
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph(
            "Nâng cao chất lượng đội ngũ cán bộ Đoàn – Hội – Đội; thực hiện tốt công tác quy hoạch, đào tạo, "
            "bồi dưỡng, đánh giá, luân chuyển cán bộ; các chỉ tiêu được theo dõi, tính toán từ dữ liệu cán bộ."
        ),
        Heading("II. HỆ THỐNG CHỈ TIÊU"),
        Table(["STT", "Chỉ tiêu", "Mức chỉ tiêu"], rows, widths=[1, 9, 2]),
        Heading("III. TỔ CHỨC THỰC HIỆN"),
        BulletList(
            [
                "Ban Tổ chức – Kiểm tra tham mưu theo dõi, tổng hợp kết quả thực hiện các chỉ tiêu.",
                "Các cơ sở Đoàn xây dựng kế hoạch công tác cán bộ của đơn vị"
                + (
                    f", gửi về Ban Thường vụ trước ngày {plan.base_plan_deadline:%d/%m/%Y}"
                    if plan.base_plan_deadline
                    else ""
                )
                + "; báo cáo kết quả thực hiện trong báo cáo tổng kết năm.",
            ]
        ),
    ]
    return Paper(
        parent_body=f"BCH {parent.name.upper()}" if parent else "",
        issuing_body=owner.name.upper(),
        number=plan.number,
        symbol="" if plan.number else "KH/ĐTN",
        place=place_of(owner),
        date=day,
        kind="KẾ HOẠCH",
        summary=_sentence(plan.title.removeprefix("Kế hoạch ").strip()),
        body=body,
        recipients=["Thường trực cấp trên (để báo cáo)", "Các cơ sở Đoàn trực thuộc", "Lưu: VP, TCKT"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name=_secretary(owner, day),
    )


def results_key(unit, year):
    return f"{unit.pk}-{year}"


def parse_results_key(key):
    """ "<unit id>-<year>" (the unit and year the dashboard shows), else ValueError."""
    unit, _sep, year = str(key).partition("-")
    if not (unit.isdigit() and year.isdigit() and 2000 <= int(year) <= 2100):
        raise ValueError(key)
    return int(unit), int(year)


def _results_unit(plan, key):
    from coso.org.models import Unit

    unit_pk, _year = parse_results_key(key)
    return Unit.objects.get(pk=unit_pk, path__startswith=plan.owner.path)


def results_key_visible(user, plan, key):
    from coso.accounts import scoping

    unit_pk, _year = parse_results_key(key)
    return scoping.visible_units(user).filter(pk=unit_pk, path__startswith=plan.owner.path).exists()


def results_rows(results):
    """The results table's rows, the same figures as the dashboard, its chart and its export."""
    return [
        [
            index,
            r.name,
            r.population_count,
            r.achieved_count,
            r.actual_label,
            "–" if r.progress is None else f"{number_format(r.progress, 1)}%",
            "Đạt" if r.met else f"Chưa đạt (thiếu {r.shortfall})",
        ]
        for index, r in enumerate(results, 1)
    ]


RESULTS_HEADERS = ["STT", "Chỉ tiêu", "Đối tượng", "Đạt", "Thực hiện/chỉ tiêu", "% so với chỉ tiêu", "Kết quả"]


def results_paper(plan, key):
    """Báo cáo kết quả thực hiện chỉ tiêu công tác cán bộ of one unit (the plan's owner or a unit
    under it) and one year, computed from the data like the dashboard."""
    from coso.cadrework import indicators

    unit = _results_unit(plan, key)
    _unit_pk, year = parse_results_key(key)
    results = indicators.dashboard(plan, unit, user=None, year=year)
    met = sum(r.met for r in results)
    day = timezone.localdate()
    body = [
        Paragraph(
            f"Thực hiện {plan.title}{f' (số {plan.number})' if plan.number else ''}, kết quả thực hiện các chỉ "
            f"tiêu của {unit.name} năm {year}, tính từ dữ liệu cán bộ đến ngày {day:%d/%m/%Y}, như sau:"
        ),
        Heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
        Paragraph(f"Đạt {met}/{len(results)} chỉ tiêu.", indent=False),
        Table(RESULTS_HEADERS, results_rows(results), widths=[1, 7, 1.6, 1.4, 2.2, 2, 2.4]),
        Paragraph(
            "«Thực hiện/chỉ tiêu»: số người đạt so với số chỉ tiêu (chỉ tiêu đếm người), hoặc tỷ lệ người đạt trong số"
            " đối tượng so với tỷ lệ chỉ tiêu (chỉ tiêu phần trăm); «% so với chỉ tiêu»: mức hoàn thành chỉ tiêu"
            " (100% là đạt).",
            indent=False,
        ),
    ]
    return Paper(
        parent_body=f"BCH {plan.owner.name.upper()}" if unit.pk != plan.owner.pk else "",
        issuing_body=unit.name.upper(),
        number="",
        symbol="BC/ĐTN",
        place=place_of(unit),
        date=day,
        kind="BÁO CÁO",
        summary=f"Kết quả thực hiện chỉ tiêu công tác cán bộ năm {year}",
        body=body,
        recipients=["Ban Thường vụ cấp trên (để báo cáo)", "Lưu: VP, TCKT"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name=_secretary(unit, day),
    )


def _plan_issued(plan, key, issued):
    """The plan record carries the number and date the register gave it."""
    plan.number, plan.issued_on = issued.symbol, issued.issued_on
    plan.save(update_fields=["number", "issued_on", "updated_at"])


def _plans(user):
    from coso.cadrework import permissions

    return permissions.plans(user)


register(
    PaperKind(
        code="cadrework.plan",
        label=gettext_noop("Kế hoạch công tác cán bộ"),
        doc_type="KH",
        route="cadrework:plan_paper",
        records=_plans,
        build=lambda obj, key: plan_paper(obj),
        issuer=lambda obj, key: obj.owner,
        record_url=lambda obj, key: reverse("cadrework:plan_detail", args=[obj.pk]),
        filename=lambda obj, key: f"ke-hoach-cong-tac-can-bo-{obj.year}-{obj.pk}",
        on_issue=_plan_issued,
    )
)
register(
    PaperKind(
        code="cadrework.results",
        label=gettext_noop("Báo cáo kết quả thực hiện chỉ tiêu công tác cán bộ"),
        doc_type="BC",
        route="cadrework:results_paper",
        records=_plans,
        build=results_paper,
        issuer=_results_unit,
        record_url=lambda obj, key: (
            reverse("cadrework:home") + "?plan={}&unit={}&year={}".format(obj.pk, *parse_results_key(key))
        ),
        filename=lambda obj, key: "bao-cao-ket-qua-chi-tieu-can-bo-{1}-{0}".format(*parse_results_key(key)),
        parse_key=parse_results_key,
        key_visible=results_key_visible,
        key_param="k",
    )
)
