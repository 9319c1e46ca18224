"""The papers of the grassroots visits (seed 000), as :class:`~coso.documents.paper.Paper`:
the assignment decision, an introduction letter per assignment, a cadre's quarter plan, a
cadre's monthly report and a cluster's report for the monthly agency meeting."""

import datetime

from coso.documents.paper import Heading, Paper, Paragraph, Table
from coso.visits import rules
from coso.visits.models import Assignment, MonthlyReport, ReportVisit, Visit

PREFIXES = ("Tỉnh đoàn ", "Thành đoàn ", "Huyện đoàn ", "Thị đoàn ", "Đoàn ")


def place_of(unit):
    for prefix in PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def _head(unit):
    return {"parent_body": f"BCH {unit.name.upper()}", "issuing_body": "BAN THƯỜNG VỤ", "place": place_of(unit)}


def _dates(start, end):
    return rules.date_range_text(start, end)


def _owner_of(cadre):
    return cadre.unit


def decision_paper(decision):
    """QUYẾT ĐỊNH phân công cụm trưởng, cụm phó và cán bộ theo dõi, phụ trách các đơn vị."""
    assignments = list(
        decision.assignments.select_related("cadre", "unit", "cluster").order_by(
            "role", "cadre__sort_key", "unit__sort_key"
        )
    )
    rows = [
        [
            index,
            a.cadre.full_name,
            a.get_role_display(),
            a.cluster.name if a.cluster else "",
            a.unit.name,
            f"{a.valid_from:%d/%m/%Y}",
        ]
        for index, a in enumerate(assignments, 1)
    ]
    signer = decision.signer.full_name if decision.signer else ""
    return Paper(
        **_head(decision.owner),
        number=decision.number,
        date=decision.decided_on,
        kind="QUYẾT ĐỊNH",
        summary="Về việc phân công phụ trách cụm thi đua và cán bộ theo dõi, phụ trách các địa phương, đơn vị",
        body=[
            Paragraph(f"BAN THƯỜNG VỤ {decision.owner.name.upper()}", bold=True, indent=False, align="center"),
            Paragraph("Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;", italic=True),
            Paragraph("Căn cứ kế hoạch đi cơ sở xây dựng phong trào của Ban Thường vụ;", italic=True),
            Paragraph("QUYẾT ĐỊNH:", bold=True, indent=False, align="center"),
            Paragraph(
                [
                    "Điều 1. ",
                    "Phân công các đồng chí có tên sau đây làm cụm trưởng, cụm phó cụm thi đua và theo dõi, "
                    "phụ trách các địa phương, đơn vị:",
                ]
            ),
            Table(
                ["STT", "Họ và tên", "Nhiệm vụ", "Cụm", "Đơn vị theo dõi", "Từ ngày"],
                rows,
                widths=[1, 4, 3, 2.5, 4, 2.5],
            ),
            Paragraph(
                "Điều 2. Các đồng chí có tên tại Điều 1 chịu trách nhiệm trước Ban Thường vụ về kết quả hoạt động "
                "của các đơn vị được phân công, thực hiện việc đi cơ sở theo kế hoạch."
            ),
            Paragraph(
                "Điều 3. Văn phòng, các ban chức năng và các đồng chí có tên tại Điều 1 căn cứ quyết định thi hành. "
                "Quyết định có hiệu lực kể từ ngày ký."
            ),
        ],
        recipients=["Như Điều 3", "Lưu: VT, TCKT"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name=signer,
    )


def letter_paper(assignment):
    """GIẤY GIỚI THIỆU of a cadre to the party committee and the union of the unit followed."""
    decision = assignment.decision
    place = place_of(assignment.unit)
    cadre = assignment.cadre
    title = cadre.job_title or "cán bộ"
    return Paper(
        **_head(decision.owner),
        number="",
        symbol="GGT/TĐTN",
        date=decision.decided_on,
        kind="GIẤY GIỚI THIỆU",
        summary="",
        body=[
            Paragraph(f"Ban Thường vụ {decision.owner.name} trân trọng giới thiệu:"),
            Paragraph(f"Đồng chí: {cadre.full_name}", bold=True),
            Paragraph(f"Chức vụ: {title}"),
            Paragraph(
                f"Được phân công theo dõi, phụ trách {assignment.unit.name} theo Quyết định số {decision.number} "
                f"ngày {decision.decided_on:%d/%m/%Y} ({assignment.get_role_display().lower()}), từ ngày "
                f"{assignment.valid_from:%d/%m/%Y}."
            ),
            Paragraph(f"Kính gửi: Ban Thường vụ Huyện uỷ, Thành uỷ {place} và Ban Thường vụ {assignment.unit.name}."),
            Paragraph("Đề nghị quý cơ quan tạo điều kiện để đồng chí hoàn thành nhiệm vụ."),
        ],
        recipients=["Như trên", "Lưu: VT, TCKT"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name=decision.signer.full_name if decision.signer else "",
    )


def plan_paper(plan):
    """KẾ HOẠCH đi cơ sở quý … of one cadre, with the planned trips."""
    cadre = plan.cadre
    planned = list(plan.planned_visits.select_related("unit"))
    rows = [
        [i, _dates(p.start_date, p.end_date), p.unit.name, p.get_form_display(), p.content]
        for i, p in enumerate(planned, 1)
    ]
    day = plan.first_submitted_at.date() if plan.first_submitted_at else plan.first_day
    return Paper(
        **_head(_owner_of(cadre)),
        number="",
        symbol="KH-ĐCS",
        date=day,
        kind="KẾ HOẠCH",
        summary=f"Đi cơ sở quý {rules_roman(plan.quarter)} năm {plan.year}",
        body=[
            Paragraph(f"Cán bộ: {cadre.full_name}", bold=True),
            Paragraph(f"Trạng thái: {plan.get_state_display()}"),
            *([Paragraph(plan.note)] if plan.note else []),
            Table(["STT", "Thời gian", "Đơn vị đến", "Hình thức", "Nội dung"], rows, widths=[1, 3, 4, 4, 5]),
            Paragraph(f"Tổng số: {sum(p.days for p in planned)} ngày.", italic=True),
        ],
        recipients=["Lãnh đạo ban", "Cụm trưởng cụm thi đua", "Lưu"],
        signer_on_behalf="",
        signer_title="NGƯỜI LẬP KẾ HOẠCH",
        signer_name=cadre.full_name,
    )


def rules_roman(quarter):
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]


def report_paper(report):
    """BÁO CÁO kết quả đi cơ sở tháng … of one cadre: the trips and the hosts' comments."""
    cadre = report.cadre
    lines = list(report.lines.select_related("visit__unit", "host"))
    rows = [
        [
            i,
            _dates(line.visit.start_date, line.visit.end_date),
            line.visit.unit.name,
            line.visit.get_form_display(),
            line.days_in_month,
            line.visit.findings or line.visit.content,
        ]
        for i, line in enumerate(lines, 1)
    ]
    hosts = list(report.host_confirmations.select_related("district"))
    body = [
        Paragraph(f"Cán bộ: {cadre.full_name}", bold=True),
        Heading("I. KẾT QUẢ ĐI CƠ SỞ", 1),
        Table(["STT", "Thời gian", "Đơn vị đến", "Hình thức", "Số ngày", "Kết quả"], rows, widths=[1, 3, 4, 4, 1.5, 5]),
        Paragraph(f"Tổng số ngày cơ sở trong tháng: {report.total_days} ngày.", bold=True),
    ]
    if report.summary:
        body += [Heading("II. TỰ ĐÁNH GIÁ", 1), Paragraph(report.summary)]
    body.append(Heading("III. XÁC NHẬN, NHẬN XÉT CỦA CƠ SỞ", 1))
    for host in hosts:
        comment = f": {host.comment}" if host.comment else ""
        body.append(Paragraph(f"{host.district.name} – {host.get_state_display()}{comment}"))
    if not hosts:
        body.append(Paragraph("Trong tháng không có chuyến đi cơ sở."))
    due = report.due_date
    return Paper(
        **_head(_owner_of(cadre)),
        number="",
        symbol="BC-ĐCS",
        date=report.first_submitted_at.date() if report.first_submitted_at else due,
        kind="BÁO CÁO",
        summary=f"Kết quả đi cơ sở tháng {report.month:02d} năm {report.year}",
        body=body,
        recipients=["Cụm trưởng cụm thi đua", "Lãnh đạo ban", "Ban Tổ chức - Kiểm tra", "Lưu"],
        signer_on_behalf="",
        signer_title="NGƯỜI BÁO CÁO",
        signer_name=cadre.full_name,
    )


def cluster_paper(cluster, year, month):
    """BÁO CÁO of a cluster for the monthly agency meeting: its cadres, their days and findings
    in the cluster's units during the month."""
    first, last = datetime.date(year, month, 1), rules.month_last_day(year, month)
    units = list(cluster.units.all())
    paths = [u.path for u in units]
    from django.db.models import Q

    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path__startswith=path)
    visits = list(
        Visit.objects.filter(q)
        .overlapping(first, last)
        .select_related("cadre", "unit")
        .order_by("cadre__sort_key", "start_date")
    )
    days, findings, names = {}, [], {}
    for v in visits:
        n = rules.days_by_month(v.start_date, v.end_date).get((year, month), 0)
        days[v.cadre_id] = days.get(v.cadre_id, 0) + n
        names[v.cadre_id] = v.cadre.full_name
        if v.findings:
            findings.append(f"{v.cadre.full_name} ({v.unit.name}): {v.findings}")
    states = dict(
        MonthlyReport.objects.filter(cadre_id__in=names, year=year, month=month).values_list("cadre_id", "state")
    )
    labels = dict(MonthlyReport.State.choices)
    rows = [
        [i, names[cid], days[cid], str(labels.get(states.get(cid), "Chưa lập báo cáo"))]
        for i, cid in enumerate(names, 1)
    ]
    leader = cluster.leader.full_name if cluster.leader_id else ""
    body = [
        Paragraph(f"Cụm: {cluster.name}. Đơn vị: {', '.join(u.name for u in units)}."),
        Heading("I. CÁN BỘ ĐI CƠ SỞ VÀ SỐ NGÀY", 1),
        Table(["STT", "Cán bộ", "Số ngày", "Báo cáo tháng"], rows, widths=[1, 5, 2, 4]),
        Paragraph(f"Tổng số: {sum(days.values())} ngày cơ sở.", bold=True),
        Heading("II. TÌNH HÌNH NẮM ĐƯỢC", 1),
        *[Paragraph(f) for f in findings],
    ]
    if not findings:
        body.append(Paragraph("Không có nội dung ghi nhận."))
    return Paper(
        **_head(cluster.owner),
        number="",
        symbol="BC-CTĐ",
        date=last,
        kind="BÁO CÁO",
        summary=f"Kết quả đi cơ sở tháng {month:02d} năm {year} của {cluster.name}",
        body=body,
        recipients=["Thường trực", "Ban Tổ chức - Kiểm tra", "Lưu"],
        signer_on_behalf="",
        signer_title="CỤM TRƯỞNG",
        signer_name=leader,
    )


__all__ = ["decision_paper", "letter_paper", "plan_paper", "report_paper", "cluster_paper", "Assignment", "ReportVisit"]
