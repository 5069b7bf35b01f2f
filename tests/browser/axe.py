"""Run axe-core in a Playwright page and fail with a readable list of violations.

Rules: every rule tagged wcag2a, wcag2aa, wcag21a, wcag21aa or wcag22aa (WCAG 2.2 AA; axe has
no separate wcag22a tag) plus axe's best-practice rules. Best practice is included on purpose:
it is where axe checks landmarks (one <main>, all content in a landmark), heading order and
unique landmark names, which GOV.UK pages get right and which are cheap to keep right. No rule
is disabled. If one ever has to be, add it to DISABLED_RULES with the reason next to it.

axe is injected with `page.evaluate`, which runs outside the page's Content-Security-Policy, so
the policy stays switched on while the check runs.
"""

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# rule id -> reason. Empty: every rule in the tags above is checked.
DISABLED_RULES: dict[str, str] = {}


@cache
def _axe_source() -> str:
    if not AXE_SOURCE.exists():
        raise FileNotFoundError(f"{AXE_SOURCE} is missing: run `npm ci` first")
    return AXE_SOURCE.read_text()


def axe_violations(page: Page) -> list[dict]:
    """The violations axe finds in the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;undefined")
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
        "resultTypes": ["violations"],
    }
    return page.evaluate("async (options) => (await axe.run(document, options)).violations",
                         options)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part
                              for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, where: str = "") -> None:
    violations = axe_violations(page)
    if violations:
        label = where or page.url
        raise AssertionError(f"{len(violations)} axe violation(s) on {label}:\n"
                             + describe(violations))
