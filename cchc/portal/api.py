"""REST endpoints of portal: (prefix, viewset, basename) for the API router."""

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
