"""A panel's whole evaluation in a real headless Chromium: three people, one `streamlit run`.

The lead creates an evaluation with two bids and three members, the evaluator declares,
scores and submits, the service-user representative records a serious concern, the lead
moderates (a reason comparing bidders is warned about, the serious concern must be
answered) and decides, and an observer sees the decision. Each step is screenshotted.
"""

from __future__ import annotations

import re

import pytest

from tests.test_browser import CHROMIUM, ROOT, launch, running_app

SAMPLES = ROOT / "sample_tenders"
BIDS = ("northgate.xlsx", "swift_outcomes.xlsx")
PROVIDERS = ("Northgate Recovery Partnership", "Swift Outcomes Ltd")
AREAS = ("Recovery and maintenance in balance", "Payment and target incentives",
         "Mutual aid and the recovery community", "Recovery capital", "Safety",
         "Service-user voice")
CONCERN_AREA = "Payment and target incentives"
CONCERN_IN_PLAIN_WORDS = "How the provider is paid"  # the same area on the service-user page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install chromium; `make test` does it as root)"),
]


class Step:
    """Screenshots of each step, numbered, in the test's temporary folder."""

    def __init__(self, folder):
        self.folder, self.count = folder, 0

    def __call__(self, page, name: str) -> None:
        settle(page)
        self.count += 1
        page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png")


# Resolves once the page has gone `quiet` ms without a change (or after 30 s).
QUIET = """quiet => new Promise(done => {
  const finish = () => { observer.disconnect(); clearTimeout(cap); done(true); };
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(finish, quiet);
  });
  let timer = setTimeout(finish, quiet);
  const cap = setTimeout(finish, 30000);
  observer.observe(document.body,
                   {subtree: true, childList: true, attributes: true, characterData: true});
})"""


def settle(page) -> None:
    """Wait until Streamlit has finished the rerun the last action started.

    A fixed pause is not enough on a loaded machine: the run may not have begun, and the
    status widget sits in the page, undrawn, for a while. So wait for the page to go
    quiet, then for the status widget to leave the page and no element to be stale."""
    page.evaluate(QUIET, 500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')",
                           timeout=30_000)


def box(page, title: str):
    """The bordered container headed `title`."""
    return page.locator('[data-testid="stVerticalBlock"]').filter(
        has=page.get_by_role("heading", name=title, exact=True)).last


def go(page, link: str) -> None:
    """Follow a link in the sidebar (opening it first, and closing it after, on a phone)."""
    phone = page.viewport_size["width"] < 600
    if phone:
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("link", name=link, exact=True).click()
    settle(page)
    if phone and page.get_by_test_id("stSidebarCollapseButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        settle(page)


def sign_in(page, url: str, code: str) -> None:
    page.goto(f"{url}/panel_sign_in")
    page.get_by_role("textbox", name="Your sign-in code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("You are signed in as").wait_for()


def pick(page, provider: str) -> None:
    """Choose a bid in the page's first select box by typing its provider."""
    settle(page)
    page.locator('[data-testid="stSelectbox"]').first.get_by_role("combobox").click()
    page.keyboard.type(provider)
    page.keyboard.press("Enter")
    settle(page)
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=provider)).to_be_visible()


def add_member(page, name: str, role: str) -> str:
    from playwright.sync_api import expect

    codes = page.locator('[data-testid="stCode"] code')
    settle(page)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    if role != "evaluator":
        form = page.locator('[data-testid="stForm"]').filter(has_text="Add a member")
        form.get_by_text(role, exact=True).click()
    page.get_by_role("button", name="Add and issue a code").click()
    expect(codes).to_have_count(1)
    code = codes.first.inner_text().strip()
    page.get_by_role("button", name="I have copied the codes").click()
    expect(codes).to_have_count(0)
    return code


def test_a_panel_evaluates_two_bids_from_setup_to_a_decision_an_observer_can_read(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    step = Step(tmp_path)
    with running_app(tmp_path, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'journey.db'}"}
                     ) as url:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                lead, evaluator, user = (
                    browser.new_context(viewport=viewport).new_page()
                    for viewport in ({"width": 1280, "height": 1600},
                                     {"width": 1280, "height": 1600},
                                     {"width": 390, "height": 1400}))
                for page in (lead, evaluator, user):
                    page.set_default_timeout(30_000)

                # The lead creates the evaluation, adds members and bids, opens scoring.
                lead.goto(f"{url}/panel_sign_in")
                lead.get_by_text("Start a new evaluation").click()
                lead.get_by_role("textbox", name="Tender name").fill("Journeyshire 2027")
                lead.get_by_role("textbox", name="Service").fill("Adult drug and alcohol "
                                                                 "treatment")
                lead.get_by_role("textbox", name="Your name").fill("Lee Lead")
                expect(lead.get_by_role(  # the regime is chosen here; the PSR by default
                    "radio", name="Provider Selection Regime: competitive process")
                ).to_be_checked()
                lead.get_by_role("button", name="Create the evaluation").click()
                expect(lead.get_by_text("Sign-in codes: copy them now")).to_be_visible()
                step(lead, "lead-created")
                lead.get_by_role("button", name="I have copied the codes").click()
                settle(lead)
                go(lead, "Set up")
                codes = {"evaluator": add_member(lead, "Eve Evaluator", "evaluator"),
                         "service_user": add_member(lead, "Sue User",
                                                    "service-user representative"),
                         "observer": add_member(lead, "Obi Observer", "observer")}
                assert len(set(codes.values())) == 3
                lead.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                    [str(SAMPLES / name) for name in BIDS])
                settle(lead)
                lead.get_by_role("button", name="Add these bids").click()
                expect(lead.get_by_text(re.compile("added as"))).to_have_count(2)
                step(lead, "lead-members-and-bids")
                go(lead, "Declare interests")
                lead.get_by_role("button", name="Declare").click()
                expect(lead.get_by_text("nil return is recorded")).to_be_visible()
                go(lead, "Progress and stages")
                lead.get_by_role("button", name="Open scoring…").click()
                expect(lead.get_by_text("The scheme (criteria, weights, gates, panel share) "
                                        "freezes")).to_be_visible()
                step(lead, "lead-confirm-scoring")
                lead.get_by_role("button", name="Yes, open scoring").click()
                expect(lead.get_by_text("now at the scoring stage")).to_be_visible()

                # The evaluator declares, scores both bids and submits.
                sign_in(evaluator, url, codes["evaluator"])
                go(evaluator, "Declare interests")
                evaluator.get_by_role("button", name="Declare").click()
                expect(evaluator.get_by_text("nil return is recorded")).to_be_visible()
                go(evaluator, "Score the bids")
                for number, provider in enumerate(PROVIDERS):
                    if number:
                        pick(evaluator, provider)
                    for area in AREAS:
                        card = box(evaluator, area)
                        card.get_by_text("2: acceptable", exact=False).click()
                        card.get_by_role("textbox").fill(
                            f"Meets the criterion with gaps ({area}).")
                        card.get_by_role("button", name="Save this score").click()
                        settle(evaluator)
                        expect(box(evaluator, area).get_by_text("Saved: 2")).to_be_visible()
                    step(evaluator, f"evaluator-scored-bid-{number + 1}")
                evaluator.get_by_role("button", name="Submit my scores…").click()
                expect(evaluator.get_by_text("freeze as they are now")).to_be_visible()
                evaluator.get_by_role("button", name="Yes, submit my scores").click()
                expect(evaluator.get_by_text("You have submitted your scores")).to_be_visible()
                step(evaluator, "evaluator-submitted")

                # The service-user representative records a serious concern, on a phone.
                sign_in(user, url, codes["service_user"])
                go(user, "Declare interests")
                user.get_by_role("button", name="Declare").click()
                expect(user.get_by_text("nil return is recorded")).to_be_visible()
                user.get_by_role("link", name="Go on to the bids").click()
                settle(user)
                concern = box(user, CONCERN_IN_PLAIN_WORDS)
                concern.get_by_text("I have a serious concern").click()
                concern.get_by_role("textbox").fill("Paying for people leaving treatment "
                                                    "could push people off their script.")
                concern.get_by_role("button", name="Save my view").click()
                settle(user)
                expect(box(user, CONCERN_IN_PLAIN_WORDS).get_by_text(
                    "Your view is saved")).to_be_visible()
                assert "£" not in user.get_by_test_id("stMain").inner_text()
                step(user, "service-user-serious-concern")

                # The lead moderates: a comparing reason is warned about, the concern answered.
                go(lead, "Progress and stages")
                lead.get_by_role("button", name="Open moderation…").click()
                lead.get_by_role("button", name="Yes, open moderation").click()
                expect(lead.get_by_text("now at the moderation stage")).to_be_visible()
                go(lead, "Moderation")
                for number, provider in enumerate(PROVIDERS):
                    if number:
                        pick(lead, provider)
                    for area in AREAS:
                        card = box(lead, area)
                        card.get_by_role("radiogroup").get_by_text("2", exact=True).click()
                        settle(lead)
                        reason = box(lead, area).get_by_role("textbox")
                        if area == CONCERN_AREA and number == 0:
                            reason.fill("Better than the other bid on payments.")
                            reason.press("Tab")
                            settle(lead)
                            card = box(lead, area)
                            expect(card.get_by_text("compares bidders")).to_be_visible()
                            if card.get_by_text("service-user representative raised a serious "
                                                "concern").count():
                                step(lead, "lead-reason-warnings")
                            reason = card.get_by_role("textbox")
                        reason.fill(
                            "The panel agreed 2 against the descriptor: it meets the criterion "
                            "with gaps. We discussed the service-user representative's serious "
                            "concern about payments for leaving treatment and the rules' flags, "
                            "and will require the provider to remove any exit pressure.")
                        reason.press("Tab")
                        settle(lead)
                        box(lead, area).get_by_role("button",
                                                    name="Save the agreed score").click()
                        settle(lead)
                        expect(box(lead, area).get_by_text("Saved.")).to_be_visible()
                    step(lead, f"lead-moderated-bid-{number + 1}")

                # The lead decides; the observer reads the decision.
                go(lead, "Progress and stages")
                lead.get_by_role("button", name="Decide…").click()
                expect(lead.get_by_text("evaluation becomes read-only")).to_be_visible()
                lead.get_by_role("button", name="Yes, decide").click()
                expect(lead.get_by_text("now at the decided stage")).to_be_visible()
                go(lead, "Decision")
                expect(lead.get_by_text("Decided by")).to_be_visible()
                step(lead, "lead-decided")

                go(user, "Signed in")
                user.get_by_test_id("stMain").get_by_role("button", name="Sign out").click()
                settle(user)
                sign_in(user, url, codes["observer"])
                go(user, "Decision")
                expect(user.get_by_text("Decided by")).to_be_visible()
                expect(user.get_by_text("Northgate Recovery Partnership (NRP-2027-01)",
                                        exact=True).last).to_be_visible()
                step(user, "observer-decision")
            except Exception:
                for name, page in (("lead", lead), ("evaluator", evaluator), ("user", user)):
                    page.screenshot(path=tmp_path / f"failed-{name}.png")
                raise
            finally:
                browser.close()
        assert len(list(tmp_path.glob("*.png"))) >= 10
