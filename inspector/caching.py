"""RFC 9111 applied to one response, once as a shared cache and once as a private cache sees it.

The inspector sees a response, not the exchange, so it assumes the response arrived when its
Date says (or at the HAR entry's start time, or at `now` when neither is known) with no
network delay: request_time = response_time. RFC 9111 §4.2.3's age calculation then reduces to
the Age field plus the time since that moment.
"""

from dataclasses import dataclass, field

from .fields import MAX_DELTA, CacheControl, delta_seconds, http_date
from .findings import rfc

STORABLE_METHODS = {"GET", "HEAD"}
HEURISTIC_FRACTION = 0.1  # RFC 9111 §4.2.2: "a typical setting of this fraction might be 10%"


@dataclass
class Note:
    message: str
    spec: object

    def as_json(self):
        return {"message": self.message, "spec": self.spec.url, "spec_label": self.spec.label}


@dataclass
class CacheVerdict:
    shared: bool
    storable: bool = False
    freshness_lifetime: int | None = None
    freshness_source: str | None = None
    heuristic: bool = False
    age: int = 0
    fresh: bool = False
    reuse_without_validation: bool = False
    reasons: list = field(default_factory=list)  # why it is (not) storable, how long it is fresh
    reuse: list = field(default_factory=list)  # what must happen when a stored copy is reused

    @property
    def label(self):
        return "Shared cache (CDN, proxy)" if self.shared else "Private cache (browser)"

    def as_json(self):
        return {
            "storable": self.storable,
            "freshness_lifetime": self.freshness_lifetime,
            "freshness_source": self.freshness_source,
            "heuristic": self.heuristic,
            "age": self.age,
            "fresh": self.fresh,
            "reuse_without_validation": self.reuse_without_validation,
            "reasons": [note.as_json() for note in self.reasons],
            "reuse": [note.as_json() for note in self.reuse],
        }


class CacheAnalysis:
    """The facts of one response that RFC 9111 reads, computed once for both kinds of cache."""

    def __init__(self, response, method, now, heuristically_cacheable, understood):
        self.response = response
        self.method = method
        self.now = now
        self.heuristically_cacheable = heuristically_cacheable
        self.understood = understood  # the status code is one a cache knows (registered)
        self.cache_control = CacheControl(response.values("Cache-Control"))
        self.date = first_date(response, "Date")
        self.received = self.date or response.received_at or now
        self.age_value = delta_seconds((response.first("Age") or "").strip())

    def verdicts(self):
        return {"shared": self.verdict(shared=True), "private": self.verdict(shared=False)}

    def verdict(self, shared):
        verdict = CacheVerdict(shared=shared)
        verdict.age = self.current_age()
        verdict.storable = self.storable(verdict)
        if verdict.storable:
            self.freshness(verdict)
            verdict.fresh = verdict.freshness_lifetime is not None and verdict.freshness_lifetime > verdict.age
            self.reuse_rules(verdict)
        return verdict

    # §3 --------------------------------------------------------------------------------------
    def storable(self, verdict):
        cc, shared, status, reasons = self.cache_control, verdict.shared, self.response.status, verdict.reasons
        if self.method == "POST":
            if not (self.explicit_freshness(shared) and self.response.has("Content-Location")):
                reasons.append(
                    Note(
                        "A POST response is reusable only with explicit freshness and a Content-Location "
                        "naming the request's target; this one lacks one or both.",
                        rfc(9110, "9.3.3"),
                    )
                )
                return False
        elif self.method not in STORABLE_METHODS:
            reasons.append(
                Note(
                    f"Responses to {self.method} are not cacheable; only GET, HEAD and (rarely) POST are.",
                    rfc(9110, "9.2.3"),
                )
            )
            return False
        if status < 200:
            reasons.append(Note(f"{status} is an interim response; caches store only final responses.", rfc(9111, "3")))
            return False
        if status == 304:
            reasons.append(
                Note("A 304 is not stored itself: it freshens the stored response it validates.", rfc(9111, "4.3.4"))
            )
            return False
        if "must-understand" in cc and not self.understood:
            reasons.append(
                Note(
                    f"must-understand forbids storing a response whose status code ({status}) the cache does not know.",
                    rfc(9111, "5.2.2.3"),
                )
            )
            return False
        if "no-store" in cc:
            if "must-understand" in cc:
                reasons.append(
                    Note(
                        "must-understand overrides no-store for a cache that knows this status code.",
                        rfc(9111, "5.2.2.3"),
                    )
                )
            else:
                reasons.append(Note("no-store: no cache may store any part of it.", rfc(9111, "5.2.2.5")))
                return False
        if "private" in cc:
            if shared and not cc.field_names("private"):
                reasons.append(Note("private: only the user's own (private) cache may store it.", rfc(9111, "5.2.2.7")))
                return False
            if shared:
                names = ", ".join(cc.field_names("private"))
                reasons.append(
                    Note(
                        f"private={names}: a shared cache may store the response without {names}.", rfc(9111, "5.2.2.7")
                    )
                )
        if (
            shared
            and self.response.request_has("Authorization")
            and not ({"must-revalidate", "public", "s-maxage"} & {name for name, _ in cc.directives})
        ):
            reasons.append(
                Note(
                    "The request carried Authorization, and no must-revalidate, public or s-maxage "
                    "allows a shared cache to store the answer.",
                    rfc(9111, "3.5"),
                )
            )
            return False
        if status == 206:
            reasons.append(
                Note(
                    "206 holds part of a representation: only a cache that implements range requests "
                    "stores it, and combines parts.",
                    rfc(9111, "3.3"),
                )
            )
        if "public" in cc:
            reasons.append(Note("public marks it storable.", rfc(9111, "5.2.2.9")))
        elif "private" in cc and not shared:
            reasons.append(Note("private marks it storable by a private cache.", rfc(9111, "5.2.2.7")))
        elif self.explicit_freshness(shared):
            reasons.append(
                Note("Its explicit freshness (max-age, s-maxage or Expires) makes it storable.", rfc(9111, "3"))
            )
        elif self.heuristically_cacheable:
            reasons.append(
                Note(f"{status} is heuristically cacheable: storable without explicit freshness.", rfc(9110, "15.1"))
            )
        else:
            reasons.append(
                Note(
                    f"No Cache-Control or Expires allows it, and {status} is not heuristically cacheable, "
                    "so no cache may store it.",
                    rfc(9111, "3"),
                )
            )
            return False
        return True

    def explicit_freshness(self, shared):
        cc = self.cache_control
        return "max-age" in cc or (shared and "s-maxage" in cc) or self.response.has("Expires")

    # §4.2.1 and §4.2.2 -------------------------------------------------------------------------
    def freshness(self, verdict):
        cc, reasons = self.cache_control, verdict.reasons
        for name, applies in (("s-maxage", verdict.shared), ("max-age", True)):
            if not applies or name not in cc:
                continue
            arguments = cc.arguments(name)
            seconds = delta_seconds((arguments[0] or "").strip('"'))
            if len(arguments) > 1:
                reasons.append(Note(f"{name} appears {len(arguments)} times; the first is used.", rfc(9111, "4.2.1")))
            if seconds is None:
                verdict.freshness_lifetime, verdict.freshness_source = 0, f"invalid {name}"
                reasons.append(
                    Note(
                        f"{name}={arguments[0]} is not a number of seconds; caches are encouraged to treat "
                        "the response as stale.",
                        rfc(9111, "4.2.1"),
                    )
                )
            else:
                verdict.freshness_lifetime, verdict.freshness_source = seconds, name
                reasons.append(Note(f"Freshness lifetime {seconds} s, from {name}.", rfc(9111, "4.2.1")))
            return
        if not verdict.shared and "s-maxage" in cc:
            reasons.append(Note("s-maxage is for shared caches; a private cache ignores it.", rfc(9111, "5.2.2.10")))
        expires = self.response.values("Expires")
        if expires:
            moment, kind = http_date(expires[0])
            if kind == "invalid":
                verdict.freshness_lifetime, verdict.freshness_source = 0, "invalid Expires"
                reasons.append(
                    Note(f"Expires: {expires[0]} is not an HTTP-date, which means already expired.", rfc(9111, "5.3"))
                )
                return
            lifetime = min(max(0, int((moment - self.received).total_seconds())), MAX_DELTA)
            base = "Date" if self.date else "the time it was received"
            verdict.freshness_lifetime, verdict.freshness_source = lifetime, f"Expires minus {base}"
            reasons.append(Note(f"Freshness lifetime {lifetime} s: Expires minus {base}.", rfc(9111, "4.2.1")))
            return
        self.heuristic_freshness(verdict)

    def heuristic_freshness(self, verdict):
        reasons, status = verdict.reasons, self.response.status
        if not (self.heuristically_cacheable or "public" in self.cache_control):
            reasons.append(
                Note(
                    f"No explicit freshness, and heuristics are only for heuristically cacheable codes "
                    f"or public responses; {status} without them is stale at once.",
                    rfc(9111, "4.2.2"),
                )
            )
            return
        verdict.heuristic = True
        last_modified = first_date(self.response, "Last-Modified")
        if last_modified is None or last_modified >= self.received:
            verdict.freshness_source = "heuristic (no usable Last-Modified)"
            reasons.append(
                Note(
                    "No explicit freshness: a cache may pick a heuristic lifetime, but without a "
                    "Last-Modified earlier than Date there is nothing to base it on, so caches differ; "
                    "it is counted as stale here.",
                    rfc(9111, "4.2.2"),
                )
            )
            return
        interval = int((self.received - last_modified).total_seconds())
        verdict.freshness_lifetime = min(int(interval * HEURISTIC_FRACTION), MAX_DELTA)
        verdict.freshness_source = "heuristic: 10% of Date minus Last-Modified"
        reasons.append(
            Note(
                f"No explicit freshness: heuristic lifetime {verdict.freshness_lifetime} s, 10% of the "
                f"{interval} s since Last-Modified. 10% is the typical choice the RFC mentions, not a rule; "
                "caches may use another.",
                rfc(9111, "4.2.2"),
            )
        )

    # §4.2.3 ------------------------------------------------------------------------------------
    def current_age(self):
        apparent_age = max(0, int((self.received - (self.date or self.received)).total_seconds()))
        corrected_initial_age = max(apparent_age, self.age_value or 0)
        resident_time = max(0, int((self.now - self.received).total_seconds()))
        return min(corrected_initial_age + resident_time, MAX_DELTA)

    # §4 and §5.2.2: what reuse requires --------------------------------------------------------
    def reuse_rules(self, verdict):
        cc, reuse, shared = self.cache_control, verdict.reuse, verdict.shared
        verdict.reuse_without_validation = verdict.fresh
        vary = [
            member.strip() for value in self.response.values("Vary") for member in value.split(",") if member.strip()
        ]
        if "*" in vary:
            verdict.reuse_without_validation = False
            reuse.append(
                Note("Vary: * never matches a later request, so every request goes to the origin.", rfc(9111, "4.1"))
            )
        elif vary:
            fields = f"{', '.join(vary)} {'value matches' if len(vary) == 1 else 'values match'}"
            reuse.append(Note(f"Reused only for requests whose {fields} the original request's.", rfc(9111, "4.1")))
        if "no-cache" in cc:
            names = cc.field_names("no-cache")
            if names:
                reuse.append(
                    Note(
                        f"no-cache={', '.join(names)}: without validation, reuse it only without those fields.",
                        rfc(9111, "5.2.2.4"),
                    )
                )
            else:
                verdict.reuse_without_validation = False
                reuse.append(
                    Note(
                        "no-cache: every reuse needs a successful validation with the origin first, fresh or not.",
                        rfc(9111, "5.2.2.4"),
                    )
                )
        strict = []
        if "must-revalidate" in cc:
            strict.append(("must-revalidate", rfc(9111, "5.2.2.2")))
        if shared and "proxy-revalidate" in cc:
            strict.append(("proxy-revalidate", rfc(9111, "5.2.2.8")))
        if shared and "s-maxage" in cc:
            strict.append(("s-maxage (which implies proxy-revalidate)", rfc(9111, "5.2.2.10")))
        for name, spec in strict:
            reuse.append(
                Note(
                    f"{name}: once stale, it must not be served without successful validation; if the "
                    "origin cannot be reached the cache answers with an error, normally 504.",
                    spec,
                )
            )
        if not shared and "proxy-revalidate" in cc:
            reuse.append(Note("proxy-revalidate binds shared caches only.", rfc(9111, "5.2.2.8")))
        if not strict:
            reuse.append(
                Note(
                    "Once stale, it is not served without validation, unless the cache is disconnected or "
                    "the client or origin allows it (max-stale, stale-while-revalidate).",
                    rfc(9111, "4.2.4"),
                )
            )
        if verdict.freshness_lifetime is not None and not verdict.fresh and "*" not in vary:
            reuse.append(
                Note(
                    f"Stale now: age {verdict.age} s is not below the lifetime of {verdict.freshness_lifetime} s.",
                    rfc(9111, "4.2"),
                )
            )


def first_date(response, name):
    value = response.first(name)
    if value is None:
        return None
    moment, _ = http_date(value)
    return moment
