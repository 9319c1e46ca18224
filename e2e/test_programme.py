"""The members' programme in a real browser: a member registers from a phone (5 training + 5
action items of their target group, a commitment each), and a branch secretary assesses the
whole branch on one screen, starting from each member's own self-assessment."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from coso.accounts.models import Role
from coso.programme import services
from coso.programme.models import Assessment, Criterion, Registration
from tests.builders import PASSWORD, build_small_tree, user


def _programme():
    tree = build_small_tree()
    tree.programme = services.district8_2014(tree.bactramy, actor=tree.users["district_standing"])
    return tree


def _criteria(programme, member, kind):
    fitting = [
        c
        for c in Criterion.objects.filter(programme=programme, kind=kind).order_by("order")
        if c.target_group_id in (None, member.target_group_id)
    ]
    return fitting[:5]


def test_a_member_registers_on_a_phone(phone_page, login_as):
    tree = _programme()
    member = tree.member_trason
    page = phone_page
    login_as(page, "doanvien.trason.test", PASSWORD)
    page.goto("/programme/")
    page.get_by_test_id("register").click()
    training = _criteria(tree.programme, member, "training")
    action = _criteria(tree.programme, member, "action")
    for criterion in training[:4] + action:
        page.get_by_label(criterion.title, exact=True).check()
        page.get_by_label(f"Cam kết: {criterion.title}").fill(f"Tôi sẽ {criterion.title.lower()}")
    expect(page.get_by_test_id("section-training")).to_contain_text("Đã chọn 4/5")
    page.get_by_role("button", name="Ký và gửi phiếu").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("Cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 4.")
    # what was typed is still there
    expect(page.get_by_label(f"Cam kết: {action[0].title}")).to_have_value(f"Tôi sẽ {action[0].title.lower()}")
    page.get_by_label(training[4].title, exact=True).check()
    page.get_by_label(f"Cam kết: {training[4].title}").fill("Tham gia đủ các buổi học nghị quyết")
    page.get_by_role("button", name="Ký và gửi phiếu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi phiếu đăng ký.")
    expect(page.get_by_test_id("registration-state")).to_have_text("Đã đăng ký")
    expect(page.get_by_test_id("items")).to_contain_text("Tham gia đủ các buổi học nghị quyết")
    registration = Registration.objects.get(member=member)
    assert registration.items.count() == 10 and registration.state == "submitted"
    # the signed form prints from the page; the results a member cannot open are not offered
    expect(page.get_by_test_id("paper-docx")).to_have_attribute(
        "href", f"/programme/files/registration/{registration.pk}.docx"
    )
    expect(page.get_by_test_id("nav-results")).to_have_count(0)


def test_on_a_phone_each_missing_commitment_is_shown_next_to_its_criterion(phone_page, login_as):
    """Issue 15 point 3: ten criteria ticked without their commitment: each message sits under
    its own criterion (at 390 px), the top of the form only says how many to fix."""
    tree = _programme()
    member = tree.member_trason
    page = phone_page
    login_as(page, "doanvien.trason.test", PASSWORD)
    page.goto("/programme/")
    page.get_by_test_id("register").click()
    chosen = _criteria(tree.programme, member, "training") + _criteria(tree.programme, member, "action")
    for criterion in chosen:
        page.get_by_label(criterion.title, exact=True).check()
    page.get_by_label(f"Cam kết: {chosen[0].title}").fill("Tham gia đủ các buổi học nghị quyết")
    page.get_by_role("button", name="Ký và gửi phiếu").click()
    top = page.get_by_test_id("form-errors")
    expect(top.get_by_test_id("beside-summary")).to_have_text(
        "9 tiêu chí cần sửa: xem thông báo ngay dưới từng tiêu chí."
    )
    expect(top).not_to_contain_text("Chưa ghi nội dung cam kết")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for criterion in chosen[1:]:
        row = page.locator(f"[data-testid=criterion-row][data-criterion='{criterion.pk}']")
        message = row.get_by_test_id("criterion-errors")
        expect(message).to_have_text(f"Chưa ghi nội dung cam kết cho tiêu chí «{criterion.title}».")
        expect(row.get_by_label(f"Cam kết: {criterion.title}")).to_have_attribute("aria-invalid", "true")
        box, outer = message.bounding_box(), row.bounding_box()
        assert outer["y"] <= box["y"] and box["y"] + box["height"] <= outer["y"] + outer["height"]
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390
    first = page.locator(f"[data-testid=criterion-row][data-criterion='{chosen[0].pk}']")
    expect(first.get_by_test_id("criterion-errors")).to_have_count(0)
    expect(first.get_by_label(f"Cam kết: {chosen[0].title}")).to_have_value("Tham gia đủ các buổi học nghị quyết")
    assert not Registration.objects.filter(member=member).exists()


def _assessed_branch():
    tree = _programme()
    accounts = [
        tree.users["member"],
        user("doanvien2.trason", Role.MEMBER, tree.branch_trason, tree.member_trason2),
    ]
    round1 = tree.programme.tracks.get(kind="general").rounds.get(number=1)
    when = timezone.make_aware(datetime.datetime(2014, 3, 20, 9))
    for account in accounts:
        member = account.person
        items = [
            {"criterion": c, "commitment": f"Cam kết {c.code}"}
            for c in _criteria(tree.programme, member, "training") + _criteria(tree.programme, member, "action")
        ]
        registration = services.register(actor=account, programme=tree.programme, items=items, submit=True, now=when)
        marks = {item.criterion_id: "done" for item in registration.items.all()}
        first = registration.items.order_by("position").first()
        marks[first.criterion_id] = "partly"
        services.self_assess(actor=account, registration=registration, round=round1, items=marks, now=when)
    tree.first_title = first.criterion.title
    return tree


def test_a_branch_secretary_assesses_the_branch(page, login_as):
    tree = _assessed_branch()
    login_as(page, "chidoan.trason.test", PASSWORD)
    page.goto("/programme/")
    page.get_by_test_id("inbox").get_by_role("link", name=tree.branch_trason.name).click()
    mai = page.locator("[data-testid=member-row][data-member='Đinh Thị Mai']")
    dong = page.locator("[data-testid=member-row][data-member='Hồ Văn Đông']")
    # starts from the member's own status; the overall result is left to the committee
    expect(mai.get_by_label(f"Chi đoàn đánh giá Đinh Thị Mai: {tree.first_title}")).to_have_value("partly")
    expect(mai.get_by_label("Kết quả chung của Đinh Thị Mai")).to_have_value("")
    mai.get_by_test_id("member-details").locator("summary").click()
    mai.get_by_label(f"Chi đoàn đánh giá Đinh Thị Mai: {tree.first_title}").select_option(label="Hoàn thành")
    mai.get_by_label("Kết quả chung của Đinh Thị Mai").select_option(label="Hoàn thành xuất sắc")
    dong.get_by_label("Kết quả chung của Hồ Văn Đông").select_option(label="Hoàn thành tốt")
    page.get_by_test_id("save-all").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đánh giá 2 đoàn viên.")
    expect(mai.get_by_test_id("assessment-state")).to_have_text("Chi đoàn đã đánh giá, chờ Đoàn cơ sở")
    expect(dong).to_contain_text("Hoàn thành tốt")

    form = page.get_by_test_id("branch-self")
    form.get_by_label("Chi đoàn tự đánh giá").select_option(label="Tốt")
    form.get_by_label("Kết quả thực hiện").fill("Chi đoàn tổ chức Ngày đoàn viên đúng chủ đề")
    form.get_by_role("button", name="Gửi Đoàn cơ sở").click()
    expect(page.get_by_test_id("branch-state")).to_have_text("Đã gửi Đoàn cơ sở")
    results = dict(
        Assessment.objects.filter(registration__programme=tree.programme).values_list("registration__member", "result")
    )
    assert results == {tree.member_trason.pk: "excellent", tree.member_trason2.pk: "good"}
