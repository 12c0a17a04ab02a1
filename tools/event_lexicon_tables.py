"""newsgraph's own English entries for the event lexicon, added by `build_event_lexicon.py` to PETRARCH's.

Every entry here is a fact about English or about PLOVER's definitions (the manual's categories and modes), never
about one example's words or entities: verbs and nominalizations with their category, the cue words of
modality and polarity (refusal, intent, demand, condition), words that name a PLOVER mode or context, and words
that report casualties.
"""

from __future__ import annotations

from typing import Any

# The modes of the PLOVER manual (0.8, chapter "Event Categories"), by contract category.
MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "DEMAND": ("assist", "change", "yield", "meet"),
    "DISAPPROVE": ("disapprove", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
                "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"),
}
# The 2021 table's draft mode names that the manual names otherwise.
MODE_NAMES: dict[tuple[str, str | None], str | None] = {
    ("ASSAULT", "assassinate"): "targeted", ("ASSAULT", "massacre"): "targeted", ("ASSAULT", "seize"): "destroy",
    ("COERCE", "ban"): "restrict", ("THREATEN", "ban"): "restrict", ("THREATEN", "political"): "restrict",
    ("RETREAT", "return"): "release",
}

# CAMEO codes the 2021 table maps against the manual's own definitions: the manual's SANCTION covers international
# sanctions ("coded as `discontinue`"), the table's 163 line says COERCE.
# Likewise the manual's CONCEDE covers "removing curfews" and easing states of emergency (the table: RETREAT).
# And CAMEO 195 "Employ aerial weapons" is the manual's ASSAULT `aerial` (the table says heavy-weapons). CAMEO 183
# is any "suicide, car, or other non-military bombing" (the table says suicide-attack, the mode of its 1831 alone):
# a roadside or car bomb is `explosives`.
RECODED: dict[str, tuple[str, str | None]] = {"163": ("SANCTION", "discontinue"), "0813": ("CONCEDE", None),
                                              "0814": ("CONCEDE", None), "195": ("ASSAULT", "aerial"),
                                              "183": ("ASSAULT", "explosives")}

# Nouns derived from PETRARCH's patterns: how many support-verb patterns must agree, and their share.
# Light verbs whose PETRARCH patterns yield nominal triggers: their object names the event ("hold talks").
LIGHT_VERBS = frozenset({
    "hold", "stage", "launch", "conduct", "mount", "carry", "make", "begin", "start", "open", "issue", "lodge", "file",
    "undertake", "organize", "organise", "perform", "wage", "resume", "continue", "renew", "initiate", "unleash",
    "intensify", "escalate", "step", "commit", "engage", "join", "attend", "participate", "express", "voice",
})
# A derived noun must look like a nominalization: one of these endings, or the form of an event verb ("attack").
NOMINAL_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "al", "ure", "ing", "age", "ade", "ism", "ity", "ery",
                   "ure", "sy")
NOUN_MIN_VOTES = 2
NOUN_SHARE = 2 / 3
NOT_EVENT_NOUNS: frozenset[str] = frozenset({
    "hours", "control", "credit", "emergency", "police", "medal", "message", "fire", "shell", "operation", "training",
    "peacekeeping", "permission", "pressure", "satisfaction"})

# Verbs PETRARCH lacks, or codes by default with a category their ordinary English sense does not have, by
# category; `verb:mode` sets a mode. (PETRARCH's patterns for these verbs still apply.) The manual's CONCEDE
# covers "expressions of regret or remorse" (PETRARCH: DISAPPROVE). In news, to "blast",
# "assail" or "hammer" someone is to criticize them: annotated articles code them DISAPPROVE (train.json 8 of 8).
VERBS: dict[str, str] = {
    "AGREE": "agree, invite, pledge, vow",
    "CONSULT": "negotiate, confer, telephone, phone, host:visit, visit:visit, tour:visit, meet, arrive:visit, "
               "travel:visit",
    "SUPPORT": "defend, praise, commend, endorse, applaud, hail, congratulate, thank, apologize, apologise",
    "COOPERATE": "cooperate, collaborate, extradite, partner",
    "AID": "provide, donate, fund, finance, supply, airlift, rescue, shelter",
    "RETREAT": "withdraw:withdraw, retreat:withdraw, free:release, release:release, resign:resign, surrender:disarm, "
               "disarm:disarm, demobilize:disarm, demobilise:disarm",
    "CONCEDE": "concede, pardon, acquit, amnesty, regret",
    "INVESTIGATE": "investigate, probe, inspect, audit",
    "DEMAND": "demand, urge, request, implore, exhort",
    "DISAPPROVE": "condemn, criticize, criticise, denounce, deplore, accuse, blame, allege, censure, rebuke, slam, "
                  "summon, "
                  "decry, sue:allege, indict:allege, charge:allege, complain, blast, assail, hammer",
    "REJECT": "reject, veto:meet, rebuff, spurn, renege",
    "THREATEN": "threaten, warn",
    "SANCTION": "sanction:discontinue, embargo:discontinue, expel:expel, convict:convict, boycott:discontinue",
    "PROTEST": "demonstrate:demo, rally:demo, march:demo, riot:riot, picket:demo",
    "CRIME": "steal, rob, loot, smuggle, traffic, embezzle, defraud, launder, burgle, poach, extort, bribe",
    "MOBILIZE": "mobilize:troops, mobilise:troops, deploy:troops, patrol:police",
    "COERCE": "arrest:arrest, detain:arrest, jail:arrest, imprison:arrest, deport:deport, confiscate:seize, "
              "seize:seize, ban:restrict, outlaw:restrict, censor:censor, prevent:restrict, raid:seize, "
              "blockade:restrict, sentence:arrest, prosecute:arrest, hack:cyber, curfew:curfew",
    "ASSAULT": "attack, assault, kill, murder, bomb:explosives, shell:heavy-weapons, shoot:firearms, stab:primitive, "
               "wound, injure, torture:torture, rape:sexual, kidnap:abduct, abduct:abduct, hijack:abduct, "
               "assassinate:targeted, massacre:targeted, execute:targeted, behead:targeted, ambush, invade, "
               "bombard:heavy-weapons, raze:destroy, demolish:destroy, fight, clash, storm, strike",
}
# Patterns of English added to PETRARCH's: (verbs, object head words, category:mode). The object decides:
# withdrawing troops is a retreat, withdrawing inspectors or aid is a sanction (the manual's SANCTION `withdraw`).
PATTERNS: list[tuple[str, str, str]] = [
    ("withdraw, pull, recall", ("inspector, observer, monitor, diplomat, ambassador, envoy, aid, assistance, "
                                "peacekeeper, peacekeeping, staff, worker, support, recognition, funding, mission"),
     "SANCTION:withdraw"),
    ("withdraw, pull", "troop, force, soldier, army, unit, military, tank, battalion", "RETREAT:withdraw"),
    ("strengthen, reinforce, bolster, boost, increase, mass, amass, deploy, send, dispatch, move, station, build",
     "force, troop, soldier, army, military, tank, warship, battalion, reinforcement, presence", "MOBILIZE:troops"),
    ("suspend, halt, cut, end, reduce, stop, freeze, sever, curtail, slash, withhold, terminate",
     "aid, assistance, supply, delivery, link, flight, trade, cooperation, funding, loan, export, import",
     "SANCTION:discontinue"),
    ("suspend, halt, end, break, stop, freeze, sever, cut, downgrade",
     "relation, tie, talk, negotiation, mediation, contact, dialogue", "SANCTION:withdraw"),
    # The manual's CONCEDE: easing restrictions, curfews, states of emergency; RETREAT: ending blockades, sanctions.
    ("lift, ease, relax, loosen, shorten, end, cancel, scrap, revoke, rescind, suspend",
     "curfew, restriction, ban, emergency, siege, measure", "CONCEDE"),
    ("lift, ease, relax, loosen, end, cancel, scrap, revoke, rescind", "sanction, embargo, blockade", "RETREAT"),
    # Obstructing passage is a form of protest (the manual's PROTEST `obstruct`); stopping work is a strike.
    ("block, barricade, blockade, occupy", ("road, street, highway, bridge, traffic, route, railway, rail, access, "
                                            "entrance, intersection, junction, transport"), "PROTEST:obstruct"),
    ("stop, shun, down, quit, leave, walk", "work, tool, job", "PROTEST:strike"),
]

# Verbs whose PETRARCH default is a category their ordinary English sense does not carry ("go", "take", "give",
# "think", "call"): only their patterns code them ("take * HOSTAGE", "give * AID"). Many are light verbs or cues.
NOT_EVENT_VERBS: frozenset[str] = frozenset("""
go take need help give want think die call accord add leave lead pay expect mean increase face improve buy consider
learn serve combine join hear fill break reveal suggest claim remove decide affect push seek control manage associate
invest struggle catch pull direct introduce link pass conduct recommend deal study expand connect bid retire vote relate
defeat clear admit ensure enable explore argue express check submit expose head promote unveil contain handle prepare
establish issue gather encourage inspire enhance intend overcome engage hang surround integrate apply prefer benefit
determine propose boost kick weigh celebrate dominate match approach search master equip assign resolve rule sponsor
subscribe attach tend verify swap stock found yield combat grab hint challenge press order escalate intensify heighten
plan hope aim decline refuse deny recognize hit approve return send sign hold stage launch open raise close
learn exercise train delay fail echo advocate draw reach move keep bring put set run turn show stand play start end
""".split())
# Nominal triggers ("the attack on", "refusal to", "talks with"), by category; `noun:mode` sets a mode.
NOUNS: dict[str, str] = {
    "AGREE": "pledge, ceasefire, truce",
    "CONSULT": "talks, negotiations, negotiation, discussions, discussion, consultations, consultation, summit, "
               "meeting, visit:visit, dialogue, mediation, conference, trip:visit",
    "SUPPORT": "praise, endorsement, apology, condolences",
    "COOPERATE": "cooperation, collaboration, extradition, partnership",
    "AID": "aid, assistance, donation, donations, asylum, airlift, evacuation, relief",
    "RETREAT": "withdrawal:withdraw, pullout:withdraw, pullback:withdraw, resignation:resign, surrender:disarm, "
               "release:release, disarmament:disarm, demobilization:disarm",
    "CONCEDE": "concession, pardon, amnesty, acquittal, regret, remorse",
    "INVESTIGATE": "investigation, probe, inquiry, enquiry, inspection, audit",
    "DEMAND": "demand, demands, ultimatum, request, plea, appeal",
    "DISAPPROVE": "criticism, condemnation, accusation, accusations, allegation, allegations, complaint, "
                  "lawsuit:allege, indictment:allege, charges:allege, denunciation, censure, rebuke",
    "REJECT": "refusal, rejection, veto",
    "THREATEN": "threat, threats, warning",
    "SANCTION": "sanctions:discontinue, embargo:discontinue, expulsion:expel, conviction:convict",
    "PROTEST": "protest:demo, protests:demo, demonstration:demo, rally:demo, march:demo, strike:strike, riot:riot, "
               "riots:riot, sit-in:demo, boycott:boycott, walkout:strike, picket:demo",
    "CRIME": "robbery, theft, smuggling, trafficking, fraud, embezzlement, burglary, looting, extortion, bribery",
    "MOBILIZE": "deployment:troops, mobilization:troops, mobilisation:troops, buildup:troops, build-up:troops, "
                "patrol:police, patrols:police, reinforcements:troops",
    "COERCE": "arrest:arrest, arrests:arrest, detention:arrest, crackdown:restrict, curfew:curfew, deportation:deport, "
              "ban:restrict, censorship:censor, seizure:seize, confiscation:seize, blockade:restrict, "
              "raid:seize, raids:seize",
    "ASSAULT": "attack, attacks, assault, bombing:explosives, airstrike:aerial, airstrikes:aerial, "
               "shelling:heavy-weapons, shooting:firearms, gunfire:firearms, killing, killings, massacre:targeted, "
               "assassination:targeted, "
               "ambush, offensive, invasion, clash, clashes, fighting, skirmish, explosion:explosives, "
               "blast:explosives, "
               "kidnapping:abduct, abduction:abduct, hijacking:abduct, torture:torture, rape:sexual, beating:beat, "
               "stabbing:primitive, arson:primitive, incursion, bombardment:heavy-weapons, gunbattle:firearms, "
               "firefight:firearms, onslaught, cleansing, genocide:targeted",
}
# Nouns with a second sense, taken when the noun's phrase or its clause's subject has one of the words, or when
# the noun has a preposition of attack ("strikes against", "strike on"): (category:mode, words).
NOUN_SENSES: dict[str, tuple[str, str]] = {
    "strike": ("ASSAULT:aerial", ("air, airstrike, missile, drone, military, rocket, retaliatory, precision, aerial, "
                                  "naval, artillery, aircraft, jet, jets, warplane, warplanes, plane, planes, drones, "
                                  "bomber, bombers, army, forces, troops, navy, force, against, on")),
}
CONTEXT_OF: dict[str, tuple[str, ...]] = {"asylum": ("asylum",), "ceasefire": ("military",), "truce": ("military",),
                                          "extradition": ("legal",), "extradite": ("legal",),
                                          "lawsuit": ("legal",), "sue": ("legal",)}

# ----- cue words (lemmas) ---------------------------------------------------------------------------------------

CUES: dict[str, str] = {
    # Verbs whose complement is refused: "refused to meet", "declined to resign", "rejected calls to".
    "refuse_verbs": "refuse, decline, reject, rebuff, spurn, dismiss, oppose, resist, veto, renege, balk, shun, "
                    "rule out, turn down",
    "refuse_nouns": "refusal, rejection, opposition, veto",
    # Declining these is declining to speak, not refusing an event: "declined to comment".
    "refusal_exempt": "comment, say, elaborate, respond, disclose, confirm, specify, identify, speculate, answer, "
                      "explain, reveal, discuss, name, reply, give, provide, be, talk, speak, detail, divulge",
    # Intent: the complement is planned, offered, promised, threatened (it has not happened).
    "intent_verbs": "plan, intend, aim, want, wish, seek, hope, prepare, decide, vow, pledge, promise, offer, agree, "
                    "consider, mull, threaten, propose, mean, expect, strive, resolve, undertake, "
                    "swear, commit, prefer, like, need, schedule, set, announce",
    "intent_adjectives": "ready, willing, prepared, determined, committed, eager, keen, poised, unwilling, reluctant",
    # Possibility: the complement may happen ("is likely to deploy", "is expected to meet").
    "possibility_adjectives": "likely, unlikely, expected, possible, set, due, able, bound, certain, sure",
    "intent_nouns": "intention, intent, plan, plans, offer, threat, readiness, willingness, commitment, pledge, "
                    "promise, hope, desire, wish, aim, goal, determination, resolve, vow",
    # Proposals and possibilities: their complement is hypothetical, whoever would carry it out.
    "proposal_words": "suggest, propose, recommend, suggestion, proposal, proposals, call, calls, demand, demands, "
                      "request, appeal, push, need, idea, possibility, prospect, option, chance, prospects, "
                      "consider, discuss, debate, mull, explore, hope, urge",
    # Verbs whose complement did not happen: "refrained from announcing", "failed to reach", "avoided meeting".
    "negating_verbs": "refrain, abstain, avoid, fail, forgo, forego",
    # Demands: "urged X to", "called on X to", "demanded that X", "expects X to".
    "demand_verbs": "demand, urge, ask, press, push, pressure, pressurize, call, request, expect, want, tell, order, "
                    "instruct, appeal, implore, exhort, insist, require, encourage, invite, challenge, direct, "
                    "command, petition, beg, advise, warn",
    "modals": "will, would, shall, may, might, could, can, should, must, 'll, 'd, wo, ca, ought",
    "obligation_modals": "must, should, ought",
    "conditions": "if, unless, provided, providing, lest, whether",
    # Speech and cognition verbs: their complement is what the subject says, thinks or reports.
    "speech_verbs": "say, tell, state, announce, declare, add, claim, insist, stress, emphasize, emphasise, note, "
                    "report, indicate, confirm, reiterate, underscore, highlight, assert, maintain, argue, write, "
                    "believe, think, conclude, explain, reply, respond, acknowledge, admit, suggest, remark, observe, "
                    "contend, allege, mention, signal, affirm, reaffirm, repeat, point, clarify, warn, caution",
    # Light verbs: their object (or the object of their preposition) names the event, and their subject acts.
    "light_verbs": "hold, stage, launch, conduct, mount, carry, make, begin, start, open, issue, lodge, file, "
                   "undertake, "
                   "organize, organise, perform, wage, resume, continue, renew, initiate, unleash, intensify, "
                   "escalate, step, commit, engage, join, attend, participate, lead, reiterate, repeat, express, "
                   "voice, "
                   "take, give, have, pursue, complete, finish, end, announce, reaffirm, maintain, keep, "
                   "carry, deliver, extend, make, reach, seek, sign, do, tighten, expand, widen, prolong, "
                   "strengthen, reinforce, enforce, reimpose, impose, declare, order",
    "negative_determiners": "no, never, neither, nor, without",
    # Sport: "Wales beat Hungary 2-0" is no assault; conflict verbs in these sentences are games.
    "sport_words": "match, matches, game, games, goal, goals, season, league, cup, score, scored, scoring, striker, "
                   "coach, tournament, championship, playoff, playoffs, inning, innings, quarterback, touchdown, "
                   "midfielder, defender, goalkeeper, saves, points, rebounds, semifinal, final, finals, olympic, "
                   "olympics, medal, squad, fixture, win, wins, victory, defeat, stadium, fans, team, teams, player, "
                   "players, club, clubs, race, sprint, title, round, rout",
    # Verbs whose complement is alleged, not reported as fact: "accused X of violating".
    "allegation_verbs": "accuse, blame, allege, charge, suspect, claim, deny, indict, sue, condemn, criticize",
    # Casualties: "killed 12", "five people were wounded", "claimed the lives of".
    "dead_verbs": "kill, slay, massacre, execute, murder, die, behead, assassinate, shoot",
    "dead_words": "dead, deaths, death, killed, fatalities, bodies, lives, toll",
    "injured_verbs": "wound, injure, hurt, maim",
    "injured_words": "injured, wounded, injuries, hurt",
    # Passives that state the subject's own stance: "Israel is opposed to X" (Israel opposes X).
    "stative_passives": "oppose, commit, dedicate, devote, determine, prepare, resolve",
    "people_nouns": "people, person, persons, groups, group, youths, crowd, crowds, thousands, hundreds, "
                    "inhabitants, citizens, population, activists, supporters, members, leaders, elders, civilians, "
                    "soldiers, troops, policemen, police, officers, children, "
                    "women, men, militants, rebels, fighters, workers, passengers, pilgrims, students, protesters, "
                    "demonstrators, others, members, villagers, residents, insurgents, guards, engineers, nationals",
}

# Sectors of common nouns the actor dictionary leaves without one, used only then ("Israeli tanks": MIL).
SECTOR_WORDS: dict[str, str] = {
    "MIL": "forces, force, tanks, tank, aircraft, helicopters, helicopter, gunships, warships, warship, jets, jet, "
           "warplanes, warplane, navy, bombers, artillery, battalion, battalions, brigade, paratroopers, marines, "
           "submarine, submarines, officers",
    "COP": "patrol, patrols, gendarmes, gendarmerie, riot",
    "OPP": "opposition",
    "REF": "refugees, asylum-seekers",
    # bodies named by their kind: "the council called for", "the union demanded", "a grand jury indicted"
    "GOV": "council, councils, agency, agencies",
    "LEG": "assembly",
    "LAB": "union, unions",
    "JUD": "jury",
    "BUS": "firm, firms",
    # CAMEO's convention: ordinary people, and the places they live in when acted upon, are civilians.
    "CVL": "people, population, nationals, civilians, youths, inhabitants, residents, villagers, homes, houses, town, "
           "towns, village, villages, neighbourhood, neighborhood, neighbourhoods, neighborhoods, district, districts, "
           "households, families",
}

NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a": 1, "an": 1,
}

# Words naming a PLOVER mode when they occur with an event of the category ("car bomb": explosives).
MODE_WORDS: dict[str, dict[str, str]] = {
    "ASSAULT": {
        "suicide-attack": "suicide, self-immolation, kamikaze",
        "explosives": "bomb, bombing, bomber, ied, explosive, explosion, blast, landmine, mine, minefield, grenade, "
                      "detonate, car-bomb",
        "aerial": "airstrike, air, aircraft, jet, warplane, helicopter, gunship, bomber, airplane",
        "drone": "drone, uav, predator, reaper",
        "heavy-weapons": "artillery, shell, shelling, tank, rocket, mortar, missile, howitzer, cannon, bombard",
        "firearms": "gun, gunfire, gunman, gunmen, shot, shoot, shooting, rifle, pistol, bullet, sniper, gunbattle, "
                    "firefight, fire",
        "primitive": "knife, machete, axe, stab, stabbing, stone, rock, arson, torch, spear, club, sword",
        "crowd-control": "tear, teargas, cannon, baton, lathi, rubber",
        "abduct": "kidnap, kidnapping, abduct, abduction, hijack, hijacking, hostage",
        "torture": "torture, torturing",
        "sexual": "rape, sexual, sexually",
        "beat": "beat, beating, punch, kick, assault",
        "targeted": "assassinate, assassination, execute, execution, massacre",
        "unconventional": "chemical, biological, nuclear, radiological, sarin, gas",
        "destroy": "demolish, destroy, raze, bulldoze",
    },
    "PROTEST": {
        "hunger": "hunger", "riot": "riot, rioting, rioter, rioters, loot, looting",
        "strike": "strike, strikes, walkout, stoppage", "boycott": "boycott",
        "obstruct": "block, blockade, barricade, obstruct, sit-in",
        "demo": "demonstrate, demonstration, demonstrator, rally, march, protest, protester, vigil",
        "vandalize": "vandalize, vandalise, deface",
    },
    "CONSULT": {"phone": "phone, telephone, call, videoconference, video", "visit": "visit, arrive, host, trip, tour",
                "multilateral": "summit, conference, forum, multilateral"},
    "COERCE": {"arrest": "arrest, detain, detention, custody, jail, imprison", "deport": "deport, deportation",
               "curfew": "curfew", "martial-law": "martial, emergency, siege", "censor": "censor, censorship",
               "seize": "seize, confiscate, raid, search", "cyber": "hack, hacker, cyber, cyberattack",
               "restrict": "ban, restrict, restriction, blockade, cordon"},
    "MOBILIZE": {"troops": "troops, soldiers, army, forces, battalion, brigade, military",
                 "police": "police, policemen, security", "weapons": "missile, missiles, warship, warships, weapons"},
}

# Words that name a PLOVER context (the manual's general contexts) in the event's sentence.
CONTEXT_WORDS: dict[str, str] = {
    "terrorism": "terror, terrorism, terrorist, terrorists, counterterrorism, extremism, extremist, jihadist",
    "election": "election, elections, electoral, vote, voting, ballot, polls, campaign, candidate, candidates",
    "migration": "refugee, refugees, migrant, migrants, migration, immigration, deportation, repatriation, "
                 "displaced, asylum-seekers",
    "asylum": "asylum",
    "cbrn": "nuclear, chemical, biological, radiological, uranium, sarin",
    "legal": "court, courts, judge, trial, lawsuit, prosecutor, tribunal, verdict, sentence, indictment",
    "military": "military, army, troops, soldiers, navy, air force, armed forces, defence, defense",
    "economic": "economic, economy, trade, tariff, tariffs, investment, finance, financial, exports, imports",
    "corruption": "corruption, bribery, bribe, bribes, embezzlement, graft, kickbacks",
    "illegal_drugs": "drug, drugs, narcotics, cocaine, heroin, cartel",
    "trafficking": "trafficking, smuggling, smugglers, traffickers",
    "human_rights": "human rights",
    "cyber": "cyber, hacking, hackers, cyberattack",
    "peacekeeping": "peacekeeping, peacekeepers, peace-keeping",
    "health": "health, epidemic, pandemic, disease, vaccine",
    "disasters": "earthquake, flood, floods, hurricane, cyclone, drought, disaster",
    "diplomatic": "diplomatic, diplomacy, embassy, ambassador, envoy",
    "religion_ethnicity": "ethnic, religious, sectarian",
    "environment": "pollution, climate, environmental",
    "crime": "crime, criminal, criminals, gang, gangs",
}
# Contexts of the 2021 table that the manual names otherwise or lacks.
CONTEXT_NAMES: dict[str, str | None] = {"democracy": "pro_democracy", "humanitarian": "human_security"}


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


def cue_document(inflector: Any) -> dict[str, Any]:
    """The cue lists the stage reads; verb cues are lemmas (the stage lemmatizes verbs with the verb forms)."""
    document: dict[str, Any] = {name: sorted(set(_words(text))) for name, text in CUES.items()}
    document["numbers"] = NUMBERS
    document["sector_words"] = {word: sector for sector, text in SECTOR_WORDS.items() for word in _words(text)}
    document["noun_senses"] = {noun: [result, sorted(set(_words(words)))] for noun, (result, words) in
                               NOUN_SENSES.items()}
    document["mode_words"] = {category: {word: mode for mode, text in modes.items() for word in _words(text)}
                              for category, modes in MODE_WORDS.items()}
    document["context_words"] = {word: context for context, text in CONTEXT_WORDS.items() for word in _words(text)}
    return document


def cue_verbs() -> set[str]:
    """Every verb lemma the cue lists name, so the build gives each its inflected forms."""
    verbs: set[str] = set()
    for name, text in CUES.items():
        if name.endswith("_verbs"):
            verbs.update(w for w in _words(text) if w.isalpha())
    return verbs
