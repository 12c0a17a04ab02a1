"""XML parsing that refuses entity declarations (billion laughs) and external entities instead of expanding them."""

from __future__ import annotations

import contextlib
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from newsgraph.errors import MalformedSource, UnsafeXml


def parse_xml(content: bytes, what: str) -> Element:
    """The root element; UnsafeXml for entity tricks, MalformedSource for XML that does not parse."""
    try:
        root: Element = fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return root
    except DefusedXmlException as exc:
        raise UnsafeXml(f"{what} declares XML entities ({type(exc).__name__}); "
                        "entity expansion and external entities are refused, fix the file") from None
    except ParseError as exc:
        raise MalformedSource(f"{what} is not well-formed XML ({exc}); fix or replace it") from None


def refuse_entities(content: bytes, what: str) -> None:
    """Raise UnsafeXml when the XML declares entities; other parse errors are left to lenient parsers."""
    with contextlib.suppress(MalformedSource):
        parse_xml(content, what)


def local_name(tag: object) -> str:
    """`{namespace}name` or `prefix:name` -> `name`, lower-cased."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
