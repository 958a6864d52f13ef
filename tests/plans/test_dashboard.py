"""The staff dashboard counts the plans a person deals with."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.plans.selectors import plan_counts_for_user
from cchc.plans.services import plan_submit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_counts_follow_status_and_scope(tree, people, province_plan):
    plan_submit(plan=province_plan)
    viewer = plan_counts_for_user(people["province_viewer"])
    assert (viewer.total, viewer.awaiting_approval, viewer.drafts) == (1, 1, 0)
    commune = plan_counts_for_user(people["commune_editor"])
    assert commune.assigned == 1  # the province plan names their commune
    assert plan_counts_for_user(people["nobody"]).total == 0


def test_dashboard_links_to_plans_awaiting_approval(tree, people, province_plan, django_assert_max_num_queries):
    plan_submit(plan=province_plan)
    client = client_for(people["province_viewer"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:dashboard"))
    html = response.content.decode()
    assert "1 chờ phê duyệt" in html
    assert "?status=submitted" in html
