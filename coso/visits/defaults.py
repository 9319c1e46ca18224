"""The seeds' numbers for a demo or a new organisation (``services.save_visit_policy(**…)``).

The model's field defaults are the general ones (caps 3/2, 60 days a year, 1 branch meeting a
quarter, 2 base unions a quarter for cluster leaders, 3 weak units, report at month end).
"""

import datetime

# Plan 14 KH/TĐTN of the Quảng Nam provincial union, 25/02/2013 (seed 000). The plan sets
# caps, not a yearly minimum: with two districts followed the caps allow at most 4–5 days a
# month, so the 1+2 minimum of 60 days is not part of this plan.
QUANG_NAM_2013 = {
    "cap_days_mountainous": 3,
    "cap_days_other": 2,
    "yearly_minimum_days": 0,
    "branch_meetings_per_quarter": 1,
    "cluster_leader_base_units_per_quarter": 2,
    "weak_units_to_pick": 3,
    "monthly_report_due_day": 0,
    # "Cadres set their own visit schedule and report it to their department leader and
    # cluster leader": the quarter plan is where that schedule is kept.
    "quarterly_plan_required": True,
    "applies_from": datetime.date(2013, 3, 1),
    "source": "14-KH/TĐTN ngày 25/02/2013",
}

# The "1+2" policy of a district union (seed 003, Bắc Trà My 2022): at least 2 months a year
# at the grassroots, a plan registered at the start of each quarter; the district's own cadres
# work in their own communes, so no monthly cap.
ONE_PLUS_TWO_DISTRICT = {
    "cap_days_mountainous": None,
    "cap_days_other": None,
    "yearly_minimum_days": 60,
    "days_per_month": 30,
    "quarterly_plan_required": True,
    "source": "Chủ trương 1+2",
}

# Central guidance 03-HD/TWĐTN-BTC (2018) for central and provincial cadres.
CENTRAL_GUIDANCE_2018 = {
    "yearly_minimum_days": 60,
    "days_per_month": 30,
    "report_within_days_after_trip": 10,
    "quarterly_plan_required": True,
    "quarterly_plan_needs_approval": True,
    "source": "03-HD/TWĐTN-BTC",
}
