"""The doctor's flow in headless Chromium: sign in → paste → verdict → Hindi → report.

Screenshots of each step (desktop and phone, English and Hindi) go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.browser.conftest import Live

PHISH = (
    "Your SBI YONO account is blocked today. Update PAN now: http://sbi-yono-kyc.xyz/login "
    "and share the OTP"
)
SAFE = "Dr Sharma, your OPD slot tomorrow at 10:30 is confirmed. — City Hospital"
REFERENCE = re.compile(r"^FG-\d{4}-\d+$")
DESKTOP = {"width": 1280, "height": 900}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context (no cookies) per test; `@pytest.mark.parametrize` can't reach this one."""
    options = getattr(request, "param", None) or {"viewport": DESKTOP}
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    # nothing may leave the loopback server: no CDN, font or analytics request
    outside: list[str] = []
    context.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("http://127.0.0.1:", "data:")) else None
        ),
    )
    pg = context.new_page()
    yield pg
    context.close()
    assert not outside, f"requests outside the app: {outside}"


def _sign_in(page: Page, live: Live) -> None:
    page.goto(live.base + "/")
    page.get_by_label("Clinic access key").fill(live.token)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Message, link or email").wait_for()


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"the page is {width}px wide in a {inner}px viewport"


# WCAG contrast of an element's text against the first opaque background behind it
_CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = el;
  while (bg && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement;
  const back = bg ? rgb(getComputedStyle(bg).backgroundColor) : [255, 255, 255];
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""
RESULT_TEXT = [
    ".verdict__badge",
    ".verdict__marker",
    ".verdict__title",
    ".verdict__lead",
    ".facts dt",
    ".reason p",
    "mark",
    ".hint",
    ".button--report",
    ".switch",
    ".who",
    ".foot p",
    "summary",
]


def _assert_contrast(page: Page, selectors: list[str]) -> None:
    for selector in selectors:
        ratio = page.locator(selector).first.evaluate(_CONTRAST)
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} is below 4.5:1"


def _devanagari_font(page: Page) -> bool:
    return bool(page.evaluate("document.fonts.check('16px \"Noto Sans Devanagari\"', 'धोखाधड़ी')"))


def test_paste_verdict_hindi_report(page: Page, live: Live, screenshots: Path) -> None:
    _sign_in(page, live)
    _shot(page, screenshots, "desktop-en-paste")
    page.get_by_label("Message, link or email").fill(PHISH)
    page.get_by_role("button", name="Check", exact=True).click()

    card = page.locator("#verdict")
    card.wait_for()
    assert "FRAUD" in card.inner_text() and "Fraud — this is a scam" in card.inner_text()
    assert page.get_by_role("heading", name="Fraud — this is a scam").is_visible()
    assert page.locator("mark", has_text="share the OTP").first.is_visible()
    colour = card.evaluate("el => getComputedStyle(el).borderTopColor")
    assert colour == "rgb(179, 38, 30)"  # red, and the words say it too
    _assert_contrast(page, RESULT_TEXT)
    _shot(page, screenshots, "desktop-en-result")

    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_selector("html[lang=hi]")
    assert "धोखाधड़ी — यह एक स्कैम है" in page.locator("#verdict").inner_text()
    assert page.get_by_role("heading", name="क्या करें").is_visible()
    assert _devanagari_font(page), "Noto Sans Devanagari is not available to Chromium"
    _shot(page, screenshots, "desktop-hi-result")

    page.get_by_label(re.compile("सहमति")).check()
    page.get_by_label("क्या हुआ? (वैकल्पिक)").fill("Nothing was paid.")
    page.get_by_role("button", name="साइबर सेल को रिपोर्ट करें").click()
    reference = page.locator("#reference")
    reference.wait_for()
    assert REFERENCE.match(reference.inner_text().strip())
    assert page.locator("html").get_attribute("lang") == "hi"
    _shot(page, screenshots, "desktop-hi-reported")


def test_a_safe_message_reads_as_safe(page: Page, live: Live, screenshots: Path) -> None:
    _sign_in(page, live)
    page.get_by_label("Message, link or email").fill(SAFE)
    page.get_by_role("button", name="Check", exact=True).click()
    card = page.locator("#verdict")
    card.wait_for()
    assert "SAFE" in card.inner_text() and "Looks safe" in card.inner_text()
    assert card.evaluate("el => getComputedStyle(el).borderTopColor") == "rgb(30, 107, 52)"
    _assert_contrast(page, [s for s in RESULT_TEXT if s not in ("mark", ".button--report")])
    _shot(page, screenshots, "desktop-en-safe")


def test_the_report_needs_the_consent_tick(page: Page, live: Live) -> None:
    _sign_in(page, live)
    page.get_by_label("Message, link or email").fill(PHISH)
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("#verdict").wait_for()
    page.get_by_role("button", name="Report to cyber cell").click()
    # the browser itself stops the form: the box is required and nothing was sent
    assert page.locator("#consent").evaluate("el => el.validity.valueMissing")
    assert page.locator("#reference").count() == 0


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.outlineWidth]; }"
            )
            assert style[0] != "none" and style[1] != "0px", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only(page: Page, live: Live) -> None:
    page.goto(live.base + "/")
    _tab_to(page, "#key")
    page.keyboard.type(live.token)
    page.keyboard.press("Enter")
    page.get_by_label("Message, link or email").wait_for()

    _tab_to(page, "#content")
    page.keyboard.type(PHISH)
    _tab_to(page, "button[type=submit].button--big")
    page.keyboard.press("Space")
    page.locator("#verdict").wait_for()
    assert "FRAUD" in page.locator("#verdict").inner_text()

    _tab_to(page, "#consent")
    page.keyboard.press("Space")
    assert page.locator("#consent").is_checked()
    _tab_to(page, "button.button--report")
    page.keyboard.press("Enter")
    page.locator("#reference").wait_for()
    assert REFERENCE.match(page.locator("#reference").inner_text().strip())


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_phone_sized_screen(
    page: Page, live: Live, screenshots: Path, corpus_emails: Any, tmp_path: Path
) -> None:
    page.goto(live.base + "/")
    _no_sideways_scroll(page)
    _shot(page, screenshots, "phone-en-signin")
    _sign_in(page, live)
    _no_sideways_scroll(page)
    box = page.get_by_role("button", name="Check", exact=True).bounding_box()
    assert box and box["height"] >= 44  # a big touch target
    _shot(page, screenshots, "phone-en-paste")

    page.get_by_label("Message, link or email").fill(PHISH)
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("#verdict").wait_for()
    _no_sideways_scroll(page)
    _shot(page, screenshots, "phone-en-result")

    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_selector("html[lang=hi]")
    _no_sideways_scroll(page)
    _shot(page, screenshots, "phone-hi-result")
    page.get_by_label(re.compile("सहमति")).check()
    page.get_by_role("button", name="साइबर सेल को रिपोर्ट करें").click()
    page.locator("#reference").wait_for()
    _no_sideways_scroll(page)
    _shot(page, screenshots, "phone-hi-reported")

    # an email's long headers and links must wrap too
    eml = tmp_path / "phish.eml"
    eml.write_bytes(corpus_emails("nazario_phishing_2004_2005", n=1)[0])
    page.goto(live.base + "/?lang=en")
    page.get_by_label("Or choose a saved email file (.eml)").set_input_files(str(eml))
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("#verdict").wait_for()
    assert page.get_by_role("heading", name="Email details").is_visible()
    _no_sideways_scroll(page)
    _shot(page, screenshots, "phone-en-email")


@pytest.mark.parametrize(
    "page", [{"viewport": DESKTOP, "java_script_enabled": False}], indirect=True
)
def test_works_without_javascript(page: Page, live: Live) -> None:
    _sign_in(page, live)
    page.get_by_label("Message, link or email").fill(PHISH)
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("#verdict").wait_for()
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_selector("html[lang=hi]")
    page.get_by_label(re.compile("सहमति")).check()
    page.get_by_role("button", name="साइबर सेल को रिपोर्ट करें").click()
    page.locator("#reference").wait_for()
    assert REFERENCE.match(page.locator("#reference").inner_text().strip())
