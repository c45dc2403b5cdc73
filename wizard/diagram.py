"""The decision diagram: the public tree laid out as an indented outline, in SVG coordinates.

Rows go down the page, one per question, answer or outcome, indented by depth, with elbow
connectors from each row to its parent. The layout is computed here and drawn by
templates/wizard/diagram.html, so the page needs no JavaScript and no inline styles: colours
come from classes in static/css/wizard.css, which follow the site's light and dark variables.
"""

from .models import step_url

ROW = 26  # px between rows
INDENT = 18  # px per depth level
MARGIN = 12  # px around the drawing
TEXT_GAP = 12  # px from a row's marker to its text
CHAR_WIDTH = 7.6  # px, a generous average for 14 px system-ui, so text never runs past the edge


class Row:
    def __init__(self, index, depth, kind, item, keys):
        self.depth, self.kind, self.item = depth, kind, item
        self.code_text = self.code_class = ""
        self.x = MARGIN + depth * INDENT
        self.y = MARGIN + index * ROW + ROW // 2
        self.text_x = self.x + TEXT_GAP
        self.text_y = self.y + 5
        if kind == "question":
            self.text, self.href = item.text, step_url(keys)
        elif kind == "answer":
            self.text, self.href = item.label, step_url(keys)
        else:
            code = item.outcome
            self.text, self.href = item.label, code.get_absolute_url()
            self.code_text, self.code_class = f"→ {code.code} {code.reason}", f"c{code.class_digit}"
        self.connector = None

    @property
    def width(self):
        characters = len(self.text) + (len(self.code_text) + 1 if self.kind == "outcome" else 0)
        return self.text_x + characters * CHAR_WIDTH

    @property
    def marker_path(self):
        """A square for questions, a small diamond for answers, a circle-ish dot for outcomes."""
        x, y = self.x, self.y
        if self.kind == "question":
            return f"M{x - 5} {y - 5}h10v10h-10z"
        if self.kind == "answer":
            return f"M{x} {y - 4}l4 4-4 4-4-4z"
        return f"M{x - 4} {y}a4 4 0 1 0 8 0a4 4 0 1 0 -8 0z"


class Diagram:
    """Rows and connectors for every question, answer and outcome of a PublicTree."""

    def __init__(self, tree):
        self.rows = [Row(index, *row) for index, row in enumerate(tree.outline())]
        parents = {}
        for row in self.rows:
            parent = parents.get(row.depth - 1)
            if parent is not None:
                row.connector = f"M{parent.x} {parent.y + 6}V{row.y}H{row.x - 6}"
            parents[row.depth] = row
        self.width = int(max((row.width for row in self.rows), default=0) + MARGIN)
        self.height = MARGIN * 2 + len(self.rows) * ROW
        self.question_count = len({row.item.pk for row in self.rows if row.kind == "question"})
        self.outcome_count = len({row.item.outcome.code for row in self.rows if row.kind == "outcome"})
