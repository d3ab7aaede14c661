"""The HTTP API on a real uvicorn server on loopback: verdicts, keys, roles, limits, errors."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.api.server import Server, cli, start

PHISH = (
    "Your SBI YONO account is blocked today. Update PAN now: http://sbi-yono-kyc.xyz/login "
    "and share the OTP with our officer."
)
SAFE = "Dr Sharma, your OPD slot tomorrow at 10:30 is confirmed. Please bring old reports."
BEC = (
    b"From: Accounts <accounts@medsupply-india.co>\r\n"
    b"Reply-To: payments.medsupply@gmail.com\r\n"
    b"To: admin@cityclinic.in\r\n"
    b"Subject: Updated bank details for all future payments\r\n"
    b"Authentication-Results: mx.cityclinic.in; spf=fail smtp.mailfrom=medsupply-india.co; "
    b"dkim=none; dmarc=fail\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
    b"--b1\r\nContent-Type: text/plain\r\n\r\n"
    b"Dear Sir, our bank account has changed. Please update the bank details for all future "
    b"payments and release the pending invoice of Rs 4,85,000 today to account 50200012345678, "
    b"IFSC HDFC0001234. Urgent.\r\n"
    b"--b1\r\nContent-Type: application/octet-stream\r\n"
    b'Content-Disposition: attachment; filename="invoice.pdf.exe"\r\n\r\nTVqQAAMAAAAEAAAA\r\n'
    b"--b1--\r\n"
)


def post(srv: Server, path: str, key: str = "clinic", **kw) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(srv.base + path, headers={**srv.auth(key), **kw.pop("headers", {})}, **kw)


# --- operations -----------------------------------------------------------------------------


def test_ready_with_the_shipped_model(server: Server) -> None:
    r = httpx.get(server.base + "/readyz")
    assert r.status_code == 200
    assert r.json()["model_version"].startswith("fg-")
    assert httpx.get(server.base + "/healthz").json() == {"status": "ok", "model_version": ""}


def test_openapi_and_docs_are_served(server: Server) -> None:
    spec = httpx.get(server.base + "/openapi.json").json()
    for path in ("/v1/analyze", "/v1/analyze/email", "/v1/analyze/batch", "/v1/cases"):
        assert path in spec["paths"]
    assert "message/rfc822" in spec["paths"]["/v1/analyze/email"]["post"]["requestBody"]["content"]
    assert httpx.get(server.base + "/docs").status_code == 200
    assert "and 5 items" in spec["info"]["description"]  # this server's limits, not defaults


def test_metrics_need_an_admin_and_count_verdicts(server: Server) -> None:
    post(server, "/v1/analyze", json={"channel": "sms", "content": PHISH})
    assert httpx.get(server.base + "/metrics").status_code == 401
    r = httpx.get(server.base + "/metrics", headers=server.auth("clinic"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = httpx.get(server.base + "/metrics", headers=server.auth("admin"))
    assert r.status_code == 200
    assert 'fraudguard_verdicts_total{channel="sms",scam_type=' in r.text
    assert 'fraudguard_requests_total{method="POST",route="/v1/analyze",status="200"}' in r.text
    assert "fraudguard_model_info{" in r.text
    assert "sbi-yono" not in r.text  # labels never carry content


# --- authentication and roles ---------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        {},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer fg_x_y"},
    ],
)
def test_no_valid_key_is_401(server: Server, header: dict[str, str]) -> None:
    r = httpx.post(server.base + "/v1/analyze", json={"content": PHISH}, headers=header)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_key_stops_working(server: Server) -> None:
    token = server.key("temp", clinic="City Clinic", role="clinic")
    assert post(server, "/v1/analyze", "temp", json={"content": SAFE}).status_code == 200
    prefix = token.split("_")[1]
    cli(server.env, "keys", "revoke", prefix)
    r = post(server, "/v1/analyze", "temp", json={"content": SAFE})
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_rate_limit_is_per_key_with_retry_after(server: Server) -> None:
    codes = [
        post(server, "/v1/analyze", "slow", json={"content": SAFE}).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 200]
    r = post(server, "/v1/analyze", "slow", json={"content": SAFE})
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    # another key of the same clinic is not affected
    assert post(server, "/v1/analyze", "clinic", json={"content": SAFE}).status_code == 200


# --- analysis -------------------------------------------------------------------------------


def test_analyze_sms(server: Server) -> None:
    r = post(server, "/v1/analyze", json={"channel": "sms", "content": PHISH})
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == "fraud" and body["id"].startswith("an_")
    assert body["model_version"].startswith("fg-")
    assert "sbi-yono-kyc.xyz" in body["indicators"]["domains"]
    assert any(x["code"] == "otp_request" and "OTP" in x["evidence"] for x in body["reasons"])
    g = body["guidance"]
    assert g["language"] == "en" and g["do_not"] and g["report_to"]
    assert "OTP" in " ".join(g["do_not"])
    draft = body["complaint"]
    assert "sbi-yono-kyc.xyz" in draft["text"] and draft["verdict"] == "fraud"


def test_safe_message_has_calm_guidance_and_no_complaint(server: Server) -> None:
    body = post(server, "/v1/analyze", json={"channel": "sms", "content": SAFE}).json()
    assert body["verdict"] == "safe"
    assert body["complaint"] is None
    assert body["guidance"]["headline"]


def test_analyze_in_hindi(server: Server) -> None:
    body = post(server, "/v1/analyze", json={"content": PHISH, "language": "hi"}).json()

    def devanagari(s: str) -> bool:
        return any("\u0900" <= c <= "\u097f" for c in s)

    assert devanagari(body["reasons"][0]["message"])
    assert devanagari(body["guidance"]["headline"]) and body["guidance"]["language"] == "hi"
    assert devanagari(body["complaint"]["text"])


def test_analyze_raw_email_from_the_corpus(server: Server, corpus_emails) -> None:  # type: ignore[no-untyped-def]
    raw = corpus_emails("nazario_phishing_2004_2005", n=1)[0]
    r = post(server, "/v1/analyze/email", content=raw, headers={"Content-Type": "message/rfc822"})
    assert r.status_code == 200
    body = r.json()
    assert body["channel"] == "email"
    assert body["verdict"] == "fraud" and body["scam_type"] == "credential_phishing"
    assert any(x["code"] == "link_text_mismatch" for x in body["reasons"])
    assert body["email"]["sender"]


def test_email_header_findings(server: Server) -> None:
    r = post(
        server,
        "/v1/analyze/email",
        content=BEC,
        headers={"Content-Type": "message/rfc822"},
        params={"language": "hi"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == "fraud"
    e = body["email"]
    assert e["sender"] == "accounts@medsupply-india.co"
    assert e["reply_to"] == "payments.medsupply@gmail.com"
    assert (e["spf"], e["dkim"], e["dmarc"]) == ("fail", "none", "fail")
    assert e["attachments"] == [
        {
            "filename": "invoice.pdf.exe",
            "content_type": "application/octet-stream",
            "size": e["attachments"][0]["size"],
            "dangerous": True,
        }
    ]
    assert "50200012345678" in body["indicators"]["bank_accounts"]
    assert "CERT-In" in body["guidance"]["report_to"][0]["name"] + str(body["guidance"])


def test_batch_keeps_order_and_reports_per_item_errors(server: Server) -> None:
    items = [
        {"id": "a", "channel": "sms", "content": PHISH},
        {"id": "b", "channel": "sms", "content": "x" * 20_001},
        {"id": "c", "channel": "url", "content": "https://www.onlinesbi.sbi/"},
    ]
    r = post(server, "/v1/analyze/batch", json={"items": items})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["id"] for x in results] == ["a", "b", "c"]
    assert results[0]["assessment"]["verdict"] == "fraud"
    assert results[1]["assessment"] is None and results[1]["error"]["code"] == "input_too_large"
    assert results[2]["assessment"]["channel"] == "url"


def test_batch_over_the_item_limit_is_413(server: Server) -> None:
    items = [{"content": SAFE}] * 6
    r = post(server, "/v1/analyze/batch", json={"items": items})
    assert r.status_code == 413
    assert "limit is 5" in r.json()["error"]["message"]


# --- bad input: a clear 4xx, never a 500 ----------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"channel": "sms"}, "content"),
        ({"channel": "fax", "content": "hi"}, "channel"),
        ({"content": ""}, "content"),
        ({"content": "hi", "language": "fr"}, "language"),
        ({"content": "hi", "colour": "red"}, "colour"),
        ([], "body"),
    ],
)
def test_invalid_fields_are_422_with_a_message(
    server: Server, payload: object, fragment: str
) -> None:
    r = post(server, "/v1/analyze", json=payload)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_input" and fragment in err["message"]


def test_whitespace_content_is_422(server: Server) -> None:
    r = post(server, "/v1/analyze", json={"content": "   \n "})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_input"


def test_too_long_text_is_413(server: Server) -> None:
    r = post(server, "/v1/analyze", json={"channel": "sms", "content": "a" * 20_001})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "input_too_large"


def test_json_body_over_the_limit_is_413_before_parsing(server: Server) -> None:
    body = b'{"content": "' + b"a" * (1024 * 1024) + b'"}'
    r = post(server, "/v1/analyze", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert "1048576" in r.json()["error"]["message"]


def test_email_over_the_limit_is_413(server: Server) -> None:
    raw = b"From: a@b.example\r\nSubject: big\r\n\r\n" + b"x" * 250_000
    r = post(server, "/v1/analyze/email", content=raw, headers={"Content-Type": "message/rfc822"})
    assert r.status_code == 413


def test_email_with_wrong_media_type_is_415(server: Server) -> None:
    r = post(
        server, "/v1/analyze/email", content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 415
    assert "message/rfc822" in r.json()["error"]["message"]


def test_not_json_is_422(server: Server) -> None:
    r = post(server, "/v1/analyze", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 422


def test_unknown_path_and_method_use_the_error_shape(server: Server) -> None:
    r = httpx.get(server.base + "/v1/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = httpx.get(server.base + "/v1/analyze")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


# --- cases ----------------------------------------------------------------------------------


def test_report_needs_consent_and_stores_nothing_without_it(server: Server) -> None:
    r = post(server, "/v1/cases", json={"content": PHISH, "consent": False})
    assert r.status_code == 422 and "consent" in r.json()["error"]["message"]


def test_report_then_read_back_with_clinic_isolation(server: Server) -> None:
    r = post(server, "/v1/cases", json={"content": PHISH, "consent": True, "note": "came at 9pm"})
    assert r.status_code == 201
    case = r.json()
    ref = case["reference"]
    assert case["verdict"] == "fraud" and case["clinic"] == "City Clinic"
    got = httpx.get(f"{server.base}/v1/cases/{ref}", headers=server.auth("clinic"))
    assert got.status_code == 200 and got.json()["note"] == "came at 9pm"
    # another clinic cannot see it (or learn that it exists); the cyber cell can
    other = httpx.get(f"{server.base}/v1/cases/{ref}", headers=server.auth("other"))
    assert other.status_code == 404
    assert (
        httpx.get(f"{server.base}/v1/cases/{ref}", headers=server.auth("reviewer")).status_code
        == 200
    )


# --- separate servers -----------------------------------------------------------------------


def test_scan_time_limit_per_item_is_422(model_dir: Path, tmp_path: Path) -> None:
    srv = start(tmp_path, model_dir, FRAUDGUARD_API_SCAN_SECONDS="0.000001")
    try:
        srv.key("k", clinic="City Clinic", role="clinic")
        r = post(srv, "/v1/analyze", "k", json={"content": PHISH})
        assert r.status_code == 422 and r.json()["error"]["code"] == "scan_timeout"
        assert "scan limit" in r.json()["error"]["message"]
    finally:
        srv.stop()


def test_broken_model_keeps_health_but_not_readiness(tmp_path: Path) -> None:
    srv = start(tmp_path, tmp_path, probe="/healthz")
    try:
        srv.key("k", clinic="City Clinic", role="clinic")
        r = httpx.get(srv.base + "/readyz")
        assert r.status_code == 503
        assert "manifest" in r.json()["error"]["message"]
        r = post(srv, "/v1/analyze", "k", json={"content": PHISH})
        assert r.status_code == 503
    finally:
        srv.stop()


def test_two_workers_share_the_database_and_the_metrics(model_dir: Path, tmp_path: Path) -> None:
    srv = start(tmp_path, model_dir, workers=2)
    try:
        srv.key("k", clinic="City Clinic", role="clinic", rate=1000)
        srv.key("admin", clinic="Cell", role="admin")
        with httpx.Client() as c:  # new connections spread over both workers
            for _ in range(20):
                r = c.post(
                    srv.base + "/v1/analyze",
                    json={"content": SAFE},
                    headers={**srv.auth("k"), "Connection": "close"},
                )
                assert r.status_code == 200
        text = httpx.get(srv.base + "/metrics", headers=srv.auth("admin")).text
        line = next(
            x for x in text.splitlines()
            if x.startswith('fraudguard_requests_total{method="POST",route="/v1/analyze"')
        )  # fmt: skip
        assert float(line.rsplit(" ", 1)[1]) == 20.0  # every worker's count, added up
    finally:
        srv.stop()
