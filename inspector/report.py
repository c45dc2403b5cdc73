"""One inspection: the parsed response, its findings, both cache verdicts and redirect outcomes."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.http import http_date as format_http_date

from reference.models import StatusCode

from .caching import CacheAnalysis, first_date
from .findings import info, rfc
from .parsing import parse_input
from .redirects import redirect_outcomes
from .rules import field_findings, security_findings

LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Inspection:
    response: object
    method: str
    now: object
    code: StatusCode | None
    problems: list
    security: list
    cache: dict
    redirects: list

    @property
    def location(self):
        return self.response.first("Location")

    def counts(self):
        return {level: sum(1 for p in self.problems if p.level == level) for level in LEVEL_ORDER}

    def as_json(self):
        code = self.code
        return {
            "status": self.response.status,
            "reason": self.response.reason or (code.reason if code else ""),
            "http_version": self.response.http_version or None,
            "input_format": self.response.input_format,
            "method": self.method,
            "now": format_http_date(self.now.timestamp()),
            "code": None
            if code is None
            else {
                "url": code.get_absolute_url(),
                "reason": code.reason,
                "class": code.status_class,
                "class_name": code.class_name,
                "standing": code.standing,
                "summary": code.summary,
            },
            "headers": [{"name": name, "value": value} for name, value in self.response.headers],
            "notes": list(self.response.notes),
            "problems": [problem.as_json() for problem in self.problems],
            "security": [note.as_json() for note in self.security],
            "cache": {kind: verdict.as_json() for kind, verdict in self.cache.items()},
            "redirect": None
            if not self.redirects
            else {
                "location": self.location,
                "outcomes": [outcome.as_json() for outcome in self.redirects],
            },
        }


def inspect(text, method=None, now=None, entry=None, request_time=None):
    """Inspect pasted text. `now` defaults to the response's Date, else the HAR time, else request_time."""
    response = parse_input(text, entry)
    method = (method or response.method or "GET").upper()
    code = StatusCode.objects.published().filter(code=response.status).first()
    if now is None:
        now = first_date(response, "Date") or response.received_at or request_time or timezone.now()
    problems = field_findings(response, method)
    if code is None and response.status <= 599:
        problems.append(
            info(
                None,
                f"This site has no page for {response.status}; a client that does not know a code "
                f"treats it as {response.status // 100}00.",
                rfc(9110, "15"),
            )
        )
    problems.sort(key=lambda problem: LEVEL_ORDER[problem.level])
    analysis = CacheAnalysis(
        response,
        method,
        now,
        heuristically_cacheable=bool(code and code.heuristically_cacheable),
        understood=code is not None and code.standing != StatusCode.Standing.NON_STANDARD,
    )
    return Inspection(
        response=response,
        method=method,
        now=now,
        code=code,
        problems=problems,
        security=security_findings(response),
        cache=analysis.verdicts(),
        redirects=redirect_outcomes(code),
    )
