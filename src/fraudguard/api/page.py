"""The doctors' page: one service function per route, each returning the HTML response.

Domain errors never reach the app's JSON handler from here: each flow catches FraudguardError and
shows the form again with a readable message and the error's 4xx status.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy.orm import Session

from fraudguard.api import metrics
from fraudguard.api import pageview as view
from fraudguard.api.deps import SESSION_COOKIE, get_scorer
from fraudguard.assess import assess
from fraudguard.cases import keys, service
from fraudguard.config import Limits, Settings
from fraudguard.errors import (
    ConsentRequired,
    FraudguardError,
    InputTooLarge,
    InvalidInput,
    RateLimited,
)
from fraudguard.report import report_message
from fraudguard.schemas import Assessment, Channel, Principal

LANG_COOKIE = "lang"
LANG_COOKIE_SECONDS = 365 * 24 * 3600
SIGNIN_PER_MINUTE = 10  # sign-in attempts per client address
_MIB = 1024 * 1024
# Everything comes from this server: no CDN, no web font, no inline script or style.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make the Origin of our POSTs "null"
    "Cache-Control": "no-store",
}


@dataclass(frozen=True, slots=True)
class MessageForm:
    """The message as the page's forms send it: pasted text, or an .eml carried back as text."""

    content: str = ""
    channel: str = "auto"
    eml: tuple[str, ...] = ()
    eml_encoding: str = ""
    consent: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Message:
    content: str | bytes
    channel: Channel
    shown_text: str | None  # the pasted text, shown with its evidence marked; None for an email


class _Shown(FraudguardError):
    """An error whose message is already written in the page language."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@lru_cache(maxsize=1)
def _templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("fraudguard.api", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


# ---------------------------------------------------------------------------
# Rendering: who is looking, in which language


@dataclass(frozen=True, slots=True)
class _Page:
    """One request's view: its language, the signed-in clinic, whether to remember the language."""

    request: Request
    lang: str
    principal: Principal | None
    remember: bool

    @classmethod
    def of(cls, request: Request, principal: Principal | None, lang: str | None) -> _Page:
        cookie, accept = request.cookies.get(LANG_COOKIE), request.headers.get("accept-language")
        chosen = view.pick_language(lang, cookie, accept)
        return cls(request, chosen, principal, remember=lang in view.LANGUAGES)

    @property
    def t(self) -> dict[str, Any]:
        return view.texts(self.lang)

    @property
    def settings(self) -> Settings:
        return self.request.app.state.settings

    def render(
        self, template: str, status: int = 200, exc: FraudguardError | None = None, **context: Any
    ) -> HTMLResponse:
        other = view.other_language(self.lang)
        base = {
            "lang": self.lang,
            "other": other,
            "t": self.t,
            "other_name": view.texts(other)["lang_name"],
            "clinic": self.principal.clinic_name if self.principal else "",
            "repost": False,
            "error": None,
            "mb": _mb(self.settings.limits.max_email_bytes),
        }
        response = _templates().TemplateResponse(
            self.request, template, base | context, status_code=status
        )
        response.headers.update(_SECURITY_HEADERS)
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after)
        if self.remember:
            response.set_cookie(
                LANG_COOKIE,
                self.lang,
                max_age=LANG_COOKIE_SECONDS,
                path="/",
                samesite="lax",
                httponly=True,
            )
        return response

    def error(self, exc: FraudguardError) -> dict[str, str]:
        """The message a doctor reads: in the page language, the service's detail under it."""
        if isinstance(exc, _Shown):
            return {"message": exc.message, "detail": ""}
        if isinstance(exc, ConsentRequired):
            return {"message": self.t["report"]["consent_required"], "detail": ""}
        message = self.t["error"].get(exc.code, self.t["error"]["error"])
        return {"message": message, "detail": exc.message}

    def signin(
        self, message: str = "", status: int = 200, exc: FraudguardError | None = None
    ) -> HTMLResponse:
        error = {"message": message, "detail": ""} if message else None
        hours = self.settings.api.session_hours
        return self.render("signin.html", status, exc, error=error, hours=hours)

    def paste(
        self, form: MessageForm | None = None, exc: FraudguardError | None = None
    ) -> HTMLResponse:
        form = form or MessageForm()
        channels = [(c.value, self.t["channel"][c.value]) for c in view.CHANNELS]
        error = self.error(exc) if exc else None
        return self.render(
            "paste.html",
            exc.status if exc else 200,
            exc,
            error=error,
            content=form.content,
            channel=form.channel,
            channels=channels,
        )

    def message(self, message: str, status: int) -> HTMLResponse:
        error = {"message": message, "detail": ""}
        return self.render("message.html", status, error=error)

    def result(
        self,
        a: Assessment,
        message: _Message,
        form: MessageForm,
        refused: FraudguardError | None = None,
    ) -> HTMLResponse:
        return self.render(
            "result.html",
            refused.status if refused else 200,
            refused,
            repost=True,
            r=view.result_view(a, lang=self.lang, shown_text=message.shown_text),
            carry=_carry(message, form),
            note=form.note,
            tel_href=view.tel_href,
            report_error=self.error(refused) if refused else None,
        )

    def refuse_cross_origin(self) -> HTMLResponse | None:
        """403 for a form posted from another site (SameSite=Strict cookies are the first guard)."""
        headers = self.request.headers
        if view.same_origin(headers.get("origin"), headers.get("host")):
            return None
        return self.message(self.t["error"]["cross_origin"], 403)


def _mb(size: int) -> str:
    return f"{round(size / _MIB, 1):g}"


def _count(request: Request, principal: Principal) -> None:
    """Page checks count against the key's rate like API calls do."""
    request.app.state.limiter.hit(principal.key_prefix, principal.rate_per_minute)


# ---------------------------------------------------------------------------
# The message in a form: a fresh upload, a carried email, or pasted text


def _read_upload(upload: UploadFile | None, limits: Limits, t: dict[str, Any]) -> bytes | None:
    if upload is None or not upload.filename:
        return None
    raw = upload.file.read(limits.max_email_bytes + 1)
    if len(raw) > limits.max_email_bytes:
        upload.file.seek(0, 2)
        size, mb = _mb(upload.file.tell()), _mb(limits.max_email_bytes)
        raise _Shown(t["paste"]["too_large"].format(size=size, mb=mb), InputTooLarge.status)
    return raw or None


def _message(form: MessageForm, raw: bytes | None, t: dict[str, Any]) -> _Message:
    channel = view.parse_channel(form.channel)
    if raw is None and form.eml:
        raw = view.unpack_email(form.eml_encoding, form.eml)
    if raw is not None:
        return _Message(raw, Channel.EMAIL if channel is Channel.AUTO else channel, None)
    if not form.content.strip():
        raise _Shown(t["paste"]["empty"], InvalidInput.status)
    return _Message(form.content, channel, form.content)


def _carry(message: _Message, form: MessageForm) -> dict[str, Any]:
    """The hidden fields that bring the message back for the language switch and the report."""
    if isinstance(message.content, bytes):
        encoding, chunks = view.pack_email(message.content)
        return {"content": "", "channel": form.channel, "eml_encoding": encoding, "eml": chunks}
    return {"content": message.content, "channel": form.channel, "eml_encoding": "", "eml": []}


def _assess(pg: _Page, message: _Message) -> Assessment:
    result = assess(
        message.content,
        message.channel,
        scorer=get_scorer(pg.request),
        limits=pg.settings.limits,
        language=pg.lang,
        budget=pg.settings.api.scan_seconds,
    )
    metrics.count([result])
    return result


# ---------------------------------------------------------------------------
# The flows, one per route


def home(request: Request, principal: Principal | None, lang: str | None) -> Response:
    """GET /: the sign-in form, or the paste form for a signed-in clinic."""
    pg = _Page.of(request, principal, lang)
    return pg.signin() if principal is None else pg.paste()


def sign_in(
    request: Request, db: Session, settings: Settings, token: str, lang: str | None
) -> Response:
    """POST /login: a valid access key opens a page session (cookie) and goes to the paste form."""
    pg = _Page.of(request, None, lang)
    if (refused := pg.refuse_cross_origin()) is not None:
        return refused
    client = request.client.host if request.client else "unknown"
    try:
        request.app.state.limiter.hit(f"signin:{client}", SIGNIN_PER_MINUTE)
        principal = keys.authenticate(
            session=db, token=token, default_rate=settings.api.rate_per_minute
        )
        cookie = keys.open_web_session(
            session=db, principal=principal, hours=settings.api.session_hours
        )
    except RateLimited as exc:
        return pg.signin(pg.t["signin"]["too_many"], exc.status, exc)
    except FraudguardError:
        db.rollback()
        return pg.signin(pg.t["signin"]["wrong"], 401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=settings.api.session_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def sign_out(request: Request, db: Session, principal: Principal | None) -> Response:
    """POST /logout: forget the page session and go back to the sign-in form."""
    pg = _Page.of(request, principal, None)
    if (refused := pg.refuse_cross_origin()) is not None:
        return refused
    keys.close_web_session(session=db, token=request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


def _refuse(pg: _Page, principal: Principal | None) -> Response | None:
    """The answer to a cross-origin POST (403) or one without a sign-in (401); else None."""
    if (refused := pg.refuse_cross_origin()) is not None:
        return refused
    if principal is None:
        return pg.signin(pg.t["signin"]["needed"], 401)
    return None


def check(
    request: Request,
    principal: Principal | None,
    form: MessageForm,
    upload: UploadFile | None,
    lang: str | None,
) -> Response:
    """POST /check: assess the pasted text or .eml and show the verdict card and its guidance."""
    pg = _Page.of(request, principal, lang)
    if (refused := _refuse(pg, principal)) is not None:
        return refused
    assert principal is not None  # _refuse answered for a missing sign-in
    try:
        _count(request, principal)
        message = _message(form, _read_upload(upload, pg.settings.limits, pg.t), pg.t)
        result = _assess(pg, message)
    except FraudguardError as exc:
        return pg.paste(form, exc)
    return pg.result(result, message, form)


def report(
    request: Request,
    db: Session,
    principal: Principal | None,
    form: MessageForm,
    lang: str | None,
) -> Response:
    """POST /report: with consent, store the message as a case and show its reference."""
    pg = _Page.of(request, principal, lang)
    if (refused := _refuse(pg, principal)) is not None:
        return refused
    assert principal is not None  # _refuse answered for a missing sign-in
    try:
        _count(request, principal)
        message = _message(form, None, pg.t)
        case = report_message(
            session=db,
            scorer=get_scorer(request),
            principal=principal,
            content=message.content,
            channel=message.channel,
            consent=form.consent,
            note=form.note,
            language=pg.lang,
            limits=pg.settings.limits,
            budget=pg.settings.api.scan_seconds,
        )
    except FraudguardError as exc:
        db.rollback()  # nothing half-stored
        return _report_refused(pg, form, exc)
    return RedirectResponse(f"/case/{case.reference}", status_code=303)


def _report_refused(pg: _Page, form: MessageForm, exc: FraudguardError) -> Response:
    """The result page again, with the reason the report was refused beside the report form."""
    try:
        message = _message(form, None, pg.t)
        result = _assess(pg, message)
    except FraudguardError as again:
        return pg.paste(form, again)
    return pg.result(result, message, form, refused=exc)


def case_page(
    request: Request, db: Session, principal: Principal | None, reference: str, lang: str | None
) -> Response:
    """GET /case/{reference}: the reported case's reference, for the clinic that reported it."""
    pg = _Page.of(request, principal, lang)
    if principal is None:
        return pg.signin(pg.t["signin"]["needed"], 401)
    try:
        case = service.get_case(session=db, reference=reference, principal=principal)
    except FraudguardError as exc:
        return pg.message(pg.error(exc)["message"], exc.status)
    card = pg.t["verdict"][case.verdict.value]
    scam_type = view.scam_type_label(case.scam_type.value, pg.lang)
    return pg.render("reported.html", case=case, card=card, scam_type=scam_type)
