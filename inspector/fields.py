"""Field-value syntax from RFC 9110 and RFC 9111: dates, delta-seconds, entity-tags, directives."""

import re
from datetime import UTC, datetime

from django.utils.http import parse_http_date

DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# RFC 9110 §5.6.7: senders generate IMF-fixdate; recipients also accept the two obsolete forms.
IMF_FIXDATE = re.compile(rf"^{DAY}, [0-9]{{2}} {MONTH} [0-9]{{4}} [0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}} GMT$")
RFC850_DATE = re.compile(
    rf"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [0-9]{{2}}-{MONTH}-[0-9]{{2}} "
    r"[0-9]{2}:[0-9]{2}:[0-9]{2} GMT$"
)
ASCTIME_DATE = re.compile(rf"^{DAY} {MONTH} (?:[0-9]{{2}}| [0-9]) [0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}} [0-9]{{4}}$")
DELTA_SECONDS = re.compile(r"^[0-9]+$")
# RFC 9110 §8.8.3: entity-tag = [ W/ ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
ENTITY_TAG = re.compile(r'^(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"$')
TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
DIRECTIVE = re.compile(
    r"""\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+\-.^_`|~0-9A-Za-z]*))?\s*(?:,|$)"""
)
MAX_DELTA = 2**31  # RFC 9111 §1.2.2: the value to use when a delta-seconds overflows


def http_date(value):
    """(aware datetime or None, "imf" | "obsolete" | "invalid") for one HTTP-date field value."""
    value = value.strip()
    if IMF_FIXDATE.match(value):
        kind = "imf"
    elif RFC850_DATE.match(value) or ASCTIME_DATE.match(value):
        kind = "obsolete"
    else:
        return None, "invalid"
    try:
        return datetime.fromtimestamp(parse_http_date(value), tz=UTC), kind
    except (ValueError, OverflowError, OSError):
        return None, "invalid"


def delta_seconds(value):
    """RFC 9111 §1.2.2 delta-seconds as an int (capped at 2^31), or None if it is not one."""
    if value is None or not DELTA_SECONDS.match(value):
        return None
    return min(int(value), MAX_DELTA)


def split_list(value):
    """The members of a comma-separated list field (RFC 9110 §5.6.1), quoted commas kept."""
    members, current, quoted, escaped = [], [], False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            members.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    members.append("".join(current).strip())
    return [member for member in members if member]


class CacheControl:
    """The directives of every Cache-Control line of a response, names lower-cased (RFC 9111 §5.2)."""

    def __init__(self, values):
        self.directives = []  # [(name, argument or None)] in order, duplicates kept
        self.malformed = []  # members that are not token [ "=" ( token / quoted-string ) ]
        self.quoted = set()  # directives whose argument used the quoted-string form
        for value in values:
            for member in split_list(value):
                match = DIRECTIVE.fullmatch(member + ",") or DIRECTIVE.fullmatch(member)
                if not match:
                    self.malformed.append(member)
                    continue
                name, argument = match.group(1).lower(), match.group(2)
                if argument is not None and argument.startswith('"'):
                    self.quoted.add(name)
                    argument = re.sub(r"\\(.)", r"\1", argument[1:-1])
                self.directives.append((name, argument))

    def __contains__(self, name):
        return any(directive == name for directive, _ in self.directives)

    def arguments(self, name):
        return [argument for directive, argument in self.directives if directive == name]

    def first(self, name):
        arguments = self.arguments(name)
        return arguments[0] if arguments else None

    def field_names(self, name):
        """The field names a qualified no-cache or private lists; [] when it is unqualified."""
        argument = self.first(name)
        return [item.strip() for item in argument.split(",") if item.strip()] if argument else []

    def duplicated(self):
        names = [name for name, _ in self.directives]
        return sorted({name for name in names if names.count(name) > 1})
