"""Errors with stable codes: a document-level error becomes an error record, a usage error exits 2."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class: every error carries a stable `code` and a message that says what to do."""

    code = "NG000"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def to_record(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class DocumentError(NewsgraphError):
    """One document cannot be analyzed; the others in the batch go on."""

    code = "NG100"


class EmptyDocument(DocumentError):
    code = "NG101"


class BinaryDocument(DocumentError):
    code = "NG102"


class DecodingError(DocumentError):
    code = "NG103"


class NoArticle(DocumentError):
    code = "NG104"


class DocumentTooLarge(DocumentError):
    code = "NG105"


class BadJsonLine(DocumentError):
    code = "NG106"


class BadDocumentFields(DocumentError):
    code = "NG107"


class FetchError(DocumentError):
    code = "NG108"


class AnalysisFailed(DocumentError):
    """An unexpected failure inside a stage: a bug to report, never a reason to lose the batch."""

    code = "NG199"


class UsageError(NewsgraphError):
    """Bad options or unreadable input as a whole: the command exits with status 2."""

    code = "NG200"


class ModelNotFound(UsageError):
    code = "NG201"


class BadDateOption(UsageError):
    """A date option (`--published`, `--from`, `--to`) that is not an ISO 8601 date or date-time."""

    code = "NG203"


class UnsupportedScheme(UsageError):
    """An INPUT or SOURCE with a URL scheme other than http or https."""

    code = "NG204"


class StageContractError(UsageError):
    """A stage reads a field that neither extraction nor an earlier stage writes: the stage list is misordered
    (or a stage declares a field the Article does not have). Raised when the pipeline is built, before any input."""

    code = "NG207"


class TopicModelUnreadable(NewsgraphError):
    """The topic encoder's model package is installed but its files cannot be read: logged, not raised,
    since topics still work on words alone."""

    code = "NG202"


class PortInUse(UsageError):
    """`serve` was asked for a port another program already listens on."""

    code = "NG205"


class UnknownWatchSource(UsageError):
    """`watch --remove` named a source that is not on the watch list."""

    code = "NG206"


class RobotsDisallowed(FetchError):
    """The site's robots.txt forbids the URL to our User-Agent (or robots.txt answered 5xx)."""

    code = "NG110"


class FetchTooLarge(FetchError):
    code = "NG111"


class UnsupportedContentType(FetchError):
    code = "NG112"


class AddressNotAllowed(FetchError):
    """The host resolves to a private, loopback, link-local or reserved address and those are refused."""

    code = "NG113"


class TooManyRedirects(FetchError):
    code = "NG114"


class FetchTimeout(FetchError):
    code = "NG115"


class HttpStatusError(FetchError):
    """The server answered with an error status (after the retries, for 429 and 5xx)."""

    code = "NG116"


class UnsafeXml(DocumentError):
    """An XML source declares entities (an entity-expansion bomb or an external entity): refused, never expanded."""

    code = "NG117"


class MalformedSource(DocumentError):
    """A feed, sitemap or OPML list that cannot be parsed."""

    code = "NG118"


class CorruptArchive(DocumentError):
    """A WARC or gzip file is truncated or corrupt: the records before the damage were read."""

    code = "NG119"


class UnsupportedUrl(FetchError):
    """A document's `url` to fetch is not http(s) (`ftp:`, `file:` ...): nothing is fetched."""

    code = "NG120"


class StoreError(NewsgraphError):
    """The store (SQLite or PostgreSQL) cannot do what was asked: the command exits with status 4."""

    code = "NG300"


class BadDatabaseUrl(StoreError):
    code = "NG301"


class StoreUnavailable(StoreError):
    code = "NG302"


class MigrationFailed(StoreError):
    code = "NG303"


class NewerSchema(StoreError):
    code = "NG304"


class BadExportRequest(StoreError):
    code = "NG305"


class StoreFull(StoreError):
    """The disk under the store is full: the transaction was rolled back, nothing half-written."""

    code = "NG306"


class StoreNotFound(StoreError):
    """A command that only reads was pointed at a SQLite file that does not exist: it is not created empty."""

    code = "NG307"


class UnknownDialect(StoreError):
    """A backend names an SQL dialect the store has no entry for (`store/dialects.py`): a bug, not a guess."""

    code = "NG308"


class WebError(NewsgraphError):
    """A bad HTTP request to `newsgraph serve`: answered as JSON `{"error": {"code", "message"}}` with `status`."""

    code = "NG400"
    status = 400


class BadCursor(WebError):
    code = "NG401"


class TokenRequired(WebError):
    """A request that fetches or writes came without the configured token (or none is configured)."""

    code = "NG403"
    status = 403


class NotFound(WebError):
    code = "NG404"
    status = 404


class RequestTimeout(WebError):
    code = "NG408"
    status = 504


class BodyTooLarge(WebError):
    code = "NG413"
    status = 413


class TooManyRequests(WebError):
    """A client sent more requests than the server's per-client rate limit allows."""

    code = "NG429"
    status = 429


class UrlNotAllowed(WebError):
    """A URL given to fetch is not http(s) or resolves to a private, loopback or link-local address."""

    code = "NG422"
    status = 422
