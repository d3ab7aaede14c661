"""The doctors' page on a real uvicorn server on loopback: sign-in, verdicts, Hindi, reports."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from fraudguard.api import pageview
from fraudguard.schemas import ScamType
from tests.api.server import Server, start

PHISH = (
    "Your SBI YONO account is blocked today. Update PAN now: http://sbi-yono-kyc.xyz/login "
    "and share the OTP"
)
SAFE = "Dr Sharma, your OPD slot tomorrow at 10:30 is confirmed. — City Hospital"
MAX_EMAIL_BYTES = 200_000
MAX_UPLOAD_BYTES = 300_000  # the whole form, set for this server
DEVANAGARI = re.compile(r"[\u0900-\u097f]")
REFERENCE = re.compile(r"^FG-\d{4}-\d+$")
# a resource or link outside the app: CDNs, web fonts, analytics
EXTERNAL = re.compile(r"""(?:src|href|action|formaction)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
EXTERNAL_CSS = re.compile(r"""@import|url\(\s*["']?\s*(?:https?:)?//""", re.I)


@dataclass(frozen=True)
class Site:
    """The page's own server (its own SQLite file) and the clinic key to sign in with."""

    srv: Server
    token: str
    db: Path

    @property
    def base(self) -> str:
        return self.srv.base


def _serve(folder: Path, model_dir: Path) -> Iterator[Site]:
    srv = start(
        folder,
        model_dir,
        FRAUDGUARD_LIMIT_MAX_EMAIL_BYTES=str(MAX_EMAIL_BYTES),
        FRAUDGUARD_API_MAX_UPLOAD_BYTES=str(MAX_UPLOAD_BYTES),
    )
    try:
        yield Site(
            srv, srv.key("clinic", clinic="Test Clinic", role="clinic"), folder / "fraudguard.db"
        )
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Site]:
    yield from _serve(tmp_path_factory.mktemp("pages"), model_dir)


@contextmanager
def _sign_in(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.base, timeout=30) as client:
        r = client.post("/login", data={"key": site.token})
        assert r.status_code == 303 and r.headers["location"] == "/"
        yield client


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[httpx.Client]:
    with _sign_in(site) as c:
        yield c


def _cases(site: Site) -> int:
    with sqlite3.connect(site.db) as con:
        return int(con.execute("SELECT count(*) FROM cases").fetchone()[0])


class _Forms(HTMLParser):
    """The hidden fields of the form with id="message" (what the page posts back)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._inside = a.get("id") == "message"
        elif tag == "input" and self._inside and a.get("type") == "hidden":
            self.fields.append((a.get("name") or "", a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False


def _carried(html: str) -> list[tuple[str, str]]:
    parser = _Forms()
    parser.feed(html)
    return parser.fields


def _verdict(html: str) -> str:
    found = re.search(r'class="card verdict verdict--(\w+)"', html)
    assert found, "no verdict card on the page"
    return found.group(1)


# ---------------------------------------------------------------------------
# Sign-in


def test_the_page_asks_for_the_access_key_first(site: Site) -> None:
    r = httpx.get(site.base + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<label for="key">Clinic access key</label>' in r.text
    assert 'type="password"' in r.text and 'action="/login"' in r.text
    assert "<textarea" not in r.text


def test_checking_needs_a_sign_in(site: Site) -> None:
    r = httpx.post(site.base + "/check", data={"content": PHISH})
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert "Please sign in first" in r.text and 'type="password"' in r.text
    assert "verdict--" not in r.text


def test_a_wrong_key_gets_the_form_again_with_401(site: Site) -> None:
    r = httpx.post(site.base + "/login", data={"key": "fg_00000000_" + "x" * 43})
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert "This access key was not accepted" in r.text and 'role="alert"' in r.text
    assert "fraudguard_session" not in r.headers.get("set-cookie", "")


def test_the_session_cookie_is_httponly_and_strict(site: Site) -> None:
    r = httpx.post(site.base + "/login", data={"key": site.token})
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("fraudguard_session=")
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert site.token not in r.headers["set-cookie"]  # the cookie is a session, not the key


def test_signed_in_shows_the_paste_form_and_sign_out_ends_it(site: Site) -> None:
    with _sign_in(site) as c:
        page = c.get("/")
        assert page.status_code == 200 and "Signed in: Test Clinic" in page.text
        assert '<label for="content">' in page.text and 'name="eml_file"' in page.text
        assert 'enctype="multipart/form-data"' in page.text
        out = c.post("/logout")
        assert out.status_code == 303
        assert 'type="password"' in c.get("/").text
        assert c.post("/check", data={"content": PHISH}).status_code == 401


# ---------------------------------------------------------------------------
# Verdicts


def test_a_fraud_sms_gets_a_fraud_card_with_its_evidence(client: httpx.Client) -> None:
    r = client.post("/check", data={"content": PHISH, "channel": "sms", "lang": "en"})
    assert r.status_code == 200
    assert _verdict(r.text) == "fraud"
    assert "FRAUD" in r.text and "Fraud — this is a scam" in r.text  # words, not only colour
    assert re.search(r"<mark>[^<]*OTP[^<]*</mark>", r.text)
    assert "sbi-yono-kyc.xyz" in r.text and 'class="risk-score"' in r.text
    assert "%</strong>" not in r.text  # a score, never a percentage chance
    assert "Fake KYC or bank account block" in r.text  # the scam type's label
    assert "1930" in r.text  # the guidance
    assert 'download="fraudguard-complaint.txt"' in r.text
    assert 'download="fraudguard-complaint.json"' in r.text
    assert ("content", PHISH) in _carried(r.text)


def test_a_plain_appointment_message_is_safe(client: httpx.Client) -> None:
    r = client.post("/check", data={"content": SAFE, "lang": "en"})
    assert r.status_code == 200
    assert _verdict(r.text) == "safe" and "Looks safe" in r.text


def test_the_hindi_switch_renders_devanagari_and_is_remembered(site: Site) -> None:
    with _sign_in(site) as c:
        r = c.post("/check", data={"content": PHISH, "lang": "hi"})
        assert r.status_code == 200
        assert '<html lang="hi">' in r.text
        assert "धोखाधड़ी" in r.text
        guidance = r.text.split('id="guidance-title"', 1)[1]
        assert DEVANAGARI.search(guidance.split("</section>", 1)[0])
        assert 'name="lang" value="en"' in r.text  # the switch back
        assert c.cookies.get("lang") == "hi"
        assert '<html lang="hi">' in c.get("/").text
        english = c.get("/", params={"lang": "en"})
        assert '<html lang="en">' in english.text and c.cookies.get("lang") == "en"


def test_an_uploaded_eml_gets_a_verdict_with_header_findings(
    client: httpx.Client, corpus_emails
) -> None:
    raw = corpus_emails("nazario_phishing_2004_2005", n=1)[0]
    files = {"eml_file": ("phish.eml", raw, "message/rfc822")}
    r = client.post("/check", data={"content": "", "channel": "auto", "lang": "en"}, files=files)
    assert r.status_code == 200
    assert _verdict(r.text) == "fraud"
    assert "Email details" in r.text and "<dt>From</dt>" in r.text
    assert "SPF check" in r.text and "DMARC check" in r.text
    carried = _carried(r.text)
    fields = dict(carried) | {"eml": [v for k, v in carried if k == "eml"], "lang": "hi"}
    assert fields["eml_encoding"] in ("utf-8", "latin-1") and fields["eml"]
    # the language switch posts the carried email back (multipart, as a browser does)
    again = client.post("/check", data=fields, files={"eml_file": ("", b"")})
    assert again.status_code == 200 and _verdict(again.text) == "fraud"
    assert '<html lang="hi">' in again.text and "ईमेल का ब्योरा" in again.text


def test_an_oversize_upload_gets_a_readable_413_page(client: httpx.Client) -> None:
    raw = b"From: a@example.com\r\nSubject: big\r\n\r\n" + b"x" * (MAX_EMAIL_BYTES + 10)
    r = client.post("/check", data={"lang": "en"}, files={"eml_file": ("big.eml", raw)})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "the limit is 0.2 MB" in r.text and 'role="alert"' in r.text


def test_a_body_over_the_form_limit_is_refused_with_a_page_not_json(client: httpx.Client) -> None:
    raw = b"x" * (MAX_UPLOAD_BYTES + 1)
    r = client.post("/check", data={"lang": "en"}, files={"eml_file": ("huge.eml", raw)})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "Too large" in r.text and "बहुत बड़ा" in r.text


def test_an_empty_form_asks_for_a_message(client: httpx.Client) -> None:
    r = client.post("/check", data={"content": "  ", "lang": "en"})
    assert r.status_code == 422 and "Paste a message or choose an .eml file first" in r.text


# ---------------------------------------------------------------------------
# Reports


def test_a_report_without_consent_stores_nothing(site: Site, client: httpx.Client) -> None:
    before = _cases(site)
    r = client.post("/report", data={"content": PHISH, "channel": "sms", "note": "did not pay"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Tick the consent box" in r.text and "Nothing was stored" in r.text
    assert _verdict(r.text) == "fraud"  # the result stays on screen beside the message
    assert _cases(site) == before


def test_a_report_with_consent_shows_the_case_reference(site: Site, client: httpx.Client) -> None:
    before = _cases(site)
    r = client.post("/report", data={"content": PHISH, "channel": "sms", "consent": "yes"})
    assert r.status_code == 303
    assert r.headers["location"].startswith("/case/FG-")
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    found = re.search(r'id="reference"[^>]*>([^<]+)<', page.text)
    assert found and REFERENCE.match(found.group(1))
    assert _cases(site) == before + 1


def test_a_case_is_shown_only_to_its_own_clinic(site: Site, client: httpx.Client) -> None:
    r = client.post("/report", data={"content": PHISH, "consent": "yes"})
    where = r.headers["location"]
    assert httpx.get(site.base + where).status_code == 401  # not signed in: the sign-in form
    other = Site(site.srv, site.srv.key("other", clinic="Other Clinic", role="clinic"), site.db)
    with _sign_in(other) as c:
        refused = c.get(where)
        assert refused.status_code == 404 and "This case was not found" in refused.text


# ---------------------------------------------------------------------------
# Cross-site posts, assets, content


@pytest.mark.parametrize("path", ["/check", "/report", "/login", "/logout"])
def test_a_cross_origin_post_is_refused(client: httpx.Client, path: str) -> None:
    r = client.post(
        path,
        data={"content": PHISH, "consent": "yes", "key": "x"},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "sent from another website" in r.text


def test_a_same_origin_post_is_accepted(site: Site, client: httpx.Client) -> None:
    r = client.post("/check", data={"content": SAFE}, headers={"Origin": site.base})
    assert r.status_code == 200


def test_nothing_is_loaded_from_outside_the_app(site: Site, client: httpx.Client) -> None:
    pages = [
        httpx.get(site.base + "/"),
        client.get("/"),
        client.post("/check", data={"content": PHISH}),
        client.post("/check", data={"content": PHISH, "lang": "hi"}),
    ]
    for page in pages:
        assert page.status_code == 200
        assert not EXTERNAL.search(page.text), EXTERNAL.search(page.text)
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert '<meta name="viewport"' in page.text
        assert "style=" not in page.text and "<style" not in page.text  # CSP: no inline CSS
    css = httpx.get(site.base + "/static/style.css")
    js = httpx.get(site.base + "/static/app.js")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert js.status_code == 200
    assert not EXTERNAL_CSS.search(css.text)
    assert "http" not in js.text and "fetch(" not in js.text


def test_every_ui_string_is_in_english_and_hindi() -> None:
    ui = pageview.ui_strings()

    def flat(tree: dict, prefix: str = "") -> dict[str, str]:
        out: dict[str, str] = {}
        for k, v in tree.items():
            out |= flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {prefix + k: v}
        return out

    en, hi = flat(ui["en"]), flat(ui["hi"])
    assert en.keys() == hi.keys()
    assert all(v.strip() for v in [*en.values(), *hi.values()])
    # Hindi is written in Devanagari (markers and channel brand names may stay as they are)
    latin_ok = {"lang_name", "channel.sms", "channel.whatsapp", "indicator.upi_ids"}
    missing = [
        k
        for k, v in hi.items()
        if not DEVANAGARI.search(v) and k not in latin_ok and not k.endswith(".marker")
    ]
    assert not missing
    for scam_type in ScamType:
        labels = ui["scam_type"][scam_type.value]
        assert labels["en"] and DEVANAGARI.search(labels["hi"])


def test_sign_in_attempts_are_rate_limited(
    tmp_path_factory: pytest.TempPathFactory, model_dir: Path
) -> None:
    for own in _serve(tmp_path_factory.mktemp("ratelimit"), model_dir):
        codes = [
            httpx.post(own.base + "/login", data={"key": "wrong"}).status_code for _ in range(11)
        ]
        assert codes[:10] == [401] * 10 and codes[10] == 429
        refused = httpx.post(own.base + "/login", data={"key": own.token})
        assert refused.status_code == 429 and "Too many sign-in attempts" in refused.text
        assert refused.headers["retry-after"].isdigit()


# ---------------------------------------------------------------------------
# The page's pure helpers


def test_evidence_is_marked_in_any_case_and_spacing() -> None:
    segments = pageview.highlight("Please SHARE the\nOTP now", ["share the OTP", "x"])
    assert [(s.text, s.marked) for s in segments] == [
        ("Please ", False),
        ("SHARE the\nOTP", True),
        (" now", False),
    ]
    overlapping = pageview.highlight("sbi-yono-kyc.xyz", ["kyc", "sbi-yono-kyc.xyz"])
    assert [(s.text, s.marked) for s in overlapping] == [("sbi-yono-kyc.xyz", True)]


@pytest.mark.parametrize(
    "raw", [b"Subject: hi\r\n\r\nplain ascii", "Subject: नमस्ते\n\nहिन्दी".encode(), b"\xff\xfe\x80"]
)
def test_an_email_survives_the_round_trip_through_hidden_fields(raw: bytes) -> None:
    encoding, chunks = pageview.pack_email(raw * 100_000)
    assert len(chunks) > 1 and all(len(c) <= pageview.CHUNK_CHARS for c in chunks)
    assert pageview.unpack_email(encoding, chunks) == raw * 100_000


@pytest.mark.parametrize(
    ("origin", "host", "ours"),
    [
        (None, "127.0.0.1:8000", True),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://evil.example", "127.0.0.1:8000", False),
        ("http://127.0.0.1:9999", "127.0.0.1:8000", False),
        ("null", "127.0.0.1:8000", False),
    ],
)
def test_same_origin(origin: str | None, host: str, ours: bool) -> None:
    assert pageview.same_origin(origin, host) is ours


@pytest.mark.parametrize(
    ("explicit", "cookie", "accept", "lang"),
    [
        ("hi", "en", None, "hi"),
        (None, "hi", "en-IN", "hi"),
        ("fr", None, "hi-IN,hi;q=0.9", "hi"),
        (None, None, "en-GB", "en"),
        (None, None, None, "en"),
    ],
)
def test_the_page_language(
    explicit: str | None, cookie: str | None, accept: str | None, lang: str
) -> None:
    assert pageview.pick_language(explicit, cookie, accept) == lang
