"""Signals: each detector fires on the scam pattern it names, in English, Hindi and Hinglish, and
stays quiet on the everyday messages a clinic receives. All names, numbers and IDs are invented."""

from __future__ import annotations

import pytest

from fraudguard import signals
from fraudguard.ingest.text import parse_text
from fraudguard.schemas import Attachment, Channel, Document, EmailHeaders, Link
from fraudguard.signals import DETECTORS, SIGNAL_CODES, Signal, context, detect

_BY_NAME = {d.__name__: d for d in DETECTORS}

# Detectors whose evidence is not a span of the text (a header, a host, a file name, a summary).
_NOT_TEXT_EVIDENCE = {
    "hidden_characters",
    "lookalike_domain",
    "brand_in_unofficial_domain",
    "official_links_only",
    "shortened_link",
    "ip_address_link",
    "punycode_link",
    "risky_tld",
    "credentials_in_url",
    "upi_payment_link",
    "link_text_mismatch",
    "reply_to_mismatch",
    "sender_impersonation",
    "freemail_authority",
    "auth_failed",
    "dangerous_attachment",
    "archive_attachment",
}


def _run(name: str, doc: Document) -> Signal | None:
    sig = _BY_NAME[name](context(doc))
    if sig is not None:
        assert sig.code == name
        assert 0.0 < sig.strength <= 1.0
        assert sig.evidence
        if name not in _NOT_TEXT_EVIDENCE:
            # the UI highlights the evidence in the message, so it must be a span of it
            assert sig.evidence in doc.text, (sig.evidence, doc.text)
    return sig


def _sms(text: str) -> Document:
    return parse_text(text, Channel.SMS)


def _email(
    headers: EmailHeaders | None = None,
    *,
    text: str = "Dear Doctor, please find the details below.",
    links: list[Link] | None = None,
    attachments: list[str] | None = None,
) -> Document:
    return Document(
        channel=Channel.EMAIL,
        text=text,
        links=links or [],
        email=headers or EmailHeaders(),
        attachments=[
            Attachment(filename=f, content_type="application/octet-stream", size=1024)
            for f in attachments or []
        ],
    )


def test_signal_codes_are_pinned() -> None:
    # the trained model's feature columns follow this order; changing it needs a retrain
    assert SIGNAL_CODES == (
        "otp_request",
        "otp_code_received",
        "remote_access_app",
        "urgency_threat",
        "authority_named",
        "payment_request",
        "refund_mistake",
        "receive_needs_pin",
        "secrecy_demand",
        "video_call_demand",
        "changed_bank_details",
        "prize_lottery",
        "job_task_offer",
        "parcel_customs",
        "kyc_update",
        "sexual_threat",
        "utility_bill",
        "hidden_characters",
        "lookalike_letters",
        "lookalike_domain",
        "brand_in_unofficial_domain",
        "gov_name_in_unofficial_domain",
        "user_published_link",
        "official_links_only",
        "shortened_link",
        "ip_address_link",
        "punycode_link",
        "risky_tld",
        "executable_link",
        "credentials_in_url",
        "upi_payment_link",
        "link_text_mismatch",
        "reply_to_mismatch",
        "sender_impersonation",
        "freemail_authority",
        "auth_failed",
        "dangerous_attachment",
        "archive_attachment",
    )
    assert set(signals.CONTEXT_ONLY) <= set(SIGNAL_CODES)


# ---------------------------------------------------------------------------
# Text signals: (detector, message) that must fire


FIRES = [
    # otp_code_received: a one-time code sent to the reader (context for the advice)
    ("otp_code_received", "482913 is your OTP for Rs 2,500 at Apollo Pharmacy. -SBI", "en-code"),
    ("otp_code_received", "आपका OTP 482913 है। किसी से साझा न करें।", "hindi-code"),
    ("otp_code_received", "Aapka OTP 5521 hai, kisi ko mat batana", "hinglish-code"),
    # receive_needs_pin: a PIN, approval or scan to RECEIVE money
    (
        "receive_needs_pin",
        "Approve the request to RECEIVE your refund of Rs 4,999. UPI PIN required.",
        "en-approve-to-receive",
    ),
    ("receive_needs_pin", "Scan this QR to get your cashback of Rs 500", "en-scan-to-get"),
    ("receive_needs_pin", "रिफंड प्राप्त करने के लिए अपना UPI पिन डालें", "hindi-pin-to-receive"),
    (
        "receive_needs_pin",
        "payment receive karne ke liye PIN daal dena sir",
        "hinglish-pin-to-receive",
    ),
    # otp_request
    ("otp_request", "Please share the OTP you received to complete verification.", "en-share"),
    ("otp_request", "Sir, kindly send me the OTP that came on your mobile", "en-send-me"),
    ("otp_request", "Please tell me the 6 digit code you just got on SMS", "en-6-digit-code"),
    ("otp_request", "Enter your UPI PIN to receive Rs 5000 from the Army canteen", "en-upi-pin"),
    ("otp_request", "Do not share your card details. Tell us your CVV to verify.", "en-2-clauses"),
    ("otp_request", "Bank never asks for PIN; please share OTP to cancel the txn", "en-after-semi"),
    ("otp_request", "What is the OTP you got just now, doctor?", "en-what-is-otp"),
    ("otp_request", "OTP batao sir jaldi", "hinglish-batao"),
    ("otp_request", "Jaldi karo nahi to account block, OTP batao", "hinglish-nahi-to"),
    ("otp_request", "नहीं तो खाता बंद, ओटीपी बताइए", "hindi-nahi-to"),
    ("otp_request", "Doctor sahab OTP share kijiye please", "hinglish-share-kijiye"),
    ("otp_request", "bas jo request aayegi usme apna PIN daal dena", "hinglish-daal-dena"),
    (
        "otp_request",
        "Sir, aapke mobile pe jo 6 digit code aaya hai wo bata dijiye",
        "hinglish-code",
    ),
    ("otp_request", "आपके फ़ोन पर आया OTP बताइए, तभी रिफंड होगा", "hindi-otp-bataiye"),
    ("otp_request", "ओटीपी भेजें अभी", "hindi-otp-bhejen"),
    ("otp_request", "कृपया अपना पिन दर्ज करें", "hindi-pin-darj"),
    # remote_access_app
    ("remote_access_app", "Please install AnyDesk and read me the 9 digit number", "en-anydesk"),
    ("remote_access_app", "Download Team Viewer QuickSupport so I can fix it", "en-teamviewer"),
    ("remote_access_app", "Please share your screen so I can guide you", "en-share-screen"),
    ("remote_access_app", "Sir TeamViewer download karo, main help karunga", "hinglish"),
    ("remote_access_app", "कृपया एनीडेस्क डाउनलोड करें", "hindi"),
    # urgency_threat
    ("urgency_threat", "Your SBI account will be blocked today. Update KYC now", "en-blocked"),
    ("urgency_threat", "A non-bailable arrest warrant is issued in your name", "en-warrant"),
    ("urgency_threat", "Your NMC registration will be suspended within 24 hours", "en-suspended"),
    ("urgency_threat", "Your a/c blocked. Update PAN", "en-ac-blocked"),
    ("urgency_threat", "Your mobile number has been temporarily suspended", "en-has-been"),
    ("urgency_threat", "Update your KYC immediately to avoid suspension", "en-immediately"),
    ("urgency_threat", "Final notice: clear dues by tonight", "en-final-notice"),
    ("urgency_threat", "Aapka account band ho jayega, turant KYC update karein", "hinglish-band"),
    ("urgency_threat", "Aapki bijli aaj raat 9:30 baje kat jayegi", "hinglish-kat"),
    ("urgency_threat", "आपका खाता ब्लॉक कर दिया जाएगा", "hindi-block"),
    ("urgency_threat", "आपके खिलाफ गिरफ्तारी वारंट जारी हुआ है", "hindi-warrant"),
    # authority_named
    ("authority_named", "This is Inspector Rathore from Mumbai Police crime branch", "en-police"),
    ("authority_named", "I am calling from TRAI about your number", "en-trai"),
    ("authority_named", "Notice from the National Medical Commission", "en-nmc"),
    ("authority_named", "Your case is listed before the Hon'ble Judge tomorrow", "en-judge"),
    ("authority_named", "Main CBI officer bol raha hoon", "hinglish-cbi"),
    ("authority_named", "मैं सीबीआई से बोल रहा हूँ", "hindi-cbi"),
    ("authority_named", "साइबर क्राइम विभाग से कॉल है", "hindi-cyber-crime"),
    # payment_request
    ("payment_request", "Sir please pay Rs 10 registration fee to confirm", "en-pay-rs"),
    ("payment_request", "Transfer ₹49,999 to the RBI verification account", "en-transfer"),
    ("payment_request", "Send 5000 rupees for customs clearance", "en-send-rupees"),
    ("payment_request", "Accept the collect request of Rs 1 to receive payment", "en-collect"),
    ("payment_request", "Scan this QR to receive the money sir", "en-scan-qr"),
    ("payment_request", "Pay the clearance fee to release your parcel", "en-clearance-fee"),
    ("payment_request", "Paise abhi transfer karo warna case ho jayega", "hinglish-paise"),
    ("payment_request", "Sir 10 rupaye ki fees bhej do", "hinglish-fees"),
    ("payment_request", "कृपया 5000 रुपये का भुगतान तुरंत करें", "hindi-bhugtan"),
    ("payment_request", "यह क्यूआर स्कैन करें और पैसे पाएं", "hindi-qr"),
    # refund_mistake
    ("refund_mistake", "I sent it to the wrong number, please refund it", "en-wrong"),
    ("refund_mistake", "Rs 5000 was credited to you by mistake", "en-by-mistake"),
    ("refund_mistake", "Sir ₹5000 galti se aapke account me aa gaye", "hinglish-galti"),
    ("refund_mistake", "please paise wapas kar dijiye", "hinglish-wapas"),
    ("refund_mistake", "मैंने गलती से आपके खाते में 5000 रुपये भेज दिए", "hindi-galti"),
    # secrecy_demand
    ("secrecy_demand", "Do not tell anyone, this is a matter of national security", "en-tell"),
    ("secrecy_demand", "Keep this confidential, not even your family", "en-confidential"),
    ("secrecy_demand", "Never discuss this matter with your family or colleagues", "en-discuss"),
    ("secrecy_demand", "Kisi ko mat batana, ye secret investigation hai", "hinglish"),
    ("secrecy_demand", "यह गोपनीय जांच है, किसी को न बताएं", "hindi"),
    # video_call_demand
    ("video_call_demand", "Stay on the video call till the investigation is over", "en-stay"),
    ("video_call_demand", "Join the Skype call with the officer now", "en-skype"),
    ("video_call_demand", "Keep your camera on at all times", "en-camera"),
    ("video_call_demand", "Video call pe raho, phone mat kaatna", "hinglish"),
    ("video_call_demand", "वीडियो कॉल पर बने रहें", "hindi"),
    # changed_bank_details
    ("changed_bank_details", "Our bank details have been changed, see letterhead", "en-changed"),
    ("changed_bank_details", "Kindly remit the invoice amount to our new account", "en-remit-new"),
    ("changed_bank_details", "Please note the updated bank details for payment", "en-updated"),
    ("changed_bank_details", "Sir hamara naya account hai, isme payment kijiye", "hinglish"),
    ("changed_bank_details", "कृपया नए खाते में भुगतान करें", "hindi"),
    # prize_lottery
    ("prize_lottery", "Congratulations! You have won Rs 25,00,000 in KBC lucky draw", "en"),
    ("prize_lottery", "You are selected as the lucky winner of our bumper draw", "en-winner"),
    ("prize_lottery", "Aapki lottery lagi hai 25 lakh ki", "hinglish"),
    ("prize_lottery", "बधाई हो! आपने लकी ड्रा में इनाम जीता है", "hindi"),
    # job_task_offer
    ("job_task_offer", "Part time job: earn Rs 3000 daily by liking YouTube videos", "en"),
    ("job_task_offer", "Get paid per review, join our Telegram group for tasks", "en-task"),
    ("job_task_offer", "Earn 5000 daily from home, no experience needed", "en-earn"),
    ("job_task_offer", "Ghar baithe kamaiye 5000 rozana", "hinglish"),
    ("job_task_offer", "घर बैठे पार्ट टाइम काम, रोजाना कमाई", "hindi"),
    # parcel_customs
    ("parcel_customs", "Your FedEx parcel to Taiwan contains MDMA", "en-fedex"),
    ("parcel_customs", "Illegal drugs were found in a consignment in your name", "en-drugs"),
    ("parcel_customs", "Aapka courier customs me ruka hai", "hinglish"),
    ("parcel_customs", "आपके पार्सल में ड्रग्स मिले हैं", "hindi"),
    # kyc_update
    ("kyc_update", "Your KYC is pending, update now", "en-kyc"),
    ("kyc_update", "PAN card update required for your account", "en-pan"),
    ("kyc_update", "Aapka Aadhaar link karna hai", "hinglish-aadhaar"),
    ("kyc_update", "आपका केवाईसी अपडेट नहीं है", "hindi"),
    # sexual_threat
    ("sexual_threat", "I have recorded your nude video call, pay or it goes out", "en-nude"),
    ("sexual_threat", "Your video will go viral on YouTube", "en-viral"),
    ("sexual_threat", "Tumhara video viral kar denge", "hinglish"),
    ("sexual_threat", "आपका अश्लील वीडियो सबको भेज देंगे", "hindi"),
    # utility_bill
    ("utility_bill", "Your electricity connection will be disconnected tonight", "en"),
    ("utility_bill", "KESCO bill pending for your clinic", "en-discom"),
    ("utility_bill", "Bijli ka bill update nahi hua hai", "hinglish"),
    ("utility_bill", "बिजली का बिल अपडेट नहीं हुआ", "hindi"),
    # lookalike_letters
    ("lookalike_letters", "ЅВI alert: your account is blocked", "cyrillic-sbi"),
    ("lookalike_letters", "Pаytm KYC expired", "cyrillic-a"),
    # executable_link (a bare file name in the text)
    ("executable_link", "Install the app: YONO_SBI_update.apk (sent on WhatsApp)", "apk-name"),
]


@pytest.mark.parametrize(("name", "text"), [pytest.param(n, t, id=f"{n}-{i}") for n, t, i in FIRES])
def test_text_signal_fires(name: str, text: str) -> None:
    assert _run(name, _sms(text)) is not None


# ---------------------------------------------------------------------------
# ... and messages on which it must stay quiet


QUIET = [
    ("otp_code_received", "Your appointment is at 10:30 on 14 March, token 4521.", "token"),
    ("otp_code_received", "Please share the OTP you received.", "a-request-not-a-code"),
    (
        "receive_needs_pin",
        "Remember: you never need to enter your UPI PIN to receive money.",
        "bank-warning",
    ),
    ("receive_needs_pin", "Rs 800 received from Rahul via UPI. Thank you!", "plain-credit"),
    ("sexual_threat", "Please share the video of the CME with colleagues", "cme-video"),
    ("sexual_threat", "bas uska ye video itna viral ho jaye", "someone-elses-video"),
    ("refund_mistake", "Sorry doctor, that message was sent by mistake", "not-money"),
    ("refund_mistake", "galti se kuch gadbad kardi ho", "hinglish-not-money"),
    ("prize_lottery", "sony agr kbc shuru krna hi tha toh ek show khatam", "the-tv-show"),
    ("prize_lottery", "मुंबई पुलिस ने बदमाश पर इनाम घोषित किया", "news-reward"),
    ("executable_link", "Report attached: report.pdf and scan.jpg", "documents"),
    # the bank's own OTP messages
    (
        "otp_request",
        "123456 is your OTP for Rs 2,500.00 at Apollo Pharmacy. Do not share this OTP "
        "with anyone. -SBI",
        "bank-otp-do-not-share",
    ),
    (
        "otp_request",
        "OTP 482913 for HDFC NetBanking. Never share your OTP, PIN or password with "
        "anyone, not even bank staff.",
        "bank-otp-never-share",
    ),
    ("otp_request", "आपका OTP 583921 है। OTP किसी के साथ साझा न करें। -SBI", "hindi-bank-otp"),
    ("otp_request", "Aapka OTP 771234 hai. OTP kisi ko na batayein. - ICICI Bank", "hinglish-otp"),
    ("otp_request", "ओटीपी किसी को न बताएं", "hindi-do-not-tell"),
    (
        "otp_request",
        "Dear customer, SBI never asks for OTP. If anyone asks you to share OTP, report to 1930.",
        "bank-advisory",
    ),
    (
        "otp_request",
        "Use OTP 482913 to login to Practo. Enter this OTP in the app to continue.",
        "enter-otp-in-app",
    ),
    (
        "otp_request",
        "482913 is the OTP to confirm your password reset. Valid for 5 mins.",
        "password-reset-otp",
    ),
    ("otp_request", "Please share your OTP with no one", "share-with-no-one"),
    ("otp_request", "Please provide your PIN code for home sample collection", "postal-pin-code"),
    ("otp_request", "Delivery ke liye pin code batao", "hinglish-pin-code"),
    ("otp_request", "We will send a password reset link to your email", "password-reset-link"),
    # remote_access_app
    ("remote_access_app", "Please share the discharge summary with the patient", "share-summary"),
    # urgency_threat: a doctor's everyday words
    ("urgency_threat", "Patient in bed 4 had a cardiac arrest, shifted to ICU", "cardiac-arrest"),
    ("urgency_threat", "The symptoms do not warrant admission", "warrant-verb"),
    ("urgency_threat", "Patient has a blocked artery, angiography tomorrow", "blocked-artery"),
    ("urgency_threat", "The road is blocked due to a rally, come via MG Road", "road-blocked"),
    ("urgency_threat", "Please freeze the sample at -20C", "freeze-sample"),
    ("urgency_threat", "Amoxicillin oral suspension 5 ml twice a day", "oral-suspension"),
    ("urgency_threat", "Call immediately if the fever rises above 102", "call-immediately"),
    ("urgency_threat", "Take one tablet within 2 hours of the meal", "dosage-within"),
    ("urgency_threat", "Sorry, the call got disconnected", "call-disconnected"),
    ("urgency_threat", "Your appointment is confirmed for tomorrow at 11 am.", "appointment"),
    # authority_named
    ("authority_named", "We are at the food court in Phoenix Mall", "food-court"),
    ("authority_named", "Judge the quality of the food yourself", "judge-verb"),
    # payment_request: alerts and statements are not requests
    (
        "payment_request",
        "Dear Customer, Rs.2,500.00 debited from A/c XX4821 on 12-03-24 to VPA "
        "apollo.pharmacy@ybl. Not you? Call 1800111109 -SBI",
        "debit-alert",
    ),
    (
        "payment_request",
        "INR 15,000.00 credited to A/c XX1234 by NEFT from MEHTA DIAGNOSTICS. "
        "Avl Bal INR 1,20,455.50",
        "credit-alert",
    ),
    ("payment_request", "Your payment of Rs 500 to Dr Mehta Clinic was successful.", "receipt"),
    (
        "payment_request",
        "Your electricity bill of Rs 3,240 has been generated. Pay via the KESCO app.",
        "bill-generated",
    ),
    ("payment_request", "Please send 2 units of blood to OT 3", "send-units"),
    ("payment_request", "Please send the reports within 2 hours", "send-reports"),
    ("payment_request", "Transfer 2 patients to the ICU", "transfer-patients"),
    ("payment_request", "Please pay attention to the patient in bed 12 today", "pay-attention"),
    ("payment_request", "आपका भुगतान प्राप्त हुआ, धन्यवाद", "hindi-payment-received"),
    # refund_mistake
    ("refund_mistake", "Your refund of Rs 200 has been processed", "refund-processed"),
    # secrecy_demand
    (
        "secrecy_demand",
        "<#> 771203 is your Paytm verification code. Never share this code with anyone.",
        "never-share-code",
    ),
    ("secrecy_demand", "Do not share this OTP with anyone. -SBI", "do-not-share-otp"),
    ("secrecy_demand", "Aapka OTP 771234 hai. OTP kisi ko na batayein.", "hinglish-otp-warning"),
    (
        "secrecy_demand",
        "This email is strictly confidential and meant for the addressee only",
        "email-disclaimer",
    ),
    ("secrecy_demand", "Patient information is strictly confidential", "patient-privacy"),
    (
        "secrecy_demand",
        "If you are not the intended recipient you must not disclose, copy or forward this email",
        "email-footer-disclose",
    ),
    ("secrecy_demand", "Do not share this link with anyone, it expires in 24 hours", "reset-link"),
    # video_call_demand
    ("video_call_demand", "Thanks for the video consultation yesterday", "teleconsult"),
    ("video_call_demand", "Dr. Mehta's video call consultations are on Tuesdays", "telemedicine"),
    # changed_bank_details
    (
        "changed_bank_details",
        "Welcome! Your new account is ready. Login to the app.",
        "new-account",
    ),
    ("changed_bank_details", "Please open a new account at our branch for salary", "open-account"),
    # prize_lottery
    ("prize_lottery", "Winner of the best clinic award 2023: Dr Mehta", "award"),
    ("prize_lottery", "The Nobel prize in medicine was announced", "nobel"),
    # job_task_offer
    ("job_task_offer", "We are hiring a part-time physiotherapist for the evening OPD", "hiring"),
    ("job_task_offer", "Join our Telegram channel for CME updates", "telegram-cme"),
    # parcel_customs
    ("parcel_customs", "Patient has a history of drug allergy; avoid these drugs", "drug-allergy"),
    ("parcel_customs", "The patient seized twice last night", "seizure"),
    # kyc_update
    ("kyc_update", "Pankaj update: OT schedule changed", "pan-inside-a-name"),
    # sexual_threat
    ("sexual_threat", "The lesion is visible to the naked eye", "naked-eye"),
    # utility_bill
    ("utility_bill", "Power failure in OT due to a generator issue", "generator"),
    # hidden_characters, lookalike_letters
    ("hidden_characters", "\ufeffYour report is ready", "leading-bom"),
    ("lookalike_letters", "Your report is ready", "plain"),
    # executable_link
    ("executable_link", "The patient's script.js file and report.pdf", "not-an-app"),
]


@pytest.mark.parametrize(("name", "text"), [pytest.param(n, t, id=f"{n}-{i}") for n, t, i in QUIET])
def test_text_signal_stays_quiet(name: str, text: str) -> None:
    assert _run(name, _sms(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Update your K\u200bY\u200bC at the branch", id="en"),
        pytest.param("Aapka K\u200bYC pending hai, turant update karein", id="hinglish"),
        pytest.param("आपका खा\u200bता बंद हो जाएगा", id="hindi"),
    ],
)
def test_hidden_characters_fire_on_split_words(text: str) -> None:
    assert _run("hidden_characters", _sms(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ЅВI alert: your account is blocked", id="en"),
        pytest.param("Aapka ЅВI account block ho jayega", id="hinglish"),
        pytest.param("आपका ЅВI खाता बंद हो जाएगा", id="hindi"),
    ],
)
def test_lookalike_letters_fire_in_every_language(text: str) -> None:
    sig = _run("lookalike_letters", _sms(text))
    assert sig is not None and sig.evidence == "ЅВI"


def test_text_signals_have_positives_in_three_languages() -> None:
    text_signals = SIGNAL_CODES[: SIGNAL_CODES.index("utility_bill") + 1]
    for code in text_signals:
        ids = [i for n, _, i in FIRES if n == code]
        for prefix in ("en", "hindi", "hinglish"):
            assert any(i.startswith(prefix) for i in ids), (code, prefix)


def test_lookalike_letters_evidence_is_the_disguised_word() -> None:
    sig = _run("lookalike_letters", _sms("ЅВI alert: your account is blocked"))
    assert sig is not None and sig.evidence == "ЅВI"


def test_evidence_is_cut_from_the_original_text() -> None:
    # folding and lower-casing must not shift spans: "İ" grows when lower-cased
    doc = _sms("İİ Pаytm: Please SHARE the OTP now")
    sig = _run("otp_request", doc)
    assert sig is not None and sig.evidence == "SHARE the OTP"


# ---------------------------------------------------------------------------
# Link signals


LINK_FIRES = [
    ("lookalike_domain", "Verify here: https://hdfcbamk.com/login", "typo"),
    ("lookalike_domain", "Pay at paytrn.com/kyc", "rn-for-m"),
    ("brand_in_unofficial_domain", "Update at http://sbi-kyc-update.in.net/verify", "sbi"),
    ("brand_in_unofficial_domain", "Renew at https://nmc-registration.in.net", "nmc"),
    ("brand_in_unofficial_domain", "Visit https://ѕbi.com/login", "cyrillic-host"),
    ("official_links_only", "Login at https://www.onlinesbi.sbi/ or www.hdfcbank.com", "banks"),
    ("official_links_only", "Details on https://nmc.org.in and http://mohfw.gov.in", "gov"),
    ("shortened_link", "Go to bit.ly/3xYzKyc now", "bitly"),
    ("shortened_link", "Update: https://surl.li/abcd", "surl"),
    ("ip_address_link", "Open http://203.0.113.5/kyc/login.php", "ipv4"),
    ("ip_address_link", "Open http://3232235777/login", "decimal"),
    ("punycode_link", "Visit https://xn--bi-doc.com/", "punycode"),
    ("punycode_link", "Visit https://ѕbi.com/login", "unicode-host"),
    ("risky_tld", "Claim at https://reward-claim.xyz/gift", "xyz"),
    ("risky_tld", "Update KYC at sbi-kyc.in.net", "in-net"),
    ("executable_link", "Download https://app-update.in/sbi-yono.apk", "apk-url"),
    ("executable_link", "📎 invoice_Aug2025.pdf.exe open karke bata do", "double-extension"),
    ("gov_name_in_unofficial_domain", "Apply at https://pmjay-gov.in/card", "hyphen-gov"),
    ("gov_name_in_unofficial_domain", "Login http://ehospital-nic.in/hmis", "hyphen-nic"),
    ("gov_name_in_unofficial_domain", "See incometax.gov.in.refund-status.top", "gov-subdomain"),
    ("user_published_link", "Fill https://docs.google.com/forms/d/e/1FAIpQ/viewform", "form"),
    ("user_published_link", "Login https://sbi-kyc.github.io/x", "hosted"),
    ("brand_in_unofficial_domain", "Visit https://sbionlineservices.in/", "combosquat"),
    ("credentials_in_url", "Go to https://www.sbi.co.in@evil-login.top/verify", "userinfo"),
    ("upi_payment_link", "Pay here upi://pay?pa=refund.desk@ybl&pn=Refund&am=4999", "upi"),
]


@pytest.mark.parametrize(
    ("name", "text"), [pytest.param(n, t, id=f"{n}-{i}") for n, t, i in LINK_FIRES]
)
def test_link_signal_fires(name: str, text: str) -> None:
    doc = _sms(text)
    sig = _run(name, doc)
    assert sig is not None
    urls = [link.url for link in doc.links]
    if name in {"shortened_link", "ip_address_link", "punycode_link", "credentials_in_url"}:
        assert sig.evidence in urls


LINK_QUIET = [
    ("gov_name_in_unofficial_domain", "Apply at https://pmjay.gov.in/", "real-gov"),
    ("gov_name_in_unofficial_domain", "Quote at https://nationalinsurance.nic.co.in", "nic-co-in"),
    ("user_published_link", "Read https://www.apollohospitals.com/x", "own-site"),
    ("brand_in_unofficial_domain", "Loan at https://www.pnbhousing.com", "brand-plus-word"),
    ("lookalike_domain", "Search https://www.google.de/", "popular-site"),
    ("lookalike_domain", "Login at https://www.hdfcbank.com/", "real-bank"),
    ("lookalike_domain", "Photos at https://kodak.com", "short-neighbour"),
    ("brand_in_unofficial_domain", "Bill at https://kesco.co.in/pay", "real-discom"),
    ("brand_in_unofficial_domain", "Ship via https://sbilogistics.com", "longer-word"),
    ("brand_in_unofficial_domain", "Login at https://yono.sbi/", "brand-tld"),
    ("official_links_only", "Login at https://www.onlinesbi.sbi/ or https://evil.top", "mixed"),
    ("official_links_only", "No links in this message", "no-links"),
    ("official_links_only", "Pay upi://pay?pa=sbi@sbi&am=1", "upi-only"),
    ("shortened_link", "Read https://pubmed.ncbi.nlm.nih.gov/12345/", "long-link"),
    ("ip_address_link", "Open https://v1.example.com/", "digits-in-name"),
    ("ip_address_link", "PACS on http://10.10.4.21:8080/HMIS/login.jsp", "hospital-lan"),
    ("punycode_link", "Open https://www.sbi.co.in", "ascii"),
    ("risky_tld", "Open https://www.sunriseclinic.in", "in"),
    ("executable_link", "See https://github.com/foo.com and more", "com-path"),
    ("executable_link", "Report at https://lab.example.in/report.pdf", "pdf"),
    ("credentials_in_url", "Open https://www.sbi.co.in/login?user=a@b.example", "at-in-query"),
    ("credentials_in_url", "Open https://evil.example\\@www.sbi.co.in/", "backslash"),
    ("upi_payment_link", "Pay at https://paytm.com/pay?am=10", "web-link"),
]


@pytest.mark.parametrize(
    ("name", "text"), [pytest.param(n, t, id=f"{n}-{i}") for n, t, i in LINK_QUIET]
)
def test_link_signal_stays_quiet(name: str, text: str) -> None:
    assert _run(name, _sms(text)) is None


def test_upi_link_without_amount_is_weaker() -> None:
    with_amount = _run("upi_payment_link", _sms("upi://pay?pa=ramesh.k@okaxis&am=10"))
    without = _run("upi_payment_link", _sms("upi://pay?pa=ramesh.k@okaxis"))
    assert with_amount is not None and without is not None
    assert without.strength < with_amount.strength == 1.0


def test_mailto_links_are_not_web_links() -> None:
    doc = _email(links=[Link(url="mailto:help@sbi.co.in", text="help@sbi.co.in")])
    assert _run("credentials_in_url", doc) is None
    assert _run("official_links_only", doc) is None


@pytest.mark.parametrize(
    ("url", "shown", "fires"),
    [
        pytest.param("https://evil.top/login", "https://www.onlinesbi.sbi", True, id="other-host"),
        pytest.param("https://track.mailer.example/c/1", "Visit hdfcbank.com", True, id="text"),
        pytest.param(
            "https://www.onlinesbi.sbi/retail/login.htm", "www.onlinesbi.sbi", False, id="same"
        ),
        pytest.param("https://www.hdfcbank.com/x", "HDFCBANK.COM", False, id="case"),
        pytest.param("https://onlinesbi.sbi/", "Click here", False, id="no-address-shown"),
        pytest.param("https://evil.top", "Dr.Sharma's report", False, id="name-with-dot"),
        pytest.param("https://evil.top", "Version 2.0 notes", False, id="version"),
    ],
)
def test_link_text_mismatch(url: str, shown: str, fires: bool) -> None:
    sig = _run("link_text_mismatch", _email(links=[Link(url=url, text=shown)]))
    assert (sig is not None) is fires


# ---------------------------------------------------------------------------
# Email headers


@pytest.mark.parametrize(
    ("headers", "fires"),
    [
        pytest.param(
            EmailHeaders(from_address="alerts@sbi.co.in", reply_to="kyc.help@gmail.com"),
            True,
            id="freemail-reply-to",
        ),
        pytest.param(
            EmailHeaders(
                from_address="accounts@medsupply.example", reply_to="accounts@medsupp1y.co"
            ),
            True,
            id="lookalike-supplier",
        ),
        pytest.param(
            EmailHeaders(from_address="alerts@sbi.co.in", reply_to="noreply@alerts.sbi.co.in"),
            False,
            id="same-organisation",
        ),
        pytest.param(
            EmailHeaders(from_address="alerts@sbi.co.in", reply_to="SBI <Noreply@SBI.CO.IN>"),
            False,
            id="display-name-and-case",
        ),
        pytest.param(EmailHeaders(from_address="alerts@sbi.co.in"), False, id="no-reply-to"),
    ],
)
def test_reply_to_mismatch(headers: EmailHeaders, fires: bool) -> None:
    assert (_run("reply_to_mismatch", _email(headers)) is not None) is fires


@pytest.mark.parametrize(
    ("display", "address", "fires"),
    [
        pytest.param("State Bank of India", "alerts@sbi-secure.top", True, id="sbi-fake"),
        pytest.param("State Bank of India", "alerts@sbi.co.in", False, id="sbi-real"),
        pytest.param("SBI", "ALERTS@SBI.CO.IN", False, id="sbi-real-upper"),
        pytest.param("HDFC Bank", "alerts@hdfcbank.co", True, id="hdfc-wrong-suffix"),
        pytest.param("HDFC Bank", "alerts@hdfcbank.net", False, id="hdfc-alerts-domain"),
        pytest.param("HDFC Bank", "alerts@hdfcbank.bank.in", False, id="hdfc-bank-in"),
        pytest.param("Income Tax Department", "refund@itd-refund.top", True, id="itd"),
        pytest.param("alerts@sbi.co.in", "x@evil.top", True, id="address-as-name"),
        pytest.param("alerts@sbi.co.in", "alerts@sbi.co.in", False, id="same-address-as-name"),
        pytest.param("Dr. Anita Rao", "anita.rao@gmail.com", False, id="person"),
        pytest.param("Dr. Priya Kotak", "priya.kotak@gmail.com", False, id="surname-like-brand"),
        pytest.param("", "alerts@sbi-secure.top", False, id="no-display-name"),
    ],
)
def test_sender_impersonation(display: str, address: str, fires: bool) -> None:
    doc = _email(EmailHeaders(from_display=display, from_address=address))
    assert (_run("sender_impersonation", doc) is not None) is fires


@pytest.mark.parametrize(
    ("display", "address", "fires"),
    [
        pytest.param("CBI Officer", "cbi.officer.delhi@gmail.com", True, id="cbi-gmail"),
        pytest.param("Income Tax Department", "refunds.itd@gmail.com", True, id="itd-gmail"),
        pytest.param("Mumbai Police Cyber Cell", "cyber.mumbai@yahoo.co.in", True, id="police"),
        pytest.param("SBI Alerts", "sbi.alerts@outlook.com", True, id="bank-outlook"),
        pytest.param("Dr. Anita Rao", "anita.rao@gmail.com", False, id="doctor-gmail"),
        pytest.param("CBI Officer", "officer@cbi.gov.in", False, id="real-domain"),
    ],
)
def test_freemail_authority(display: str, address: str, fires: bool) -> None:
    doc = _email(EmailHeaders(from_display=display, from_address=address))
    assert (_run("freemail_authority", doc) is not None) is fires


@pytest.mark.parametrize(
    ("auth", "evidence"),
    [
        pytest.param({"spf": "fail", "dkim": "pass", "dmarc": "fail"}, "dmarc=fail, spf=fail"),
        pytest.param({"spf": "softfail"}, "spf=softfail", id="softfail"),
        pytest.param({"dkim": "PermError"}, "dkim=PermError", id="mixed-case"),
        pytest.param({"spf": "pass", "dkim": "none", "dmarc": "pass"}, None, id="all-pass"),
        pytest.param({"spf": "temperror"}, None, id="temporary-error"),
        pytest.param({}, None, id="no-results"),
    ],
)
def test_auth_failed(auth: dict[str, str], evidence: str | None) -> None:
    sig = _run("auth_failed", _email(EmailHeaders(auth=auth)))
    assert (sig.evidence if sig else None) == evidence


def test_header_signals_need_an_email() -> None:
    doc = _sms("SBI Alerts: Do not share your OTP")
    for name in ("reply_to_mismatch", "sender_impersonation", "freemail_authority", "auth_failed"):
        assert _run(name, doc) is None


# ---------------------------------------------------------------------------
# Attachments


@pytest.mark.parametrize(
    ("filename", "dangerous", "archive"),
    [
        pytest.param("Invoice.pdf.exe", True, False, id="double-extension-exe"),
        pytest.param("Invoice.pdf      .exe", True, False, id="padded-double-extension"),
        pytest.param("invoice\u202efdp.exe", True, False, id="right-to-left-override"),
        pytest.param("report.iso", True, False, id="disk-image"),
        pytest.param("Q3_statement.xlsm", True, False, id="macro-excel"),
        pytest.param("PO_4521.docm", True, False, id="macro-word"),
        pytest.param("scan.html", True, False, id="html-form"),
        pytest.param("ORDER.PDF.HTM", True, False, id="upper-case-html"),
        pytest.param("payment_advice.one", True, False, id="onenote"),
        pytest.param("YONO_update.apk", True, False, id="apk"),
        pytest.param("notes.txt.lnk", True, False, id="shortcut"),
        pytest.param("invoice.pdf.zip", True, True, id="document-name-on-an-archive"),
        pytest.param("docs.zip", False, True, id="zip"),
        pytest.param("lab_reports_march.7z", False, True, id="7z"),
        pytest.param("backup.tar.gz", False, True, id="tar-gz"),
        pytest.param("invoice.pdf", False, False, id="pdf"),
        pytest.param("Lab Report.PDF", False, False, id="upper-pdf"),
        pytest.param("IMG_2024.jpg.pdf", False, False, id="scanner-app-name"),
        pytest.param("cheque.pdf.", False, False, id="trailing-dot"),
        pytest.param("my.resume.docx", False, False, id="dots-in-name"),
        pytest.param("Report_Mar.doc", False, False, id="old-word"),
    ],
)
def test_attachments(filename: str, dangerous: bool, archive: bool) -> None:
    doc = _email(attachments=[filename])
    assert (_run("dangerous_attachment", doc) is not None) is dangerous
    assert (_run("archive_attachment", doc) is not None) is archive


# ---------------------------------------------------------------------------
# detect


def test_every_detector_has_a_positive_and_a_negative_example() -> None:
    positive = {n for n, _, _ in FIRES + LINK_FIRES}
    positive |= {"hidden_characters", "link_text_mismatch", "reply_to_mismatch"}
    positive |= {"sender_impersonation", "freemail_authority", "auth_failed"}
    positive |= {"dangerous_attachment", "archive_attachment"}
    negative = {n for n, _, _ in QUIET + LINK_QUIET} | positive - {n for n, _, _ in FIRES}
    assert positive == set(SIGNAL_CODES)
    assert negative == set(SIGNAL_CODES)


@pytest.mark.parametrize(
    "text", [pytest.param(t, id=f"{n}-{i}") for n, t, i in FIRES + QUIET + LINK_FIRES]
)
def test_every_signal_from_detect_is_well_formed(text: str) -> None:
    doc = _sms(text)
    for sig in detect(doc):
        assert sig.code in SIGNAL_CODES
        assert 0.0 < sig.strength <= 1.0
        assert sig.evidence
        if sig.code not in _NOT_TEXT_EVIDENCE:
            assert sig.evidence in doc.text, sig


def test_detect_returns_signals_in_detector_order() -> None:
    doc = _sms(
        "Sir your SBI account will be blocked today. Update KYC at sbi-kyc.in.net and share the "
        "OTP with our officer. Do not tell anyone."
    )
    found = detect(doc)
    codes = [s.code for s in found]
    assert codes == [c for c in SIGNAL_CODES if c in codes]
    assert {"otp_request", "urgency_threat", "kyc_update", "secrecy_demand", "risky_tld"} <= set(
        codes
    )
    assert "brand_in_unofficial_domain" in codes


def test_a_routine_clinic_message_fires_nothing() -> None:
    doc = _sms(
        "Namaste Dr. Mehta, your appointment with the cardiology team is confirmed for "
        "10:30 a.m. tomorrow at Sunrise Clinic, Sector 14. Please carry your old reports."
    )
    assert detect(doc) == []


def test_empty_document_fires_nothing() -> None:
    assert detect(Document(channel=Channel.SMS, text="")) == []


def test_detect_on_a_large_text_finishes() -> None:
    # catastrophic backtracking shows up as a hang here, not as a wrong answer
    pieces = [
        "Sir aapka account block ho jayega, turant KYC update karein. ",
        "share the OTP " * 3,
        "a" * 5000,
        "a." * 2000,
        "abc-" * 1500 + " ",
        "पैसे भेजो ओटीपी बताइए " * 20,
        "https://" + "x" * 3000 + " ",
        "sbi-kyc.in.net/login?x=" + "1" * 2000 + " ",
    ]
    text = "".join(pieces)
    text = (text * (200_000 // len(text) + 1))[:200_000]
    doc = parse_text(text, Channel.CALL)
    assert any(s.code == "otp_request" for s in detect(doc))


def test_long_documents_are_read_at_both_ends_with_exact_evidence() -> None:
    """A scam at the start or below pages of filler is read; only the middle of a very long
    text is skipped (and reported as skipped by assess.coverage)."""
    from fraudguard.signals import MAX_SIGNAL_CHARS, TAIL_SIGNAL_CHARS

    filler = "Dear Doctor, thank you for your order. " * 3000
    assert len(filler) > MAX_SIGNAL_CHARS + TAIL_SIGNAL_CHARS
    early = Document(channel=Channel.EMAIL, text="Please SHARE the OTP now. " + filler)
    late = Document(channel=Channel.EMAIL, text=filler + " Please SHARE the OTP now.")
    middle = Document(
        channel=Channel.EMAIL, text=filler[:70_000] + " Please SHARE the OTP now. " + filler
    )
    for doc in (early, late):
        hit = next(s for s in detect(doc) if s.code == "otp_request")
        assert hit.evidence in doc.text and "SHARE" in hit.evidence
    assert "otp_request" not in {s.code for s in detect(middle)}
