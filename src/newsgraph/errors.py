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
