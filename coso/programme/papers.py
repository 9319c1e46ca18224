"""The member's signed registration form (phiếu đăng ký, seed 001) as a
:class:`~coso.documents.paper.Paper`: the union body, the member, their branch and target
group, the training and action items with the member's own commitments, place and date,
the member's signature and the branch secretary's confirmation."""

from django.utils import timezone

from coso.documents.paper import Heading, Paper, Paragraph, Signature, Table
from coso.org.models import Unit
from coso.people.models import Post, PostTitle
from coso.programme.models import Criterion, Programme, Registration

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
    widths = [1, 5, 8] + ([1.5] if points else [])
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
    )


def filename(registration):
    return f"phieu-dang-ky-{registration.programme.year}-{registration.pk}"
