"""Reading rendered pages the way a user (or a screen reader) meets them.

A small stdlib HTML reader, so tests assert on elements, attributes and visible text
rather than on fragments of template source. Not a full parser: enough for our pages.
"""

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

# The 400 messages a runner reads (tracking/services.py), with today = 24 November 2026.
TOO_OLD = "Days can be marked or undone up to 7 days back (from 17 November 2026); that day is closed."
NOT_A_DATE = "The date must look like 2026-11-24 (year-month-day)."
NOT_IN_PLAN = "That exercise is not part of the daily plan."

# Tags a browser lays out as blocks: their edges separate words in the visible text.
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    parent: "Element | None" = field(default=None, repr=False)

    def is_inside(self, other: "Element") -> bool:
        node = self.parent
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False

    @property
    def text(self) -> str:
        """The element's visible text with whitespace collapsed."""
        return " ".join("".join(self.parts).split())

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def _break(self, tag):
        if tag in BLOCK_TAGS:
            self.handle_data(" ")

    def handle_starttag(self, tag, attrs):
        self._break(tag)
        parent = self._open[-1] if self._open else None
        element = Element(tag, {name: value if value is not None else "" for name, value in attrs}, parent=parent)
        self.elements.append(element)
        if tag not in VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self._break(tag)
        parent = self._open[-1] if self._open else None
        self.elements.append(
            Element(tag, {name: value if value is not None else "" for name, value in attrs}, parent=parent)
        )

    def handle_endtag(self, tag):
        self._break(tag)
        # Close up to the most recent element with this tag (tolerates sloppy nesting).
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)


def elements(html: str | bytes) -> list[Element]:
    if isinstance(html, bytes):
        html = html.decode()
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.elements


def _content(response_or_html) -> str:
    content = getattr(response_or_html, "content", response_or_html)
    return content.decode() if isinstance(content, bytes) else content


def find_all(response_or_html, tag: str | None = None, **attrs: str | bool) -> list[Element]:
    """Elements with `tag` whose attributes match: a string value must be equal,
    True means the attribute is present. Underscores in names stand for dashes, and a
    trailing one avoids a Python keyword (class_, for_)."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    found = []
    for element in elements(_content(response_or_html)):
        if tag is not None and element.tag != tag:
            continue
        if all(
            (name in element.attrs) if value is True else element.attrs.get(name) == value
            for name, value in wanted.items()
        ):
            found.append(element)
    return found


def items(response_or_html, container: str, item: str = "li", **attrs: str | bool) -> list[str]:
    """The texts of the `item` elements inside the one `container` matching `attrs`,
    for example the steps of <ol class="steps">."""
    everything = elements(_content(response_or_html))
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    boxes = [
        e
        for e in everything
        if e.tag == container and all((n in e.attrs) if v is True else e.attrs.get(n) == v for n, v in wanted.items())
    ]
    assert len(boxes) == 1, f"expected one <{container} {attrs}>, found {len(boxes)}"
    return [e.text for e in everything if e.tag == item and e.is_inside(boxes[0])]


def find(response_or_html, tag: str | None = None, **attrs: str | bool) -> Element:
    """The one element that matches; fails the test if there are none or several."""
    found = find_all(response_or_html, tag, **attrs)
    assert len(found) == 1, f"expected one <{tag or '*'} {attrs}>, found {len(found)}"
    return found[0]


def by_testid(response_or_html, name: str) -> str:
    """The visible text of the element with data-testid=`name`."""
    return find(response_or_html, data_testid=name).text


def visible_text(response_or_html) -> str:
    """All text of the <main> element, whitespace collapsed."""
    return find(response_or_html, "main").text


def error_message(response) -> str:
    """The message of a 400 page, as the runner reads it."""
    return find(response, data_error_message=True).text


def day_cell(response, day) -> Element:
    """The calendar cell of `day` (a date)."""
    return find(response, "td", data_date=day.isoformat())


def buttons(response) -> list[str]:
    """The accessible names (aria-label) of the page's buttons, in order."""
    return [button.get("aria-label") or button.text for button in find_all(response, "button")]


def label(response, day: dt.date) -> str:
    """What a screen reader announces for the day's cell."""
    labelled = [e for e in find_all(response, aria_label=True) if e.tag in ("a", "span")]
    matches = [e["aria-label"] for e in labelled if e["aria-label"].startswith(f"{day.day} {day:%B %Y}:")]
    assert len(matches) == 1, matches
    return matches[0]


@dataclass
class PageScan:
    """What a Content Security Policy without 'unsafe-inline' would block, and where a page leads."""

    inline_scripts: list[str]
    style_attributes: list[str]
    style_elements: int
    event_handlers: list[str]
    images: list[str]
    links: list[str]


def _tag_text(element: Element) -> str:
    attributes = " ".join(f'{name}="{value}"' for name, value in element.attrs.items())
    return f"<{element.tag} {attributes}>"


def parse_page(html: str | bytes) -> PageScan:
    found = elements(html)
    return PageScan(
        # JSON data blocks are inert: the browser never runs them.
        inline_scripts=[
            "".join(e.parts)[:200]
            for e in found
            if e.tag == "script" and not e.get("src") and (e.get("type") or "").lower() != "application/json"
        ],
        style_attributes=[_tag_text(e) for e in found if "style" in e.attrs],
        style_elements=sum(e.tag == "style" for e in found),
        event_handlers=[_tag_text(e) for e in found if any(name.startswith("on") for name in e.attrs)],
        images=[e.get("src") or "" for e in found if e.tag == "img"],
        links=[e["href"] for e in found if e.tag == "a" and e.get("href")],
    )
