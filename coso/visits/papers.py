"""The papers of the grassroots visits (seed 000), as :class:`~coso.documents.paper.Paper`:
the assignment decision, an introduction letter per assignment, a cadre's quarter plan, a
cadre's monthly report and a cluster's report for the monthly agency meeting."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from coso.accounts import scoping
from coso.documents.kinds import PaperKind, register
from coso.documents.paper import BulletList, Heading, Paper, Paragraph, Run, Signature, Table
from coso.org.models import Cluster
from coso.people.models import Post
from coso.visits import rules, selectors
from coso.visits.models import (
    Assignment,
    AssignmentDecision,
    HostConfirmation,
    MonthlyReport,
    QuarterPlan,
    ReportVisit,
    Visit,
    VisitPolicy,
)

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


def _plan_citation(owner, year):
    """ "Căn cứ Kế hoạch số 14-KH/TĐTN ngày 25/02/2013 …": the policy's source, when recorded."""
    policy = VisitPolicy.for_unit(owner, year)
    source = " ".join((policy.source or "").split())
    if source:
        number, _sep, rest = source.partition(" ")
        if rest and not rest.startswith("ngày") and "/" in rest and "-" not in number:
            source = f"{number}-{rest}"  # "14 KH/TĐTN" as the seed writes it -> "14-KH/TĐTN"
        return (
            f"Căn cứ Kế hoạch số {source} của Ban Thường vụ {owner.name} về tổ chức đi cơ sở xây dựng "
            f"phong trào năm {year};"
        )
    return f"Căn cứ kế hoạch đi cơ sở xây dựng phong trào năm {year} của Ban Thường vụ {owner.name};"


def cadre_post(cadre, on=None):
    """The cadre's real post: "Chuyên viên Ban Tổ chức – Kiểm tra Tỉnh đoàn Quảng Nam"."""
    if cadre.job_title.strip():
        return cadre.job_title.strip()
    day = on or timezone.localdate()
    post = (
        Post.objects.filter(person=cadre, start_date__lte=day)
        .exclude(end_date__lt=day)
        .select_related("unit", "department")
        .order_by("-start_date")
        .first()
    )
    if post is not None:
        where = f"{post.department.name} " if post.department_id else ""
        return f"{post.get_title_display()} {where}{post.unit.name}"
    if cadre.department_id:
        return f"Cán bộ {cadre.department.name} {cadre.unit.name}"
    return f"Cán bộ cơ quan {cadre.unit.name}"


PARTY_COMMITTEES = (
    ("Huyện đoàn ", "Huyện ủy "),
    ("Thành đoàn ", "Thành ủy "),
    ("Thị đoàn ", "Thị ủy "),
    ("Quận đoàn ", "Quận ủy "),
    ("Tỉnh đoàn ", "Tỉnh ủy "),
    ("Đoàn xã ", "Đảng ủy xã "),
    ("Đoàn phường ", "Đảng ủy phường "),
    ("Đoàn thị trấn ", "Đảng ủy thị trấn "),
    ("Đoàn ", "Đảng ủy "),
)


def party_committee_of(unit):
    """The party committee beside a union: "Huyện đoàn Bắc Trà My" → "Huyện ủy Bắc Trà My"."""
    for prefix, committee in PARTY_COMMITTEES:
        if unit.name.startswith(prefix):
            return committee + unit.name[len(prefix) :]
    return f"Cấp ủy {unit.name}"


def decision_paper(decision):
    """QUYẾT ĐỊNH phân công cụm trưởng, cụm phó và cán bộ theo dõi, phụ trách các đơn vị:
    one row per cadre, with every unit they follow and their cluster role."""
    assignments = list(
        decision.assignments.select_related("cadre", "unit", "cluster").order_by(
            "cadre__sort_key", "cadre_id", "role", "unit__sort_key"
        )
    )
    cluster_units = {}
    for a in assignments:
        if a.cluster_id and a.cluster_id not in cluster_units:
            cluster_units[a.cluster_id] = [u.name for u in a.cluster.units.order_by("sort_key")]
    by_cadre = {}
    for a in assignments:
        by_cadre.setdefault(a.cadre_id, []).append(a)
    rows = []
    for index, items in enumerate(by_cadre.values(), 1):
        cadre = items[0].cadre
        duties = []
        for a in items:
            if a.role != Assignment.Role.FOLLOW:
                duty = f"{a.get_role_display()} {a.cluster.name}" if a.cluster else a.get_role_display()
                if duty not in duties:
                    duties.append(duty)
        units = []
        for a in items:
            names = [a.unit.name] if a.role == Assignment.Role.FOLLOW or not a.cluster else cluster_units[a.cluster_id]
            units += [name for name in names if name not in units]
        if any(a.role == Assignment.Role.FOLLOW for a in items):
            duties.append("Theo dõi, phụ trách")
        starts = sorted({a.valid_from for a in items})
        rows.append([index, cadre.full_name, "; ".join(duties), "; ".join(units), rules.fmt(starts[0])])
    signer = decision.signer.full_name if decision.signer else ""
    year = decision.decided_on.year
    return Paper(
        **_head(decision.owner),
        number=decision.number,
        date=decision.decided_on,
        kind="QUYẾT ĐỊNH",
        summary="Về việc phân công phụ trách cụm thi đua và cán bộ theo dõi, phụ trách các địa phương, đơn vị",
        body=[
            Paragraph(f"BAN THƯỜNG VỤ {decision.owner.name.upper()}", bold=True, indent=False, align="center"),
            Paragraph("Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;", italic=True),
            Paragraph(_plan_citation(decision.owner, year), italic=True),
            Paragraph("Xét đề nghị của Ban Tổ chức – Kiểm tra,", italic=True),
            Paragraph("QUYẾT ĐỊNH:", bold=True, indent=False, align="center"),
            Paragraph(
                [
                    Run("Điều 1. ", bold=True),
                    "Phân công các đồng chí có tên sau đây làm cụm trưởng, cụm phó cụm thi đua và theo dõi, "
                    "phụ trách các địa phương, đơn vị:",
                ]
            ),
            Table(
                ["STT", "Họ và tên", "Nhiệm vụ", "Đơn vị theo dõi, phụ trách", "Từ ngày"],
                rows,
                widths=[1, 4, 4, 5, 2.5],
            ),
            Paragraph(
                [
                    Run("Điều 2. ", bold=True),
                    "Các đồng chí có tên tại Điều 1 chịu trách nhiệm trước Ban Thường vụ về kết quả hoạt động "
                    "của các đơn vị được phân công, thực hiện việc đi cơ sở theo kế hoạch.",
                ]
            ),
            Paragraph(
                [
                    Run("Điều 3. ", bold=True),
                    "Văn phòng, các ban chức năng và các đồng chí có tên tại Điều 1 căn cứ quyết định thi hành. "
                    "Quyết định có hiệu lực kể từ ngày ký.",
                ]
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
    cadre = assignment.cadre
    unit = assignment.unit
    # Valid to the end of the assignment, else to the end of the year it is issued in.
    valid_until = assignment.valid_to or datetime.date(max(decision.decided_on.year, timezone.localdate().year), 12, 31)
    return Paper(
        **_head(decision.owner),
        number="",
        symbol="GGT/TĐTN",
        date=decision.decided_on,
        kind="GIẤY GIỚI THIỆU",
        summary="",
        addressee=[f"Ban Thường vụ {party_committee_of(unit)}", f"Ban Thường vụ {unit.name}"],
        body=[
            Paragraph(f"Ban Thường vụ {decision.owner.name} trân trọng giới thiệu:"),
            Paragraph([Run("Đồng chí: "), Run(cadre.full_name, bold=True)]),
            Paragraph(f"Chức vụ: {cadre_post(cadre, decision.decided_on)}"),
            Paragraph(
                f"Được phân công {assignment.get_role_display().lower()} {unit.name} theo Quyết định số "
                f"{decision.number} ngày {rules.fmt(decision.decided_on)} của Ban Thường vụ {decision.owner.name}, "
                f"kể từ ngày {rules.fmt(assignment.valid_from)}."
            ),
            Paragraph("Đề nghị quý cơ quan tạo điều kiện để đồng chí hoàn thành nhiệm vụ."),
            Paragraph(f"Giấy có giá trị đến ngày {rules.fmt(valid_until)}.", italic=True),
        ],
        recipients=["Như trên", "Lưu: VT, TCKT"],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name=decision.signer.full_name if decision.signer else "",
    )


def _personal_head(cadre):
    """The header of a cadre's own paper: their union, then their department when recorded."""
    unit = cadre.unit
    if cadre.department_id:
        return {
            "parent_body": unit.name.upper(),
            "issuing_body": cadre.department.name.upper(),
            "place": place_of(unit),
        }
    return {"parent_body": "", "issuing_body": unit.name.upper(), "place": place_of(unit)}


def _approver(plan):
    step = plan.transitions.filter(to_state=QuarterPlan.State.APPROVED).select_related("by__person").last()
    if step is None or step.by is None:
        return ""
    return step.by.person.full_name if step.by.person_id else step.by.display_name


def plan_paper(plan):
    """KẾ HOẠCH đi cơ sở quý … of one cadre, with the planned trips: the cadre's own paper,
    signed by the cadre, with the department leader's approval block."""
    cadre = plan.cadre
    planned = list(plan.planned_visits.select_related("unit"))
    rows = [
        [i, _dates(p.start_date, p.end_date), p.unit.name, p.get_form_display(), p.content]
        for i, p in enumerate(planned, 1)
    ]
    day = plan.first_submitted_at.date() if plan.first_submitted_at else plan.first_day
    return Paper(
        **_personal_head(cadre),
        number="",
        symbol="KH-ĐCS",
        date=day,
        kind="KẾ HOẠCH",
        summary=f"Đi cơ sở quý {rules_roman(plan.quarter)} năm {plan.year}",
        body=[
            Paragraph([Run("Họ và tên: "), Run(cadre.full_name, bold=True)], indent=False),
            Paragraph(f"Chức vụ: {cadre_post(cadre, day)}", indent=False),
            *([Paragraph(plan.note)] if plan.note else []),
            Table(["STT", "Thời gian", "Đơn vị đến", "Hình thức", "Nội dung"], rows, widths=[1, 3.5, 4, 4, 5]),
            Paragraph(f"Tổng số: {sum(p.days for p in planned)} ngày.", italic=True),
        ],
        recipients=["Lãnh đạo ban", "Cụm trưởng cụm thi đua", "Lưu"],
        signer_on_behalf="",
        signer_title="NGƯỜI LẬP KẾ HOẠCH",
        signer_name=cadre.full_name,
        countersignature=Signature("DUYỆT CỦA LÃNH ĐẠO BAN", "", _approver(plan), "(Ký, ghi rõ họ tên)"),
    )


def rules_roman(quarter):
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def report_lines(report):
    """The report's lines and hosts' comments, the same rows its page shows."""
    lines = list(report.lines.select_related("visit__unit", "host"))
    hosts = list(report.host_confirmations.select_related("district"))
    return lines, hosts


def report_paper(report, lines=None, hosts=None, parts=None):
    """BÁO CÁO kết quả đi cơ sở tháng … of one cadre: the trips and the hosts' comments.
    ``parts`` (``selectors.report_parts`` of a host district): the extract of its own part."""
    cadre = report.cadre
    if parts is not None:
        lines, hosts = parts.lines, parts.confirmations
    elif lines is None or hosts is None:
        lines, hosts = report_lines(report)
    whole = parts is None or parts.whole
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
    sections = iter(ROMAN)
    body = [
        Paragraph([Run("Họ và tên: "), Run(cadre.full_name, bold=True)], indent=False),
        Paragraph(f"Chức vụ: {cadre_post(cadre, report.due_date)}", indent=False),
        Heading(f"{next(sections)}. KẾT QUẢ ĐI CƠ SỞ", 1),
    ]
    if rows:
        body.append(
            Table(
                ["STT", "Thời gian", "Đơn vị đến", "Hình thức", "Số ngày", "Kết quả"],
                rows,
                widths=[1, 3.5, 4, 3.5, 1.5, 5],
            )
        )
    else:
        body.append(Paragraph("Trong tháng không có chuyến đi cơ sở."))
    if whole:
        body.append(Paragraph(f"Tổng số ngày cơ sở trong tháng: {report.total_days} ngày.", bold=True))
    else:
        days = parts.days
        body.append(Paragraph(f"Trích phần của đơn vị: {days} ngày cơ sở tại đơn vị trong tháng.", bold=True))
    if report.summary:
        body += [Heading(f"{next(sections)}. TỰ ĐÁNH GIÁ", 1), Paragraph(report.summary)]
    if hosts:
        body.append(Heading(f"{next(sections)}. XÁC NHẬN, NHẬN XÉT CỦA CƠ SỞ", 1))
        for host in hosts:
            confirmed = host.state == HostConfirmation.State.CONFIRMED
            verdict = "đã xác nhận" if confirmed else "chưa xác nhận"
            comment = f": {host.comment}" if host.comment else "."
            body.append(Paragraph(f"{host.district.name} {verdict}{comment}"))
    if whole and report.review_comment:
        body += [Heading(f"{next(sections)}. Ý KIẾN CỦA CỤM TRƯỞNG", 1), Paragraph(report.review_comment)]
    due = report.due_date
    reviewer = ""
    if whole and report.reviewed_by_id:
        by = report.reviewed_by
        reviewer = by.person.full_name if by.person_id else by.display_name
    return Paper(
        **_personal_head(cadre),
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
        countersignature=Signature("XÁC NHẬN CỦA CỤM TRƯỞNG", "", reviewer, "(Ký, ghi rõ họ tên)"),
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
            finding = f"{v.cadre.full_name} ({v.unit.name}): {' '.join(v.findings.split())}"
            if finding not in findings:  # a trip recorded in several pieces says it once
                findings.append(finding)
    reports = {
        r.cadre_id: r
        for r in MonthlyReport.objects.filter(cadre_id__in=names, year=year, month=month).only(
            "cadre_id", "state", "first_submitted_at"
        )
    }

    def reported(cid):
        r = reports.get(cid)
        if r is None or r.state not in MonthlyReport.LOCKING or r.first_submitted_at is None:
            return "Chưa nộp"
        return f"Đã nộp ngày {rules.fmt(r.first_submitted_at.date())}"

    rows = [[i, names[cid], days[cid], reported(cid)] for i, cid in enumerate(names, 1)]
    leader = cluster.leader.full_name if cluster.leader_id else ""
    body = [
        Paragraph(f"Cụm: {cluster.name}. Đơn vị: {', '.join(u.name for u in units)}."),
        Heading("I. CÁN BỘ ĐI CƠ SỞ VÀ SỐ NGÀY", 1),
        Table(["STT", "Cán bộ", "Số ngày", "Báo cáo tháng"], rows, widths=[1, 5, 1.5, 4])
        if rows
        else Paragraph("Trong tháng không có cán bộ đi cơ sở tại các đơn vị của cụm."),
        Paragraph(f"Tổng số: {sum(days.values())} ngày cơ sở.", bold=True),
        Heading("II. TÌNH HÌNH NẮM ĐƯỢC", 1),
        BulletList(findings),
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


# --------------------------------------------------------------------------- the register


def _visible_unit_ids(user):
    return scoping.visible_units(user).values("pk")


def _month_key(key):
    year, _sep, month = key.partition("-")
    year, month = int(year), int(month)
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise ValueError(key)
    return year, month


def _plan_not_ready(plan, key):
    if plan.state not in (QuarterPlan.State.SUBMITTED, QuarterPlan.State.APPROVED):
        return "Kế hoạch chưa được đăng ký (gửi): chưa cấp số được."
    return ""


def _report_extract(user, report, key):
    parts = selectors.report_parts(user, report)
    return None if parts.whole else report_paper(report, parts=parts)


def _report_not_ready(report, key):
    if report.state not in MonthlyReport.LOCKING:
        return "Báo cáo chưa được gửi: chưa cấp số được."
    return ""


def _decision_not_ready(decision, key):
    if not decision.assignments.exists():
        return "Quyết định chưa có cán bộ nào được phân công: chưa cấp số được."
    return ""


def _decision_issued(decision, key, issued):
    """The decision record carries the number the register gave it, so its letters cite it."""
    if decision.number != issued.symbol:
        decision.number = issued.symbol
        decision.save(update_fields=["number", "updated_at"])


def _cluster_not_ready(cluster, key):
    year, month = _month_key(key)
    if rules.month_last_day(year, month) > timezone.localdate():
        return "Tháng chưa kết thúc: báo cáo của cụm chưa cấp số được."
    return ""


register(
    PaperKind(
        code="visits.decision",
        label=gettext_noop("Quyết định phân công"),
        doc_type="QĐ",
        route="visits_feeds:decision",
        records=lambda user: AssignmentDecision.objects.select_related("owner", "signer").filter(
            owner__in=_visible_unit_ids(user)
        ),
        build=lambda obj, key: decision_paper(obj),
        issuer=lambda obj, key: obj.owner,
        record_url=lambda obj, key: reverse("visits:decision_detail", args=[obj.pk]),
        filename=lambda obj, key: f"quyet-dinh-phan-cong-{obj.decided_on.year}-{obj.pk}",
        not_ready=_decision_not_ready,
        on_issue=_decision_issued,
    )
)
register(
    PaperKind(
        code="visits.letter",
        label=gettext_noop("Giấy giới thiệu"),
        doc_type="GGT",
        route="visits_feeds:letter",
        records=lambda user: Assignment.objects.visible_to(user).select_related(
            "cadre__unit", "cadre__department", "unit", "decision__owner", "decision__signer"
        ),
        build=lambda obj, key: letter_paper(obj),
        issuer=lambda obj, key: obj.decision.owner,
        record_url=lambda obj, key: reverse("visits:assignment_detail", args=[obj.pk]),
        filename=lambda obj, key: f"giay-gioi-thieu-{obj.pk}",
    )
)
register(
    PaperKind(
        code="visits.plan",
        label=gettext_noop("Kế hoạch đi cơ sở quý"),
        doc_type="KH",
        route="visits_feeds:plan",
        records=lambda user: QuarterPlan.objects.visible_to(user).select_related("cadre__unit", "cadre__department"),
        build=lambda obj, key: plan_paper(obj),
        issuer=lambda obj, key: obj.cadre.unit,
        record_url=lambda obj, key: reverse("visits:plan_detail", args=[obj.pk]),
        filename=lambda obj, key: f"ke-hoach-quy-{obj.quarter}-{obj.year}-{obj.pk}",
        not_ready=_plan_not_ready,
    )
)
register(
    PaperKind(
        code="visits.report",
        label=gettext_noop("Báo cáo đi cơ sở tháng"),
        doc_type="BC",
        route="visits_feeds:report",
        records=lambda user: MonthlyReport.objects.visible_to(user).select_related(
            "cadre__unit", "cadre__department", "reviewed_by__person"
        ),
        build=lambda obj, key: report_paper(obj),
        extract_for=_report_extract,
        issuer=lambda obj, key: obj.cadre.unit,
        record_url=lambda obj, key: reverse("visits:report_detail", args=[obj.pk]),
        filename=lambda obj, key: f"bao-cao-thang-{obj.month}-{obj.year}-{obj.pk}",
        not_ready=_report_not_ready,
    )
)
register(
    PaperKind(
        code="visits.cluster",
        label=gettext_noop("Báo cáo của cụm thi đua"),
        doc_type="BC",
        route="visits_feeds:cluster",
        records=lambda user: Cluster.objects.select_related("owner", "leader").filter(
            owner__in=_visible_unit_ids(user)
        ),
        build=lambda obj, key: cluster_paper(obj, *_month_key(key)),
        issuer=lambda obj, key: obj.owner,
        record_url=lambda obj, key: reverse("visits:cluster_detail", args=[obj.pk]),
        route_args=lambda obj, key: [obj.pk, *_month_key(key)],
        filename=lambda obj, key: f"bao-cao-cum-{obj.pk}-{key}",
        not_ready=_cluster_not_ready,
        parse_key=_month_key,
    )
)

__all__ = ["decision_paper", "letter_paper", "plan_paper", "report_paper", "cluster_paper", "Assignment", "ReportVisit"]
