"""Field training in a real browser: TCKT builds the yearly list (and meets the cap), the
Standing Committee decides it; the host district's officer evaluates a placed cadre."""

import datetime

from playwright.sync_api import expect

from coso.org.models import ClassificationLevel
from coso.people.models import Body, Evaluation, Person, Planning, Post, PostTitle, Term
from coso.placements import services
from tests.builders import PASSWORD, build_small_tree

from .picker import pick_unit

D = datetime.date


def _cadre(tree, name, group=2, birth=(1993, 5, 5)):
    """A young party member of the provincial agency, planned and evaluated HTTNV 2017–2019."""
    family, *middle, given = name.split()
    person = Person.objects.create(
        family_name=family,
        middle_name=" ".join(middle),
        given_name=given,
        sex="M",
        birth_date=D(*birth),
        unit=tree.province,
        is_cadre=True,
        on_payroll=True,
        party_status=Person.PartyStatus.MEMBER,
        works_full_time=group == 1,
        department=tree.movement if group == 2 else None,
    )
    term, _ = Term.objects.get_or_create(start_year=2017, end_year=2022)
    if group == 1:
        Post.objects.create(
            person=person, unit=tree.province, body=Body.EXECUTIVE, title=PostTitle.EXECUTIVE_MEMBER,
            term=term, start_date=D(2017, 10, 1),
        )  # fmt: skip
    title = PostTitle.STANDING_MEMBER if group == 1 else PostTitle.DEPUTY_HEAD_OF_DEPARTMENT
    Planning.objects.create(person=person, unit=tree.province, title=title, term=term)
    level = ClassificationLevel.objects.get(scheme__code="can-bo", code="HTTNV")
    for year in (2017, 2018, 2019):
        Evaluation.objects.create(person=person, year=year, level=level)
    return person


def _plan(tree):
    return services.create_plan(
        actor=tree.users["tckt_officer"],
        owner=tree.province,
        name="Kế hoạch cử cán bộ đi đào tạo thực tế",
        number="51-KH/TĐTN-TCKT",
        start_year=2018,
        end_year=2022,
    )


def _propose(page, name, host, title):
    form = page.get_by_test_id("candidate-form")
    form.get_by_label("Cán bộ").select_option(label=name)
    form.get_by_label("Đối tượng").select_option(label="Đối tượng 2")
    pick_unit(form, "Nơi đến", host)
    form.get_by_label("Vị trí tại cơ sở").select_option(label=title)
    form.get_by_label("Ngày bắt đầu").fill("10/02/2020")
    form.get_by_role("button", name="Đề xuất").click()


def test_tckt_builds_the_yearly_list_and_the_standing_committee_decides(page, login_as):
    tree = build_small_tree()
    plan = _plan(tree)
    for name in ("Võ Văn Em", "Lý Văn Hải", "Đặng Văn Khôi"):
        _cadre(tree, name)

    login_as(page, "tckt", PASSWORD)
    page.goto(f"/placements/plans/{plan.pk}/")
    page.get_by_role("spinbutton", name="Năm").fill("2020")
    page.get_by_role("button", name="Lập danh sách năm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danh sách cử cán bộ đi đào tạo thực tế năm 2020")
    _propose(page, "Võ Văn Em", "Thành đoàn Tam Kỳ", "Ủy viên Ban Thường vụ")
    expect(page.get_by_role("alert").first).to_contain_text("Đã đề xuất Võ Văn Em")
    _propose(page, "Lý Văn Hải", "Huyện đoàn Bắc Trà My", "Ủy viên Ban Chấp hành")
    _propose(page, "Đặng Văn Khôi", "Huyện đoàn Bắc Trà My", "Ủy viên Ban Chấp hành")
    form = page.get_by_test_id("candidate-form")
    expect(form).to_contain_text("Năm 2020 đã có 2 cán bộ được cử; tối đa 2 cán bộ/năm.")
    expect(form.get_by_label("Ngày bắt đầu")).to_have_value("10/02/2020")  # what was typed is kept
    candidates = page.get_by_test_id("candidates")
    expect(candidates).to_contain_text("Võ Văn Em")
    expect(candidates).to_contain_text("Lý Văn Hải")
    expect(candidates).not_to_contain_text("Đặng Văn Khôi")
    page.get_by_role("button", name="Trình Ban Thường vụ").click()
    expect(page.get_by_test_id("list-state")).to_have_text("Đã đề xuất")
    expect(page.get_by_test_id("decide-form")).to_have_count(0)  # TCKT does not decide
    list_url = page.url

    page.context.clear_cookies()
    login_as(page, "tinhdoan", PASSWORD)
    page.goto(list_url)
    decide = page.get_by_test_id("decide-form")
    decide.get_by_label("Số quyết định").fill("30-QĐ/TĐTN")
    decide.get_by_label("Ngày quyết định").fill("01/02/2020")
    decide.get_by_label("Người ký", exact=True).fill("Trần Thị Hồng")
    decide.get_by_role("button", name="Quyết định").click()
    expect(page.get_by_test_id("list-state")).to_have_text("Đã quyết định")
    expect(page.get_by_test_id("steps")).to_contain_text("Đã đề xuất → Đã quyết định")
    with page.expect_download() as download:
        page.locator('[data-paper="placements.decision"]').get_by_role("link", name="Tải .docx").click()
    assert download.value.suggested_filename.endswith(".docx")


def test_the_host_district_evaluates_a_placed_cadre(page, login_as):
    tree = build_small_tree()
    plan = _plan(tree)
    tckt = tree.users["tckt_officer"]
    person = _cadre(tree, "Nguyễn Văn An")
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2020)
    services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=person,
        group=2,
        host=tree.bactramy,
        host_title=PostTitle.STANDING_MEMBER,
        start_date=D(2020, 2, 10),
    )
    services.propose(actor=tckt, yearly_list=ylist)
    services.decide(
        actor=tree.users["provincial_standing"],
        yearly_list=ylist,
        decision_number="30-QĐ/TĐTN",
        decision_date=D(2020, 2, 1),
        signer="Trần Thị Hồng|BÍ THƯ",
    )

    login_as(page, "huyendoan.btm", PASSWORD)
    page.goto("/placements/")
    page.get_by_test_id("due").get_by_role(
        "link", name="Nhận xét của nơi đến định kỳ 6 tháng lần 1 – Nguyễn Văn An"
    ).click()
    expect(page.get_by_test_id("late")).to_have_text("quá hạn")
    form = page.get_by_test_id("paper-form")
    form.get_by_label("Ưu điểm").fill("Nhiệt tình, gần gũi đoàn viên")
    form.get_by_label("Xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    form.get_by_role("button", name="Lưu và gửi").click()
    # The general comment is required: refused, what was typed is kept.
    expect(page.get_by_test_id("form-errors")).to_contain_text("Bản nhận xét phải có nhận xét chung.")
    expect(form.get_by_label("Ưu điểm")).to_have_value("Nhiệt tình, gần gũi đoàn viên")
    form.get_by_label("Nhận xét chung").fill("Hoàn thành tốt nhiệm vụ Ủy viên Ban Thường vụ")
    form.get_by_role("button", name="Lưu và gửi").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã gửi bản nhận xét.")
    expect(page.get_by_test_id("paper-state")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("paper-content")).to_contain_text("Hoàn thành tốt nhiệm vụ Ủy viên Ban Thường vụ")


def test_tckt_edits_a_target_group_and_cancels_a_placement(page, login_as):
    tree = build_small_tree()
    plan = _plan(tree)
    tckt = tree.users["tckt_officer"]
    person = _cadre(tree, "Nguyễn Văn An")
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2020)
    services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=person,
        group=2,
        host=tree.bactramy,
        host_title=PostTitle.STANDING_MEMBER,
        start_date=D(2020, 2, 10),
    )
    services.propose(actor=tckt, yearly_list=ylist)
    services.decide(
        actor=tree.users["provincial_standing"],
        yearly_list=ylist,
        decision_number="30-QĐ/TĐTN",
        decision_date=D(2020, 2, 1),
        signer="Trần Thị Hồng|BÍ THƯ",
    )
    placement = person.placements.get()

    login_as(page, "tckt", PASSWORD)
    page.goto(f"/placements/plans/{plan.pk}/")
    page.get_by_role("link", name="Sửa đối tượng 2").click()
    form = page.get_by_test_id("group-form")
    form.get_by_label("Ủy viên Ban Chấp hành").last.uncheck()
    form.get_by_label("Ủy viên Ban Thường vụ").last.uncheck()
    form.get_by_role("button", name="Lưu").click()
    expect(form).to_contain_text("Phải chọn ít nhất một vị trí tại cơ sở.")
    form.get_by_label("Phó Bí thư").last.check()
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("groups")).to_contain_text("Vị trí tại cơ sở: Phó Bí thư")

    page.goto(f"/placements/placements/{placement.pk}/")
    page.get_by_text("Hủy đợt đào tạo thực tế").first.click()
    cancel = page.get_by_test_id("cancel-form")
    cancel.get_by_label("Ngày hủy").fill("15/04/2020")
    cancel.get_by_role("button", name="Hủy đợt đào tạo thực tế").click()
    cancel = page.get_by_test_id("cancel-form")
    expect(cancel).to_contain_text("Hủy đợt đào tạo thực tế phải ghi rõ lý do.")
    expect(cancel.get_by_label("Ngày hủy")).to_have_value("15/04/2020")
    cancel.get_by_label("Lý do hủy").fill("Ốm dài ngày, phải điều trị")
    cancel.get_by_role("button", name="Hủy đợt đào tạo thực tế").click()
    expect(page.get_by_test_id("cancellation")).to_contain_text("Đã hủy ngày 15/04/2020")
    expect(page.get_by_test_id("cancellation")).to_contain_text("Ốm dài ngày, phải điều trị")
    expect(page.get_by_test_id("cancel-form")).to_have_count(0)
