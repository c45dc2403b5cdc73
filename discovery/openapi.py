"""The OpenAPI 3.1 description of the JSON API (the public contract: add fields, never rename)."""

STANDINGS = ["standard", "deprecated", "unused", "obsoleted", "temporary", "non-standard"]

ERROR = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
}

STATUS_CODE = {
    "type": "object",
    "required": ["code", "reason", "class", "url", "standing", "origin", "spec", "summary",
                 "heuristically_cacheable", "redirect", "body_allowed", "headers", "comparisons"],
    "properties": {
        "code": {"type": "integer", "minimum": 100, "maximum": 599},
        "reason": {"type": "string"},
        "class": {"type": "string", "enum": ["1xx", "2xx", "3xx", "4xx", "5xx"]},
        "url": {"type": "string", "description": "Path of the code's page on this site."},
        "standing": {"type": "string", "enum": STANDINGS},
        "origin": {"type": ["string", "null"], "description": "Who emits a non-standard code."},
        "spec": {
            "type": "object",
            "required": ["document", "section", "url"],
            "properties": {"document": {"type": "string"}, "section": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
        },
        "summary": {"type": "string"},
        "heuristically_cacheable": {"type": "boolean", "description": "Cacheable without explicit freshness (RFC 9110 §15.1)."},
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
        "aspects": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}},
        "faq": {
            "type": "array",
            "items": {"type": "object", "required": ["question", "answer_html"],
                      "properties": {"question": {"type": "string"}, "answer_html": {"type": "string"}}},
        },
    },
}

WIZARD = {
    "type": "object",
    "required": ["start", "questions"],
    "properties": {
        "start": {"type": "string"},
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "text", "answers"],
                "properties": {
                    "key": {"type": "string"},
                    "text": {"type": "string"},
                    "answers": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "label"],
                            "properties": {
                                "key": {"type": "string"}, "label": {"type": "string"},
                                "next": {"type": "string"}, "outcome": {"type": "integer"}, "rule": {"type": "string"},
                                "compare": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
}


SEARCH_HIT = {
    "type": "object",
    "required": ["type", "url", "title", "section", "snippet_html"],
    "properties": {
        "type": {"type": "string", "enum": ["code", "comparison"]},
        "url": {"type": "string", "description": "The page, with the anchor of the section that matched best."},
        "title": {"type": "string"},
        "section": {"type": "string", "description": "The heading or FAQ question the snippet comes from."},
        "snippet_html": {"type": "string", "description": "Escaped text; matched words in <mark> elements, nothing else."},
        "code": {"type": "integer"},
        "slug": {"type": "string"},
    },
}

SEARCH_RESULTS = {
    "type": "object",
    "required": ["query", "redirect", "corrections", "codes", "comparisons"],
    "properties": {
        "query": {"type": "string"},
        "redirect": {"type": ["string", "null"], "description": "Where the search page sends this query (an exact code or a pair)."},
        "corrections": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        "description": "Misspelt words and the indexed words searched for instead."},
        "codes": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
        "comparisons": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
    },
}


def json_response(schema_ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


NOT_FOUND = json_response("#/components/schemas/Error", "No such item.")
BAD_REQUEST = json_response("#/components/schemas/Error", "A filter value is not allowed.")
CONDITIONAL = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
               "description": "An ETag from an earlier response; a match answers 304 without a body."}
PAIR = {"name": "pair", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[1-5][0-9]{2}-vs-[1-5][0-9]{2}$"}}


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
            "/api/codes/": {"get": {
                "summary": "All published status codes",
                "operationId": "listCodes",
                "parameters": [
                    {"name": "class", "in": "query", "required": False, "schema": {"type": "string", "enum": ["1xx", "2xx", "3xx", "4xx", "5xx"]}},
                    {"name": "standing", "in": "query", "required": False, "schema": {"type": "string", "enum": STANDINGS}},
                    CONDITIONAL,
                ],
                "responses": {
                    "200": {"description": "The codes.", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["count", "codes"],
                        "properties": {"count": {"type": "integer"}, "codes": {"type": "array", "items": {"$ref": "#/components/schemas/StatusCode"}}},
                    }}}},
                    "304": {"description": "Not modified since the ETag given."},
                    "400": BAD_REQUEST,
                },
            }},
            "/api/codes/{code}/": {"get": {
                "summary": "One status code",
                "operationId": "getCode",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 100, "maximum": 599}}, CONDITIONAL],
                "responses": {"200": json_response("#/components/schemas/StatusCode", "The code."), "304": {"description": "Not modified."}, "404": NOT_FOUND},
            }},
            "/api/comparisons/": {"get": {
                "summary": "All published comparisons",
                "operationId": "listComparisons",
                "parameters": [CONDITIONAL],
                "responses": {"200": {"description": "The comparisons.", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["count", "comparisons"],
                    "properties": {"count": {"type": "integer"}, "comparisons": {"type": "array", "items": {"$ref": "#/components/schemas/Comparison"}}},
                }}}}, "304": {"description": "Not modified."}},
            }},
            "/api/comparisons/{pair}/": {"get": {
                "summary": "One comparison, with its sections, aspect table and FAQ",
                "operationId": "getComparison",
                "parameters": [PAIR, CONDITIONAL],
                "responses": {
                    "200": json_response("#/components/schemas/Comparison", "The comparison."),
                    "301": {"description": "The pair in reverse order: Location names the canonical URL."},
                    "304": {"description": "Not modified."},
                    "404": NOT_FOUND,
                },
            }},
            "/api/search/": {"get": {
                "summary": "Full-text search over codes and comparisons, best first, with snippets",
                "operationId": "search",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 100},
                     "description": "A number, reason phrase, log message, exception name or question."},
                    CONDITIONAL,
                ],
                "responses": {
                    "200": json_response("#/components/schemas/SearchResults", "The results, codes and comparisons ranked separately."),
                    "304": {"description": "Not modified."},
                    "400": json_response("#/components/schemas/Error", "The query is longer than 100 characters."),
                },
            }},
            "/api/wizard/": {"get": {
                "summary": "The decision wizard's tree",
                "operationId": "getWizard",
                "parameters": [CONDITIONAL],
                "responses": {"200": json_response("#/components/schemas/Wizard", "The tree."), "304": {"description": "Not modified."}},
            }},
        },
        "components": {"schemas": {"StatusCode": STATUS_CODE, "Comparison": COMPARISON, "Wizard": WIZARD, "Error": ERROR,
                                  "SearchHit": SEARCH_HIT, "SearchResults": SEARCH_RESULTS}},
    }
