"""Admin form fields for content: LF line endings whatever the browser sends, boxes sized to the text."""

import math

from django import forms

from reference.rendering import normalise_newlines

# Text fields at least this long are edited in a wrapping box rather than a one-line input.
LONG_TEXT_CHARS = 150
WRAP_CHARS = 90  # roughly how many characters one line of a full-width admin box shows
MAX_ROWS = 40


class LineEndingField(forms.CharField):
    """A CharField that stores LF: browsers submit every textarea with CRLF (HTML's form encoding)."""

    def __init__(self, *args, single_line=False, **kwargs):
        self.single_line = single_line
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = normalise_newlines(super().to_python(value))
        if self.single_line:
            value = " ".join(value.split("\n"))
        return value


def rows_for(text, minimum=2):
    """How many rows show all of `text` in a box about WRAP_CHARS wide."""
    lines = normalise_newlines(str(text or "")).split("\n")
    return max(minimum, min(MAX_ROWS, sum(max(1, math.ceil(len(line) / WRAP_CHARS)) for line in lines) + 1))


def size_widget(field, value):
    """Give a text input a width for its longest value, and a textarea rows for its current text."""
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        widget.attrs["rows"] = rows_for(value, minimum=2 if getattr(field, "single_line", False) else 4)
        widget.attrs["class"] = (widget.attrs.get("class", "") + " sized-text").strip()
    elif isinstance(widget, forms.TextInput) and field.max_length:
        widget.attrs["size"] = min(field.max_length, WRAP_CHARS)
        widget.attrs["class"] = (widget.attrs.get("class", "") + " sized-input").strip()


class ContentForm(forms.ModelForm):
    """The admin form of every content model: each box as large as what it holds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            size_widget(field, self.initial.get(name))
