"""Issue 15 points 1, 2 and 4 in a real browser.

* The branch secretary of 30 members opens the round's work from the home page, sets every
  item to what each member self-assessed with one button, chooses each member's overall
  result and saves once: the time and the inputs are measured (docs/performance.md).
* A member without an account: the secretary enters the paper self-assessment, then
  evaluates it; the base union sees it came from paper.
* Where the programme allows it, the secretary evaluates a member directly (no
  self-assessment at all); the base union sees it was evaluated directly.
* The screen on a phone: no sideways scrolling, one select per member.
"""

import datetime
import time

from django.utils import timezone
from playwright.sync_api import expect

from coso.people.models import TargetGroup
from coso.programme import services
from coso.programme.models import Assessment, Criterion
from tests.builders import PASSWORD, build_small_tree, person

GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng"]
FAMILY = ["Nguyễn Văn", "Trần Thị", "Lê Minh"]


def _items(programme, member):
    def fitting(kind):
        rows = Criterion.objects.filter(programme=programme, kind=kind).order_by("order")
        return [c for c in rows if c.target_group_id in (None, member.target_group_id)][:5]

    return [{"criterion": c, "commitment": f"Cam kết {c.code}"} for c in fitting("training") + fitting("action")]


def _branch(size, self_assessed=True):
    """The small tree's Trà Sơn branch with ``size`` more members, each registered on paper
    and (``self_assessed``) their paper self-assessment of round I entered."""
    tree = build_small_tree()
    tree.programme = services.district8_2014(tree.bactramy, actor=tree.users["district_standing"])
    officer = tree.users["branch_officer"]
    group = TargetGroup.objects.get(code="dia-ban-dan-cu")
    rnd = tree.programme.tracks.get(kind="general").rounds.get(number=1)
    when = timezone.make_aware(datetime.datetime(2014, 3, 20, 9))
    tree.round1 = rnd
    tree.extra = []
    for i in range(size):
        member = person(tree.branch_trason, f"{FAMILY[i % 3]} {GIVEN[i % 10]} {i:02d}", "F", target_group=group)
        registration = services.register_on_behalf(
            actor=officer,
            member=member,
            programme=tree.programme,
            items=_items(tree.programme, member),
            signed_on=when.date(),
            submit=True,
            now=when,
        )
        if self_assessed:
            marks = {item.criterion_id: "done" for item in registration.items.all()}
            marks[registration.items.order_by("position").first().criterion_id] = "partly"
            services.self_assess_on_behalf(actor=officer, registration=registration, round=rnd, items=marks, now=when)
        tree.extra.append(member)
    return tree


def test_thirty_members_assessed_from_the_home_page_in_a_few_inputs(page, login_as):
    tree = _branch(30)
    login_as(page, "chidoan.trason.test", PASSWORD)
    started = time.monotonic()
    inputs = 0
    page.goto("/")
    page.get_by_test_id("attention").get_by_role(
        "link", name=f"30 đoàn viên chờ chi đoàn đánh giá – {tree.branch_trason.name}"
    ).click()
    inputs += 1
    expect(page.locator("#period-round option:checked")).to_contain_text("Đợt I")
    rows = page.get_by_test_id("member-row").filter(has=page.get_by_test_id("result"))
    expect(rows).to_have_count(30)
    page.get_by_test_id("fill-self").click()
    inputs += 1
    expect(page.get_by_role("alert").first).to_contain_text("đã đặt theo đúng mức đoàn viên tự đánh giá")
    for i in range(30):
        rows.nth(i).get_by_test_id("result").select_option("good")
        inputs += 1
    page.get_by_test_id("save-all").click()
    inputs += 1
    expect(page.get_by_role("alert").first).to_contain_text("Đã đánh giá 30 đoàn viên.")
    elapsed = time.monotonic() - started
    print(f"\nbranch assessment: 30 members, {inputs} inputs, {elapsed:.1f} s")
    assert inputs <= 2 * 30
    evaluated = Assessment.objects.filter(registration__member__in=tree.extra, state="evaluated")
    assert evaluated.count() == 30
    # each item is what the member gave, the "partly" kept: nothing nobody gave
    for a in evaluated.prefetch_related("items"):
        assert sorted(i.branch_status for i in a.items.all()) == sorted(i.self_status for i in a.items.all())


def test_a_paper_self_assessment_entered_then_evaluated_and_seen_by_the_base(page, login_as):
    tree = _branch(1, self_assessed=False)
    member = tree.extra[0]
    login_as(page, "chidoan.trason.test", PASSWORD)
    page.goto(f"/programme/{tree.programme.pk}/branch/{tree.branch_trason.pk}/?round={tree.round1.pk}")
    row = page.locator(f"[data-testid=member-row][data-member='{member.full_name}']")
    expect(row.get_by_test_id("assessment-state")).to_have_text("Chưa tự đánh giá")
    row.get_by_test_id("paper-self-assess").click()
    expect(page.get_by_test_id("on-paper-notice")).to_contain_text(member.full_name)
    for select in page.get_by_test_id("self-assess-form").locator("select").all():
        select.select_option("done")
    page.get_by_test_id("submit-self").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"Đã nhập phiếu tự đánh giá giấy của {member.full_name}.")
    expect(row.get_by_test_id("on-paper")).to_be_visible()
    row.get_by_test_id("result").select_option(label="Hoàn thành tốt")
    page.get_by_test_id("save-all").click()
    expect(row.get_by_test_id("assessment-state")).to_have_text("Chi đoàn đã đánh giá, chờ Đoàn cơ sở")
    page.get_by_role("button", name="Đăng xuất").click()
    login_as(page, "coso.trason.test", PASSWORD)
    page.goto("/")
    page.get_by_test_id("attention").get_by_role("link", name=f"chờ Đoàn cơ sở xem xét – {tree.trason.name}").click()
    waiting = page.get_by_test_id("awaiting-review")
    expect(waiting).to_contain_text(member.full_name)
    expect(waiting.get_by_test_id("on-paper")).to_have_text("tự đánh giá trên phiếu giấy")


def test_the_branch_evaluates_a_member_directly_where_the_programme_allows_it(page, login_as):
    tree = _branch(1, self_assessed=False)
    services.update_programme(
        actor=tree.users["district_standing"], programme=tree.programme, version=None, direct_evaluation=True
    )
    member = tree.extra[0]
    login_as(page, "chidoan.trason.test", PASSWORD)
    page.goto(f"/programme/{tree.programme.pk}/branch/{tree.branch_trason.pk}/?round={tree.round1.pk}")
    row = page.locator(f"[data-testid=member-row][data-member='{member.full_name}']")
    expect(row.get_by_test_id("assessment-state")).to_have_text("Chưa tự đánh giá")
    row.get_by_test_id("direct-evaluate").click()
    expect(page.get_by_test_id("direct-notice")).to_contain_text(f"{member.full_name} chưa tự đánh giá")
    form = page.get_by_test_id("direct-form")
    # the overall result forgotten: refused, each item kept as chosen
    for select in form.locator("select[name^=status_]").all():
        select.select_option("done")
    page.get_by_test_id("direct-submit").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("Chưa có kết quả đánh giá chung")
    expect(form.locator("select[name^=status_]").first).to_have_value("done")
    page.get_by_test_id("direct-result").select_option(label="Hoàn thành tốt")
    page.get_by_test_id("direct-submit").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"Chi đoàn đã đánh giá trực tiếp {member.full_name}.")
    expect(row.get_by_test_id("assessment-state")).to_have_text("Chi đoàn đã đánh giá, chờ Đoàn cơ sở")
    expect(row.get_by_test_id("direct")).to_have_text("chi đoàn đánh giá trực tiếp")
    a = Assessment.objects.get(registration__member=member)
    assert a.direct_by_branch and not a.self_on_behalf and a.result == "good"
    page.get_by_role("button", name="Đăng xuất").click()
    login_as(page, "coso.trason.test", PASSWORD)
    page.goto(f"/programme/{tree.programme.pk}/base/{tree.trason.pk}/?round={tree.round1.pk}")
    waiting = page.get_by_test_id("awaiting-review")
    expect(waiting).to_contain_text(member.full_name)
    expect(waiting.get_by_test_id("direct")).to_have_text("không tự đánh giá: chi đoàn đánh giá trực tiếp")


def test_the_branch_screen_on_a_phone(phone_page, login_as):
    tree = _branch(3)
    page = phone_page
    login_as(page, "chidoan.trason.test", PASSWORD)
    page.goto(f"/programme/{tree.programme.pk}/branch/{tree.branch_trason.pk}/")
    expect(page.get_by_test_id("result")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.get_by_test_id("result").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    for select in page.get_by_test_id("result").all():
        select.select_option("completed")
    page.get_by_test_id("save-all").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã đánh giá 3 đoàn viên.")
