"""The web side of attachments shared by the parent's and the caseworker's pages: reading an
upload request, the Danish message for each refused file, and streaming a file back."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_wtf.csrf import CSRFError, same_origin, validate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from wtforms import ValidationError

from portal.downloads import send_download
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import locale_name, ngettext
from portal.models import Attachment
from portal.rules import formatting
from portal.storage import storage
from portal.uploads import formats
from portal.uploads.formats import Problem
from portal.uploads.receive import Limits, Upload, receive

# The file field's element id on every upload form: the error summary links to it.
FILE_FIELD = "files"


def verify_csrf(fields: MultiDict) -> None:
    """What CSRFProtect does for other views: these views read the body themselves, so the
    token is checked from the streamed fields before the first file is written."""
    try:
        validate_csrf(fields.get("csrf_token"))
    except ValidationError as error:
        raise CSRFError(error.args[0]) from None
    if request.is_secure and current_app.config.get("WTF_CSRF_SSL_STRICT", True):
        referrer = request.referrer
        if not referrer or not same_origin(referrer, f"https://{request.host}/"):
            raise CSRFError("The referrer does not match the host.")


# A body this small has arrived with the request's first packets: keeping the transaction open
# while it is read costs nothing, and what the request has read stays valid.
QUICK_BODY = 64 * 1024


def read_upload(limits: Limits) -> Upload:
    """The posted form: streamed to staging files when it carries files, else the plain form.

    No transaction (nor a pooled connection) is held while a large body arrives and its files
    are checked: on SQLite a posting request holds the write lock from its first query
    (portal.database), and every other family's save would wait for this upload.

    Raises RequestEntityTooLarge for a body over UPLOAD_MAX_REQUEST_SIZE and CSRFError for a
    missing or stale token; no staged file is left behind either way."""
    if request.mimetype != "multipart/form-data":
        # Only an upload may be large; a plain form post keeps the ordinary limit.
        request.max_content_length = current_app.config["MAX_CONTENT_LENGTH"]
        verify_csrf(request.form)
        return Upload(fields=request.form.copy())
    request.max_content_length = current_app.config["UPLOAD_MAX_REQUEST_SIZE"]
    if request.content_length is None or request.content_length > QUICK_BODY:
        db.session.rollback()
    boundary = request.mimetype_params.get("boundary", "")
    if not boundary or not boundary.isascii():
        raise BadRequest("multipart/form-data without a usable boundary")
    return receive(
        request.stream,
        boundary.encode("ascii"),
        staging_dir=storage().staging_dir,
        limits=limits,
        verify=verify_csrf,
        file_field=FILE_FIELD,
    )


def read_with_files(limits: Limits) -> tuple[Upload | None, str | None]:
    """A form with text and files (an answer, a complaint), read without holding a
    transaction while a large body arrives. When it cannot be read: (None, "too_large") for a
    body over UPLOAD_MAX_REQUEST_SIZE, (None, "expired") for a stale or missing CSRF token;
    the page then says so and asks for the text again."""
    try:
        return read_upload(limits), None
    except RequestEntityTooLarge:
        db.session.rollback()
        return None, "too_large"
    except CSRFError:
        db.session.rollback()
        return None, "expired"


def size_text(size: int) -> str:
    """Bytes as a parent reads them, in their language: "312 kB", "31,2 MB", "1 GB"."""
    return formatting.file_size(size, locale_name())


def size_limits() -> dict[str, str]:
    """The largest document and video a parent may send, as the upload forms' hints say."""
    return {
        "document": size_text(current_app.config["UPLOAD_MAX_DOCUMENT_SIZE"]),
        "video": size_text(current_app.config["UPLOAD_MAX_VIDEO_SIZE"]),
    }


def problem_message(name: str, problem: Problem) -> str:
    p = problem.params
    match problem.code:
        case "empty":
            return _("„%(name)s“ er tom. Vælg filen igen, eller vælg en anden fil.", name=name)
        case "unsupported":
            return _(
                "„%(name)s“ kan ikke sendes, fordi vi ikke kan tage imod den slags fil. "
                "Send den som %(formats)s.",
                name=name,
                formats=formatting.listing(formats.ACCEPTED_LABELS, locale_name(), style="or"),
            )
        case "not_as_named":
            return _(
                "„%(name)s“ hedder .%(extension)s, men indholdet er ikke %(format)s. Filen har "
                "måske fået et forkert navn. Åbn den, gem den som %(format)s, og send den igen.",
                name=name,
                extension=p["extension"],
                format=p["format"],
            )
        case "mismatch":
            return _(
                "„%(name)s“ hedder .%(extension)s, men indholdet er %(format)s. Giv filen det "
                "rigtige navn, eller vælg den rigtige fil.",
                name=name,
                extension=p["extension"],
                format=p["format"],
            )
        case "too_large":
            return _(
                "„%(name)s“ fylder %(size)s. Den må højst fylde %(limit)s. Gør filen mindre, "
                "eller del den op i flere filer.",
                name=name,
                size=size_text(p["size"]),
                limit=size_text(p["limit"]),
            )
        case "too_many":
            limit = current_app.config["UPLOAD_MAX_FILES"]
            return ngettext(
                "„%(name)s“ er ikke sendt, fordi der højst kan være %(limit)s bilag. Fjern et "
                "bilag, du ikke har brug for, eller saml flere sider i én PDF.",
                "„%(name)s“ er ikke sendt, fordi der højst kan være %(limit)s bilag. Fjern et "
                "bilag, du ikke har brug for, eller saml flere sider i én PDF.",
                limit,
                name=name,
                limit=limit,
            )
        case "pdf_encrypted":
            return _(
                "„%(name)s“ er beskyttet med adgangskode eller kryptering, så kommunen kan ikke "
                "åbne den. Gem den som en almindelig PDF uden beskyttelse, og send den igen.",
                name=name,
            )
        case "pdf_broken":
            return _(
                "„%(name)s“ er ikke en hel PDF-fil. Den kan være gået i stykker. Gem eller "
                "scan dokumentet igen, og send det igen.",
                name=name,
            )
        case "document_broken":
            return _(
                "„%(name)s“ er ikke et helt dokument. Den kan være gået i stykker. Gem "
                "dokumentet igen, eller gem det som PDF, og send det igen.",
                name=name,
            )
        case "unpacks_too_large":
            return _(
                "„%(name)s“ pakker sig ud til mere end %(limit)s, og så store dokumenter kan vi "
                "ikke tage imod. Gem dokumentet som PDF, eller del det op i flere filer, og send "
                "det igen.",
                name=name,
                limit=size_text(p["limit"]),
            )
        case "packed_too_tight":
            return _(
                "„%(name)s“ pakker sig ud til mere end %(ratio)s gange sin egen størrelse. Det "
                "gør et almindeligt dokument ikke, så vi kan ikke tage imod filen. Gem "
                "dokumentet som PDF, og send det igen.",
                name=name,
                ratio=formatting.number(p["ratio"], locale_name()),
            )
        case "too_many_parts":
            return _(
                "„%(name)s“ består af mere end %(limit)s dele. Det gør et almindeligt dokument "
                "ikke, så vi kan ikke tage imod filen. Gem dokumentet som PDF, og send det igen.",
                name=name,
                limit=formatting.number(p["limit"], locale_name()),
            )
        case "nested_too_deep":
            return _(
                "„%(name)s“ indeholder pakkede filer inde i andre pakkede filer. Det gør et "
                "almindeligt dokument ikke, så vi kan ikke tage imod filen. Gem dokumentet som "
                "PDF, og send det igen.",
                name=name,
            )
    return _("„%(name)s“ blev ikke modtaget. Prøv igen.", name=name)


def download_name(attachment: Attachment) -> str:
    """The name the file is saved under: the name it came with, with its real extension."""
    name = attachment.original_name
    fmt = next((f for f in formats.FORMATS.values() if f.mime == attachment.content_type), None)
    if fmt is not None and not formats.extension(name):
        name = f"{name}.{fmt.extensions[0]}"
    return name


def send_attachment(attachment: Attachment) -> Response:
    """Stream the stored file as a download, never shown inside the portal's own pages."""
    store = storage()
    path = store.local_path(attachment.storage_key)
    return send_download(
        path if path is not None else store.open(attachment.storage_key),
        name=download_name(attachment),
        mimetype=attachment.content_type,
        size=attachment.size,
        etag=attachment.sha256,
        # Ranges (a video's seek bar) where the file is on disk; S3 streams it whole.
        conditional=path is not None,
    )
