"""State tables of the placement workflows: (state, action) -> new state. Nothing else moves a state."""

from coso.core.errors import DomainError

YEARLY_LIST = {
    ("draft", "propose"): "proposed",
    ("returned", "propose"): "proposed",
    ("proposed", "decide"): "decided",
    ("proposed", "return"): "returned",
}

REPORT = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "accept"): "accepted",
    ("submitted", "return"): "returned",
}

EVALUATION = REPORT

PLACEMENT = {
    ("active", "finish"): "finished",
    ("active", "cancel"): "cancelled",
}

ACTION_NAMES = {
    "propose": "đề xuất",
    "decide": "quyết định",
    "return": "trả lại",
    "submit": "nộp",
    "accept": "tiếp nhận",
    "finish": "kết thúc",
    "cancel": "hủy",
}


def next_state(table, state, action, state_label=None):
    try:
        return table[(state, action)]
    except KeyError:
        label = state_label or state
        raise DomainError(
            "illegal_transition",
            f"Không thể {ACTION_NAMES.get(action, action)} khi đang ở trạng thái «{label}».",
        ) from None
