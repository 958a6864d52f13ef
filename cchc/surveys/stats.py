"""The arithmetic of the satisfaction index; plain Python, no database.

Satisfaction index (chỉ số hài lòng) of a criterion, for a unit and a period:

    index = (number answering 4 "Hài lòng" or 5 "Rất hài lòng") / (number who answered it)

People who did not answer the criterion (it was hidden by a condition, or left blank when
optional) are not in the denominator. The index of a factor, of a unit or of the whole
survey pools every answer to its criteria the same way: satisfied answers / answers.

The 95 % confidence interval is Wilson's score interval (good for small samples and for
shares near 0 or 1). The sample needed for a margin of error ``e`` at 95 % is
``n0 = z² · p(1 − p) / e²`` (p = 0.5 when unknown, the safest guess: 385 people for
±5 %), reduced with the finite population correction ``n = n0 / (1 + (n0 − 1) / N)`` when
the number of people served, ``N``, is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the two-sided 95 % quantile of the normal distribution


@dataclass(frozen=True)
class Share:
    satisfied: int
    answered: int

    @property
    def index(self) -> float | None:
        """Satisfied / answered, from 0 to 1 (None when nobody answered)."""
        return self.satisfied / self.answered if self.answered else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.satisfied, self.answered)

    @property
    def percent(self) -> float | None:
        return None if self.index is None else round(self.index * 100, 1)

    @property
    def interval_percent(self) -> tuple[float, float] | None:
        ci = self.interval
        return None if ci is None else (round(ci[0] * 100, 1), round(ci[1] * 100, 1))


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion; None when n is 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def sample_size(
    margin: float = 0.05, p: float = 0.5, z: float = Z95, population: int | None = None
) -> int:
    """People to survey for ``±margin`` at the confidence of ``z`` (rounded up)."""
    if not 0 < margin < 1 or not 0 <= p <= 1:
        raise ValueError("margin must lie in (0, 1) and p in [0, 1]")
    n0 = z * z * p * (1 - p) / (margin * margin)
    if population:
        if population < 1:
            raise ValueError("population must be positive")
        n0 = n0 / (1 + (n0 - 1) / population)
    # A tiny epsilon keeps float noise (384.0000001) from adding a whole person.
    return max(1, math.ceil(n0 - 1e-9))
