"""Official papers of field training, built on :mod:`coso.documents.paper`."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from coso.documents.kinds import PaperKind, register
from coso.documents.paper import BulletList, Heading, Paper, Paragraph, Run, Signature, Table
from coso.placements.models import SIGNER_TITLE, YearlyList
from coso.placements.rules import fmt


def _place(unit):
    name = unit.name
    for prefix in ("Tỉnh đoàn ", "Thành đoàn ", "Huyện đoàn ", "Quận đoàn ", "Thị đoàn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def decision_paper(yearly_list):
    """Quyết định cử cán bộ đi đào tạo thực tế tại cơ sở (the decided, or a draft of the proposed, list)."""
    plan = yearly_list.plan
    owner = plan.owner
    place = _place(owner)
    candidates = list(yearly_list.candidates.select_related("person", "host"))
    rows = [
        (n, c.person.full_name, f"Đối tượng {c.group}", c.host.name, c.get_host_title_display(), fmt(c.start_date))
        for n, c in enumerate(candidates, 1)
    ]
    signer = yearly_list.signer.split("|")
    body = [
        Paragraph("Căn cứ Quy chế làm việc của Ban Chấp hành Tỉnh đoàn;", italic=True),
        Paragraph(
            f"Căn cứ Kế hoạch số {plan.number or '…'} về cử cán bộ Tỉnh đoàn đi đào tạo thực tế tại cơ sở "
            f"(giai đoạn {plan.start_year} – {plan.end_year});",
            italic=True,
        ),
        Paragraph("Xét đề nghị của Ban Tổ chức – Kiểm tra Tỉnh đoàn,", italic=True),
        Paragraph("QUYẾT ĐỊNH:", bold=True, indent=False, align="center"),
        Paragraph(
            f"Điều 1. Cử các đồng chí có tên sau đi đào tạo thực tế tại cơ sở năm {yearly_list.year}, "
            f"thời gian tối thiểu {plan.min_months} tháng kể từ ngày bắt đầu:"
        ),
        Table(
            headers=["TT", "Họ và tên", "Đối tượng", "Nơi đến", "Vị trí", "Từ ngày"],
            rows=rows,
            widths=[1, 5, 3, 5, 4, 3],
        ),
        Paragraph(
            "Điều 2. Cán bộ được cử báo cáo bằng văn bản định kỳ 6 tháng và khi kết thúc; chuyển sinh hoạt "
            "Đảng, Đoàn về nơi đến. Tỉnh đoàn chi trả tiền lương và các khoản phụ cấp theo quy định."
        ),
        Paragraph(
            "Điều 3. Ban Tổ chức – Kiểm tra, Văn phòng Tỉnh đoàn, các đơn vị nơi đến và các đồng chí có tên "
            "tại Điều 1 căn cứ quyết định thi hành."
        ),
    ]
    return Paper(
        parent_body=f"BCH {owner.name.upper()}",
        issuing_body="BAN THƯỜNG VỤ",
        number=yearly_list.decision_number or "",
        symbol="QĐ/TĐTN",
        place=place,
        date=yearly_list.decision_date or plan.issued_on or datetime.date(yearly_list.year, 1, 1),
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc cử cán bộ đi đào tạo thực tế tại cơ sở năm {yearly_list.year}",
        body=body,
        recipients=["Như Điều 3", "Lưu: VT, TCKT"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title=signer[1] if len(signer) > 1 else SIGNER_TITLE,
        signer_name=signer[0],
    )


def evaluation_form(evaluation):
    """Phiếu nhận xét cán bộ đào tạo thực tế (6 tháng / kết thúc), filled in by the host."""
    placement = evaluation.placement
    host = placement.host
    person = placement.person
    body = [
        Paragraph(f"Họ và tên cán bộ: {person.full_name}", indent=False),
        Paragraph(f"Vị trí tại cơ sở: {placement.get_host_title_display()} – {host.name}", indent=False),
        Paragraph(
            f"Thời gian: từ {fmt(placement.start_date)}; kỳ nhận xét: {evaluation.get_kind_display()} "
            f"(lần {evaluation.sequence}, hạn {fmt(evaluation.due_date)})",
            indent=False,
        ),
        Heading("1. Ưu điểm", level=2),
        Paragraph(evaluation.strengths or "…"),
        Heading("2. Hạn chế", level=2),
        Paragraph(evaluation.weaknesses or "…"),
        Heading("3. Nhận xét chung", level=2),
        Paragraph(evaluation.comment or "…"),
        Heading("4. Xếp loại", level=2),
        Paragraph(evaluation.level.name if evaluation.level_id else "…"),
    ]
    return Paper(
        parent_body=f"BCH {placement.plan.owner.name.upper()}",
        issuing_body=f"BTV {host.name.upper()}",
        number="",
        symbol="NX/ĐTN",
        place=_place(host),
        date=evaluation.submitted_on or evaluation.due_date,
        kind="PHIẾU NHẬN XÉT",
        summary=f"Cán bộ đi đào tạo thực tế tại cơ sở ({evaluation.get_kind_display().lower()}, lần {evaluation.sequence})",
        body=body,
        recipients=["Ban TCKT Tỉnh đoàn", "Lưu"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name=evaluation.evaluator.display_name if evaluation.evaluator_id else "",
        signer_note="(Ký, ghi rõ họ tên)",
    )


def compiled_paper(plan, report, year=None):
    """Báo cáo tổng hợp cán bộ đi đào tạo thực tế tại cơ sở, TCKT for the Standing Committee."""
    owner = plan.owner
    period = f"năm {year}" if year else f"giai đoạn {plan.start_year} – {plan.end_year}"
    rows = []
    for n, row in enumerate(report["placements"], 1):
        accepted = sum(r["state"] == "Đã tiếp nhận" for r in row["reports"])
        rated = [e for e in row["evaluations"] if e["level"]]
        level = rated[-1]["level"] if rated else "…"  # the latest evaluation's rating, one per cell
        rows.append(
            (
                n,
                row["person"],
                f"Đối tượng {row['group']}",
                f"{row['host_title']} – {row['host']}",
                f"{fmt(row['start_date'])} – {fmt(row['actual_end'] or row['planned_end'])} ({row['months']} tháng)",
                f"{accepted}/{len(row['reports'])}",
                level,
                (
                    f"Kết thúc sớm ngày {fmt(row['actual_end'])}: {row['early_end_reason']}"
                    if row["ended_early"]
                    else row["state"]
                ),
            )
        )

    def once(field):
        """Each problem or proposal once, with the cadres who reported it (two cadres who wrote
        the same line make one line naming both, never the same line twice)."""
        order, who = [], {}
        for row in report["placements"]:
            for r in row["reports"]:
                text = " ".join((r[field] or "").split())
                if not text:
                    continue
                if text not in who:
                    who[text] = []
                    order.append(text)
                if row["person"] not in who[text]:
                    who[text].append(row["person"])
        return [f"{', '.join(who[text])}: {text}" for text in order]

    problems, proposals = once("problems"), once("proposals")
    body = [
        Paragraph(
            f"Thực hiện Kế hoạch số {plan.number or '…'} của Ban Thường vụ Tỉnh đoàn về cử cán bộ đi đào tạo "
            f"thực tế tại cơ sở, Ban Tổ chức – Kiểm tra tổng hợp kết quả {period} như sau:"
        ),
        Heading("I. DANH SÁCH CÁN BỘ ĐI ĐÀO TẠO THỰC TẾ", level=1),
        Paragraph(
            f"Tổng số: {report['count']} cán bộ"
            + (f", trong đó {report['ended_early']} cán bộ kết thúc sớm." if report["ended_early"] else "."),
            indent=False,
        ),
        Table(
            headers=[
                "TT",
                "Họ và tên",
                "Đối tượng",
                "Vị trí, nơi đến",
                "Thời gian",
                "Báo cáo",
                "Xếp loại",
                "Tình trạng",
            ],
            rows=rows,
            widths=[1, 4, 2.5, 5, 4, 2, 3, 2.5],
        ),
        Heading("II. KHÓ KHĂN, VƯỚNG MẮC Ở CƠ SỞ", level=1),
        BulletList(problems) if problems else Paragraph("Không có."),
        Heading("III. ĐỀ XUẤT, KIẾN NGHỊ", level=1),
        BulletList(proposals) if proposals else Paragraph("Không có."),
    ]
    return Paper(
        parent_body=f"BCH {owner.name.upper()}",
        issuing_body="BAN TỔ CHỨC – KIỂM TRA",
        number="",
        symbol="BC/TĐTN-TCKT",
        place=_place(owner),
        date=timezone.localdate(),
        kind="BÁO CÁO",
        summary=f"Kết quả cử cán bộ đi đào tạo thực tế tại cơ sở {period}",
        body=body,
        recipients=["Ban Thường vụ Tỉnh đoàn (để báo cáo)", "Lưu: VT, TCKT"],
        signer_on_behalf="",
        signer_title="TRƯỞNG BAN",
        signer_name=_head_of(owner, "TCKT"),
    )


def _head_of(unit, department_code):
    """The head of a department of the unit today (the signer of its reports), or ""."""
    from coso.people.models import Post, PostTitle

    today = timezone.localdate()
    post = (
        Post.objects.filter(
            unit=unit, department__code=department_code, title=PostTitle.HEAD_OF_DEPARTMENT, start_date__lte=today
        )
        .exclude(end_date__lt=today)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )
    return post.person.full_name if post else ""


def _person_head(person):
    unit = person.unit
    if person.department_id:
        return {"parent_body": unit.name.upper(), "issuing_body": person.department.name.upper()}
    return {"parent_body": "", "issuing_body": unit.name.upper()}


def report_paper(report):
    """BÁO CÁO of the cadre in field training, every 6 months and at the end (seed 002: "báo cáo
    bằng văn bản định kỳ 6 tháng và khi kết thúc"): what they contributed, the problems at the
    base, their proposals; the host confirms it."""
    placement = report.placement
    person, host, plan = placement.person, placement.host, placement.plan
    period = "khi kết thúc" if report.kind == "final" else f"định kỳ 6 tháng lần {report.sequence}"
    tasks = list(placement.tasks.all())
    body = [
        Paragraph([Run("Họ và tên: "), Run(person.full_name, bold=True)], indent=False),
        Paragraph(f"Vị trí tại cơ sở: {placement.get_host_title_display()} {host.name}.", indent=False),
        Paragraph(
            f"Thời gian đào tạo thực tế: từ ngày {fmt(placement.start_date)} đến ngày "
            f"{fmt(placement.actual_end or placement.planned_end)}.",
            indent=False,
        ),
        Paragraph(
            f"Thực hiện Kế hoạch số {plan.number or '…'} của Ban Thường vụ {plan.owner.name} về cử cán bộ đi đào "
            f"tạo thực tế tại cơ sở, tôi báo cáo kết quả {period} như sau:"
        ),
        Heading("I. NHỮNG VIỆC ĐÃ LÀM, ĐÓNG GÓP CHO CƠ SỞ", level=1),
        Paragraph(report.contributions or "…"),
    ]
    if tasks:
        body.append(
            Table(
                ["STT", "Nhiệm vụ được giao", "Ngày giao", "Hoàn thành"],
                [
                    (n, t.title, fmt(t.assigned_on), fmt(t.done_on) if t.done_on else "Đang thực hiện")
                    for n, t in enumerate(tasks, 1)
                ],
                widths=[1, 8, 2.5, 3],
            )
        )
    body += [
        Heading("II. KHÓ KHĂN, VƯỚNG MẮC Ở CƠ SỞ", level=1),
        Paragraph(report.problems or "Không có."),
        Heading("III. ĐỀ XUẤT, KIẾN NGHỊ", level=1),
        Paragraph(report.proposals or "Không có."),
    ]
    return Paper(
        **_person_head(person),
        number="",
        symbol="BC/TĐTN",
        place=_place(plan.owner),
        date=report.submitted_on or report.due_date,
        kind="BÁO CÁO",
        summary=f"Kết quả đào tạo thực tế tại {host.name} ({period})",
        body=body,
        recipients=[
            f"Ban Thường vụ {plan.owner.name} (để báo cáo)",
            "Ban Tổ chức – Kiểm tra (để tổng hợp)",
            f"Ban Thường vụ {host.name} (để biết)",
            "Lưu",
        ],
        signer_on_behalf="",
        signer_title="NGƯỜI BÁO CÁO",
        signer_name=person.full_name,
        countersignature=Signature(f"XÁC NHẬN CỦA BAN THƯỜNG VỤ {host.name.upper()}", "", "", "(Ký, ghi rõ họ tên)"),
    )


# --------------------------------------------------------------------------- the register


def _views():
    from coso.placements import views

    return views


def _year_key(key):
    if key == "":
        return None
    year = int(key)
    if not 1900 <= year <= 2999:
        raise ValueError(key)
    return year


def _compiled(plan, key):
    from coso.placements import selectors

    year = _year_key(key)
    return compiled_paper(plan, selectors.compiled_report(plan=plan, year=year), year)


def _list_not_ready(ylist, key):
    if ylist.state != YearlyList.State.DECIDED:
        return "Danh sách chưa được Ban Thường vụ quyết định: chưa cấp số quyết định được."
    return ""


def _decision_issued(ylist, key, issued):
    """The list carries the number and date of its decision as the register gave them."""
    ylist.decision_number, ylist.decision_date = issued.symbol, issued.issued_on
    ylist.save(update_fields=["decision_number", "decision_date", "updated_at"])


def _submitted(obj, key):
    if obj.state not in ("submitted", "accepted"):
        return "Văn bản chưa được gửi: chưa cấp số được."
    return ""


register(
    PaperKind(
        code="placements.decision",
        label=gettext_noop("Quyết định cử cán bộ đi đào tạo thực tế"),
        doc_type="QĐ",
        route="placements:decision_paper",
        records=lambda user: _views().visible_lists(user),
        build=lambda obj, key: decision_paper(obj),
        issuer=lambda obj, key: obj.plan.owner,
        record_url=lambda obj, key: reverse("placements:list_detail", args=[obj.pk]),
        filename=lambda obj, key: f"quyet-dinh-dao-tao-thuc-te-{obj.year}",
        not_ready=_list_not_ready,
        on_issue=_decision_issued,
    )
)
register(
    PaperKind(
        code="placements.evaluation",
        label=gettext_noop("Phiếu nhận xét của nơi đến"),
        doc_type="NX",
        route="placements:evaluation_paper",
        records=lambda user: _views()._evaluations(user),
        build=lambda obj, key: evaluation_form(obj),
        issuer=lambda obj, key: obj.placement.host,
        record_url=lambda obj, key: reverse("placements:evaluation_detail", args=[obj.pk]),
        filename=lambda obj, key: f"phieu-nhan-xet-{obj.placement_id}-{obj.sequence}",
        not_ready=_submitted,
    )
)
register(
    PaperKind(
        code="placements.report",
        label=gettext_noop("Báo cáo của cán bộ đi đào tạo thực tế"),
        doc_type="BC",
        route="placements:report_paper",
        records=lambda user: (
            _views()._reports(user).select_related("placement__person__unit", "placement__person__department")
        ),
        build=lambda obj, key: report_paper(obj),
        issuer=lambda obj, key: obj.placement.person.unit,
        record_url=lambda obj, key: reverse("placements:report_detail", args=[obj.pk]),
        filename=lambda obj, key: f"bao-cao-dao-tao-thuc-te-{obj.placement_id}-{obj.sequence}",
        not_ready=_submitted,
    )
)
register(
    PaperKind(
        code="placements.compiled",
        label=gettext_noop("Báo cáo tổng hợp đào tạo thực tế"),
        doc_type="BC",
        department="TCKT",
        route="placements:compiled_paper",
        records=lambda user: _views().visible_plans(user),
        build=_compiled,
        issuer=lambda obj, key: obj.owner,
        record_url=lambda obj, key: reverse("placements:compiled", args=[obj.pk]) + (f"?year={key}" if key else ""),
        filename=lambda obj, key: f"bao-cao-dao-tao-thuc-te{'-' + key if key else ''}",
        parse_key=_year_key,
        key_param="year",
    )
)

__all__ = ["decision_paper", "evaluation_form", "compiled_paper", "report_paper", "Signature"]
