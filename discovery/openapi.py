"""The OpenAPI 3.1 description of the JSON API (the public contract: add fields, never rename)."""

STANDINGS = ["standard", "deprecated", "unused", "obsoleted", "temporary", "non-standard"]

ERROR = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
}

STATUS_CODE = {
    "type": "object",
    "required": [
        "code",
        "reason",
        "class",
        "url",
        "standing",
        "origin",
        "spec",
        "summary",
        "heuristically_cacheable",
        "redirect",
        "body_allowed",
        "headers",
        "comparisons",
    ],
    "properties": {
        "code": {"type": "integer", "minimum": 100, "maximum": 599},
        "reason": {"type": "string"},
        "former_reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Reason phrases of earlier specifications, newest first.",
        },
        "class": {"type": "string", "enum": ["1xx", "2xx", "3xx", "4xx", "5xx"]},
        "url": {"type": "string", "description": "Path of the code's page on this site."},
        "standing": {"type": "string", "enum": STANDINGS},
        "origin": {"type": ["string", "null"], "description": "Who emits a non-standard code."},
        "spec": {
            "type": "object",
            "required": ["document", "section", "url"],
            "properties": {
                "document": {"type": "string"},
                "section": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
        },
        "summary": {"type": "string"},
        "heuristically_cacheable": {
            "type": "boolean",
            "description": "Cacheable without explicit freshness (RFC 9110 §15.1).",
        },
        "redirect": {
            "type": ["object", "null"],
            "required": ["permanent", "method"],
            "properties": {
                "permanent": {"type": "boolean"},
                "method": {"type": "string", "enum": ["may-change-to-get", "changes-to-get", "preserved"]},
            },
        },
        "body_allowed": {"type": "boolean"},
        "headers": {"type": "array", "items": {"type": "string"}},
        "comparisons": {"type": "array", "items": {"type": "string"}},
    },
}

COMPARISON = {
    "type": "object",
    "required": ["slug", "url", "title", "gist", "codes"],
    "properties": {
        "slug": {"type": "string", "pattern": "^[1-5][0-9]{2}-vs-[1-5][0-9]{2}$"},
        "url": {"type": "string"},
        "title": {"type": "string"},
        "gist": {"type": "string"},
        "codes": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        "sections": {"type": "object", "additionalProperties": {"type": "string"}},
        "aspects": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "faq": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["question", "answer_html"],
                "properties": {"question": {"type": "string"}, "answer_html": {"type": "string"}},
            },
        },
    },
}

ERROR_GUIDE = {
    "type": "object",
    "required": ["slug", "url", "name", "category", "summary", "codes"],
    "properties": {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "url": {"type": "string", "description": "Path of the guide's page on this site."},
        "name": {"type": "string", "description": "The error as the user sees it, e.g. ERR_TOO_MANY_REDIRECTS."},
        "category": {"type": "string", "enum": ["network", "tls", "dns", "policy", "client"]},
        "summary": {"type": "string"},
        "codes": {"type": "array", "items": {"type": "integer"}, "description": "Status codes involved, if any."},
        "sections": {
            "type": "object",
            "required": ["wire", "status_codes", "diagnose", "fix"],
            "additionalProperties": {"type": "string"},
            "description": "Sanitized HTML of each section.",
        },
        "faq": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["question", "answer_html"],
                "properties": {"question": {"type": "string"}, "answer_html": {"type": "string"}},
            },
        },
    },
}

HTML = {
    "type": "string",
    "description": "Sanitized HTML rendered from the author's Markdown; safe to insert as HTML. A citation of a "
    'measured client outcome is `<data class="obs" value="KEY">KEY</data>`: the outcome is the observation with '
    "that `key` in /api/clients/.",
}

WIZARD_ANSWER_FIELDS = {
    "key": {"type": "string", "description": "Stable; the value of one `a` parameter in a wizard URL."},
    "label": {"type": "string", "description": "Plain text."},
    "rule": {"type": "string", "description": "Outcomes only: the decision rule in one sentence (plain text)."},
    "tradeoff_html": {**HTML, "description": "Outcomes only: the trade-offs, with citations. " + HTML["description"]},
    "compare": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Outcomes only: slugs of published comparisons to read.",
    },
}

WIZARD = {
    "type": "object",
    "description": "The published decision tree, in the shape of wizard/content/tree.yaml. Answers that lead to draft "
    "codes are left out. Markdown fields are given only as sanitized HTML (`*_html`).",
    "required": ["start", "questions"],
    "properties": {
        "start": {"type": "string", "description": "Key of the first question."},
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "text", "url", "help_html", "unsure_html", "answers"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string"},
                    "text": {"type": "string", "description": "Plain text."},
                    "url": {
                        "type": "string",
                        "description": "Path of the wizard step that asks it (the shortest path).",
                    },
                    "help_html": HTML,
                    "unsure_html": {
                        **HTML,
                        "description": 'Shown for the answer "I\'m not sure"; empty when the question offers none.',
                    },
                    "answers": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "label"],
                            "additionalProperties": False,
                            "properties": {
                                **WIZARD_ANSWER_FIELDS,
                                "next": {"type": "string", "description": "Key of the next question (or `outcome`)."},
                                "outcome": {
                                    "type": "integer",
                                    "description": "The status code this answer leads to (or `next`).",
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}

WIZARD_GRAPH = {
    "type": "object",
    "description": "The published decision tree as a directed acyclic graph, for drawing or reusing it: one node per "
    "question and per status code, one edge per answer. A question reached by several answers has several incoming edges.",
    "required": ["start", "nodes", "edges"],
    "properties": {
        "start": {"type": "string", "description": "Id of the first question's node."},
        "nodes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "type", "url"],
                "properties": {
                    "id": {"type": "string", "pattern": "^(question:[a-z0-9-]+|code:[1-5][0-9]{2})$"},
                    "type": {"type": "string", "enum": ["question", "code"]},
                    "url": {"type": "string", "description": "A question's wizard step, or a code's page."},
                    "key": {"type": "string", "description": "Questions only."},
                    "text": {"type": "string", "description": "Questions only, plain text."},
                    "help_html": HTML,
                    "unsure_html": HTML,
                    "code": {"type": "integer", "description": "Codes only."},
                    "reason": {"type": "string", "description": "Codes only: the reason phrase."},
                },
            },
        },
        "edges": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["from", "to", "key", "label"],
                "additionalProperties": False,
                "properties": {
                    "from": {"type": "string", "description": "Id of the question node."},
                    "to": {"type": "string", "description": "Id of the next question's node or of the code's node."},
                    **WIZARD_ANSWER_FIELDS,
                },
            },
        },
    },
}


SEARCH_HIT = {
    "type": "object",
    "required": ["type", "url", "title", "section", "snippet_html"],
    "properties": {
        "type": {"type": "string", "enum": ["code", "comparison", "error"]},
        "url": {"type": "string", "description": "The page, with the anchor of the section that matched best."},
        "title": {"type": "string"},
        "section": {"type": "string", "description": "The heading or FAQ question the snippet comes from."},
        "snippet_html": {
            "type": "string",
            "description": "Escaped text; matched words in <mark> elements, nothing else.",
        },
        "code": {"type": "integer"},
        "slug": {"type": "string", "description": "A comparison's or an error guide's slug."},
    },
}

SEARCH_RESULTS = {
    "type": "object",
    "required": ["query", "redirect", "corrections", "codes", "comparisons", "errors"],
    "properties": {
        "query": {"type": "string"},
        "redirect": {
            "type": ["string", "null"],
            "description": "Where the search page sends this query (an exact code, a pair or an error's exact name).",
        },
        "corrections": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Misspelt words and the indexed words searched for instead.",
        },
        "codes": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
        "comparisons": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
        "errors": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/SearchHit"},
            "description": "Guides to errors without a status code (ERR_*, TLS, curl).",
        },
    },
}


def json_response(schema_ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


NOT_FOUND = json_response("#/components/schemas/Error", "No such item.")
BAD_REQUEST = json_response("#/components/schemas/Error", "A filter value is not allowed.")
CONDITIONAL = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag from an earlier response; a match answers 304 without a body.",
}
PAIR = {
    "name": "pair",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[1-5][0-9]{2}-vs-[1-5][0-9]{2}$"},
}


FINDING = {
    "type": "object",
    "required": ["level", "field", "message", "spec"],
    "properties": {
        "level": {"type": "string", "enum": ["error", "warning", "info"]},
        "field": {"type": ["string", "null"], "description": "The header field concerned, if one is."},
        "message": {"type": "string"},
        "spec": {"type": "string", "format": "uri", "description": "The section the rule comes from."},
        "spec_label": {"type": "string"},
    },
}
CACHE_NOTE = {
    "type": "object",
    "required": ["message", "spec"],
    "properties": {
        "message": {"type": "string"},
        "spec": {"type": "string", "format": "uri"},
        "spec_label": {"type": "string"},
    },
}
CACHE_VERDICT = {
    "type": "object",
    "required": ["storable", "freshness_lifetime", "heuristic", "age", "fresh"],
    "properties": {
        "storable": {"type": "boolean", "description": "RFC 9111 §3."},
        "freshness_lifetime": {
            "type": ["integer", "null"],
            "description": "Seconds (RFC 9111 §4.2.1, §4.2.2); null when none can be computed.",
        },
        "freshness_source": {"type": ["string", "null"]},
        "heuristic": {"type": "boolean"},
        "age": {"type": "integer", "minimum": 0, "description": "Current age in seconds (RFC 9111 §4.2.3)."},
        "fresh": {"type": "boolean"},
        "reuse_without_validation": {"type": "boolean"},
        "reasons": {"type": "array", "items": CACHE_NOTE},
        "reuse": {"type": "array", "items": CACHE_NOTE},
    },
}
INSPECTION = {
    "type": "object",
    "required": ["status", "reason", "problems", "cache"],
    "properties": {
        "status": {"type": "integer"},
        "reason": {"type": "string"},
        "http_version": {"type": ["string", "null"]},
        "input_format": {"type": "string"},
        "method": {"type": "string"},
        "now": {"type": "string", "description": "The HTTP-date the age and freshness were computed at."},
        "code": {
            "type": ["object", "null"],
            "description": "This site's facts about the status code, if it has a page.",
        },
        "headers": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "value"],
                "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "security": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "cache": {
            "type": "object",
            "required": ["shared", "private"],
            "properties": {"shared": CACHE_VERDICT, "private": CACHE_VERDICT},
        },
        "redirect": {
            "type": ["object", "null"],
            "properties": {
                "location": {"type": ["string", "null"]},
                "outcomes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["client", "request_method", "follow_up"],
                        "properties": {
                            "client": {"type": "string"},
                            "request_method": {"type": "string"},
                            "follow_up": {"type": "string"},
                            "body": {"type": "string"},
                            "source": {"type": "string"},
                            "source_label": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}
LOG_SUMMARY = {
    "type": "object",
    "required": ["format", "lines", "parsed", "codes", "classes", "findings"],
    "properties": {
        "format": {"type": "string", "enum": ["combined", "alb", "cloudflare"]},
        "lines": {"type": "integer"},
        "parsed": {"type": "integer"},
        "skipped_lines": {"type": "array", "items": {"type": "integer"}},
        "codes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "count", "share", "top_paths"],
                "properties": {
                    "code": {"type": "integer"},
                    "count": {"type": "integer"},
                    "share": {"type": "number"},
                    "top_paths": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["path", "count"],
                            "properties": {"path": {"type": "string"}, "count": {"type": "integer"}},
                        },
                    },
                },
            },
        },
        "classes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["class", "count", "share"],
                "properties": {"class": {"type": "string"}, "count": {"type": "integer"}, "share": {"type": "number"}},
            },
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["level", "title", "message", "links"],
                "properties": {
                    "level": {"type": "string", "enum": ["error", "warning", "info"]},
                    "title": {"type": "string"},
                    "message": {"type": "string"},
                    "links": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
INSPECT_ERRORS = {
    "400": json_response(
        "#/components/schemas/Error",
        "The text could not be read; the message says why. A HAR with several entries also lists them as entries.",
    ),
    "413": json_response(
        "#/components/schemas/Error", "More than 256 KB of response text, or more than 1 MB or 5,000 lines of log."
    ),
    "415": json_response("#/components/schemas/Error", "Neither text/plain nor a form."),
    "429": {
        "description": "Too many requests from this address; Retry-After says when to come back.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}


NULLABLE_BOOLEAN = {"type": ["boolean", "null"]}
OBSERVATION = {
    "type": "object",
    "description": "What one client did in one scenario, measured by manage.py measure_clients; null where it does not apply.",
    "required": [
        "key",
        "client",
        "version",
        "scenario",
        "code",
        "method",
        "followed",
        "method_after",
        "body_kept",
        "authorization_kept_cross_origin",
        "measured_on",
    ],
    "properties": {
        "key": {"type": "string", "description": "client/scenario/code/method, the name content cites."},
        "client": {"type": "string"},
        "version": {"type": "string", "description": "The exact version measured."},
        "scenario": {"type": "string"},
        "code": {"type": "integer", "minimum": 100, "maximum": 599},
        "method": {"type": "string", "description": "The method of the first request."},
        "followed": NULLABLE_BOOLEAN,
        "method_after": {"type": ["string", "null"], "description": "The method that arrived at the Location."},
        "body_kept": NULLABLE_BOOLEAN,
        "content_type_kept": NULLABLE_BOOLEAN,
        "authorization_kept_same_origin": NULLABLE_BOOLEAN,
        "authorization_kept_cross_origin": NULLABLE_BOOLEAN,
        "cookie_kept_cross_origin": NULLABLE_BOOLEAN,
        "hops": {"type": ["integer", "null"], "description": "Redirects followed before giving up."},
        "retried": NULLABLE_BOOLEAN,
        "waited_seconds": {"type": ["integer", "null"]},
        "notes": {"type": "string"},
        "measured_on": {"type": "string", "format": "date"},
    },
}


def text_body(field, description, options):
    return {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}, "example": description},
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "required": [field], "properties": {field: {"type": "string"}, **options}}
            },
        },
    }


def openapi_document(server_url):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Status Codes Reference API",
            "version": "1.0.0",
            "description": "Every HTTP status code with its facts (RFC 9110, RFC 9111, IANA) and the curated comparisons. "
            "Read-only; CORS is open for GET; every response has an ETag for conditional GET.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/codes/": {
                "get": {
                    "summary": "All published status codes",
                    "operationId": "listCodes",
                    "parameters": [
                        {
                            "name": "class",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["1xx", "2xx", "3xx", "4xx", "5xx"]},
                        },
                        {
                            "name": "standing",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": STANDINGS},
                        },
                        CONDITIONAL,
                    ],
                    "responses": {
                        "200": {
                            "description": "The codes.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["count", "codes"],
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "codes": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/StatusCode"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "304": {"description": "Not modified since the ETag given."},
                        "400": BAD_REQUEST,
                    },
                }
            },
            "/api/codes/{code}/": {
                "get": {
                    "summary": "One status code",
                    "operationId": "getCode",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 100, "maximum": 599},
                        },
                        CONDITIONAL,
                    ],
                    "responses": {
                        "200": json_response("#/components/schemas/StatusCode", "The code."),
                        "304": {"description": "Not modified."},
                        "404": NOT_FOUND,
                    },
                }
            },
            "/api/comparisons/": {
                "get": {
                    "summary": "All published comparisons",
                    "operationId": "listComparisons",
                    "parameters": [CONDITIONAL],
                    "responses": {
                        "200": {
                            "description": "The comparisons.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["count", "comparisons"],
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "comparisons": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Comparison"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "304": {"description": "Not modified."},
                    },
                }
            },
            "/api/comparisons/{pair}/": {
                "get": {
                    "summary": "One comparison, with its sections, aspect table and FAQ",
                    "operationId": "getComparison",
                    "parameters": [PAIR, CONDITIONAL],
                    "responses": {
                        "200": json_response("#/components/schemas/Comparison", "The comparison."),
                        "301": {"description": "The pair in reverse order: Location names the canonical URL."},
                        "304": {"description": "Not modified."},
                        "404": NOT_FOUND,
                    },
                }
            },
            "/api/search/": {
                "get": {
                    "summary": "Full-text search over codes, comparisons and error guides, best first, with snippets",
                    "operationId": "search",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 100},
                            "description": "A number, reason phrase, log message, exception name or question.",
                        },
                        CONDITIONAL,
                    ],
                    "responses": {
                        "200": json_response(
                            "#/components/schemas/SearchResults",
                            "The results: codes, comparisons and error guides ranked separately.",
                        ),
                        "304": {"description": "Not modified."},
                        "400": json_response("#/components/schemas/Error", "The query is longer than 100 characters."),
                    },
                }
            },
            "/api/errors/": {
                "get": {
                    "summary": "All published guides to errors without a status code",
                    "operationId": "listErrorGuides",
                    "parameters": [CONDITIONAL],
                    "responses": {
                        "200": {
                            "description": "The guides.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["count", "errors"],
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "errors": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/ErrorGuide"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "304": {"description": "Not modified."},
                    },
                }
            },
            "/api/errors/{slug}/": {
                "get": {
                    "summary": "One error guide, with its sections and FAQ",
                    "operationId": "getErrorGuide",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,80}$"},
                            "description": "The slug; another spelling (ERR_CACHE_MISS) answers 301 to it.",
                        },
                        CONDITIONAL,
                    ],
                    "responses": {
                        "200": json_response("#/components/schemas/ErrorGuide", "The guide."),
                        "301": {"description": "Not the canonical slug: Location names the canonical URL."},
                        "304": {"description": "Not modified."},
                        "404": NOT_FOUND,
                    },
                }
            },
            "/api/wizard/": {
                "get": {
                    "summary": "The decision wizard's tree",
                    "operationId": "getWizard",
                    "parameters": [CONDITIONAL],
                    "responses": {
                        "200": json_response("#/components/schemas/Wizard", "The tree."),
                        "304": {"description": "Not modified."},
                    },
                }
            },
            "/api/inspect/": {
                "post": {
                    "summary": "Explain a raw response (curl -i or -v, DevTools headers, HAR) against RFC 9110 and RFC 9111",
                    "operationId": "inspectResponse",
                    "description": "Nothing sent is stored, logged or fetched. Options go in the query string with text/plain, or as form fields.",
                    "parameters": [
                        {
                            "name": "method",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "default": "GET"},
                        },
                        {
                            "name": "now",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": "An HTTP-date; default: the response's Date, else the time of the request.",
                        },
                        {
                            "name": "entry",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 0},
                            "description": "Which entry of a HAR file.",
                        },
                    ],
                    "requestBody": text_body(
                        "response",
                        "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n\r\n",
                        {
                            "method": {"type": "string"},
                            "now": {"type": "string"},
                            "entry": {"type": "string", "pattern": "^[0-9]{1,5}$"},
                        },
                    ),
                    "responses": {
                        "200": json_response("#/components/schemas/Inspection", "The report."),
                        **INSPECT_ERRORS,
                    },
                }
            },
            "/api/inspect/logs/": {
                "post": {
                    "summary": "Explain up to 5,000 lines of nginx/Apache combined, AWS ALB or Cloudflare JSON access log",
                    "operationId": "explainLog",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["combined", "alb", "cloudflare"]},
                            "description": "Default: detected from the lines.",
                        }
                    ],
                    "requestBody": text_body(
                        "log",
                        '127.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8.5"',
                        {"format": {"type": "string", "enum": ["combined", "alb", "cloudflare"]}},
                    ),
                    "responses": {
                        "200": json_response("#/components/schemas/LogSummary", "Counts, top paths and findings."),
                        **INSPECT_ERRORS,
                    },
                }
            },
            "/api/clients/": {
                "get": {
                    "summary": "Measured client behaviour: what curl, browsers and HTTP libraries did with each code",
                    "operationId": "listClientObservations",
                    "parameters": [CONDITIONAL],
                    "responses": {
                        "200": {
                            "description": "The observations.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["count", "observations"],
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "observations": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Observation"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "304": {"description": "Not modified."},
                    },
                }
            },
            "/api/wizard/graph/": {
                "get": {
                    "summary": "The decision wizard's tree as nodes and edges (the data behind /wizard/diagram/)",
                    "operationId": "getWizardGraph",
                    "parameters": [CONDITIONAL],
                    "responses": {
                        "200": json_response("#/components/schemas/WizardGraph", "The graph."),
                        "304": {"description": "Not modified."},
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "StatusCode": STATUS_CODE,
                "Comparison": COMPARISON,
                "Wizard": WIZARD,
                "WizardGraph": WIZARD_GRAPH,
                "Error": ERROR,
                "Finding": FINDING,
                "Inspection": INSPECTION,
                "LogSummary": LOG_SUMMARY,
                "SearchHit": SEARCH_HIT,
                "SearchResults": SEARCH_RESULTS,
                "ErrorGuide": ERROR_GUIDE,
                "Observation": OBSERVATION,
            }
        },
    }
