"""The inspector's inputs: what was pasted or uploaded, and the options that make answers reproducible."""

from django import forms
from django.core.exceptions import ValidationError

from .fields import http_date
from .logs import FORMATS, MAX_LINES, MAX_LOG_BYTES
from .parsing import MAX_INPUT_BYTES

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
TOO_LARGE = "too_large"


class PastedTextForm(forms.Form):
    """Text from the textarea, or from an uploaded file when one is given; at most MAX_INPUT_BYTES."""

    text_field = "response"
    max_bytes = MAX_INPUT_BYTES
    file = forms.FileField(required=False, label="…or upload a file")

    @classmethod
    def size_message(cls):
        return f"The inspector reads at most {cls.max_bytes // 1024} KB; trim the input and try again."

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            data = upload.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                raise self.too_large()
            try:
                cleaned[self.text_field] = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError("The uploaded file is not UTF-8 text.") from None
        text = cleaned.get(self.text_field) or ""
        if len(text.encode("utf-8")) > self.max_bytes:
            raise self.too_large()
        cleaned[self.text_field] = text
        return cleaned

    def too_large(self):
        return ValidationError(self.size_message(), code=TOO_LARGE)


class InspectForm(PastedTextForm):
    response = forms.CharField(
        required=False,
        strip=False,
        label="Response",
        help_text="curl -i or curl -v output, headers copied from DevTools, or a HAR file.",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "autocomplete": "off"}),
    )
    method = forms.CharField(
        required=False,
        max_length=10,
        label="Request method",
        help_text="Default: what the input says, else GET.",
        widget=forms.Select(choices=[("", "From the input")] + [(method, method) for method in METHODS]),
    )
    now = forms.CharField(
        required=False, max_length=40, label="Now (HTTP-date)", help_text="Default: the response's Date."
    )
    entry = forms.RegexField(
        r"^[0-9]{1,5}$",
        required=False,
        label="HAR entry",
        error_messages={"invalid": "entry is the number of a HAR entry, such as 0."},
    )
    field_order = ["response", "file", "method", "now", "entry"]

    def clean_method(self):
        method = self.cleaned_data["method"].strip().upper()
        if method and method not in METHODS:
            raise ValidationError(f"method must be one of {', '.join(METHODS)}.")
        return method or None

    def clean_now(self):
        value = self.cleaned_data["now"].strip()
        if not value:
            return None
        moment, kind = http_date(value)
        if moment is None:
            raise ValidationError("now must be an HTTP-date, such as Sun, 06 Nov 1994 08:49:37 GMT.")
        return moment

    def clean_entry(self):
        value = self.cleaned_data["entry"]
        return int(value) if value else None


class LogForm(PastedTextForm):
    text_field = "log"
    max_bytes = MAX_LOG_BYTES
    log = forms.CharField(
        required=False,
        strip=False,
        label="Access log",
        help_text=f"Up to {MAX_LINES:,} lines of nginx or Apache combined, AWS ALB or Cloudflare JSON lines.",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "autocomplete": "off"}),
    )
    format = forms.ChoiceField(required=False, label="Format", choices=[("", "Detect")] + list(FORMATS.items()))
    field_order = ["log", "file", "format"]
