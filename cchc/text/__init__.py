"""Pure-Python Vietnamese text utilities (no Django).

* :func:`nfc` - Unicode NFC, also repairing decomposed Vietnamese;
* :func:`fold` - accent/case folding for search ("Ủy ban" → "uy ban");
* :func:`slugify` - readable ASCII URL slugs;
* :func:`sort_key` / :func:`collate` - Vietnamese dictionary order;
* :func:`detect_legacy` / :func:`repair_legacy` - TCVN3 and VNI mojibake.
"""

from cchc.text.collation import SortKey, collate, sort_key
from cchc.text.legacy import (
    LegacyEncoding,
    decode_cp1252,
    detect_legacy,
    encode_legacy,
    repair_legacy,
)
from cchc.text.normalize import fold, nfc, slugify

__all__ = [
    "LegacyEncoding",
    "SortKey",
    "collate",
    "decode_cp1252",
    "detect_legacy",
    "encode_legacy",
    "fold",
    "nfc",
    "repair_legacy",
    "slugify",
    "sort_key",
]
