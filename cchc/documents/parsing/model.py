"""The result of :func:`cchc.documents.parser.parse_plan` (plain Python, no Django).

See :mod:`cchc.documents.parser` for the JSON contract of :meth:`ParsedPlan.to_json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ParsedActivity",
    "ParsedAudience",
    "ParsedChannel",
    "ParsedLegalBasis",
    "ParsedPlan",
    "ParsedReporting",
    "ParsedResponsibility",
    "ParsedTheme",
    "ParseWarning",
]

Lines = tuple[int, int]


@dataclass(slots=True)
class ParseWarning:
    """Something the parser could not place or doubts; ``line`` is 1-based or ``None``."""

    line: int | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass(slots=True)
class ParsedLegalBasis:
    text: str
    doc_type: str
    symbol: str | None
    date: str | None
    issuer: str | None
    subject: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "doc_type": self.doc_type,
            "symbol": self.symbol,
            "date": self.date,
            "issuer": self.issuer,
            "subject": self.subject,
        }


@dataclass(slots=True)
class ParsedAudience:
    audience: str
    text: str
    content: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"audience": self.audience, "text": self.text, "content": list(self.content)}


@dataclass(slots=True)
class ParsedTheme:
    text: str
    tags: list[str]
    audiences: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "tags": list(self.tags),
            "audiences": list(self.audiences),
            "details": list(self.details),
        }


@dataclass(slots=True)
class ParsedChannel:
    kind: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass(slots=True)
class ParsedActivity:
    title: str
    content: str = ""
    leads: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    timing: str | None = None
    schedule: dict[str, Any] | None = None
    outputs: str | None = None
    budget: str | None = None
    channels: list[str] = field(default_factory=list)
    subactivities: list[ParsedActivity] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "content": self.content,
            "leads": list(self.leads),
            "coordinators": list(self.coordinators),
            "timing": self.timing,
            "schedule": dict(self.schedule) if self.schedule is not None else None,
            "outputs": self.outputs,
            "budget": self.budget,
            "channels": list(self.channels),
            "subactivities": [sub.to_json() for sub in self.subactivities],
        }


@dataclass(slots=True)
class ParsedResponsibility:
    unit: str
    duties: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "duties": list(self.duties)}


@dataclass(slots=True)
class ParsedReporting:
    period: str | None
    deadline_text: str | None
    text: str
    unit: str | None = None
    schedule: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "deadline_text": self.deadline_text,
            "text": self.text,
            "unit": self.unit,
            "schedule": dict(self.schedule) if self.schedule is not None else None,
        }


@dataclass(slots=True)
class ParsedPlan:
    """Everything read from one plan; :meth:`to_json` is the public contract."""

    is_plan: bool = False
    document_type: str | None = None
    title: str | None = None
    issuer_name: str | None = None
    issuer_parent: str | None = None
    issuer_text: str | None = None
    symbol: str | None = None
    symbol_text: str | None = None
    number: str | None = None
    symbol_code: str | None = None
    place: str | None = None
    date: str | None = None
    date_text: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    period_text: str | None = None
    slogan: str | None = None
    intro: str | None = None
    legal_bases: list[ParsedLegalBasis] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    objectives_text: str | None = None
    requirements_text: str | None = None
    audiences: list[ParsedAudience] = field(default_factory=list)
    themes: list[ParsedTheme] = field(default_factory=list)
    channels: list[ParsedChannel] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    funding: str | None = None
    responsibilities: list[ParsedResponsibility] = field(default_factory=list)
    reporting: list[ParsedReporting] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_authority: list[str] = field(default_factory=list)
    signer_position: str | None = None
    signer_name: str | None = None
    container: dict[str, Any] | None = None
    legacy_encoding: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)
    sources: dict[str, Lines] = field(default_factory=dict)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    def source(self, key: str, start: int, end: int | None = None) -> None:
        self.sources[key] = (start, start if end is None else max(start, end))

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data (see :mod:`cchc.documents.parser`)."""
        return {
            "is_plan": self.is_plan,
            "document_type": self.document_type,
            "title": self.title,
            "issuer": {
                "name": self.issuer_name,
                "parent": self.issuer_parent,
                "text": self.issuer_text,
            },
            "symbol": self.symbol,
            "symbol_text": self.symbol_text,
            "number": self.number,
            "symbol_code": self.symbol_code,
            "place": self.place,
            "date": self.date,
            "date_text": self.date_text,
            "period": {
                "start_year": self.start_year,
                "end_year": self.end_year,
                "text": self.period_text,
            },
            "slogan": self.slogan,
            "intro": self.intro,
            "legal_bases": [basis.to_json() for basis in self.legal_bases],
            "objectives": list(self.objectives),
            "requirements": list(self.requirements),
            "objectives_text": self.objectives_text,
            "requirements_text": self.requirements_text,
            "audiences": [audience.to_json() for audience in self.audiences],
            "themes": [theme.to_json() for theme in self.themes],
            "channels": [channel.to_json() for channel in self.channels],
            "activities": [activity.to_json() for activity in self.activities],
            "funding": self.funding,
            "responsibilities": [item.to_json() for item in self.responsibilities],
            "reporting": [item.to_json() for item in self.reporting],
            "recipients": list(self.recipients),
            "signer": {
                "authority": list(self.signer_authority),
                "position": self.signer_position,
                "name": self.signer_name,
            },
            "container": dict(self.container) if self.container is not None else None,
            "legacy_encoding": self.legacy_encoding,
            "warnings": [warning.to_json() for warning in self.warnings],
            "sources": {key: [start, end] for key, (start, end) in self.sources.items()},
        }
