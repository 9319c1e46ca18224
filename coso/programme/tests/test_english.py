"""Issue 15 point 10 for the programme: in English mode its refusals speak English — on the
page, next to their field — and only the data (names of people, units, criteria, the
commitments typed) stays as written."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from coso.core.errors import DomainError
from coso.programme import services
from coso.programme.workflows import ASSESSMENT
from tests.test_english_mode import VIETNAMESE

from .conftest import at, pick, statuses
from .test_pages import form_data


def _english(text, data):
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    assert not VIETNAMESE.findall(text), text
    return text


def test_a_registration_missing_commitments_is_refused_in_english_next_to_each_criterion(btm, client_for):
    client = client_for("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    items = pick(btm.programme, training=4)
    for item in items[1:]:
        item["commitment"] = " "
    body = client.post(f"/programme/{btm.programme.pk}/register/", form_data(items)).content.decode()
    top = re.search(r'data-testid="form-errors">(.*?)</div></div>', body, re.S).group(1)
    assert "Choose exactly 5 training criteria; 4 chosen." in top
    assert "Cần chọn đúng" not in body
    for item in items[1:]:
        pk, title = item["criterion"].pk, item["criterion"].title
        block = re.search(
            rf'data-criterion="{pk}">(.*?)</fieldset>|data-criterion="{pk}">(.*?)data-testid="criterion-row"',
            body,
            re.S,
        )
        text = next(g for g in block.groups() if g)
        assert f"The commitment for criterion «{title}» is missing." in text
        assert "Chưa ghi nội dung cam kết" not in text


def test_an_assessment_outside_its_round_and_a_wrong_step_are_refused_in_english(registered):
    member = registered.users["member"]
    later = registered.rounds[1]
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.self_assess(
            actor=member,
            registration=registered.reg1,
            round=later,
            items=statuses(registered.reg1, ("done",)),
            now=at(2014, 3, 22),
        )
    assert refused.value.code == "round_not_started"
    assert refused.value.message.startswith(f"Round {later.roman} (")
    assert refused.value.message.endswith(") has not started yet.")

    a = services.self_assess(
        actor=member,
        registration=registered.reg1,
        round=registered.rounds[0],
        items=statuses(registered.reg1, ("done",)),
        now=at(2014, 3, 22),
    )
    name = registered.member_trason.full_name
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.base_review(
            actor=registered.users["base_officer"],
            programme=registered.programme,
            base=registered.trason,
            round=registered.rounds[0],
        )
    _english(refused.value.message, [registered.trason.name])
    assert refused.value.message.startswith("No results for round I of ")
    with translation.override("en"):
        refusal = ASSESSMENT.refusal(a, "submitted", "recognised", what=f"results of member {name}")
    assert (
        str(refusal)
        == f"The results of member {name} cannot move from «Self-assessed, awaiting the branch» to «Recognised»."
    )


def test_a_self_assessment_left_incomplete_is_refused_in_english_on_its_page(registered, client_for):
    client = client_for("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reg = registered.reg1
    first = reg.items.order_by("position").first()
    data = {f"status_{i.criterion_id}": "done" for i in reg.items.all()}
    data[f"status_{first.criterion_id}"] = ""
    data["submit"] = "1"
    url = f"/programme/registrations/{reg.pk}/assess/?round={registered.rounds[0].pk}"
    body = client.post(url, data).content.decode()
    errors = re.search(r'data-testid="form-errors">(.*?)</div>\s*<form', body, re.S).group(1)
    assert f"Criterion «{first.criterion.title}» has not been self-assessed." in errors
    _english(re.sub(r"<[^>]+>", " ", errors), [first.criterion.title])
