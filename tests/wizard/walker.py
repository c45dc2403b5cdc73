"""Walk the wizard as a reader without JavaScript does: read the page's form, pick a radio, submit it (a GET)."""

from html.parser import HTMLParser
from urllib.parse import urlencode


class StepPage(HTMLParser):
    """What a wizard page offers: the question, its hidden answers so far and its choices, or the result."""

    def __init__(self, html):
        super().__init__()
        self.question = None
        self.hidden, self.radios, self.labels = [], {}, {}
        self.result_code = None
        self._capture, self._text, self._in_result = None, [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name") == "a":
            self.hidden.append(attrs["value"])
        elif tag == "input" and attrs.get("type") == "radio":
            self.radios[attrs["id"]] = attrs["value"]
        elif tag == "label" and "for" in attrs:
            self._capture, self._text = ("label", attrs["for"]), []
        elif tag == "legend":
            self._capture, self._text = ("legend", None), []
        elif tag == "h2" and attrs.get("id") == "result-h":
            self._in_result = True
        elif tag == "a" and self._in_result and self.result_code is None:
            self.result_code = int(attrs["href"].strip("/").split("/")[-1])

    def handle_endtag(self, tag):
        if tag in ("label", "legend") and self._capture:
            kind, target = self._capture
            text = " ".join("".join(self._text).split())
            if kind == "label":
                self.labels[target] = text
            else:
                self.question = text
            self._capture = None
        elif tag == "h2":
            self._in_result = False

    def handle_data(self, data):
        if self._capture:
            self._text.append(data)

    def choices(self):
        """[(label, value)] of the radios, in page order."""
        return [(self.labels[radio_id], value) for radio_id, value in self.radios.items()]

    def submit(self, value):
        """The URL the browser requests when the form is submitted with this radio checked."""
        return "/wizard/?" + urlencode([("a", key) for key in self.hidden + [value]])

    def choose(self, words):
        """The URL for the one answer whose label contains these words (case-insensitive)."""
        matches = [value for label, value in self.choices() if words.lower() in label.lower()]
        assert len(matches) == 1, f"{words!r} matches {len(matches)} answers to {self.question!r}: {self.choices()}"
        return self.submit(matches[0])


def open_step(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return StepPage(response.content.decode())
