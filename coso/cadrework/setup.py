"""Ready-made plans from the seeds: the defaults an organisation then edits."""

import datetime

from django.db import transaction

from coso.cadrework import services
from coso.cadrework.models import Indicator

P = Indicator.TargetKind.PERCENT
N = Indicator.TargetKind.COUNT

# Kế hoạch công tác cán bộ Đoàn – Hội – Đội quận Tân Phú năm 2023, II. Hệ thống chỉ tiêu
# (and III.2.1 for the thematic topics): (name, population, measure, target kind, value).
TAN_PHU_2023_INDICATORS = [
    (
        "100% cán bộ Đoàn – Hội – Đội được học tập, quán triệt Nghị quyết Đại hội Đảng, Đại hội Đoàn các cấp",
        "all_cadres_in_scope",
        "studied_resolutions",
        P,
        100,
    ),
    (
        "100% cán bộ Đoàn – Hội – Đội chuyên trách cấp quận được bồi dưỡng kiến thức, nâng cao trình độ "
        "chuyên môn, nghiệp vụ, kỹ năng công tác Đoàn – Hội – Đội",
        "full_time_district_cadres",
        "trained_knowledge_skills",
        P,
        100,
    ),
    (
        "100% Bí thư Đoàn phường, Chủ tịch Hội LHTN Việt Nam phường, Tổng phụ trách Đội mới nhận nhiệm vụ "
        "được bồi dưỡng nghiệp vụ, kiến thức cơ bản về công tác Đoàn – Hội – Đội",
        "new_ward_officers",
        "basic_training",
        P,
        100,
    ),
    (
        "100% cán bộ Đoàn – Hội – Đội tham gia ít nhất 02 hoạt động nâng cao năng lực sử dụng ngoại ngữ, "
        "nâng cao năng lực chuyển đổi số",
        "all_cadres_in_scope",
        "two_language_or_digital_activities",
        P,
        100,
    ),
    (
        "10 cán bộ Đoàn – Hội – Đội đạt chứng chỉ Ngoại ngữ tương đương cấp độ B1 (khung tham chiếu Châu Âu)",
        "all_cadres_in_scope",
        "has_b1_or_higher",
        N,
        10,
    ),
    ("100% Bí thư Đoàn phường đạt trình độ đại học trở lên", "ward_secretaries", "university_or_higher", P, 100),
    (
        "Có ít nhất 03 cán bộ Đoàn – Hội – Đội được đào tạo trung cấp công tác thanh niên, chức danh Tổng "
        "phụ trách Đội và lý luận chính trị (trung cấp, cao cấp)",
        "all_cadres_in_scope",
        "advanced_training",
        N,
        3,
    ),
    (
        "Bồi dưỡng 07 chỉ huy Đội trở thành cán bộ Đoàn trung học phổ thông",
        "pioneer_commander_sources",
        "became_high_school_union_cadre",
        N,
        7,
    ),
    (
        "Bồi dưỡng 05 cán bộ Đoàn trung học phổ thông trở thành cán bộ Đoàn – Hội đại học, cao đẳng",
        "school_union_cadre_sources",
        "became_university_union_cadre",
        N,
        5,
    ),
    (
        "100% cán bộ Đoàn các cấp được học tập ít nhất 02 chuyên đề về những vấn đề mới",
        "all_cadres_in_scope",
        "two_thematic_topics",
        P,
        100,
    ),
]


@transaction.atomic
def tan_phu_2023(owner, *, actor=None, number=""):
    """Create Tân Phú's 2023 cadre-work plan with its indicator table (seed 004)."""
    plan = services.create_plan(
        actor=actor,
        owner=owner,
        year=2023,
        number=number,
        title="Kế hoạch công tác cán bộ Đoàn – Hội – Đội quận Tân Phú năm 2023",
        base_plan_deadline=datetime.date(2023, 8, 11),
    )
    for order, (name, population, measure, kind, value) in enumerate(TAN_PHU_2023_INDICATORS, start=1):
        services.add_indicator(
            actor=actor,
            plan=plan,
            name=name,
            population=population,
            measure=measure,
            target_kind=kind,
            target_value=value,
            order=order,
        )
    return plan
