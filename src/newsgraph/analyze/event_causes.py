"""Harm no political actor did: a quake, a disease, an accident or an animal as what killed, struck or destroyed.

An event is an act between political actors (the annotation guideline of `../shared/data/events/articles`, after
PLOVER): "an outbreak of cholera has killed 21 people", "the quake struck the island" and "an elephant trampled her"
report harm, not an assault. The parse says who or what did it: the trigger's subject (or, for a verb with none, its
governing verb's: "a quake hit the town, killing hundreds"), a passive trigger's "by" agent or the accident it
happened "in". Vehicles are left out on purpose: a truck driven into a crowd is an attack. (Fires fought are in
`event_senses`.)

A death by one's own hand ("hanged himself") is no act between political actors either, but it stays: ECB+ links
the reports of a suicide in custody, and dropping them took the canonical-event precision under its floor (0.7945
-> 0.7854 with quakes and suicides dropped, 0.7926 with quakes alone; docs/events.md, 2026-12-07).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.analyze.event_syntax import SUBJECTS, children, listed

# Natural hazards, diseases, accidents and animals, as the head word of what did the harm (singular forms).
HAZARDS = frozenset("""
    earthquake quake tremor aftershock storm hurricane typhoon cyclone tornado flood flooding landslide mudslide
    avalanche tsunami drought heatwave blizzard lightning wildfire blaze flame eruption volcano monsoon rain snow
    disease epidemic pandemic outbreak virus cholera malaria flu influenza cancer illness infection plague ebola
    measles tuberculosis covid coronavirus meningitis dengue
    accident crash collision derailment
    elephant tiger leopard lion bear shark crocodile snake wolf
""".split())
# An accident a passive harm happened in: "were killed in a crash", "died in an avalanche".
ACCIDENTS = frozenset("accident crash collision derailment earthquake quake flood avalanche landslide storm "
                      "stampede".split())
HARM_TYPES = frozenset({"ASSAULT", "COERCE", "CRIME"})


def _doers(trigger: Token) -> list[Token]:
    """What did it: the trigger's subjects, else its governing verb's; a passive trigger's "by" agents."""
    doers = children(trigger, SUBJECTS)
    if not doers and trigger.dep_ in ("advcl", "conj", "xcomp") and trigger.head is not trigger:
        doers = children(trigger.head, SUBJECTS)
    for agent in children(trigger, ("agent",)):
        doers += children(agent, ("pobj",))
    return doers


def natural_harm(trigger: Token, category: str) -> bool:
    """The event at `trigger`, of `category`, is harm a hazard, disease, accident or animal did, and no act between
    political actors."""
    if any(listed(d.text, HAZARDS) for d in _doers(trigger)):
        return True
    if category not in HARM_TYPES:
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children) and not children(trigger, ("agent",)):
        return any(p.lower_ == "in" and any(listed(o.text, ACCIDENTS) for o in children(p, ("pobj",)))
                   for p in children(trigger, ("prep",)))
    return False
