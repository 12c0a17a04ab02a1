"""Stories: features, near-duplicates, incremental clustering, canonical events and the ECB+ gate."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO, need

from newsgraph.evaluate.canonical_events import score_canonical_events, score_orders
from newsgraph.evaluate.stories import as_input, bcubed, detokenize, read_corpus, read_document, score
from newsgraph.stories.cluster import StoryClusterer, cluster_batch, cluster_records
from newsgraph.stories.dedup import NearDuplicates
from newsgraph.stories.features import StoryFeatures, body_minhash, content_terms, features_of
from newsgraph.stories.merge_events import EventMerger, distance_km, trigger_stem

ECBPLUS = DATA / "stories" / "ecbplus"
FLOORS = json.loads((REPO / "tests" / "quality_floors.json").read_text(encoding="utf-8"))

QUAKE = (
    "A strong earthquake of magnitude 6.1 struck the mountain province of Yunlin early on Tuesday, toppling "
    "houses and cutting power to thousands of homes. Rescue teams from the provincial capital reached the "
    "villages of Dongshan and Gukeng by noon, where collapsed schools and landslides blocked the roads. "
    "Governor Lin Mei-hua said at least twelve people had died and more than ninety were injured, and that "
    "the toll could rise as crews searched the rubble. The seismological bureau recorded more than forty "
    "aftershocks and warned residents to stay out of damaged buildings. Hospitals in Douliu treated the "
    "wounded while soldiers delivered tents, water and blankets to families who spent the night outdoors."
)
QUAKE_FOLLOWUP = (
    "Rescuers in Yunlin pulled two survivors from a collapsed school in Gukeng on Wednesday, a day after the "
    "magnitude 6.1 earthquake killed at least fifteen people in the mountain province. Governor Lin Mei-hua "
    "said the death toll had risen as crews cleared landslides blocking the roads to Dongshan. Aftershocks "
    "continued to shake the region and the seismological bureau urged families to keep out of damaged "
    "buildings, while soldiers handed out tents and blankets to residents sleeping outdoors near Douliu."
)
FOOTBALL = (
    "Harbor City United beat Northfield Rovers three goals to one on Saturday to win the national cup final "
    "in front of a sold-out crowd at Riverside Stadium. Striker Tomas Ekberg scored twice in the second half "
    "after the Rovers had taken an early lead through a penalty. Coach Anna Vidal praised her squad's "
    "resilience and dedicated the trophy to the club's supporters, who celebrated in the streets of the old "
    "harbor district long into the night. It is the club's first cup since the stadium was rebuilt."
)
BUDGET = (
    "The finance ministry of Norland unveiled a budget on Thursday that raises fuel taxes and cuts spending "
    "on regional airports, drawing criticism from opposition lawmakers in parliament. Finance Minister Erik "
    "Dahl said the plan would shrink the deficit to two percent of output within three years. Trade unions "
    "called a rally outside the ministry for next week, and farmers' groups warned that higher diesel prices "
    "would hurt rural households. Parliament is expected to vote on the budget before the summer recess."
)


def record(doc_id: str, body: str, *, title: str | None = None, published: str | None = None,
           entities: list[str] = (), places: list[dict[str, Any]] = (), times: list[str] = (),
           events: list[dict[str, Any]] = ()) -> dict[str, Any]:
    """A contract-shaped article record with only what the story code reads."""
    text = f"{title}\n\n{body}" if title else body
    return {
        "schema": "newsgraph.article/1", "id": doc_id, "title": title, "body": body, "text": text,
        "published": {"value": published, "source": "input"} if published else None,
        "entities": [{"id": f"e{i}", "name": n, "type": "PERSON", "mentions": [{"start": 0, "end": 1, "text": n}]}
                     for i, n in enumerate(entities)],
        "places": list(places),
        "times": [{"type": "DATE", "value": v, "start": 0, "end": 1, "text": v} for v in times],
        "events": list(events),
    }


def place(place_id: str, geonames_id: int, lat: float, lon: float, feature: str = "PPL") -> dict[str, Any]:
    return {"id": place_id, "name": place_id, "geonames_id": geonames_id, "lat": lat, "lon": lon,
            "country_code": "XX", "admin1": None, "feature": feature, "mentions": []}


def event(event_id: str, kind: str, place_id: str | None, day: str | None, *, source: str | None = None,
          target: str | None = None, negated: bool = False, trigger: str = "attacked",
          actor: str = "x") -> dict[str, Any]:
    def actors(country: str | None) -> list[dict[str, Any]]:
        return [{"entity": None, "start": 0, "end": 1, "text": actor, "country": country, "sector": None}] \
            if country else []
    return {"id": event_id, "type": kind, "place": place_id, "source": actors(source), "target": actors(target),
            "date": {"value": day, "basis": "explicit"} if day else None, "negated": negated,
            "hypothetical": False, "confidence": 0.9, "trigger": {"start": 0, "end": 1, "text": trigger}}


def partition(labels: list[str]) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return {frozenset(g) for g in groups.values()}


# Features ----------------------------------------------------------------------------------------


def test_features_round_trip_through_json() -> None:
    features = features_of(record("q1", QUAKE, title="Quake hits Yunlin", published="2024-03-05T08:00:00Z",
                                  entities=["Lin Mei-hua"], places=[place("p1", 1668355, 23.7, 120.5)],
                                  times=["2024-03-05", "XXXX-XX-XX"], events=[event("ev1", "ASSAULT", None, None)]))
    again = StoryFeatures.from_json(features.to_json())
    assert again == features
    assert StoryFeatures.from_json(features.to_json()[:-1] + ',"added_later":1}') == features
    assert again.published == "2024-03-05"
    assert again.dates == ["2024-03-05"]
    assert again.places == [1668355]
    assert "lin mei-hua" in again.entities
    assert len(features.to_json().encode()) < 4000
    assert again.minhash_object().jaccard(body_minhash(QUAKE)) == 1.0


def test_features_content_terms_leave_out_function_words() -> None:
    terms = content_terms("The pirates said they had seized the ship's crew; the pirate ships were seized.")
    assert terms["pirate"] == 2 and terms["ship"] == 2 and terms["seized"] == 2
    assert "the" not in terms and "said" not in terms and "they" not in terms


def test_features_of_error_record_is_empty() -> None:
    features = features_of({"id": "bad", "error": {"code": "NG101", "message": "empty"}})
    assert features.terms == {} and features.entities == {}


# Near-duplicates ---------------------------------------------------------------------------------


def test_dedup_syndicated_copy_with_new_headline_and_byline_is_duplicate() -> None:
    original = record("wire-1", f"By Jane Roe\n\n{QUAKE}", title="Deadly quake hits Yunlin")
    copy = record("paper-7", f"From wire reports\n\n{QUAKE} Copyright 2024.", title="Quake kills 12 in Yunlin")
    clusterer = StoryClusterer()
    first = clusterer.add(features_of(original))
    second = clusterer.add(features_of(copy))
    assert first.duplicate_of is None
    assert second.duplicate_of == "wire-1"
    assert second.story_id == first.story_id


def test_dedup_follow_up_report_is_not_a_duplicate() -> None:
    index = NearDuplicates()
    index.add("a", body_minhash(QUAKE))
    assert index.find(body_minhash(QUAKE_FOLLOWUP)) is None
    assert index.find(body_minhash(QUAKE)) == ("a", 1.0)


def test_dedup_copies_of_a_copy_point_to_the_original() -> None:
    index = NearDuplicates()
    index.add("a", body_minhash(QUAKE))
    index.add("b", body_minhash(QUAKE + " Updated."), duplicate_of="a")
    found = index.find(body_minhash(QUAKE + " Updated again."))
    assert found is not None and found[0] == "a"


# Stories -----------------------------------------------------------------------------------------


def _articles() -> list[dict[str, Any]]:
    quake_place = [place("p1", 1668355, 23.7, 120.5)]
    return [
        record("q1", QUAKE, entities=["Lin Mei-hua"], places=quake_place, published="2024-03-05"),
        record("q2", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, published="2024-03-06"),
        record("f1", FOOTBALL, entities=["Tomas Ekberg", "Anna Vidal"], published="2024-03-09"),
        record("b1", BUDGET, entities=["Erik Dahl"], published="2024-03-07"),
    ]


def test_cluster_same_story_joins_and_different_stories_stay_apart() -> None:
    stories = cluster_records(_articles())
    assert stories[0] == stories[1]
    assert len({stories[0], stories[2], stories[3]}) == 3
    assert stories[0] == "s-q1"


def test_cluster_partition_does_not_depend_on_order() -> None:
    articles = _articles()
    expected = None
    for order in itertools.permutations(range(len(articles))):
        stories = cluster_records([articles[i] for i in order])
        by_article = {articles[i]["id"]: s for i, s in zip(order, stories, strict=True)}
        found = partition([by_article[a["id"]] for a in articles])
        expected = expected or found
        assert found == expected


def test_cluster_incremental_add_matches_batch_and_load_resumes() -> None:
    articles = _articles()
    clusterer = StoryClusterer()
    held = [(features_of(r), clusterer.add(features_of(r))) for r in articles[:3]]
    resumed = StoryClusterer()
    resumed.load((f, a.story_id, a.duplicate_of) for f, a in held)
    again = resumed.add(features_of(articles[1]))
    assert again.story_id == held[1][1].story_id
    follow = resumed.add(features_of(record("q3", QUAKE_FOLLOWUP + " Schools stay closed.", published="2024-03-06",
                                            entities=["Lin Mei-hua"])))
    assert follow.story_id == held[0][1].story_id
    assert follow.duplicate_of == "q2"
    budget = resumed.add(features_of(articles[3]))
    assert budget.story_id == "s-b1"


def test_cluster_window_keeps_dated_reports_far_apart_in_separate_stories() -> None:
    quake_place = [place("p1", 1668355, 23.7, 120.5)]
    early = record("q1", QUAKE, entities=["Lin Mei-hua"], places=quake_place, published="2024-03-05")
    late = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, published="2024-06-20")
    assert len(set(cluster_records([early, late], window_days=7))) == 2
    undated = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place)
    assert len(set(cluster_records([early, undated], window_days=7))) == 1


def test_cluster_months_of_no_year_keep_reports_of_other_months_apart() -> None:
    quake_place = [place("p1", 1668355, 23.7, 120.5)]
    undated = record("q1", QUAKE, entities=["Lin Mei-hua"], places=quake_place, times=["XXXX-12-06"])
    assert features_of(undated).months == [12]
    may = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, published="2024-05-05")
    assert len(set(cluster_records([undated, may]))) == 2
    assert len(set(cluster_records([may, undated]))) == 2
    january = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, published="2025-01-03")
    assert len(set(cluster_records([undated, january]))) == 1
    june = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, times=["XXXX-06-10"])
    assert len(set(cluster_records([undated, june]))) == 2
    march = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, times=["XXXX-03-01"])
    assert len(set(cluster_records([undated, march]))) == 1
    no_month = record("q9", QUAKE_FOLLOWUP, entities=["Lin Mei-hua"], places=quake_place, times=["XXXX-WXX-3"])
    assert len(set(cluster_records([undated, no_month]))) == 1


def test_cluster_error_records_get_their_own_story() -> None:
    records = [*_articles()[:2], {"id": "bad", "error": {"code": "NG101", "message": "empty"}}]
    stories = cluster_records(records)
    assert stories[2] == "s-bad"
    assert stories[0] == stories[1]


def test_cluster_topics_group_stories() -> None:
    assignments = cluster_batch(_articles())
    assert assignments[0].topic_id == assignments[1].topic_id
    assert assignments[2].topic_id != assignments[3].topic_id


# Canonical events --------------------------------------------------------------------------------


def test_merge_events_same_assault_same_city_same_day_is_one_event() -> None:
    merger = EventMerger()
    city = place("p1", 1, 33.51, 36.29)
    first = merger.add("a1", record("a1", "x", places=[city], events=[event("ev1", "ASSAULT", "p1", "2024-04-02")]))
    nearby = place("p7", 2, 33.52, 36.31)
    second = merger.add("a2", record("a2", "y", places=[nearby],
                                     events=[event("ev3", "ASSAULT", "p7", "2024-04-02", source="SYR")]))
    assert first[0][1]["id"] == second[0][1]["id"]
    assert second[0][0] == "ev3"
    assert second[0][1]["report_count"] == 2
    assert second[0][1]["source_country"] == "SYR"
    assert len(merger) == 1


@pytest.mark.parametrize("other", [
    event("ev2", "PROTEST", "p1", "2024-04-02"),
    event("ev2", "ASSAULT", "p2", "2024-04-02"),
    event("ev2", "ASSAULT", "p1", "2024-04-20"),
    event("ev2", "ASSAULT", "p1", "2024-04-02", source="ISR", target="LBN"),
    event("ev2", "ASSAULT", None, "2024-04-02"),
], ids=["other-type", "far-place", "far-date", "other-actors", "too-little-evidence"])
def test_merge_events_keeps_different_events_apart(other: dict[str, Any]) -> None:
    merger = EventMerger()
    places = [place("p1", 1, 33.51, 36.29), place("p2", 3, 36.20, 37.15)]
    merger.add("a1", record("a1", "x", places=places,
                            events=[event("ev1", "ASSAULT", "p1", "2024-04-02", source="SYR", target="SYR")]))
    result = merger.add("a2", record("a2", "y", places=places, events=[other]))
    assert result[0][1]["report_count"] == 1
    assert len(merger) == 2


def test_merge_events_same_type_day_and_country_with_other_words_stay_apart() -> None:
    """A governor "defending" a campaign and a market "supported" by a ministry, both American, the same day
    and placed nowhere: one type, one day, one country are not one event."""
    merger = EventMerger()
    merger.add("a1", record("a1", "x", events=[event("ev1", "SUPPORT", None, "2024-04-02", source="USA",
                                                     trigger="defended", actor="the governor")]))
    other = merger.add("a2", record("a2", "y", events=[event("ev1", "SUPPORT", None, "2024-04-02", source="USA",
                                                           trigger="supported", actor="the ministry")]))
    assert other[0][1]["report_count"] == 1 and len(merger) == 2
    same = merger.add("a3", record("a3", "z", events=[event("ev1", "SUPPORT", None, "2024-04-03", source="USA",
                                                          trigger="defends", actor="Governor")]))
    assert same[0][1]["id"] == "ce-a1-ev1" and same[0][1]["report_count"] == 2, \
        "same day, same country and the same word: the same event"


def test_merge_events_trigger_stem() -> None:
    stems = [trigger_stem(w) for w in ("shooting", "shootings", "shoot", "killed", "kills", "talks", "stopped")]
    assert stems == ["shoot", "shoot", "shoot", "kill", "kill", "talk", "stop"]
    assert trigger_stem("gunned down") == trigger_stem("gun") and trigger_stem("") is None


def test_merge_events_counts_an_article_once_and_skips_negated_events() -> None:
    merger = EventMerger()
    city = [place("p1", 1, 33.51, 36.29)]
    events = [event("ev1", "ASSAULT", "p1", "2024-04-02"), event("ev2", "ASSAULT", "p1", "2024-04-02"),
              event("ev3", "ASSAULT", "p1", "2024-04-02", negated=True)]
    result = merger.add("a1", record("a1", "x", places=city, events=events))
    assert [event_id for event_id, _ in result] == ["ev1", "ev2"]
    assert result[1][1]["report_count"] == 1


def test_merge_events_load_resumes_from_stored_rows() -> None:
    merger = EventMerger()
    merger.load([{"id": "ce-old", "type": "ASSAULT", "source_country": None, "target_country": None,
                  "geonames_id": 1, "lat": 33.51, "lon": 36.29, "date": "2024-04-02", "first_seen": "2024-04-02",
                  "report_count": 3, "reports": ["a1", "a2", "a3"]}],
                [("ce-old", "attack", None), ("ce-unknown", "attack", None)])
    result = merger.add("a9", record("a9", "x", places=[place("p1", 1, 33.51, 36.29)],
                                     events=[event("ev1", "ASSAULT", "p1", "2024-04-03")]))
    assert result[0][1]["id"] == "ce-old" and result[0][1]["report_count"] == 4
    again = merger.add("a1", record("a1", "x", places=[place("p1", 1, 33.51, 36.29)],
                                    events=[event("ev1", "ASSAULT", "p1", "2024-04-02")]))
    assert again[0][1]["report_count"] == 4


QUETTA = [
    {"id": "q1", "published": "2024-04-02", "title": "Gunmen attack police station in Quetta",
     "text": "Gunmen attacked a police station in Quetta on Monday, killing four officers, police said."},
    {"id": "q2", "published": "2024-04-02", "title": "Four officers killed in Quetta",
     "text": "Four police officers were killed when gunmen attacked a police station in Quetta on Monday, "
             "officials said."},
]


def test_merge_events_across_ingest_runs_uses_the_stored_words_and_actors(db_url: str, tmp_path: Path) -> None:
    """The second report arrives in a later run: the merger, reloaded from the store, still knows what the
    first report's event was called and who took part, and joins them."""
    from newsgraph.config import Settings
    from newsgraph.ingest import ingest
    from newsgraph.store import open_store

    for doc in QUETTA:
        path = tmp_path / f"{doc['id']}.jsonl"
        path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
        with open_store(db_url) as store:
            ingest([str(path)], store, Settings())
    with open_store(db_url) as store:
        attacks = [e for e in store.iter_rows("events") if e["trigger_text"] == "attacked"]
        canonical = {row["id"]: row for row in store.iter_canonical_events()}
        stories = set(store.iter_canonical_stories())
        article_stories = {row["article_id"]: row["story_id"] for row in store.iter_rows("stories")}
    assert sorted(e["article_id"] for e in attacks) == ["q1", "q2"]
    assert len({e["canonical_id"] for e in attacks}) == 1
    assert canonical[attacks[0]["canonical_id"]]["report_count"] == 2
    assert (attacks[0]["canonical_id"], article_stories["q1"]) in stories, "the stories the merger reloads"


def test_canonical_events_score_counts_pairs_across_documents() -> None:
    """Three reports merged into one canonical event, two of them gold-linked: one right pair of three merged;
    an event on no gold mention takes no part."""
    from newsgraph.evaluate.stories import GoldDocument

    docs = [GoldDocument(id=f"d{i}", text="attacked x", url=None, topic="1", seminal="1ecb",
                         event_mentions=((0, 8, gold),)) for i, gold in enumerate(["ACT1", "ACT1", "ACT2"])]
    city = [place("p1", 1, 33.51, 36.29)]
    records = [record(d.id, "x", places=city, events=[
        {**event("ev1", "ASSAULT", "p1", "2024-04-02", source="SYR"), "trigger": {"start": 0, "end": 8,
                                                                                "text": "attacked"}},
        {**event("ev2", "ASSAULT", "p1", "2024-04-02", source="SYR"), "trigger": {"start": 9, "end": 10,
                                                                                "text": "attack"}},
    ]) for d in docs]
    figures = score_canonical_events(records, docs)
    assert figures["canonical_events"] == 1 and figures["events_on_gold_mentions"] == 3
    assert (figures["merged_pairs"], figures["gold_pairs"]) == (3, 1)
    assert figures["precision"] == pytest.approx(1 / 3, abs=1e-4) and figures["recall"] == 1.0


def test_canonical_events_scored_over_orders_report_the_mean_and_the_spread() -> None:
    """A report placed but undated, one dated but unplaced, and one both: the third arriving first joins all
    three; arriving after either of the others, it joins one of them and the other stays apart."""
    from newsgraph.evaluate.stories import GoldDocument

    docs = [GoldDocument(id=f"d{i}", text="attacked x", url=None, topic="1", seminal="1ecb",
                         event_mentions=((0, 8, "ACT1"),)) for i in range(3)]
    city = [place("p1", 1, 33.51, 36.29)]
    shapes = [("p1", None), (None, "2024-04-02"), ("p1", "2024-04-02")]
    records = [record(d.id, "x", places=city, events=[
        {**event("ev1", "ASSAULT", where, day, source="SYR"), "trigger": {"start": 0, "end": 8, "text": "attacked"}}])
        for d, (where, day) in zip(docs, shapes, strict=True)]
    figures = score_orders(records, docs, orders=32)
    assert figures["orders"] == 32 and figures["gold_pairs"] == 3
    assert figures["recall_lowest"] == pytest.approx(1 / 3, abs=1e-4) and figures["recall_highest"] == 1.0
    assert 1 / 3 < figures["recall"] < 1.0 and figures["recall_sd"] > 0
    assert figures["precision"] == 1.0 and figures["precision_sd"] == 0.0
    with pytest.raises(ValueError):
        score_orders(records, docs, orders=0)


def test_merge_events_distance_km() -> None:
    assert distance_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=3)


# Evaluation ---------------------------------------------------------------------------------------


def test_stories_detokenize_rebuilds_natural_text() -> None:
    tokens = ["``", "We", "'re", "fine", ",", "''", "the", "33-year-old", "actress", "'s", "rep", "said",
              "at", "8", ":", "13", "(", "local", ")", "in", "a", "court", "-", "mandated", "stay", "."]
    assert detokenize(tokens) == '"We\'re fine," the 33-year-old actress\'s rep said at 8:13 (local) in a ' \
                                 'court-mandated stay.'


def test_stories_bcubed() -> None:
    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed(["a", "a", "a"], ["x", "x", "y"])
    assert precision == pytest.approx(5 / 9) and recall == 1.0


def test_stories_read_document_splits_url_and_gold(tmp_path: Path) -> None:
    xml = ('<Document doc_name="7_3ecbplus.xml">'
           + "".join(f'<token t_id="{i}" sentence="{s}" number="{i}">{t}</token>'
                     for i, (s, t) in enumerate([(0, "http"), (0, ":"), (0, "/"), (0, "/"), (0, "x.com"),
                                                 (1, "Headline"), (1, "here"), (2, "It"), (2, "rained"), (2, "."),
                                                 (3, "Then"), (3, "sun"), (3, ".")]))
           + "</Document>")
    path = tmp_path / "7_3ecbplus.xml"
    path.write_text(xml, encoding="utf-8")
    doc = read_document(path)
    assert doc.url == "http://x.com"
    assert doc.text == "Headline here\n\nIt rained. Then sun."
    assert (doc.topic, doc.seminal) == ("7", "7ecbplus")
    assert [doc.text[slice(*doc.token_spans[str(i)])] for i in (5, 8, 9, 11)] == ["Headline", "rained", ".", "sun"]


def test_stories_read_document_event_mentions_and_cross_document_events(tmp_path: Path) -> None:
    tokens = [(0, "Police"), (0, "shot"), (0, "a"), (0, "man"), (0, "."), (1, "He"), (1, "died"), (1, ".")]
    xml = ('<Document doc_name="3_1ecb.xml">'
           + "".join(f'<token t_id="{i}" sentence="{s}" number="{i}">{t}</token>' for i, (s, t) in enumerate(tokens))
           + '<Markables><ACTION_OCCURRENCE m_id="1"><token_anchor t_id="1"/></ACTION_OCCURRENCE>'
           + '<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="6"/></ACTION_OCCURRENCE>'
           + '<HUMAN_PART_PER m_id="3"><token_anchor t_id="3"/></HUMAN_PART_PER>'
           + '<ACTION_OCCURRENCE m_id="9" instance_id="ACT77"/></Markables>'
           + '<Relations><CROSS_DOC_COREF r_id="1" note="ACT77"><source m_id="1"/><target m_id="9"/>'
           + '</CROSS_DOC_COREF></Relations></Document>')
    path = tmp_path / "3_1ecb.xml"
    path.write_text(xml, encoding="utf-8")
    doc = read_document(path)
    assert [(doc.text[s:e], instance) for s, e, instance in doc.event_mentions] == [
        ("shot", "ACT77"), ("died", "3_1ecb#2")]


def test_stories_ecbplus_gate(pipeline) -> None:
    docs = read_corpus(need(ECBPLUS))
    records = list(pipeline.analyze(as_input(d) for d in docs))
    assert not [r for r in records if "error" in r]
    scores = score(records, docs)
    other_order = score(records, docs, seed=97)
    print(json.dumps(scores), json.dumps(other_order))
    canonical = score_orders(records, docs)  # the mean over 32 orders: one order's figures vary by +-0.04
    print(json.dumps(canonical))
    assert canonical["events_on_gold_mentions"] > 500 and canonical["merged_pairs"] > 300
    assert canonical["precision"] >= FLOORS["stories.ecbplus.canonical_events.mean_precision"]
    assert canonical["recall"] >= FLOORS["stories.ecbplus.canonical_events.mean_recall"]
    assert scores["seminal_f1"] >= FLOORS["stories.ecbplus.seminal_f1"]
    assert scores["topic_f1"] >= FLOORS["stories.ecbplus.topic_f1"]
    # Incremental clustering must not lean on a topic's files arriving together: another shuffled order
    # holds up within what single-pass clustering varies by (0.80 to 0.84 seminal F1 over six orders).
    assert other_order["seminal_f1"] >= FLOORS["stories.ecbplus.seminal_f1"] - 0.05
    assert other_order["topic_f1"] >= FLOORS["stories.ecbplus.topic_f1"] - 0.05
    assert other_order["stories"] < len(docs) / 3
