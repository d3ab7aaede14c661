"""mbox and Maildir readers on real files written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from fraudguard.ingest.email import parse_email
from fraudguard.ingest.mailbox import is_maildir, is_mbox, iter_maildir, iter_mbox

FIRST = b"""From: SBI <alerts@sbi-kyc.top>
To: reception@clinic.in
Subject: KYC pending

Update your KYC at http://sbi-kyc.top today.
"""

SECOND = b"""From: Dr. Mehta <mehta@mehtaclinic.in>
To: reception@clinic.in
Subject: Patient referral

Please see the patient I referred on Monday.

>From the desk of Dr. Mehta: the reports follow by courier.
Regards
"""

THIRD = b"""From: courier@bluedart-parcel.xyz
To: reception@clinic.in
Subject: Parcel held at customs

Pay Rs 1,999 customs duty to release your parcel.
"""


def _write_mbox(path: Path, *messages: bytes) -> Path:
    envelopes = [
        b"From alerts@sbi-kyc.top Mon Mar  3 09:00:00 2025\n",
        b"From mehta@mehtaclinic.in Mon Mar  3 10:00:00 2025\n",
        b"From MAILER-DAEMON Tue Mar  4 11:30:00 2025\n",
    ]
    path.write_bytes(b"\n".join(env + msg for env, msg in zip(envelopes, messages, strict=True)))
    return path


def test_mbox_yields_each_message_without_its_envelope_in_order(tmp_path):
    mbox = _write_mbox(tmp_path / "inbox.mbox", FIRST, SECOND, THIRD)
    assert is_mbox(mbox)
    messages = list(iter_mbox(mbox))
    assert messages == [FIRST, SECOND, THIRD]
    # the quoted ">From " body line neither split the message nor was changed
    assert b"\n>From the desk of Dr. Mehta" in messages[1]
    subjects = [parse_email(m).email.subject for m in messages]
    assert subjects == ["KYC pending", "Patient referral", "Parcel held at customs"]


def test_mbox_with_crlf_line_ends(tmp_path):
    crlf = [m.replace(b"\n", b"\r\n") for m in (FIRST, SECOND, THIRD)]
    path = tmp_path / "crlf.mbox"
    path.write_bytes(b"\r\n".join(b"From x@y.in Mon Mar  3 09:00:00 2025\r\n" + m for m in crlf))
    assert list(iter_mbox(path)) == crlf


def test_from_inside_a_paragraph_does_not_start_a_message(tmp_path):
    body = b"Subject: note\n\nLine one\nFrom here on, pay by UPI only.\n"
    path = tmp_path / "one.mbox"
    path.write_bytes(b"From a@b.in Mon Mar  3 09:00:00 2025\n" + body)
    assert list(iter_mbox(path)) == [body]


def test_empty_mbox_yields_nothing(tmp_path):
    path = tmp_path / "empty.mbox"
    path.write_bytes(b"")
    assert list(iter_mbox(path)) == []
    assert not is_mbox(path)


@pytest.mark.parametrize("content", [b"Subject: not an mbox\n\nhello\n", b"\x89PNG\r\n"])
def test_other_files_are_not_mbox(tmp_path, content):
    path = tmp_path / "file.eml"
    path.write_bytes(content)
    assert not is_mbox(path)
    assert not is_mbox(tmp_path)  # a directory
    assert not is_mbox(tmp_path / "missing")


def _write_maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    (root / "cur" / "1741000001.M1P100.clinic-pc:2,S").write_bytes(SECOND)
    (root / "new" / "1741000000.M1P99.clinic-pc").write_bytes(FIRST)
    (root / "cur" / "1741000002.M1P101.clinic-pc:2,").write_bytes(THIRD)
    (root / "tmp" / "1741000003.M1P102.clinic-pc").write_bytes(b"Subject: half-delivered\n\n")
    (root / "new" / ".hidden").write_bytes(b"not a message")
    return root


def test_maildir_yields_cur_and_new_messages_sorted_by_name(tmp_path):
    maildir = _write_maildir(tmp_path / "Maildir")
    assert is_maildir(maildir)
    found = list(iter_maildir(maildir))
    assert found == [
        ("1741000000.M1P99.clinic-pc", FIRST),
        ("1741000001.M1P100.clinic-pc", SECOND),
        ("1741000002.M1P101.clinic-pc", THIRD),
    ]


def test_is_maildir_needs_cur_and_new(tmp_path):
    (tmp_path / "cur").mkdir()
    assert not is_maildir(tmp_path)
    (tmp_path / "new").mkdir()
    assert is_maildir(tmp_path)  # tmp/ is optional
    assert not is_maildir(tmp_path / "cur" / "missing")


@pytest.mark.parametrize(
    ("corpus", "label"),
    [("spamassassin", "ham"), ("spamassassin", "spam"), ("nazario_phishing_2004_2005", "phishing")],
)
def test_real_corpus_messages_round_trip_through_an_mbox(tmp_path, corpus_emails, corpus, label):
    raws = corpus_emails(corpus, 5, label)
    originals = [parse_email(raw) for raw in raws]
    path = tmp_path / "corpus.mbox"
    with path.open("wb") as fh:
        for raw in raws:
            if not raw.startswith(b"From "):  # the corpus keeps the original envelope line
                fh.write(b"From corpus@example.invalid Thu Jan  1 00:00:00 2004\n")
            fh.write(raw if raw.endswith(b"\n") else raw + b"\n")
            fh.write(b"\n")
    assert is_mbox(path)
    messages = list(iter_mbox(path))
    assert len(messages) == len(raws)
    for original, message in zip(originals, messages, strict=True):
        doc = parse_email(message)
        assert doc.email is not None and original.email is not None
        assert doc.email.subject == original.email.subject
        assert doc.email.from_address == original.email.from_address
        assert doc.text.strip() == original.text.strip()
