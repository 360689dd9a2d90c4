"""axe-core (vendored in tests/vendor/axe-core, MPL-2.0) run on a page in Playwright.

`violations(page)` injects axe into the page as it is now and returns what the WCAG 2.0,
2.1 and 2.2 A and AA rules find at the impacts we refuse (serious and critical), each in
a line a person can act on: the rule, its impact, how many elements and the first few.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
REFUSED = ("serious", "critical")

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.html.slice(0, 160) + ' :: ' + (n.failureSummary || ''))}));
}"""


def violations(page) -> list[str]:
    """Every serious or critical WCAG A/AA violation on the page, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(RUN, list(WCAG_AA))
    return [f"{v['id']} ({v['impact']}): {v['help']}; {len(v['nodes'])} element(s), e.g. "
            + " | ".join(node[:300] for node in v["nodes"][:3])
            for v in found if v["impact"] in REFUSED]


HEADINGS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,'
    + '[data-testid="stMain"] h4, [data-testid="stMain"] h5, [data-testid="stMain"] h6')]
  .filter(h => h.offsetParent !== null)
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


def heading_jumps(page) -> list[str]:
    """Headings out of order on the page's main part: not starting at h1, or skipping a
    level on the way down (h2 then h4)."""
    found = page.evaluate(HEADINGS)
    problems = []
    previous = 0
    for level, text in found:
        if level > previous + 1:
            problems.append(f"heading-order: h{level} “{text}” follows h{previous or '(none)'}")
        previous = level
    return problems
