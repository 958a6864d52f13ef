"""The plan import parser, split by concern (plain Python, no Django).

Use :func:`cchc.documents.parser.parse_plan`; see :mod:`cchc.documents.parser`
for the JSON contract.
"""

from cchc.documents.parsing.model import ParsedPlan
from cchc.documents.parsing.plan import NOT_A_PLAN, parse_plan

__all__ = ["NOT_A_PLAN", "ParsedPlan", "parse_plan"]
