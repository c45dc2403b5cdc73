"""The structured facts of every shipped code, checked against a table built from the specs.

Each row cites where the fact comes from. A code page shows these facts in its panel and
the API serves them, so a wrong row here would be a wrong page.
"""

import re

import pytest

from reference.models import StatusCode

pytestmark = pytest.mark.django_db

RFC9110 = "RFC 9110"

# The IANA HTTP Status Code Registry: code -> (reason phrase, defining document, section).
REGISTRY = {
    100: ("Continue", RFC9110, "15.2.1"),
    101: ("Switching Protocols", RFC9110, "15.2.2"),
    102: ("Processing", "RFC 2518", "10.1"),
    103: ("Early Hints", "RFC 8297", "2"),
    200: ("OK", RFC9110, "15.3.1"),
    201: ("Created", RFC9110, "15.3.2"),
    202: ("Accepted", RFC9110, "15.3.3"),
    203: ("Non-Authoritative Information", RFC9110, "15.3.4"),
    204: ("No Content", RFC9110, "15.3.5"),
    205: ("Reset Content", RFC9110, "15.3.6"),
    206: ("Partial Content", RFC9110, "15.3.7"),
    207: ("Multi-Status", "RFC 4918", "11.1"),
    208: ("Already Reported", "RFC 5842", "7.1"),
    226: ("IM Used", "RFC 3229", "10.4.1"),
    300: ("Multiple Choices", RFC9110, "15.4.1"),
    301: ("Moved Permanently", RFC9110, "15.4.2"),
    302: ("Found", RFC9110, "15.4.3"),
    303: ("See Other", RFC9110, "15.4.4"),
    304: ("Not Modified", RFC9110, "15.4.5"),
    305: ("Use Proxy", RFC9110, "15.4.6"),
    306: ("(Unused)", RFC9110, "15.4.7"),
    307: ("Temporary Redirect", RFC9110, "15.4.8"),
    308: ("Permanent Redirect", RFC9110, "15.4.9"),
    400: ("Bad Request", RFC9110, "15.5.1"),
    401: ("Unauthorized", RFC9110, "15.5.2"),
    402: ("Payment Required", RFC9110, "15.5.3"),
    403: ("Forbidden", RFC9110, "15.5.4"),
    404: ("Not Found", RFC9110, "15.5.5"),
    405: ("Method Not Allowed", RFC9110, "15.5.6"),
    406: ("Not Acceptable", RFC9110, "15.5.7"),
    407: ("Proxy Authentication Required", RFC9110, "15.5.8"),
    408: ("Request Timeout", RFC9110, "15.5.9"),
    409: ("Conflict", RFC9110, "15.5.10"),
    410: ("Gone", RFC9110, "15.5.11"),
    411: ("Length Required", RFC9110, "15.5.12"),
    412: ("Precondition Failed", RFC9110, "15.5.13"),
    413: ("Content Too Large", RFC9110, "15.5.14"),
    414: ("URI Too Long", RFC9110, "15.5.15"),
    415: ("Unsupported Media Type", RFC9110, "15.5.16"),
    416: ("Range Not Satisfiable", RFC9110, "15.5.17"),
    417: ("Expectation Failed", RFC9110, "15.5.18"),
    418: ("(Unused)", RFC9110, "15.5.19"),
    421: ("Misdirected Request", RFC9110, "15.5.20"),
    422: ("Unprocessable Content", RFC9110, "15.5.21"),
    423: ("Locked", "RFC 4918", "11.3"),
    424: ("Failed Dependency", "RFC 4918", "11.4"),
    425: ("Too Early", "RFC 8470", "5.2"),
    426: ("Upgrade Required", RFC9110, "15.5.22"),
    428: ("Precondition Required", "RFC 6585", "3"),
    429: ("Too Many Requests", "RFC 6585", "4"),
    431: ("Request Header Fields Too Large", "RFC 6585", "5"),
    451: ("Unavailable For Legal Reasons", "RFC 7725", "3"),
    500: ("Internal Server Error", RFC9110, "15.6.1"),
    501: ("Not Implemented", RFC9110, "15.6.2"),
    502: ("Bad Gateway", RFC9110, "15.6.3"),
    503: ("Service Unavailable", RFC9110, "15.6.4"),
    504: ("Gateway Timeout", RFC9110, "15.6.5"),
    505: ("HTTP Version Not Supported", RFC9110, "15.6.6"),
    506: ("Variant Also Negotiates", "RFC 2295", "8.1"),
    507: ("Insufficient Storage", "RFC 4918", "11.5"),
    508: ("Loop Detected", "RFC 5842", "7.2"),
    510: ("Not Extended", "RFC 2774", "7"),
    511: ("Network Authentication Required", "RFC 6585", "6"),
}

# RFC 9110 §15.1: "heuristically cacheable" codes defined there; plus RFC 7725 §3 (451).
HEURISTICALLY_CACHEABLE = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501} | {451}

# RFC 9110 §6.4.1 (1xx, 204, 304 have no content) and §15.3.6 (205 MUST NOT generate content).
NO_BODY = {100, 101, 102, 103, 104, 204, 205, 304}

# RFC 9110 §15.4.2-§15.4.9: permanence and what happens to the method.
REDIRECTS = {
    301: {"permanent": True, "method": "may-change-to-get"},  # §15.4.2 (note on POST to GET)
    302: {"permanent": False, "method": "may-change-to-get"},  # §15.4.3
    303: {"permanent": False, "method": "changes-to-get"},  # §15.4.4 (retrieve with GET/HEAD)
    307: {"permanent": False, "method": "preserved"},  # §15.4.8 (MUST NOT change method)
    308: {"permanent": True, "method": "preserved"},  # §15.4.9 (MUST NOT change method)
}

# Header fields a response with the code needs (MUST/SHOULD), with the section that says so.
REQUIRED_HEADERS = {
    101: {"Upgrade"},  # RFC 9110 §15.2.2: server MUST send Upgrade
    103: {"Link"},  # RFC 8297 §2: the hints are Link header fields
    201: {"Location"},  # RFC 9110 §15.3.2: the new resource is identified by Location
    206: {"Content-Range"},  # RFC 9110 §15.3.7.1: single part carries Content-Range
    301: {"Location"},  # RFC 9110 §15.4.2: SHOULD generate Location
    302: {"Location"},  # §15.4.3
    303: {"Location"},  # §15.4.4
    307: {"Location"},  # §15.4.8
    308: {"Location"},  # §15.4.9
    401: {"WWW-Authenticate"},  # RFC 9110 §15.5.2: MUST send WWW-Authenticate
    405: {"Allow"},  # RFC 9110 §15.5.6: MUST generate Allow
    407: {"Proxy-Authenticate"},  # RFC 9110 §15.5.8: MUST send Proxy-Authenticate
    416: {"Content-Range"},  # RFC 9110 §15.5.17: SHOULD send Content-Range: bytes */length
    426: {"Upgrade"},  # RFC 9110 §15.5.22: MUST send Upgrade
    429: {"Retry-After"},  # RFC 6585 §4: MAY include Retry-After (we teach sending it)
    503: {"Retry-After"},  # RFC 9110 §15.6.4: MAY send Retry-After (we teach sending it)
}

# Standing other than "standard", with where it is stated.
STANDING = {
    102: "deprecated",  # RFC 4918 removed it (Appendix F.3); IANA still lists RFC 2518
    104: "temporary",  # IANA temporary registration (draft-ietf-httpbis-resumable-upload)
    305: "deprecated",  # RFC 9110 §15.4.6
    306: "unused",  # RFC 9110 §15.4.7
    418: "unused",  # RFC 9110 §15.5.19
    510: "obsoleted",  # IANA: RFC 2774 moved to Historic
}

# Unofficial codes and who emits them (the origin's own documentation).
NON_STANDARD = {
    444: "nginx",
    494: "nginx",
    495: "nginx",
    496: "nginx",
    497: "nginx",
    499: "nginx",
    520: "Cloudflare",
    521: "Cloudflare",
    522: "Cloudflare",
    523: "Cloudflare",
    524: "Cloudflare",
    525: "Cloudflare",
    526: "Cloudflare",
    530: "Cloudflare",
    460: "AWS",
    463: "AWS",
    464: "AWS",
    561: "AWS",
    440: "Microsoft",
    449: "Microsoft",  # Exchange/OWA on IIS; [MS-WDV] for 449
}


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return {code.code: code for code in StatusCode.objects.all()}


def test_every_registered_code_is_shipped(shipped):
    missing = sorted(set(REGISTRY) - set(shipped))
    assert missing == []


@pytest.mark.parametrize("number", sorted(REGISTRY))
def test_registered_code_reason_and_citation(shipped, number):
    reason, document, section = REGISTRY[number]
    code = shipped[number]
    assert code.reason == reason
    assert code.spec_document == document
    assert code.spec_section == section
    assert code.spec_url.startswith("https://")


@pytest.mark.parametrize("number", sorted(REGISTRY) + sorted(NON_STANDARD))
def test_structured_facts_agree_with_the_specs(shipped, number):
    if number not in shipped:
        pytest.fail(f"{number} is not shipped")
    code = shipped[number]
    assert code.heuristically_cacheable == (number in HEURISTICALLY_CACHEABLE), "RFC 9110 §15.1"
    assert code.body_allowed == (number not in NO_BODY), "RFC 9110 §6.4.1, §15.3.6"
    assert code.redirect_as_json() == REDIRECTS.get(number), "RFC 9110 §15.4"
    assert REQUIRED_HEADERS.get(number, set()) <= set(code.headers)
    expected_standing = "non-standard" if number in NON_STANDARD else STANDING.get(number, "standard")
    assert code.standing == expected_standing


@pytest.mark.parametrize("number", sorted(NON_STANDARD))
def test_unofficial_codes_name_their_origin(shipped, number):
    assert NON_STANDARD[number].lower() in shipped[number].origin.lower()


def test_deprecated_unused_and_obsoleted_pages_say_what_to_use_instead(shipped):
    for number, standing in STANDING.items():
        if standing == "temporary":
            continue
        text = shipped[number].when_to_use
        replacements = {int(c) for c in re.findall(r"\[\[([1-5][0-9]{2})\]\]", text)} - {number}
        assert replacements, f"{number} ({standing}) does not link a code to use instead"


def test_every_code_has_a_full_guide_and_faq(shipped):
    for code in shipped.values():
        for name in (
            "definition",
            "plain_summary",
            "when_to_use",
            "client_behaviour",
            "caching",
            "seo_impact",
            "api_impact",
            "retry",
            "scenarios",
        ):
            assert len(getattr(code, name)) > 80, f"{code.code}: {name} is too thin"
        assert 2 <= code.faq.count() <= 6, f"{code.code}: FAQ has {code.faq.count()} entries"


CACHEABLE_PHRASE = re.compile(r"heuristically cacheable|cacheable by default")
NEGATION_BEFORE = re.compile(r"\b(not|isn't|aren't|never|no|neither)\b")
CODE_NUMBER = re.compile(r"\b[1-5][0-9]{2}\b")


def default_cacheability_sentences(code):
    """(claims, denials): sentences of the caching text that call the code cacheable by default, or not.

    For claims, sentences that name another status code are left out: they may be about that code.
    """
    claims, denials = [], []
    for sentence in re.split(r"(?<=[.;])\s+", code.caching.lower()):
        match = CACHEABLE_PHRASE.search(sentence)
        if not match:
            continue
        if NEGATION_BEFORE.search(sentence[: match.start()]):
            denials.append(sentence)
        else:
            claims.append((sentence, bool(set(CODE_NUMBER.findall(sentence)) - {str(code.code)})))
    return claims, denials


def test_caching_prose_agrees_with_the_facts_panel(shipped):
    """A page whose caching text says something else than its facts panel is a bug."""
    wrong = []
    for code in shipped.values():
        claims, denials = default_cacheability_sentences(code)
        if code.heuristically_cacheable:
            if not claims:
                wrong.append(f"{code.code}: caching text does not say it is cacheable by default")
            if denials:
                wrong.append(f"{code.code}: caching text denies default cacheability: {denials}")
        else:
            own_claims = [sentence for sentence, names_other_code in claims if not names_other_code]
            if own_claims:
                wrong.append(f"{code.code}: caching text claims default cacheability: {own_claims}")
    assert wrong == []
