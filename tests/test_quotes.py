"""The quotes stage: direct, indirect and mixed quotes with speaker, cue and content; the PolNeAR scorer."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEED, need

from newsgraph.analyze.quotes import QuoteStage, inflections, quoted_regions
from newsgraph.document import Document
from newsgraph.evaluate.quotes import Attribution, content_matches, evaluate_quotes, read_brat, speaker_matches
from newsgraph.sources.files import iter_documents

POLNEAR_DEV = DATA / "quotes" / "polnear" / "dev"


@pytest.fixture(scope="module")
def quote_pipeline():
    """A pipeline of its own with the quotes stage appended (the shared one stays as the lead built it)."""
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.stages.append(QuoteStage())
    return pipeline


def _analyze(pipeline, text: str) -> dict:
    record = pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))
    assert "error" not in record, record
    for quote in record["quotes"]:
        for key in ("content", "cue", "speaker"):
            span = quote[key]
            if span is not None:
                assert record["text"][span["start"]:span["end"]] == span["text"], (key, span)
    return record


def _entity_name(record: dict, entity_id: str | None) -> str | None:
    return next((e["name"] for e in record["entities"] if e["id"] == entity_id), None)


def _only(record: dict) -> dict:
    assert len(record["quotes"]) == 1, [q["content"]["text"] for q in record["quotes"]]
    return record["quotes"][0]


@pytest.mark.parametrize("text,content,speaker,cue,person", [
    # speaker after the quote
    ('Mary Walsh spoke at the summit.\n\n"We will not give up on this town," Walsh said.',
     '"We will not give up on this town,"', "Walsh", "said", "Mary Walsh"),
    # speaker after the cue, curly quotes
    ("“Prices will keep rising this year,” said Janet Yellen.",
     "“Prices will keep rising this year,”", "Janet Yellen", "said", "Janet Yellen"),
    # speaker before, with a colon
    ('John Carter told reporters: "The plan is dead and everyone knows it."',
     '"The plan is dead and everyone knows it."', "John Carter", "told", "John Carter"),
    # speaker inside: both pieces are one quote
    ('Angela Merkel arrived in Paris on Sunday. "We are ready," she said, "and we will win the vote."',
     '"We are ready," she said, "and we will win the vote."', "she", "said", "Angela Merkel"),
    # a quote going on after its frame, in the same paragraph
    ("“It was a long night,” Paul Dunn said. “Nobody slept at all.”",
     "“It was a long night,” Paul Dunn said. “Nobody slept at all.”", "Paul Dunn", "said", "Paul Dunn"),
])
def test_quotes_direct_speaker_before_after_inside(quote_pipeline, text, content, speaker, cue, person) -> None:
    record = _analyze(quote_pipeline, text)
    quote = _only(record)
    assert quote["kind"] == "direct"
    assert quote["content"]["text"] == content
    assert quote["speaker"]["text"] == speaker
    assert quote["cue"]["text"] == cue
    assert _entity_name(record, quote["speaker"]["entity"]) == person


@pytest.mark.parametrize("text,first,last", [
    # a paragraph that opens a quote without closing it goes on in the next one opening with a quotation mark
    ('Peter Wong said:\n\n"The first part of the statement is here.\n\n"And the second part ends it."',
     '"The first part', 'ends it."'),
    ("“We expect a long winter and high prices.\n\n“Families will need help to get through it,” "
     "the Finance Minister Ola Berg said.", "“We expect", "get through it,”"),
])
def test_quotes_multi_paragraph_quote_is_one_quote(quote_pipeline, text, first, last) -> None:
    quote = _only(_analyze(quote_pipeline, text))
    assert quote["kind"] == "direct"
    assert quote["content"]["text"].startswith(first) and quote["content"]["text"].endswith(last)
    assert "\n\n" in quote["content"]["text"]


@pytest.mark.parametrize("text,content,speaker,cue", [
    ("Foreign Minister Anna Berg said that the talks had failed.", "that the talks had failed", "Anna Berg", "said"),
    ("The mayor told reporters that the bridge would reopen in May.", "that the bridge would reopen in May",
     "The mayor", "told"),
    ("Economists warned that inflation could return next year.", "that inflation could return next year",
     "Economists", "warned"),
    ("The company denied that it had hidden the losses.", "that it had hidden the losses", "The company", "denied"),
    ("According to the police, three people were injured in the crash.", "three people were injured in the crash",
     "the police", "According to"),
    ("Three people were injured, according to the fire brigade.", "Three people were injured", "the fire brigade",
     "according to"),
    ("Baloch underscored the need for dialogue with Kabul.", "the need for dialogue with Kabul", "Baloch",
     "underscored"),
    ("The union pointed out that wages had fallen for years.", "that wages had fallen for years", "The union",
     "pointed out"),
])
def test_quotes_indirect_said_that_and_according_to(quote_pipeline, text, content, speaker, cue) -> None:
    quote = _only(_analyze(quote_pipeline, text))
    assert quote["kind"] == "indirect"
    assert (quote["content"]["text"], quote["speaker"]["text"], quote["cue"]["text"]) == (content, speaker, cue)


def test_quotes_mixed_indirect_with_quoted_fragment(quote_pipeline) -> None:
    quote = _only(_analyze(quote_pipeline, 'Senator Tom Reed said the bill was "dead on arrival" in the House.'))
    assert quote["kind"] == "mixed"
    assert quote["content"]["text"] == 'the bill was "dead on arrival" in the House'
    assert quote["speaker"]["text"] == "Tom Reed"


@pytest.mark.parametrize("text,pronoun,person", [
    # gender from honorifics beats the subject of the previous sentence
    ("Ms. Sarah Kim met Mr. David Lee in Geneva on Monday. He said that the deal was close.", "He", "David Lee"),
    ("Mr. David Lee met Ms. Sarah Kim in Geneva on Monday. She said that the deal was close.", "She", "Sarah Kim"),
    # recency: the person of the previous sentence, not the one before
    ("Sarah Kim opened the meeting. Later, Maria Lopez arrived from Madrid. She said the vote had been rigged.",
     "She", "Maria Lopez"),
    # a chain of pronouns keeps its person across a sentence naming nobody
    ("Prime Minister Boris Johnson spoke in London. He said that taxes would rise. The crowd was quiet. "
     "He added that pensions were safe.", "He", "Boris Johnson"),
])
def test_quotes_pronoun_speaker_resolved_by_gender_and_recency(quote_pipeline, text, pronoun, person) -> None:
    record = _analyze(quote_pipeline, text)
    quotes = [q for q in record["quotes"] if q["speaker"] and q["speaker"]["text"] == pronoun]
    assert quotes, record["quotes"]
    assert {_entity_name(record, q["speaker"]["entity"]) for q in quotes} == {person}


@pytest.mark.parametrize("text,speaker,person", [
    ("Foreign Office spokesperson Mumtaz Zahra Baloch held a briefing in Islamabad. "
     "The spokesperson said that Pakistan wanted peace with its neighbours.",
     "The spokesperson", "Mumtaz Zahra Baloch"),
    # a relative pronoun stands for the person its clause modifies
    ("Jeb Bush, who said that he would stay in the race, left Iowa on Monday.", "who", "Jeb Bush"),
    # a possessor is someone else: the spokesperson is nobody the text names
    ("Donald Trump held a rally in Ohio. Trump's spokesperson said that the rally was a success.",
     "Trump's spokesperson", None),
])
def test_quotes_role_nouns_and_relative_pronouns_resolved(quote_pipeline, text, speaker, person) -> None:
    record = _analyze(quote_pipeline, text)
    quote = _only(record)
    assert quote["speaker"]["text"] == speaker
    assert _entity_name(record, quote["speaker"]["entity"]) == person


@pytest.mark.parametrize("text", [
    "The river rose overnight and the bridge was closed.",
    'The so-called "deal" collapsed within a week.',
    "Markets were closed on Monday.\n\nNo trading took place.",
    '" " “ ”',
    "“",
])
def test_quotes_text_without_quotes_gives_empty_list(quote_pipeline, text) -> None:
    assert _analyze(quote_pipeline, text)["quotes"] == []


# The seed: every statement of the Foreign Office spokesperson and of the NSD secretary, with its speaker.
SEED_STATEMENTS = [
    ("stated", "Mumtaz Zahra Baloch", "Mumtaz Zahra Baloch"),
    ("indicated", "Baloch", "Mumtaz Zahra Baloch"),
    ("underscored", "She", "Mumtaz Zahra Baloch"),
    ("clarified", "Baloch", "Mumtaz Zahra Baloch"),
    ("noted", "She", "Mumtaz Zahra Baloch"),
    ("emphasized", "She", "Mumtaz Zahra Baloch"),
    ("underscored", "Ahmad", "Waqar Ahmad"),
]


@pytest.fixture(scope="module")
def seed_quotes_record(quote_pipeline) -> dict:
    return quote_pipeline.analyze_one(list(iter_documents([str(need(SEED))]))[0])


@pytest.mark.parametrize("cue,speaker,person", SEED_STATEMENTS)
def test_quotes_seed_statements_attributed_to_the_right_person(seed_quotes_record, cue, speaker, person) -> None:
    record = seed_quotes_record
    found = [q for q in record["quotes"] if q["cue"] and q["cue"]["text"] == cue
             and q["speaker"] and q["speaker"]["text"] == speaker]
    assert found, [(q["cue"] and q["cue"]["text"], q["speaker"] and q["speaker"]["text"]) for q in record["quotes"]]
    assert {_entity_name(record, q["speaker"]["entity"]) for q in found} == {person}


def test_quotes_seed_every_she_is_baloch(seed_quotes_record) -> None:
    record = seed_quotes_record
    pronouns = [q for q in record["quotes"] if q["speaker"] and q["speaker"]["text"].lower() == "she"]
    assert len(pronouns) >= 3
    assert not [q for q in record["quotes"] if q["cue"] and q["cue"]["text"] == "announcing"], \
        "she refrained from announcing new measures: nothing was said"
    assert {_entity_name(record, q["speaker"]["entity"]) for q in pronouns} == {"Mumtaz Zahra Baloch"}


@pytest.mark.parametrize("lemma,forms", [
    ("say", {"says", "said", "saying"}),
    ("note", {"notes", "noted", "noting"}),
    ("deny", {"denies", "denied", "denying"}),
    ("admit", {"admitted", "admitting"}),
    ("stress", {"stresses", "stressed"}),
    ("tell", {"told", "tells"}),
])
def test_quotes_cue_inflections(lemma, forms) -> None:
    assert forms <= inflections(lemma)


@pytest.mark.parametrize("text,expected", [
    ('He said "yes" and "no".', ['"yes"', '"no"']),
    ("“One,” and “two.”", ["“One,”", "“two.”"]),
    ("''Quoted the old way,'' he said.", ["''Quoted the old way,''"]),
    ("“Open at the end of a paragraph\n\n“and closed in the next.”",
     ["“Open at the end of a paragraph\n\n“and closed in the next.”"]),
    ("“Open and never closed\n\nA new paragraph.", ["“Open and never closed"]),
    ("It's a 5'11\" player's game.", []),
])
def test_quotes_quotation_marks_paired(text, expected) -> None:
    assert [text[r.start:r.end] for r in quoted_regions(text)] == expected


@pytest.mark.parametrize("predicted,content,source,speaker,fits,speaker_fits", [
    ((0, 10), ((0, 10),), ((20, 25),), (20, 23), True, True),
    ((0, 10), ((5, 30),), ((40, 45),), (30, 35), True, False),   # overlap 5 of the shorter 10: half
    ((0, 10), ((6, 30),), ((40, 45),), (40, 41), False, True),   # overlap 4 of 10
    ((0, 10), ((0, 4), (8, 12)), None, None, True, True),        # fragments; no source, no speaker
    ((0, 10), ((0, 10),), None, (1, 2), True, False),
])
def test_quotes_scorer_overlap_rules(predicted, content, source, speaker, fits, speaker_fits) -> None:
    gold = Attribution(content, source)
    assert content_matches(predicted, gold) is fits
    assert speaker_matches(speaker, gold) is speaker_fits


def test_quotes_brat_reader_keeps_offsets_and_fragments(tmp_path: Path) -> None:
    text = 'Intro.\n"A is true," she said. "B too."\n'
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    start_b = text.index('"B')
    ann = (f"T1\tSource 20 23\tshe\nT2\tCue 24 28\tsaid\nT3\tContent 7 19;{start_b} {start_b + 8}\t\"A is true,\" "
           f"\"B too.\"\nT4\tAttribution 24 28\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
           "#1\tAnnotatorNotes T3\ta note\n")
    (tmp_path / "doc_ab12.ann").write_text(ann, encoding="utf-8")
    doc = read_brat(tmp_path / "doc.txt", tmp_path / "doc_ab12.ann")
    assert len(doc.gold) == 1
    gold = doc.gold[0]
    assert text[gold.source[0][0]:gold.source[0][1]] == "she"
    assert gold.extent == (7, start_b + 8)
    assert [text[a:b] for a, b in gold.content] == ['"A is true,"', '"B too."']


def test_quotes_polnear_dev_smoke() -> None:
    """A few PolNeAR dev documents through the whole pipeline: the scorer's keys and sane figures."""
    path = need(POLNEAR_DEV)
    result = evaluate_quotes(path, limit=4)
    for key in ("documents", "gold", "predicted", "precision", "recall", "f1", "strict_precision", "strict_recall",
                "strict_f1", "speaker_accuracy"):
        assert key in result
    assert result["documents"] == 4 and result["gold"] > 0 and result["predicted"] > 0
    assert result["precision"] >= 0.6 and result["speaker_accuracy"] >= 0.7
    assert result["strict_f1"] <= result["f1"]


WRAPPED = ('Minister Ayesha Khan said on Monday that the government\n'
           '    would not negotiate with the group, and added: "We will\n'
           '    never talk to those who attack our soldiers," before leaving\n'
           '    the capital.')


def test_quotes_hard_wrapped_paragraph_is_one_run_of_text(quote_pipeline) -> None:
    """A paragraph wrapped at a fixed width with indented lines: the quotes run across the wraps, and their
    offsets still point into the text as given."""
    record = _analyze(quote_pipeline, WRAPPED)
    assert record["text"] == WRAPPED
    by_kind = {q["kind"]: q for q in record["quotes"]}
    direct = by_kind["direct"]["content"]["text"]
    assert direct.startswith('"We will\n') and direct.rstrip(",\"").endswith("attack our soldiers")
    indirect = by_kind["indirect"]["content"]["text"]
    assert "the government\n    would not negotiate with the group" in indirect
    for quote in record["quotes"]:
        assert quote["speaker"] is not None and _entity_name(record, quote["speaker"]["entity"]) == "Ayesha Khan"


def test_unwrap_keeps_paragraphs_headlines_and_sentence_ends() -> None:
    from newsgraph.nlp import unwrap

    text = "Peter Blackburn\nBRUSSELS 1996-08-22\nThe Commission said it\ndisagreed.\nIt met.\n\nnext paragraph"
    assert unwrap(text) == text.replace("it\ndisagreed", "it disagreed")
    assert len(unwrap(WRAPPED)) == len(WRAPPED) and "\n" not in unwrap(WRAPPED)


@pytest.mark.parametrize("text", [
    "WeWork declined to comment on the report.",
    "She refrained from announcing new measures on Tuesday.",
    "The ministry refused to say whether the talks would resume.",
])
def test_quotes_what_someone_declined_to_say_is_no_quote(quote_pipeline, text) -> None:
    assert _analyze(quote_pipeline, text)["quotes"] == []


def test_quotes_beliefs_are_attributed_to_their_holder(quote_pipeline) -> None:
    """PolNeAR's attributions include what a source thinks: `X believes that Y` is an indirect quote of X."""
    quote = _only(_analyze(quote_pipeline, "Senator Maria Lopez believes that the tax cuts will pay for themselves."))
    assert quote["cue"]["text"] == "believes" and quote["speaker"]["text"].endswith("Maria Lopez")
    assert quote["content"]["text"] == "that the tax cuts will pay for themselves"
    without = QuoteStage(beliefs=False)
    assert "believes" not in without.cues and "believes" in QuoteStage().cues


def test_quotes_learned_cues_find_attributions_beyond_the_verb_list(quote_pipeline) -> None:
    """`want` is no verb of saying, yet PolNeAR attributes what Republicans want to them: the trained cue model
    (`quote_cues.npz`) finds it; the rules alone do not; a plain action is still no quote."""
    from newsgraph.analyze.quote_cues import packaged

    model = packaged()
    assert model is not None and 0.0 < model.threshold < 1.0 and "w=want" in model.model.vocabulary
    text = "Republicans want policies that create less revenue in the immediate term."
    quote = _only(_analyze(quote_pipeline, text))
    assert (quote["cue"]["text"], quote["speaker"]["text"]) == ("want", "Republicans")
    assert quote["content"]["text"] == "policies that create less revenue in the immediate term"
    assert "want" not in QuoteStage(learned=False).cues
    rules_only = quote_pipeline.stages[-1]
    quote_pipeline.stages[-1] = QuoteStage(learned=False)
    try:
        assert _analyze(quote_pipeline, text)["quotes"] == []
    finally:
        quote_pipeline.stages[-1] = rules_only
    assert _analyze(quote_pipeline, "The governor opened the new bridge on Monday.")["quotes"] == []


@pytest.mark.parametrize("text,content,speaker,cue", [
    # an adverbial `as` clause reports the clause it modifies
    ("As the newspaper reported on Monday, the factory will close.", "the factory will close", "the newspaper",
     "reported"),
    ("The steel mill will close in March, as the union noted.", "The steel mill will close in March", "the union",
     "noted"),
    # a survey shows and a study finds without `that`
    ("A new survey shows the governor leading by ten points.", "the governor leading by ten points",
     "A new survey", "shows"),
    # `calling for` a clause opened by the preposition
    ("The bishop is calling for the government to open the borders.", "the government to open the borders",
     "The bishop", "calling"),
    # the agent of a passive cue is its speaker
    ("It was announced by the ministry that the border would reopen.", "that the border would reopen",
     "the ministry", "announced"),
])
def test_quotes_attribution_structures(quote_pipeline, text, content, speaker, cue) -> None:
    quote = _only(_analyze(quote_pipeline, text))
    assert (quote["speaker"]["text"], quote["cue"]["text"]) == (speaker, cue)
    assert content in quote["content"]["text"] and len(quote["content"]["text"]) <= len(content) + 6


def test_quotes_said_yes_no_so(quote_pipeline) -> None:
    record = _analyze(quote_pipeline, "Asked whether the deal was dead, the treasurer said no.")
    answers = [q for q in record["quotes"] if q["cue"]["text"] == "said"]
    assert [q["content"]["text"] for q in answers] == ["no"]
    assert answers[0]["speaker"]["text"] == "the treasurer"


def test_quotes_asked_has_no_named_asker(quote_pipeline) -> None:
    """`Asked about X, she said ...`: she did not ask; whoever asked is not named, so the question has no speaker,
    and her answer is still hers."""
    record = _analyze(quote_pipeline, "Asked about the strike, the minister said talks would resume on Monday.")
    by_cue = {q["cue"]["text"]: q for q in record["quotes"]}
    assert by_cue["Asked"]["speaker"] is None and by_cue["Asked"]["content"]["text"] == "the strike"
    assert by_cue["said"]["speaker"]["text"] == "the minister"


@pytest.mark.parametrize("text,reporter,content", [
    ("“We will not sign,” Nadia Roy said at the dinner, according to a guest who heard her.", "a guest",
     "“We will not sign,”"),
    ("Omar Haddad told donors the campaign was broke, according to two people at the meeting.",
     "two people", "the campaign was broke"),
])
def test_quotes_according_to_reporter_takes_the_attribution(quote_pipeline, text, reporter, content) -> None:
    """`X said Y, according to Z`: Z is who the article cites for it; the `according to` makes no second quote."""
    quote = _only(_analyze(quote_pipeline, text))
    assert quote["speaker"]["text"].startswith(reporter) and quote["content"]["text"] == content


def _parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]):
    """A hand-parsed doc: the rules' behaviour on a given parse, whatever the model would make of the words."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)


def test_quotes_content_after_the_cue_before_a_clause_ahead_of_it() -> None:
    """A clause the parser hangs on the cue ahead of its subject (`After the vote ended, Ruiz said she agreed`) is
    not what was said: the clause after the cue is."""
    from newsgraph.analyze.quotes import _Finder

    words = ["After", "the", "vote", "ended", ",", "Ruiz", "said", "she", "agreed", "."]
    heads = [3, 2, 3, 6, 6, 6, 6, 8, 6, 6]
    deps = ["mark", "det", "nsubj", "ccomp", "punct", "nsubj", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["SCONJ", "DET", "NOUN", "VERB", "PUNCT", "PROPN", "VERB", "PRON", "VERB", "PUNCT"]
    doc = _parsed(words, heads, deps, pos)
    finder = _Finder(QuoteStage(learned=False), doc.text, doc)
    assert [t.text for t in finder._complement(doc[6], "say", "co")] == ["agreed"]


def test_quotes_no_speaker_past_a_quotation_mark() -> None:
    """`had said, ''I think ...''` with no subject parsed: the `I` inside the quote is not the speaker."""
    from newsgraph.analyze.speakers import subject_of

    words = ["had", "said", ",", "''", "I", "agree", "''"]
    heads = [1, 1, 1, 1, 5, 1, 1]
    deps = ["aux", "ROOT", "punct", "punct", "nsubj", "ccomp", "punct"]
    pos = ["AUX", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"]
    assert subject_of(_parsed(words, heads, deps, pos)[1]) is None
    words[3] = "--"  # without the quotation mark, the pronoun after the cue is its inverted subject
    assert subject_of(_parsed(words, heads, deps, pos)[1]).text == "I"


@pytest.mark.parametrize("text,content", [
    ("She called his plan “a crucial step forward.”", "his plan “a crucial step forward.”"),
    ("The candidate tweeted a photo of the crowd.", "a photo of the crowd"),
    # a quotation mark the parser takes for the name is not the name
    ("He drew the council's attention to the report, calling it 'a serious warning.'", "it 'a serious warning"),
])
def test_quotes_objects_of_naming_and_posting_verbs(quote_pipeline, text, content) -> None:
    quote = _only(_analyze(quote_pipeline, text))
    assert quote["content"]["text"] == content


@pytest.mark.parametrize("text,speaker,person,named", [
    # what the object is called hangs on the object: the one calling it so is the subject, not the name inside
    ('Senator Paul Greer met reporters in Ohio. He called Jane Doe\'s release "a major sign of progress."',
     "He", "Paul Greer", "Jane Doe's release"),
    ('Robert Kline called Mayor Diane Foster\'s budget "a disaster for working families."',
     "Robert Kline", "Robert Kline", "Mayor Diane Foster's budget"),
    ('Tom Hale spoke on Friday. He called the Kremlin\'s offer "a major sign of progress" in the talks.', "He",
     "Tom Hale", "the Kremlin's offer"),
])
def test_quotes_calling_someone_something_is_said_by_the_subject(quote_pipeline, text, speaker, person,
                                                                  named) -> None:
    record = _analyze(quote_pipeline, text)
    quote = _only(record)
    assert quote["cue"]["text"] == "called" and quote["content"]["text"].startswith(named)
    assert quote["speaker"]["text"] == speaker
    assert _entity_name(record, quote["speaker"]["entity"]) == person


def test_quotes_calling_someone_on_the_phone_is_no_quote(quote_pipeline) -> None:
    """A possessive apostrophe in the object is no quotation mark: nothing is called anything here."""
    assert _analyze(quote_pipeline, "Tom Hale called the senators' offices on Monday.")["quotes"] == []


GOVERNOR = "Governor Mark Ellison defended the budget on Tuesday before the state assembly.\n\n"


@pytest.mark.parametrize("caption", [
    # a credit line and the sentence under the picture
    "Clara Voss via Lumen Images.\n\nSenator Helen Ward speaks at a rally in Dayton on March 3, 2016.",
    # a sentence under the picture alone: someone doing something, in the present, and when
    "Paul Brand, a farmer, listens to the speech in Dayton on Tuesday.",
    # a sentence closed by a bracketed credit
    "Senator Paul Brand greets supporters outside the capitol. (Lumen Photo/Clara Voss)",
    # a credit alone
    "Sam Ortiz/Lumen Images",
])
def test_quotes_caption_names_are_no_antecedents(quote_pipeline, caption) -> None:
    """A picture's caption between paragraphs: the `he` after it is still the story's governor."""
    record = _analyze(quote_pipeline, GOVERNOR + caption + '\n\n"We have cut waste in every department," he said.')
    quote = next(q for q in record["quotes"] if q["speaker"] and q["speaker"]["text"] == "he")
    assert _entity_name(record, quote["speaker"]["entity"]) == "Mark Ellison"


@pytest.mark.parametrize("paragraph,person", [
    # the story's own sentences, one to a paragraph: in the past, or in the present of `is doing`
    ("Lumen Images via Clara Voss.\n\nSenator Paul Brand met the strikers in Dayton on Friday.", "Paul Brand"),
    ("Senator Paul Brand is meeting the strikers in Dayton on Friday.", "Paul Brand"),
])
def test_quotes_story_sentences_are_no_captions(quote_pipeline, paragraph, person) -> None:
    record = _analyze(quote_pipeline, GOVERNOR + paragraph + '\n\n"We will find the money," he said.')
    quote = next(q for q in record["quotes"] if q["speaker"] and q["speaker"]["text"] == "he")
    assert _entity_name(record, quote["speaker"]["entity"]) == person


@pytest.mark.parametrize("text,speaker", [
    ("Letters obtained by the newspaper suggest that the council knew of the leak in 2019.",
     "Letters obtained by the newspaper"),
    ("A memo signed by Judge Maria Lopez says that the merger broke the law.", "A memo signed by Judge Maria Lopez"),
])
def test_quotes_document_speaker_is_the_whole_phrase(quote_pipeline, text, speaker) -> None:
    """A document speaks with its participle (as PolNeAR marks sources); whoever saw or signed it is not the
    speaker's entity."""
    record = _analyze(quote_pipeline, text)
    quote = _only(record)
    assert quote["speaker"]["text"] == speaker
    assert quote["speaker"]["entity"] is None


@pytest.mark.parametrize("text,content,speaker", [
    ("The new tariffs, which the minister said would hurt exports, took effect in May.", "would hurt exports",
     "the minister"),
    ("The council blamed the floods on what engineers said was a badly built levee.",
     "was a badly built levee", "engineers"),
])
def test_quotes_relative_word_ahead_of_its_speaker(quote_pipeline, text, content, speaker) -> None:
    """`which the minister said would hurt exports`: the clause reported opens with the relative word ahead of its
    speaker; what follows the cue is the content, said by the cue's subject."""
    quotes = [q for q in _analyze(quote_pipeline, text)["quotes"] if q["cue"]["text"] == "said"]
    assert [(q["content"]["text"], q["speaker"]["text"]) for q in quotes] == [(content, speaker)]


@pytest.mark.parametrize("text", [
    "It is fair to say that the harbor plan has failed.",
    "It would be premature to assume that the senator will win the runoff.",
])
def test_quotes_it_standing_for_an_infinitive_is_no_speaker(quote_pipeline, text) -> None:
    """`It is fair to say that ...`: `it` stands for the infinitive, so nobody is quoted."""
    assert _analyze(quote_pipeline, text)["quotes"] == []


def test_quotes_passive_with_an_infinitive_is_said_by_no_one_named(quote_pipeline) -> None:
    """`The bill is expected to pass`: unnamed people expect it; `is supposed to` is a modal of obligation."""
    quote = _only(_analyze(quote_pipeline, "The farm bill is widely expected to pass the Senate next week."))
    assert (quote["content"]["text"], quote["cue"]["text"], quote["speaker"]) == \
        ("to pass the Senate next week", "expected", None)
    assert _analyze(quote_pipeline, "The ferry is supposed to leave the harbor at noon.")["quotes"] == []


def test_quotes_it_is_reported_that_is_said_by_no_one_named(quote_pipeline) -> None:
    quote = _only(_analyze(quote_pipeline, "It was reported last year that the copper mine had closed."))
    assert (quote["content"]["text"], quote["cue"]["text"], quote["speaker"]) == \
        ("that the copper mine had closed", "reported", None)


def test_quotes_content_stays_on_the_cue_line(quote_pipeline) -> None:
    """The parser may run a paragraph on into the next one; a cue's content is not the next paragraph's quote."""
    text = ("In all, though, the judges are doing what they can to find common ground, Professor Ames said.\n\n"
            "''Without the chief, it's still a divided court, but the newer judges had a very good term,'' she said.")
    quotes = {q["speaker"]["text"]: q["content"]["text"] for q in _analyze(quote_pipeline, text)["quotes"]}
    assert quotes["Ames"] == "In all, though, the judges are doing what they can to find common ground"
    assert quotes["she"].startswith("''Without the chief")


def test_quotes_cue_with_its_own_clause_does_not_frame_a_nearby_quotation(quote_pipeline) -> None:
    """`citing "X," said the factory could close`: `said` reports the clause after it, not the quotation before."""
    record = _analyze(quote_pipeline, 'Mr. Hale, citing "the strength of the dollar," said the factory could close '
                                      'by June.')
    said = [q for q in record["quotes"] if q["cue"]["text"] == "said"]
    assert [(q["content"]["text"], q["speaker"]["text"]) for q in said] == [("the factory could close by June", "Hale")]


def test_quotes_second_cue_coordinated_inside_the_content_is_its_own_quote(quote_pipeline) -> None:
    """`said that X and predicted that Y`: the parser hangs `predicted` inside X; two statements of one speaker."""
    record = _analyze(quote_pipeline, "The mayor said that the bridge would reopen in May and predicted that "
                                      "traffic would ease.")
    assert [(q["cue"]["text"], q["content"]["text"], q["speaker"]["text"]) for q in record["quotes"]] == [
        ("said", "that the bridge would reopen in May", "The mayor"),
        ("predicted", "that traffic would ease", "The mayor")]


@pytest.mark.parametrize("text", [
    "The senator wrote a letter to the governor.",  # what is written is a thing, not a statement
    "The governor pledged a billion dollars for the schools.",  # what is pledged is given, not said
    "The justices heard a case that threatened to cripple the unions.",  # a relative `that` is a thing
])
def test_quotes_objects_of_writing_and_pledging_and_relative_that_are_no_quotes(quote_pipeline, text) -> None:
    assert _analyze(quote_pipeline, text)["quotes"] == []


def test_quotes_unframed_paragraph_after_a_quote_is_not_attributed(quote_pipeline) -> None:
    """A paragraph that is only a quotation, with no frame, is not given the speaker of the quote before it: on
    PolNeAR train such guesses were right 15 times in 44."""
    text = 'Nina Ruiz spoke to the crowd.\n\n"We won the vote," she said.\n\n"The count is over and the city is ours."'
    assert [q["content"]["text"] for q in _analyze(quote_pipeline, text)["quotes"]] == ['"We won the vote,"']


def test_quotes_participle_modifying_a_noun_takes_no_speaker_after_it(quote_pipeline) -> None:
    """`a memo telling Ms. Grant to resign`: the name after the participle is its addressee, not its speaker."""
    quotes = _analyze(quote_pipeline, "The board sent a memo telling Ms. Grant to resign by Friday.")["quotes"]
    assert all(q["speaker"] is None or "Grant" not in q["speaker"]["text"] for q in quotes)


@pytest.mark.parametrize("forms,expected", [
    (("supported", "supports", "supporting", "support"), "support"),
    (("endorsed", "endorses", "endorsing", "endorse"), "endors"),
])
def test_quote_cue_stem_joins_a_verbs_forms(forms, expected) -> None:
    """The learned cues read a verb's stem beside its form, so `supported` learns from `supports`."""
    from newsgraph.analyze.quote_cues import stem

    assert {stem(form) for form in forms} == {expected}


def test_quotes_an_exchange_and_its_ticker_are_no_speaker_label(quote_pipeline) -> None:
    """`Microsoft (NYSE: MSFT) issued ...`: a name before a colon inside parentheses is no line's label; the line is
    no one's statement."""
    record = _analyze(quote_pipeline, "Microsoft (NYSE: MSFT) issued an emergency patch on Wednesday for the browser "
                                      "flaw.\nThe company said the flaw was serious.")
    assert [q["cue"]["text"] for q in record["quotes"]] == ["said"]


def test_quotes_second_run_on_one_parse_matches_a_fresh_run(quote_pipeline) -> None:
    """The actor view runs the quotes stage again on the same parse with other names: what it takes from the first
    run (direct and indirect quotes) is what a fresh run gives, also where a headline quote no longer holds."""
    from newsgraph.article import Article, Part

    text = ('Kerry: "We will keep talking," he said, "until every point is settled."\n\n'
            'Officials said the talks would resume in Geneva next week.')
    record = _analyze(quote_pipeline, text)
    assert any(q["content"]["start"] > text.index("Officials") for q in record["quotes"])
    stage = QuoteStage()

    def quotes(entities: bool, doc) -> list[tuple]:
        article = Article("t", text, text, [Part("paragraph", 0, len(text))])
        if entities:  # the person opening the line, as the entity stage gives it
            from newsgraph.article import Entity
            from newsgraph.facts import TextSpan
            article.entities = [Entity("e1", "Kerry", "PERSON", [TextSpan(0, 5, "Kerry")])]
        stage(article, doc)
        return [(q.kind, q.content.start, q.content.end, q.cue.start if q.cue else None) for q in article.quotes]

    nlp = quote_pipeline.nlp
    shared = nlp(text)
    with_name, without_name = quotes(True, shared), quotes(False, shared)
    assert with_name != without_name  # the headline quote needs the name
    assert without_name == quotes(False, nlp(text)) and with_name == quotes(True, nlp(text))
    assert with_name == quotes(True, shared)
