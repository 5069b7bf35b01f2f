"""GOV.UK content and markup rules, checked on every page a view test renders.

`check_page(html)` parses a response and fails the test when:
- there is not exactly one <h1>;
- the <title> does not start with the <h1> text (with "Error: " first when the page has an
  error summary);
- an error summary link points at an id that is not on the page;
- two elements share an id;
- a form has no method, or a POST form has no CSRF token;
- the document is not parsed cleanly as HTML5 (unclosed or misnested tags).
"""

import re
from collections import Counter

import html5lib
from bs4 import BeautifulSoup


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", element.get_text()).strip()


def check_page(html: str | bytes) -> BeautifulSoup:
    if isinstance(html, bytes):
        html = html.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line = html.splitlines()[max(parser.errors[-1][0][0] - 1, 0)] if parser.errors else ""
        raise AssertionError(f"Invalid HTML: {error} near: {line.strip()[:200]}") from error
    page = BeautifulSoup(html, "html.parser")

    headings = page.find_all("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    h1 = _text(headings[0])
    title = _text(page.title) if page.title else ""
    summary = page.select_one(".govuk-error-summary")
    expected_start = f"Error: {h1}" if summary else h1
    assert title.startswith(expected_start), f"title {title!r} should start {expected_start!r}"

    ids = [element["id"] for element in page.find_all(id=True)]
    duplicates = [value for value, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"

    if summary:
        for link in summary.select("a[href^='#']"):
            target = link["href"][1:]
            assert target in ids, f"error summary link #{target} lands on nothing"

    for form in page.find_all("form"):
        method = (form.get("method") or "").lower()
        assert method in ("get", "post"), f"form without a method: {form.get('action')}"
        if method == "post":
            assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}), (
                "POST form without CSRF"
            )
    return page
