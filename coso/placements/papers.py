"""Official papers of field training, built on :mod:`coso.documents.paper`."""

import datetime

from django.utils import timezone

from coso.documents.paper import Heading, Paper, Paragraph, Signature, Table
from coso.placements.rules import fmt


def _place(unit):
    name = unit.name
    for prefix in ("Tỉnh đoàn ", "Thành đoàn "):
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
        Heading("QUYẾT ĐỊNH", level=1),
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
        signer_title=signer[1] if len(signer) > 1 else "BÍ THƯ",
        signer_name=signer[0],
    )


def evaluation_form(evaluation):
    """Phiếu nhận xét cán bộ đi cơ sở (6 tháng / kết thúc), filled in by the host."""
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
        place=_place(placement.plan.owner),
        date=evaluation.submitted_on or evaluation.due_date,
        kind="PHIẾU NHẬN XÉT",
        summary="Cán bộ đi đào tạo thực tế tại cơ sở",
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
        levels = ", ".join(e["level"] for e in row["evaluations"] if e["level"]) or "…"
        rows.append(
            (
                n,
                row["person"],
                f"Đối tượng {row['group']}",
                f"{row['host_title']} – {row['host']}",
                f"{fmt(row['start_date'])} – {fmt(row['planned_end'])} ({row['months']} tháng)",
                f"{accepted}/{len(row['reports'])}",
                levels,
                (
                    f"Kết thúc sớm ngày {fmt(row['actual_end'])}: {row['early_end_reason']}"
                    if row["ended_early"]
                    else row["state"]
                ),
            )
        )
    body = [
        Paragraph(
            f"Thực hiện Kế hoạch số {plan.number or '…'} của Ban Thường vụ Tỉnh đoàn về cử cán bộ đi đào tạo "
            f"thực tế tại cơ sở, Ban Tổ chức – Kiểm tra tổng hợp kết quả {period} như sau:"
        ),
        Heading("I. DANH SÁCH CÁN BỘ ĐI CƠ SỞ", level=2),
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
            widths=[1, 4, 2.5, 5, 4, 2, 3.5, 2.5],
        ),
        Heading("II. KHÓ KHĂN, VƯỚNG MẮC Ở CƠ SỞ", level=2),
        *([Paragraph(f"- {text}") for text in report["problems"]] or [Paragraph("Không có.")]),
        Heading("III. ĐỀ XUẤT, KIẾN NGHỊ", level=2),
        *([Paragraph(f"- {text}") for text in report["proposals"]] or [Paragraph("Không có.")]),
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
        signer_name="",
    )


__all__ = ["decision_paper", "evaluation_form", "compiled_paper", "Signature"]
