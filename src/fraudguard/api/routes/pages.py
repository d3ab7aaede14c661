"""The doctors' page: plain HTML forms (they work without JavaScript), served at `/`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    File,
    Form,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from fraudguard.api import page
from fraudguard.api.deps import DbDep, PagePrincipal, SettingsDep

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

Lang = Annotated[str | None, Form()]
Text = Annotated[str, Form()]


def mount_static(app: FastAPI) -> None:
    """Serve the page's stylesheet and script at /static (from the installed package)."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def message_form(
    content: Text = "",
    channel: Text = "auto",
    eml: Annotated[list[str] | None, Form()] = None,
    eml_encoding: Text = "",
    consent: Text = "",
    note: Text = "",
) -> page.MessageForm:
    """The message fields every page form sends (an .eml comes back as text in `eml`)."""
    return page.MessageForm(
        content=content,
        channel=channel,
        eml=tuple(eml or ()),
        eml_encoding=eml_encoding,
        consent=consent.strip().lower() in ("yes", "on", "true", "1"),
        note=note,
    )


MessageFormDep = Annotated[page.MessageForm, Depends(message_form)]


@router.get("/")
def home(
    request: Request, principal: PagePrincipal, lang: Annotated[str | None, Query()] = None
) -> Response:
    """The sign-in form, or the paste form once signed in (`?lang=hi` switches to Hindi)."""
    return page.home(request, principal, lang)


@router.post("/login")
def login(
    request: Request, db: DbDep, settings: SettingsDep, key: Text = "", lang: Lang = None
) -> Response:
    """Sign in with a clinic access key: an HttpOnly, SameSite=Strict session cookie."""
    return page.sign_in(request, db, settings, key, lang)


@router.post("/logout")
def logout(request: Request, db: DbDep, principal: PagePrincipal) -> Response:
    """Sign out: the page session is closed and its cookie removed."""
    return page.sign_out(request, db, principal)


@router.post("/check")
def check(
    request: Request,
    principal: PagePrincipal,
    form: MessageFormDep,
    eml_file: Annotated[UploadFile | None, File()] = None,
    lang: Lang = None,
) -> Response:
    """Assess pasted text or an uploaded .eml; the result page with verdict and guidance."""
    return page.check(request, principal, form, eml_file, lang)


@router.post("/report")
def report(
    request: Request, db: DbDep, principal: PagePrincipal, form: MessageFormDep, lang: Lang = None
) -> Response:
    """Store the message as a case (consent required); redirects to the case reference."""
    return page.report(request, db, principal, form, lang)


@router.get("/case/{reference}")
def case(
    request: Request,
    db: DbDep,
    principal: PagePrincipal,
    reference: str,
    lang: Annotated[str | None, Query()] = None,
) -> Response:
    """The reference of a case this clinic reported."""
    return page.case_page(request, db, principal, reference, lang)


@router.get("/check")
@router.get("/report")
def back_to_form() -> RedirectResponse:
    """A reload or bookmark of a result goes back to the form."""
    return RedirectResponse("/", status_code=303)
