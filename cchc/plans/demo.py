"""Demo plans: the five seed plans and the Quảng Ngãi stand-in, for `cchc demo`.

Built through the plan services (see ``cchc.plans.seeds``), and idempotent: running it
again keeps the plans that are there.
"""

from __future__ import annotations

from typing import Any

from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plans


def build_demo_plans(*, actor: Any = None) -> dict[str, Plan]:
    """Create (or find) the seed plans; keyed by the seed fixture's name."""
    return load_seed_plans(actor=actor)
