"""What the inspector reports: findings, each tied to the text of a specification."""

from dataclasses import dataclass

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Spec:
    label: str
    url: str

    def __str__(self):
        return self.label


def rfc(number, section):
    """A deep link to one RFC section, in the rfc-editor.org form the site uses everywhere."""
    return Spec(f"RFC {number} §{section}", f"https://www.rfc-editor.org/rfc/rfc{number}#section-{section}")


@dataclass(frozen=True)
class Finding:
    level: str  # one of LEVELS
    field: str | None
    message: str
    spec: Spec

    def as_json(self):
        return {
            "level": self.level,
            "field": self.field,
            "message": self.message,
            "spec": self.spec.url,
            "spec_label": self.spec.label,
        }


def error(field, message, spec):
    return Finding("error", field, message, spec)


def warning(field, message, spec):
    return Finding("warning", field, message, spec)


def info(field, message, spec):
    return Finding("info", field, message, spec)
