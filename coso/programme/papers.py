"""The member's signed registration form (phiếu đăng ký, seed 001) as a
:class:`~coso.documents.paper.Paper`: the union body, the member, their branch and target
group, the training and action items with the member's own commitments, place and date,
the member's signature and the branch secretary's confirmation."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from coso.documents.kinds import PaperKind, register
from coso.documents.paper import BulletList, Heading, Paper, Paragraph, Signature, Table
from coso.org.models import Unit
from coso.people.models import Post, PostTitle
from coso.programme.models import Criterion, Programme, Registration, Round, RoundReport

# "Quận đoàn 8" → "Quận 8", "Huyện đoàn Bắc Trà My" → "Bắc Trà My", "Đoàn xã Trà Sơn" → "Trà Sơn".
PLACE_PREFIXES = (
    ("Quận đoàn ", "Quận "),
    ("Tỉnh đoàn ", ""),
    ("Thành đoàn ", ""),
    ("Huyện đoàn ", ""),
    ("Thị đoàn ", ""),
    ("Đoàn xã ", ""),
    ("Đoàn phường ", ""),
    ("Đoàn thị trấn ", ""),
    ("Đoàn ", ""),
)


def place_of(unit):
    for prefix, replacement in PLACE_PREFIXES:
        if unit.name.startswith(prefix):
            return replacement + unit.name[len(prefix) :]
    return unit.name


def branch_secretary(branch):
    """The person holding the branch's secretary post today, if recorded."""
    today = timezone.localdate()
    post = (
        Post.objects.filter(unit=branch, title=PostTitle.SECRETARY, start_date__lte=today)
        .exclude(end_date__lt=today)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )
    return post.person if post else None


def _items_table(items, points):
    headers = ["STT", "Tiêu chí", "Nội dung cam kết"] + (["Điểm"] if points else [])
    widths = [1, 6, 7] + ([1.5] if points else [])
    rows = [
        [index, f"{item.criterion.code}. {item.criterion.title}", item.commitment]
        + ([item.points if item.points is not None else ""] if points else [])
        for index, item in enumerate(items, start=1)
    ]
    return Table(headers, rows, widths=widths)


def registration_paper(registration):
    """PHIẾU ĐĂNG KÝ thực hiện chương trình «Rèn luyện và hành động» of one member."""
    registration = Registration.objects.select_related("member__unit", "programme__owner", "track", "target_group").get(
        pk=registration.pk
    )
    member, programme = registration.member, registration.programme
    branch = member.unit
    base = Unit.objects.filter(path=branch.path[: -Unit.steplen]).first() if branch.depth > 1 else None
    base = base or branch
    items = list(registration.items.select_related("criterion").order_by("position", "id"))
    points = programme.mode == Programme.Mode.POINTS
    training = [i for i in items if i.criterion.kind == Criterion.Kind.TRAINING]
    action = [i for i in items if i.criterion.kind == Criterion.Kind.ACTION]
    secretary = branch_secretary(branch)
    born = f"{member.birth_date:%d/%m/%Y}" if member.birth_date else "……………"
    body = [
        Paragraph(f"Họ và tên: {member.full_name}", bold=True, indent=False),
        Paragraph(f"Ngày sinh: {born}. Giới tính: {member.get_sex_display()}.", indent=False),
        Paragraph(f"Sinh hoạt tại: {branch.name}, {base.name}.", indent=False),
        Paragraph(
            f"Đối tượng: {registration.target_group.name}. Khối thực hiện: {registration.track.name}.", indent=False
        ),
        Paragraph(
            f"Thực hiện Chương trình “Rèn luyện và hành động” của {programme.owner.name}"
            + (f" (Kế hoạch số {programme.document_number})" if programme.document_number else "")
            + ", tôi đăng ký thực hiện các nội dung sau:"
        ),
    ]
    if training:
        body += [Heading(f"I. NỘI DUNG RÈN LUYỆN ({len(training)} tiêu chí)", 1), _items_table(training, points)]
    if action:
        body += [Heading(f"II. NỘI DUNG HÀNH ĐỘNG ({len(action)} tiêu chí)", 1), _items_table(action, points)]
    if points:
        total = sum(i.points or 0 for i in items)
        body.append(Paragraph(f"Tổng số điểm đăng ký: {total}/{programme.max_points} điểm.", bold=True))
    body.append(
        Paragraph(
            "Tôi xin cam kết phấn đấu thực hiện đầy đủ các nội dung đã đăng ký và chịu sự theo dõi, đánh giá "
            "của Ban Chấp hành chi đoàn."
        )
    )
    if registration.on_behalf:
        body.append(Paragraph("(Chi đoàn nhập từ phiếu giấy đoàn viên đã ký.)", italic=True))
    return Paper(
        parent_body=base.name.upper() if base.pk != branch.pk else "",
        issuing_body=f"BCH {branch.name}",
        number="",
        place=place_of(base),
        date=registration.signed_on or timezone.localdate(),
        kind="PHIẾU ĐĂNG KÝ",
        summary=f"Thực hiện chương trình «{programme.name}»",
        body=body,
        recipients=[],
        signer_on_behalf="",
        signer_title="NGƯỜI ĐĂNG KÝ",
        signer_note="(Ký, ghi rõ họ tên)",
        signer_name=member.full_name,
        countersignature=Signature(
            "XÁC NHẬN CỦA BCH CHI ĐOÀN", "BÍ THƯ", secretary.full_name if secretary else "", "(Ký, ghi rõ họ tên)"
        ),
        font_size=13,
        compact=True,
    )


def filename(registration):
    return f"phieu-dang-ky-{registration.programme.year}-{registration.pk}"


# --------------------------------------------------------------------------- round reports


def _secretary_of(unit):
    today = timezone.localdate()
    post = (
        Post.objects.filter(unit=unit, title=PostTitle.SECRETARY, start_date__lte=today)
        .exclude(end_date__lt=today)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )
    return post.person.full_name if post else ""


def _parent(unit):
    return Unit.objects.filter(path=unit.path[: -Unit.steplen]).first() if unit.depth > 1 else None


def round_report_paper(report):
    """BÁO CÁO of a base union on one round of the programme (seed 001): the day, what was
    organised, who took part, its proposals; to the district's Standing Committee."""
    base, rnd = report.unit, report.round
    programme = rnd.track.programme
    district = _parent(base)
    body = [
        Paragraph(
            f"Thực hiện Chương trình “{programme.name}”"
            + (f" (Kế hoạch số {programme.document_number})" if programme.document_number else "")
            + f", Ban Chấp hành {base.name} báo cáo kết quả tổ chức đợt {rnd.roman}"
            + (f" với chủ đề “{rnd.theme}”" if rnd.theme else "")
            + " như sau:"
        ),
        Heading("I. KẾT QUẢ TỔ CHỨC", 1),
        Paragraph(f"Ngày tổ chức: {report.held_on:%d/%m/%Y}.", indent=False),
        Paragraph(report.activities),
        Paragraph(
            f"Số đoàn viên tham gia: {report.participants}; số thanh niên (ngoài Đoàn) tham gia: "
            f"{report.youth_participants}.",
            indent=False,
        ),
        Heading("II. ĐỀ XUẤT, KIẾN NGHỊ", 1),
        Paragraph(report.notes or "Không có."),
    ]
    return Paper(
        parent_body=district.name.upper() if district else "",
        issuing_body=f"BCH {base.name}",
        number="",
        place=place_of(district or base),
        date=report.submitted_at.date() if report.submitted_at else report.held_on,
        kind="BÁO CÁO",
        summary=f"Kết quả tổ chức đợt {rnd.roman} chương trình “{programme.name}” năm {programme.year}",
        body=body,
        recipients=[f"Ban Thường vụ {district.name} (để báo cáo)" if district else "Cấp trên (để báo cáo)", "Lưu"],
        signer_on_behalf="TM. BAN CHẤP HÀNH",
        signer_title="BÍ THƯ",
        signer_name=_secretary_of(base),
    )


def district_round_paper(district, rnd):
    """BÁO CÁO of the district to its Standing Committee on one round (seed 001: "sau mỗi đợt …
    kiểm tra, đánh giá, tổng hợp báo cáo Ban Thường vụ"), compiled from the records."""
    from coso.programme import services

    report = services.compile_round_report(district=district, round=rnd)
    programme = rnd.track.programme
    t = report["total"]
    rows = []
    for n, b in enumerate(report["base_units"], 1):
        r = b["report"]
        held = f"{r['held_on']:%d/%m/%Y}" if r else "Chưa báo cáo"
        rows.append((n, b["name"], b["registered"], b["recognised"], held, r["participants"] if r else ""))
    inspections = [
        f"{b['name']} ({i['inspected_on']:%d/%m/%Y}): {i['findings']}"
        for b in report["base_units"]
        for i in b["inspections"]
        if i["findings"]
    ]
    proposals = [
        f"{b['name']}: {b['report']['notes']}" for b in report["base_units"] if b["report"] and b["report"]["notes"]
    ]
    criteria = [
        (c["code"], c["title"], c["registered"], c["done"], c["partly"], c["not_done"])
        for c in report["criteria"]
        if c["registered"]
    ]
    body = [
        Paragraph(
            f"Thực hiện Chương trình “{programme.name}”"
            + (f" (Kế hoạch số {programme.document_number})" if programme.document_number else "")
            + f", Ban Tổ chức {district.name} tổng hợp kết quả đợt {rnd.roman}"
            + (f" với chủ đề “{rnd.theme}”" if rnd.theme else "")
            + f" (từ ngày {rnd.starts_on:%d/%m/%Y} đến ngày {rnd.ends_on:%d/%m/%Y}) như sau:"
        ),
        Heading("I. TÌNH HÌNH TỔ CHỨC", 1),
        BulletList(
            [
                f"{t['base_units_reported']}/{t['base_units']} Đoàn cơ sở đã báo cáo kết quả đợt; "
                f"{t['participants']} đoàn viên và {t['youth_participants']} thanh niên tham gia.",
                f"{t['members']} đoàn viên; {t['registered']} đăng ký; {t['self_assessed']} tự đánh giá; "
                f"{t['evaluated']} được chi đoàn đánh giá; {t['recognised']} được công nhận.",
                f"{t['done']}/{t['items']} nội dung đăng ký hoàn thành; {t['inspections']} lần kiểm tra.",
            ]
        ),
        Heading("II. KẾT QUẢ THEO ĐOÀN CƠ SỞ", 1),
        Table(
            ["STT", "Đoàn cơ sở", "Đăng ký", "Công nhận", "Ngày tổ chức", "Tham gia"],
            rows,
            widths=[1, 6, 2, 2, 3, 2],
        )
        if rows
        else Paragraph("Không có Đoàn cơ sở nào."),
    ]
    if criteria:
        body += [
            Heading("III. KẾT QUẢ THEO TIÊU CHÍ", 1),
            Table(
                ["Mã", "Tiêu chí", "Đăng ký", "Hoàn thành", "Một phần", "Chưa hoàn thành"],
                criteria,
                widths=[1.5, 6, 2, 2, 2, 2.5],
            ),
        ]
    section = "IV" if criteria else "III"
    body += [
        Heading(f"{section}. KIỂM TRA", 1),
        BulletList(inspections) if inspections else Paragraph("Chưa kiểm tra."),
    ]
    section = "V" if criteria else "IV"
    body += [
        Heading(f"{section}. ĐỀ XUẤT CỦA CƠ SỞ", 1),
        BulletList(proposals) if proposals else Paragraph("Không có."),
    ]
    parent = _parent(district)
    return Paper(
        parent_body=f"BCH {district.name.upper()}",
        issuing_body="BAN TỔ CHỨC",
        number="",
        place=place_of(district),
        date=min(timezone.localdate(), rnd.ends_on + datetime.timedelta(days=15)),
        kind="BÁO CÁO",
        summary=f"Kết quả đợt {rnd.roman} chương trình “{programme.name}” năm {programme.year}",
        body=body,
        recipients=[
            f"Ban Thường vụ {district.name} (để báo cáo)",
            *([f"Ban Thường vụ {parent.name} (để báo cáo)"] if parent else []),
            "Các Đoàn cơ sở",
            "Lưu: VP, BTC",
        ],
        signer_on_behalf="",
        signer_title="TRƯỞNG BAN",
        signer_name="",
    )


# --------------------------------------------------------------------------- the register


def _visible_rounds(user):
    return Round.objects.filter(track__programme__in=Programme.objects.visible_to(user).values("pk")).select_related(
        "track__programme__owner"
    )


def _district_of(rnd, key):
    return Unit.objects.get(pk=int(key))


def _district_visible(user, rnd, key):
    from coso.programme import selectors

    unit = Unit.objects.visible_to(user).filter(pk=int(key)).first()
    return unit is not None and selectors.in_programme(rnd.track.programme, unit)


def _round_report_not_ready(report, key):
    return "" if report.state in RoundReport.COUNTED else "Báo cáo đợt chưa được gửi cấp trên: chưa cấp số được."


def _registration_not_ready(registration, key):
    return "" if registration.signed_on else "Phiếu chưa được đoàn viên ký (gửi): chưa cấp số được."


register(
    PaperKind(
        code="programme.registration",
        label=gettext_noop("Phiếu đăng ký"),
        doc_type="PĐK",
        route="programme_files:registration_paper",
        records=lambda user: Registration.objects.visible_to(user).select_related("programme", "member__unit"),
        build=lambda obj, key: registration_paper(obj),
        issuer=lambda obj, key: obj.member.unit,
        record_url=lambda obj, key: reverse("programme:registration", args=[obj.pk]),
        filename=lambda obj, key: filename(obj),
        not_ready=_registration_not_ready,
    )
)
register(
    PaperKind(
        code="programme.round_report",
        label=gettext_noop("Báo cáo đợt của Đoàn cơ sở"),
        doc_type="BC",
        route="programme_files:round_report_paper",
        records=lambda user: RoundReport.objects.visible_to(user).select_related("unit", "round__track__programme"),
        build=lambda obj, key: round_report_paper(obj),
        issuer=lambda obj, key: obj.unit,
        record_url=lambda obj, key: reverse("programme_files:round_report_detail", args=[obj.pk]),
        filename=lambda obj, key: f"bao-cao-dot-{obj.round.number}-{obj.unit_id}",
        not_ready=_round_report_not_ready,
    )
)
register(
    PaperKind(
        code="programme.district_round",
        label=gettext_noop("Báo cáo tổng hợp đợt"),
        doc_type="BC",
        department="BTC",
        route="programme_files:district_round_paper",
        records=_visible_rounds,
        build=lambda obj, key: district_round_paper(_district_of(obj, key), obj),
        issuer=_district_of,
        record_url=lambda obj, key: reverse("programme:round_report", args=[obj.track.programme_id, int(key), obj.pk]),
        route_args=lambda obj, key: [obj.pk, int(key)],
        filename=lambda obj, key: f"bao-cao-tong-hop-dot-{obj.number}-{key}",
        parse_key=int,
        key_visible=_district_visible,
    )
)
