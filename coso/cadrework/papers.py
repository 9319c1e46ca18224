"""The cadre-work plan as a paper (seed 004: Kế hoạch công tác cán bộ … năm 2023) with its
indicator table, in the administrative layout of ``coso/documents/paper.py``."""

import datetime

from django.urls import reverse

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
        label="Kế hoạch công tác cán bộ",
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
