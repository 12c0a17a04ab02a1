"""PLOVER's vocabulary as the contract uses it: the 18 event types and the quad class of each.

The one copy: the event stage codes these types; the CLI, the store's browse queries and the web take the
list and the quad classes from here.
"""

from __future__ import annotations

# PLOVER's four quad classes (CRIME, not in the original four-way split, is counted as material conflict).
QUAD_CLASSES: dict[str, str] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("SANCTION", "PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}
QUADS: tuple[str, ...] = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
# The event types in PLOVER's order (cooperation first, then conflict, each from verbal to material).
EVENT_TYPES: tuple[str, ...] = tuple(QUAD_CLASSES)
