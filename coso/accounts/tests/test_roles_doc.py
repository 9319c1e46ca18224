"""docs/roles.md tells users what each role can do: its tables must say what scoping does."""

from pathlib import Path

from django.conf import settings

from coso.accounts import scoping
from coso.accounts.models import Role

ROLES_DOC = Path(settings.BASE_DIR) / "docs" / "roles.md"

FOUNDATION_COLUMNS = {
    "Xem": scoping.VIEW,
    "Sửa đơn vị": scoping.EDIT_UNITS,
    "Sửa người": scoping.EDIT_PEOPLE,
    "Xem thông tin nhạy cảm": scoping.VIEW_SENSITIVE,
    "Xếp loại": scoping.CLASSIFY,
    "Nhập Excel": scoping.IMPORT,
    "Quản lý tài khoản": scoping.MANAGE_USERS,
}
AREA_COLUMNS = {
    "Quản lý đi cơ sở": scoping.MANAGE_VISITS,
    "Ghi nhận đi cơ sở": scoping.RECORD_VISITS,
    "Duyệt kế hoạch": scoping.APPROVE_VISIT_PLANS,
    "Xác nhận (nơi đến)": scoping.CONFIRM_VISITS_AS_HOST,
    "Xem xét báo cáo (cụm)": scoping.REVIEW_VISIT_REPORTS,
    "Nhân rộng mô hình": scoping.MARK_PRACTICES,
    "Quyết định cử đào tạo thực tế": scoping.DECIDE_PLACEMENTS,
    "Quản lý chương trình RL&HĐ": scoping.PROGRAMME_MANAGE,
    "Chi đoàn đánh giá": scoping.PROGRAMME_BRANCH,
    "Cơ sở xem xét": scoping.PROGRAMME_REVIEW,
    "Công nhận": scoping.PROGRAMME_RECOGNISE,
    "Cấp số văn bản": scoping.ISSUE_PAPERS,
}


def _tables():
    """Every markdown table of the doc whose header starts with «Vai trò»: header, rows."""
    tables, current = [], None
    for line in ROLES_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells and cells[0] == "Vai trò":
            current = (cells[1:], {})
            tables.append(current)
        elif cells and current and not cells[0].startswith("---"):
            current[1][cells[0]] = cells[1:]
        elif not cells:
            current = None
    return tables


def _granted_in_doc(header, rows, columns):
    return {
        role: {columns[name] for name, cell in zip(header, cells, strict=True) if cell == "✓"}
        for role, cells in rows.items()
    }


def test_both_tables_match_scoping():
    tables = _tables()
    assert len(tables) == 2
    for (header, rows), columns in zip(tables, [FOUNDATION_COLUMNS, AREA_COLUMNS], strict=True):
        assert header == list(columns)
        assert set(rows) == {role.label for role in Role}
        documented = _granted_in_doc(header, rows, columns)
        for role in Role:
            actual = scoping.ROLE_CAPABILITIES[role] & set(columns.values())
            assert documented[role.label] == actual, role.label


def test_every_capability_is_documented():
    assert set(FOUNDATION_COLUMNS.values()) | set(AREA_COLUMNS.values()) == scoping.ALL
