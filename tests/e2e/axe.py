"""axe-core inside the browser tests: run it on the page a test has open, experimental rules on.

axe-core comes bundled in the pinned `axe-playwright-python` package (axe 4.12 in
0.1.8): nothing is fetched at run time. Playwright evaluates it through the DevTools
protocol, so the page's Content Security Policy (no inline scripts) does not stop it.
"""

from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT

BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# axe's default rules (WCAG 2.0 to 2.2 A and AA, best practices) plus the experimental
# ones, which are off unless named. The AAA rules (7:1 contrast) stay off, as by default.
_RULES_OPTIONS_JS = """
() => ({
  resultTypes: ["violations"],
  rules: Object.fromEntries(axe.getRules(["experimental"]).map((rule) => [rule.ruleId, {enabled: true}])),
})
"""


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.page}: {self.rule} ({self.impact}) {self.help} at {', '.join(self.targets[:5])}"


def axe_violations(page, name: str, *, impacts: frozenset[str] = BLOCKING_IMPACTS) -> list[Violation]:
    """The violations of `impacts` axe finds on the page as it is now, experimental rules on."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = page.evaluate(_RULES_OPTIONS_JS)
    results = page.evaluate("(options) => axe.run(document, options)", options)
    return [
        Violation(
            page=name,
            rule=violation["id"],
            impact=violation["impact"],
            help=violation["help"],
            targets=tuple(" ".join(map(str, node["target"])) for node in violation["nodes"]),
        )
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]
