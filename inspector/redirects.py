"""What a client does when it follows a redirect, by request method.

Today the answer comes from the status code's structured `redirect` fact (RFC 9110 §15.4).
Measured client data (browsers and libraries observed in the lab) will be a second source:
add a function with the same signature to REDIRECT_SOURCES, ahead of the facts, and the
inspector and its API use its rows wherever it has them.
"""

from dataclasses import dataclass

from reference.models import StatusCode

Method = StatusCode.RedirectMethod


@dataclass(frozen=True)
class RedirectOutcome:
    client: str
    request_method: str
    follow_up: str
    body: str
    source_label: str
    source_url: str

    def as_json(self):
        return {
            "client": self.client,
            "request_method": self.request_method,
            "follow_up": self.follow_up,
            "body": self.body,
            "source": self.source_url,
            "source_label": self.source_label,
        }


def from_structured_facts(status_code):
    """Rows every RFC 9110 client follows, read from StatusCode.redirect_method."""
    if not status_code.is_redirect:
        return []
    label, url, client = status_code.spec_citation, status_code.spec_url, "Any client following RFC 9110"
    post = {
        Method.MAY_CHANGE_TO_GET: (
            "GET or POST: clients may change POST to GET, and browsers do",
            "dropped when the method becomes GET",
        ),
        Method.CHANGES_TO_GET: ("GET (or HEAD)", "dropped"),
        Method.PRESERVED: ("POST, unchanged", "sent again"),
    }[status_code.redirect_method]
    return [
        RedirectOutcome(client, "GET", "GET", "none", label, url),
        RedirectOutcome(client, "POST", post[0], post[1], label, url),
    ]


REDIRECT_SOURCES = [from_structured_facts]


def redirect_outcomes(status_code):
    """The rows of the first source that knows this code; [] for codes that are not redirects."""
    if status_code is None:
        return []
    for source in REDIRECT_SOURCES:
        rows = source(status_code)
        if rows:
            return rows
    return []
