"""The union tree built from the official administrative units (coso.org.treebuilder)."""

import pytest
from django.core.management import CommandError, call_command

from coso.core.text import fold, vietnamese_key
from coso.org import treebuilder as tb
from coso.org.models import Unit, UnitLevel

# --------------------------------------------------------------------------- pure helpers


def test_path_steps_follow_treebeard_encoding():
    assert tb.encode_step(1) == "0001"
    assert tb.encode_step(35) == "000Z"
    assert tb.encode_step(36) == "0010"
    assert tb.decode_step("0010") == 36
    assert tb.child_path("0001", 2) == "00010002"
    assert tb.last_position("0001000Z") == 35
    assert (Unit.steplen, Unit.alphabet) == (tb.STEPLEN, tb.ALPHABET)


@pytest.mark.parametrize(
    ("builder", "args", "expected"),
    [
        (tb.province_union_name, ("Tỉnh Quảng Nam",), "Tỉnh đoàn Quảng Nam"),
        (tb.province_union_name, ("Thành phố Hồ Chí Minh",), "Thành đoàn Hồ Chí Minh"),
        (tb.province_union_name, ("Tỉnh Bà Rịa - Vũng Tàu",), "Tỉnh đoàn Bà Rịa - Vũng Tàu"),
        (tb.district_union_name, ("Huyện Bắc Trà My", "Huyện", "Bắc Trà My"), "Huyện đoàn Bắc Trà My"),
        (tb.district_union_name, ("Quận 8", "Quận", "Quận 8"), "Quận đoàn 8"),
        (tb.district_union_name, ("Quận Tân Phú", "Quận", "Tân Phú"), "Quận đoàn Tân Phú"),
        (tb.district_union_name, ("Thị xã Điện Bàn", "Thị xã", "Điện Bàn"), "Thị đoàn Điện Bàn"),
        (tb.district_union_name, ("Thành phố Tam Kỳ", "Thành phố", "Tam Kỳ"), "Thành đoàn Tam Kỳ"),
        (tb.district_union_name, ("Thành Phố Bắc Kạn", "Thành phố", "Bắc Kạn"), "Thành đoàn Bắc Kạn"),
        (tb.commune_union_name, ("Xã Trà Sơn", "Xã", "Trà Sơn"), "Đoàn xã Trà Sơn"),
        (tb.commune_union_name, ("Phường Tân Quý", "Phường", "Tân Quý"), "Đoàn phường Tân Quý"),
        (tb.commune_union_name, ("Thị trấn Trà My", "Thị trấn", "Trà My"), "Đoàn thị trấn Trà My"),
        (tb.commune_union_name, ("Đặc khu Phú Quốc", "Đặc khu", "Phú Quốc"), "Đoàn đặc khu Phú Quốc"),
        (tb.commune_union_name, ("Phường 1", "Phường", "Phường 1"), "Đoàn phường 1"),
        # The full name wins over a wrong type column; "(Thị trấn)" suffixes are dropped.
        (tb.commune_union_name, ("Thị trấn Ngọc Lặc", "Xã", "Ngọc Lặc"), "Đoàn thị trấn Ngọc Lặc"),
        (tb.commune_union_name, ("Thị trấn Yên Viên", "Thị trấn", "Yên Viên (Thị trấn)"), "Đoàn thị trấn Yên Viên"),
    ],
)
def test_union_names(builder, args, expected):
    assert builder(*args) == expected


def test_find_provinces_by_code_name_or_alias():
    assert [p.code for p in tb.find_provinces("49", tb.BEFORE_2025)] == ["49"]
    assert [p.code for p in tb.find_provinces("quang nam", tb.BEFORE_2025)] == ["49"]
    assert [p.code for p in tb.find_provinces("Tỉnh Quảng Nam", tb.BEFORE_2025)] == ["49"]
    assert [p.code for p in tb.find_provinces("TP. Hồ Chí Minh", tb.AFTER_2025)] == ["79"]
    assert [p.code for p in tb.find_provinces("1", tb.AFTER_2025)] == ["01"]
    assert tb.find_provinces("Quảng Nam", tb.AFTER_2025) == []  # merged into Đà Nẵng in 2025
    with pytest.raises(tb.TreeBuildError):
        tb.find_province("Atlantis", tb.AFTER_2025)


def test_official_lists_have_the_expected_sizes():
    before = tb.load_provinces(tb.BEFORE_2025)
    after = tb.load_provinces(tb.AFTER_2025)
    assert len(before) == 63
    assert len(after) == 34
    assert sum(p.commune_count for p in after) == 3321
    assert sum(p.commune_count for p in before) > 10_000


# --------------------------------------------------------------------------- building


def _quang_nam():
    return tb.find_province("Quảng Nam", tb.BEFORE_2025)


def _no_problems(parent=None):
    """treebeard's own check (two queries per unit: kept for trees of a few hundred units)."""
    return all(problem == [] for problem in Unit.objects.find_problems(parent=parent))


def _tree_problems():
    """The checks of find_problems() for the whole table in one query (for big trees)."""
    rows = list(Unit.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _, _ in rows}
    children = {}
    for path, _, _ in rows:
        children[path[:-4]] = children.get(path[:-4], 0) + 1
    problems = []
    for path, depth, numchild in rows:
        if set(path) - set(Unit.alphabet) or len(path) % 4:
            problems.append(("bad path", path))
        elif depth != len(path) // 4:
            problems.append(("wrong depth", path))
        elif depth > 1 and path[:-4] not in paths:
            problems.append(("orphan", path))
        elif numchild != children.get(path, 0):
            problems.append(("wrong numchild", path))
    return problems


@pytest.mark.django_db
def test_build_quang_nam_before_2025():
    data = _quang_nam()
    root = tb.build_province("Quảng Nam", era="before-2025")

    assert root.name == "Tỉnh đoàn Quảng Nam"
    assert (root.code, root.admin_code, root.depth) == ("vn-49", "49", 1)
    assert root.level.code == "tinh-doan"
    subtree = Unit.objects.filter(path__startswith=root.path)
    districts = subtree.filter(depth=2)
    communes = subtree.filter(depth=3)
    assert districts.count() == len(data.districts) == 17
    assert communes.count() == data.commune_count
    assert subtree.count() == 1 + len(data.districts) + data.commune_count
    assert set(districts.values_list("level__code", flat=True)) == {"huyen-doan"}
    assert set(communes.values_list("level__code", flat=True)) == {"doan-co-so"}
    assert set(communes.values_list("sector__code", flat=True)) == {"dia-ban-dan-cu"}
    assert Unit.objects.get(pk=root.pk).numchild == 17

    bac_tra_my = Unit.objects.get(code="vn-49-515")
    assert (bac_tra_my.code, bac_tra_my.admin_code) == ("vn-49-515", "515")
    assert bac_tra_my.numchild == 13
    assert Unit.objects.get_children(bac_tra_my).count() == 13
    assert bac_tra_my.is_mountainous
    names = list(Unit.objects.get_children(bac_tra_my).values_list("name", flat=True))
    assert names[:2] == ["Đoàn thị trấn Trà My", "Đoàn xã Trà Sơn"]  # official code order
    tra_son = Unit.objects.get(code="vn-49-515-20900")
    assert tra_son.code == "vn-49-515-20900"
    assert tra_son.is_mountainous
    assert tra_son.latitude and tra_son.longitude
    assert tra_son.district_ancestor() == bac_tra_my
    assert tra_son.address == "Xã Trà Sơn, Huyện Bắc Trà My, Tỉnh Quảng Nam"
    assert Unit.objects.get(name="Thị đoàn Điện Bàn").level.kind == UnitLevel.Kind.DISTRICT
    assert Unit.objects.get(code="vn-49-502").is_mountainous is False

    # The default mountainous list of Quảng Nam 2013 (seed 000), nothing else.
    flagged = set(districts.filter(is_mountainous=True).values_list("name", flat=True))
    assert flagged == {
        "Huyện đoàn Tây Giang",
        "Huyện đoàn Đông Giang",
        "Huyện đoàn Nam Giang",
        "Huyện đoàn Nam Trà My",
        "Huyện đoàn Bắc Trà My",
        "Huyện đoàn Phước Sơn",
    }
    # What Unit.save() would have stored, although bulk_create skipped it.
    for unit in (root, bac_tra_my, tra_son):
        assert unit.search_text == fold(unit.name)
        assert unit.sort_key == vietnamese_key(unit.name)
    assert Unit.objects.filter(search_text__contains="tra son").exists()
    # History starts at creation, one "+" row per unit.
    assert Unit.history.filter(code="vn-49-515", history_type="+").count() == 1
    assert _no_problems()
    assert _tree_problems() == []


@pytest.mark.django_db
def test_district_filter_and_mountainous_override():
    root = tb.build_province(
        "quang nam", era="before-2025", districts=["bac tra my", "Tam Kỳ"], mountainous_districts={"Tam Kỳ"}
    )
    children = list(Unit.objects.get_children(root))
    assert [unit.name for unit in children] == ["Thành đoàn Tam Kỳ", "Huyện đoàn Bắc Trà My"]
    assert [unit.is_mountainous for unit in children] == [True, False]
    assert Unit.objects.filter(path__startswith=root.path).count() == 1 + 2 + 12 + 13
    with pytest.raises(tb.TreeBuildError):
        tb.build_province("quang nam", era="before-2025", districts=["Nowhere"], replace=True)


@pytest.mark.django_db
def test_refuses_to_build_twice_and_replaces_on_request():
    existing = Unit.objects.add_root(
        instance=Unit(name="Đoàn Khối cơ quan", level=UnitLevel.objects.get(code="tinh-doan"))
    )
    root = tb.build_province("Quảng Nam", districts=["Bắc Trà My"])
    assert root.path > existing.path  # new roots come after the existing ones
    count = Unit.objects.count()

    with pytest.raises(tb.TreeBuildError, match="replace"):
        tb.build_province("Quảng Nam", districts=["Bắc Trà My"])
    with pytest.raises(CommandError):
        call_command("build_tree", "--province", "49", "--era", "before-2025", verbosity=0)
    assert Unit.objects.count() == count

    again = tb.build_province("Quảng Nam", districts=["Bắc Trà My"], replace=True)
    assert Unit.objects.count() == count
    assert Unit.objects.filter(code="vn-49").count() == 1
    assert again.pk != root.pk
    assert again.path > existing.path
    assert Unit.history.filter(code="vn-49-515", history_type="-").count() == 1
    assert _no_problems()


@pytest.mark.django_db
def test_replace_is_refused_while_people_belong_to_the_tree():
    from coso.people.models import Person

    tb.build_province("Quảng Nam", districts=["Bắc Trà My"])
    Person.objects.create(
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="Quy",
        sex="M",
        unit=Unit.objects.get(code="vn-49-515-20900"),
    )
    count = Unit.objects.count()
    with pytest.raises(tb.TreeBuildError, match="Không thay thế được"):
        tb.build_province("Quảng Nam", districts=["Bắc Trà My"], replace=True)
    assert Unit.objects.count() == count
    assert _no_problems()


@pytest.mark.django_db
def test_both_eras_coexist():
    call_command("build_tree", "--province", "Đà Nẵng", "--era", "before-2025", verbosity=0)
    call_command("build_tree", "--province", "da nang", verbosity=0)
    old, new = Unit.objects.get(code="vn-48"), Unit.objects.get(code="vn2025-48")
    assert old.name == new.name == "Thành đoàn Đà Nẵng"
    assert old.path < new.path
    assert Unit.objects.get_children(new).first().code.startswith("vn2025-48-")
    assert set(Unit.objects.get_children(new).values_list("level__code", flat=True)) == {"doan-co-so"}
    assert _no_problems()


@pytest.mark.slow
@pytest.mark.django_db
def test_build_all_vietnam_after_2025():
    """The one whole-country build of the suite (about 3,400 units, a few seconds on SQLite)."""
    report = tb.build_all(tb.AFTER_2025)

    assert len(report.roots) == 34
    assert report.seconds < 60
    built = Unit.objects.filter(code__startswith="vn2025-")
    assert built.filter(depth=1).count() == 34
    assert built.filter(level__code="doan-co-so").count() == 3321
    assert built.filter(name__startswith="Đoàn đặc khu").count() == 13
    assert Unit.objects.get(code="vn2025-79").name == "Thành đoàn Hồ Chí Minh"
    assert Unit.objects.filter(code__startswith="vn2025-").count() == 34 + 3321
    assert _tree_problems() == []
    assert _no_problems(parent=Unit.objects.get(code="vn2025-79"))

    # get_tree() is depth-first: every unit comes right after its parent's earlier subtree.
    tree = [
        row
        for row in Unit.objects.get_tree().values_list("path", "depth", "numchild", "code")
        if (row[3] or "").startswith("vn2025-")
    ]
    assert len(tree) == 34 + 3321
    assert [row[0] for row in tree] == sorted(row[0] for row in tree)
    seen = set()
    for path, depth, _numchild, _code in tree:
        assert depth == len(path) // 4
        assert depth == 1 or path[:-4] in seen
        seen.add(path)
    assert sum(numchild for _, depth, numchild, _code in tree if depth == 1) == 3321
