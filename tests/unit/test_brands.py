"""Protected brands: which hosts are the real thing, which imitate them, and display names."""

from __future__ import annotations

import pytest

from fraudguard.brands import brand_book, brand_named_in, impersonated_brand, is_official
from fraudguard.ingest.url import url_parts


def _impersonation(host: str) -> tuple[str, str] | None:
    hit = impersonated_brand(url_parts(host))
    return (hit[0].name, hit[1]) if hit else None


@pytest.mark.parametrize(
    "url",
    [
        "https://sbi-kyc.github.io/login",
        "https://docs.google.com/forms/d/e/1FAIpQLSe/viewform",
        "https://bucket.s3.amazonaws.com/index.html",
        "https://contoso.sharepoint.com/sites/x",
        "https://ipfs.io/ipfs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
    ],
)
def test_pages_anyone_publishes_are_never_official(url: str) -> None:
    assert not is_official(url_parts(url))


@pytest.mark.parametrize(
    "host",
    [
        "onlinesbi.sbi",
        "retail.onlinesbi.sbi",
        "yono.sbi",  # any host on SBI's own top-level domain
        "sbi.co.in",
        "www.sbi.co.in",
        "sbi.bank.in",
        "hdfcbank.com",
        "netbanking.hdfcbank.com",
        "icicibank.com",
        "nmc.org.in",
        "www.nmc.org.in",
        "rbi.org.in",
        "kesco.co.in",
        "uppclonline.com",
        "pmjay.gov.in",
        "anything.gov.in",
        "mohfw.gov.in",
        "x.nic.in",
        "a.b.nic.in",
        "aiims.ac.in",
        "amazonaws.com",
        "wa.me",
        "sbilife.co.in",
        "icicilombard.com",
        "kotaksecurities.com",
    ],
)
def test_official_hosts(host: str) -> None:
    parts = url_parts(host)
    assert is_official(parts)
    assert impersonated_brand(parts) is None


@pytest.mark.parametrize(
    "host",
    [
        "sbi-kyc-update.in.net",
        "gov.in.evil.example",
        "evil-gov.in",
        "onlinesbi.sbi.evil.example",
        "hdfcbank.com.evil.top",
        "sbi.co.in.verify-kyc.top",
        "hdfcbank.co",
        "192.168.1.1",
        "3232235777",
        "localhost",
        "",
    ],
)
def test_unofficial_hosts(host: str) -> None:
    assert not is_official(url_parts(host))


@pytest.mark.parametrize(
    ("host", "brand"),
    [
        pytest.param("hdfcbamk.com", "HDFC Bank", id="one-letter-typo"),
        pytest.param("icicibnak.com", "ICICI Bank", id="swapped-letters"),
        pytest.param("iciclbank.com", "ICICI Bank", id="l-for-i"),
        pytest.param("paytrn.com", "Paytm", id="rn-for-m"),
        pytest.param("paypa1.com", "PayPal", id="one-for-l"),
        pytest.param("phonpe.com", "PhonePe", id="missing-letter"),
        pytest.param("hdfcbank.co", "HDFC Bank", id="same-label-other-suffix"),
        pytest.param("yesbank.co", "Yes Bank", id="yesbank-co"),
        pytest.param("bankofbarodaa.in", "Bank of Baroda", id="doubled-letter"),
        pytest.param("digi-locker.in", "DigiLocker", id="hyphen-inserted"),
    ],
)
def test_lookalike_domains(host: str, brand: str) -> None:
    assert _impersonation(host) == (brand, "lookalike")


@pytest.mark.parametrize(
    ("host", "brand"),
    [
        pytest.param("sbi-kyc-update.in.net", "State Bank of India", id="sbi-kyc-in-net"),
        pytest.param("nmc-registration.in.net", "National Medical Commission", id="nmc"),
        pytest.param("secure-hdfc.xyz", "HDFC Bank", id="secure-hdfc"),
        pytest.param("yono-sbi.app", "State Bank of India", id="yono"),
        pytest.param("sbi.co.in.verify-kyc.top", "State Bank of India", id="brand-in-subdomain"),
        pytest.param("ѕbi.com", "State Bank of India", id="cyrillic-s"),
        pytest.param("xn--bi-doc.com", "State Bank of India", id="punycode"),
        pytest.param("uidai-update.in", "UIDAI (Aadhaar)", id="uidai"),
        pytest.param("aadhaar-kyc.co.in", "UIDAI (Aadhaar)", id="aadhaar"),
        pytest.param("incometax-refund.in", "Income Tax Department", id="income-tax"),
        pytest.param("kescobill-update.com", "KESCO Kanpur", id="discom"),
        pytest.param("fedex-india-customs.com", "FedEx", id="courier"),
        pytest.param("statebankofindia-kyc.top", "State Bank of India", id="full-name"),
    ],
)
def test_brand_keyword_in_unofficial_host(host: str, brand: str) -> None:
    assert _impersonation(host) == (brand, "keyword")


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("sbilogistics.com", id="sbi-inside-a-longer-word"),
        pytest.param("lovely.com", id="contains-live-like-letters"),
        pytest.param("mybank.com", id="generic-bank"),
        pytest.param("amazonaws.com", id="amazon-cloud"),
        pytest.param("kesco.co.in", id="real-discom"),
        pytest.param("trainman.com", id="contains-trai"),
        pytest.param("jiomart.com", id="contains-jio"),
        pytest.param("rbiindia.org", id="contains-rbi"),
        pytest.param("kodak.com", id="one-letter-from-kotak-but-short"),
        pytest.param("sunriseclinic.in", id="a-clinic"),
        pytest.param("paytn.com", id="short-label-one-typo"),
    ],
)
def test_honest_domains_are_not_impersonation(host: str) -> None:
    assert _impersonation(host) is None


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("SBI Alerts", "State Bank of India"),
        ("State Bank of India", "State Bank of India"),
        ("State Bank", "State Bank of India"),
        ("S B I Customer Care", "State Bank of India"),
        ("ЅВI", "State Bank of India"),
        ("HDFC Bank Ltd", "HDFC Bank"),
        ("Punjab National Bank", "Punjab National Bank"),
        ("Income Tax Department", "Income Tax Department"),
        ("National Medical Commission", "National Medical Commission"),
        ("NMC India", "National Medical Commission"),
        ("Reserve Bank of India", "Reserve Bank of India"),
        ("Kotak", "Kotak Mahindra Bank"),
        ("Kotak Bank Alerts", "Kotak Mahindra Bank"),
        ("BHIM UPI", "NPCI / BHIM UPI"),
        ("CBI Mumbai", "CBI"),
        ("Blue Dart Express", "Blue Dart"),
    ],
)
def test_brand_named_in(text: str, brand: str) -> None:
    found = brand_named_in(text)
    assert found is not None and found.name == brand


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Anita",
        "Dr. Anita Rao (Radiology)",
        "Dr. Priya Kotak",
        "Bhim Rao Clinic",
        "Sunrise Clinic Reception",
        "Customer Care",
        "Trainee Doctor",
        "",
        "   ",
    ],
)
def test_no_brand_named(text: str) -> None:
    assert brand_named_in(text) is None


def test_brand_book_entries_are_complete() -> None:
    book = brand_book()
    assert book.brands
    for brand in book.brands:
        assert brand.keywords and brand.domains, brand.name
        assert all(k == k.lower() for k in brand.keywords), brand.name
        for domain in brand.domains:
            assert is_official(url_parts(domain)), domain
    for domain in book.shorteners | book.freemail:
        assert domain == domain.lower() and "." in domain
