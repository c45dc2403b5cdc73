from django import forms

from authoring.forms import LineEndingField

from .models import MAX_MESSAGE_CHARS


class ReportForm(forms.Form):
    section = forms.ChoiceField(label="Which part of the page?")
    message = LineEndingField(
        label="What is wrong, or what should it say?",
        min_length=10,
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Plain text, at most {MAX_MESSAGE_CHARS:,} characters. A source (RFC section, vendor docs) helps.",
    )
    email = forms.EmailField(
        label="Your email (optional)",
        required=False,
        max_length=254,
        help_text="Only if you want an answer; it is never shown on the site.",
    )
    # A field people never see (hidden by CSS, skipped by keyboard and screen readers) but bots fill.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = list(sections)

    @property
    def is_spam(self):
        return bool(self.data.get("website"))
