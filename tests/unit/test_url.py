"""URL splitting without fetching anything: hosts, tricks, suffixes, UPI payment links."""

from __future__ import annotations

import pytest

from fraudguard.ingest.url import UrlParts, parse_url, upi_params, url_parts
from fraudguard.schemas import Channel, Language


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "sbi-kyc.in.net/login",
            {"scheme": "http", "host": "sbi-kyc.in.net", "path": "/login", "userinfo": False},
            id="scheme-less",
        ),
        pytest.param(
            "example.com:8080/x?a=1",
            {"host": "example.com", "port": 8080, "path": "/x", "query": "a=1"},
            id="scheme-less-with-port",
        ),
        pytest.param(
            "HTTPS://WWW.SBI.CO.IN/Retail",
            {"scheme": "https", "host": "www.sbi.co.in", "path": "/Retail", "subdomain": "www"},
            id="upper-case-host-lowered-path-kept",
        ),
        pytest.param(
            "https://www.sbi.co.in@evil.example/login",
            {"host": "evil.example", "userinfo": True, "path": "/login"},
            id="userinfo-trick",
        ),
        pytest.param(
            "https://user:pass@evil.example:8443/",
            {"host": "evil.example", "port": 8443, "userinfo": True},
            id="userinfo-with-password-and-port",
        ),
        pytest.param(
            "https://evil.example\\@www.sbi.co.in/login",
            {"host": "evil.example", "userinfo": False},
            id="backslash-trick-goes-to-first-host",
        ),
        pytest.param(
            "//evil.example/a", {"host": "evil.example", "path": "/a"}, id="protocol-relative"
        ),
        pytest.param(
            "ftp://files.example.org/a", {"scheme": "ftp", "host": "files.example.org"}, id="ftp"
        ),
        pytest.param(
            "https://www.sbi.co.in./", {"host": "www.sbi.co.in", "domain": "sbi"}, id="root-dot"
        ),
        pytest.param(
            "https://example.com:99999/", {"host": "example.com", "port": None}, id="bad-port"
        ),
        pytest.param(
            "http://localhost:3000",
            {"host": "localhost", "suffix": "", "port": 3000},
            id="no-public-suffix",
        ),
    ],
)
def test_url_parts(url: str, expected: dict[str, object]) -> None:
    parts = url_parts(url)
    assert {k: getattr(parts, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("url", "host"),
    [
        pytest.param("http://192.168.10.5/kyc/login.php", "192.168.10.5", id="ipv4"),
        pytest.param("http://[2001:db8::1]:8080/x", "2001:db8::1", id="ipv6"),
        pytest.param("http://3232235777/", "3232235777", id="decimal-integer"),
        pytest.param("http://0xC0A80101/", "0xc0a80101", id="hex-integer"),
        pytest.param("http://192.168.257/", "192.168.257", id="three-part-dotted"),
        pytest.param("http://0300.0250.1.1/", "0300.0250.1.1", id="octal-dotted"),
    ],
)
def test_ip_hosts(url: str, host: str) -> None:
    parts = url_parts(url)
    assert parts.is_ip
    assert parts.host == host
    assert (parts.domain, parts.suffix) == ("", "")
    assert parts.registered_domain == host


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://0x/", id="bare-0x"),
        pytest.param("https://v1.2.example/", id="digits-in-a-name"),
        pytest.param("https://123.example.com/", id="numeric-label-in-a-name"),
    ],
)
def test_names_are_not_ips(url: str) -> None:
    assert not url_parts(url).is_ip


@pytest.mark.parametrize(
    ("url", "host"),
    [
        pytest.param("https://xn--sb-bmc.com/", "xn--sb-bmc.com", id="punycode-stays"),
        pytest.param("https://ѕbi.com/login", "xn--bi-doc.com", id="cyrillic-becomes-punycode"),
        pytest.param("https://ЅBI.com/", "xn--bi-doc.com", id="upper-cyrillic"),
        pytest.param("https://पंजाब.भारत/", "xn--i1b6cwbk3g.xn--h2brj9c", id="devanagari-idn"),
        pytest.param("https://ex\u200bample.com", "example.com", id="zero-width-dropped"),
    ],
)
def test_international_hosts_are_punycode(url: str, host: str) -> None:
    assert url_parts(url).host == host


@pytest.mark.parametrize(
    ("url", "registered", "suffix"),
    [
        pytest.param("https://abc.co.in/x", "abc.co.in", "co.in", id="co-in"),
        pytest.param("https://www.nmc.org.in/", "nmc.org.in", "org.in", id="org-in"),
        pytest.param("https://a.b.uidai.gov.in", "uidai.gov.in", "gov.in", id="gov-in"),
        pytest.param("https://x.y.nic.in", "y.nic.in", "nic.in", id="nic-in"),
        pytest.param("sbi-kyc.in.net", "sbi-kyc.in.net", "in.net", id="in-net"),
        pytest.param("https://a.b.sbi-kyc.in.net/", "sbi-kyc.in.net", "in.net", id="in-net-deep"),
        pytest.param("https://hdfc-secure.co.com/", "hdfc-secure.co.com", "co.com", id="co-com"),
        pytest.param("https://retail.onlinesbi.sbi", "onlinesbi.sbi", "sbi", id="brand-tld"),
        pytest.param("https://a.example.co.uk/", "example.co.uk", "co.uk", id="co-uk"),
        pytest.param(
            "https://sbi.co.in.verify-kyc.top/", "verify-kyc.top", "top", id="brand-as-subdomain"
        ),
    ],
)
def test_registered_domain(url: str, registered: str, suffix: str) -> None:
    parts = url_parts(url)
    assert parts.registered_domain == registered
    assert parts.suffix == suffix


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "http://",
        "https://[::1",
        "::::",
        "http://%%%/",
        "\x00\x01",
        "https://exa mple.com",
        "javascript:alert(1)",
        "mailto:help@clinic.example",
        "https://" + "a" * 300 + ".com",
        "x" * 5000,
        "http://a@b@c.example/",
        "https://[zz::]/",
        "https://\udcff.example/",
        "https://-a-.com",
        "upi://",
        "http://xn--/",
        "https://xn--a.com/",
    ],
    ids=lambda u: repr(u[:30]),
)
def test_garbage_never_raises(url: str) -> None:
    parts = url_parts(url)
    assert isinstance(parts, UrlParts)
    assert isinstance(parts.registered_domain, str)


def test_upi_params_are_decoded() -> None:
    url = (
        "upi://pay?pa=drmehta.clinic@okhdfcbank&pn=Dr%20Mehta%20Clinic&am=500.00&cu=INR"
        "&tn=Consult+fee"
    )
    assert upi_params(url) == {
        "pa": "drmehta.clinic@okhdfcbank",
        "pn": "Dr Mehta Clinic",
        "am": "500.00",
        "cu": "INR",
        "tn": "Consult fee",
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("UPI://PAY?PA=refund.desk@ybl&AM=1", {"pa": "refund.desk@ybl", "am": "1"}),
        pytest.param("upi://pay?pn=%E0%A4%A1%E0%A5%89", {"pn": "डॉ"}, id="utf8-name"),
        pytest.param("upi://pay?pn=100%2541", {"pn": "100%41"}, id="decoded-once"),
        pytest.param("upi://pay?pa=a@ybl&am=10#x", {"pa": "a@ybl", "am": "10"}, id="fragment"),
        pytest.param("upi://pay?pn=a%ZZ&am=%", {"pn": "a%ZZ", "am": "%"}, id="bad-escapes"),
        pytest.param("upi://pay", {}, id="no-query"),
        pytest.param("https://example.com/?pa=x@ybl", {}, id="not-upi"),
    ],
)
def test_upi_params(url: str, expected: dict[str, str]) -> None:
    assert upi_params(url) == expected


def test_parse_url_single_link() -> None:
    doc = parse_url("  https://sbi-kyc.in.net/login  ")
    assert doc.channel is Channel.URL
    assert [link.url for link in doc.links] == ["https://sbi-kyc.in.net/login"]
    assert doc.language is Language.EN


def test_parse_url_refangs() -> None:
    doc = parse_url("check this hxxps://evil[.]com/x")
    assert [link.url for link in doc.links] == ["https://evil.com/x"]
    assert "defanged" in doc.flags


def test_parse_url_keeps_an_unrecognised_token_as_the_link() -> None:
    # the user said it is a link: an odd suffix or an internal host is still checked as one
    doc = parse_url("intranet-login.corp")
    assert [link.url for link in doc.links] == ["intranet-login.corp"]


def test_parse_url_upi() -> None:
    doc = parse_url("upi://pay?pa=refund.desk@ybl&am=4999")
    assert [link.url for link in doc.links] == ["upi://pay?pa=refund.desk@ybl&am=4999"]
