"""Numbered, append-only, transactional schema migrations, recorded in `schema_migrations`.

Never edit a migration that has shipped: append a new one. Each migration is SQL per dialect, keyed by
the names of `dialects.DIALECTS`; where the dialects agree the same text is used with a few type placeholders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsgraph.errors import MigrationFailed, NewerSchema, UnknownDialect
from newsgraph.store.dialects import DIALECTS, Dialect


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: Mapping[str, tuple[str, ...]]  # statements by dialect name

    def statements(self, dialect: str) -> tuple[str, ...]:
        if dialect not in self.sql:
            raise UnknownDialect(f"migration {self.version} ({self.name}) has no statements for the dialect "
                                 f"{dialect!r}, only for {', '.join(self.sql)}")
        return self.sql[dialect]


def _common(*statements: str) -> dict[str, tuple[str, ...]]:
    """The same statements for every dialect, with {id}, {float}, {bool}, {bigint} filled in per dialect."""
    return {name: tuple(s.format(**d.types) for s in statements) for name, d in DIALECTS.items()}


_CORE = _common(
    """CREATE TABLE sources (
        id {id}, url TEXT NOT NULL UNIQUE, kind TEXT, title TEXT, interval_seconds {bigint},
        added_at TEXT NOT NULL)""",
    """CREATE TABLE fetches (
        url TEXT PRIMARY KEY, final_url TEXT, status {bigint}, headers TEXT NOT NULL, content_hash TEXT,
        etag TEXT, last_modified TEXT, fetched_at TEXT NOT NULL)""",
    """CREATE TABLE stories (
        id TEXT PRIMARY KEY, article_count {bigint} NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE canonical_events (
        id TEXT PRIMARY KEY, "type" TEXT, source_country TEXT, target_country TEXT, geonames_id {bigint},
        lat {float}, lon {float}, "date" TEXT, first_seen TEXT, report_count {bigint} NOT NULL DEFAULT 0)""",
    "CREATE INDEX canonical_events_date ON canonical_events (\"date\")",
    """CREATE TABLE entities (
        id {id}, resolve_key TEXT NOT NULL UNIQUE, "type" TEXT NOT NULL, name TEXT NOT NULL,
        norm_name TEXT NOT NULL, actor_country TEXT, actor_sector TEXT, geonames_id {bigint},
        created_at TEXT NOT NULL)""",
    "CREATE INDEX entities_norm ON entities (norm_name)",
    "CREATE INDEX entities_geonames ON entities (geonames_id)",
    """CREATE TABLE entity_aliases (
        entity_id {bigint} NOT NULL REFERENCES entities (id) ON DELETE CASCADE, norm TEXT NOT NULL,
        alias TEXT NOT NULL, PRIMARY KEY (entity_id, norm))""",
    "CREATE INDEX entity_aliases_norm ON entity_aliases (norm)",
    """CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
        name TEXT, "type" TEXT, aliases TEXT, roles TEXT, actor_country TEXT, actor_sector TEXT, place_id TEXT,
        mention_count {bigint}, mentions TEXT,
        global_entity_id {bigint} REFERENCES entities (id), pipeline_version TEXT,
        PRIMARY KEY (article_id, entity_id))""",
    "CREATE INDEX article_entities_global ON article_entities (global_entity_id, article_id)",
    "CREATE INDEX article_entities_country ON article_entities (actor_country, article_id)",
    """CREATE TABLE mentions (
        id {id}, article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
        global_entity_id {bigint} REFERENCES entities (id), "start" {bigint} NOT NULL, "end" {bigint} NOT NULL,
        "text" TEXT NOT NULL, pipeline_version TEXT)""",
    "CREATE INDEX mentions_article ON mentions (article_id)",
    "CREATE INDEX mentions_global ON mentions (global_entity_id)",
    """CREATE TABLE places (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, place_id TEXT NOT NULL, name TEXT,
        norm_name TEXT, geonames_id {bigint}, lat {float}, lon {float}, country_code TEXT, admin1 TEXT,
        feature TEXT, mention_count {bigint}, mentions TEXT, pipeline_version TEXT,
        PRIMARY KEY (article_id, place_id))""",
    "CREATE INDEX places_geonames ON places (geonames_id, article_id)",
    "CREATE INDEX places_norm ON places (norm_name, article_id)",
    "CREATE INDEX places_country ON places (country_code, article_id)",
    """CREATE TABLE times (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, time_index {bigint} NOT NULL,
        "start" {bigint}, "end" {bigint}, "text" TEXT, "type" TEXT, "value" TEXT, pipeline_version TEXT,
        PRIMARY KEY (article_id, time_index))""",
    """CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, quote_id TEXT NOT NULL, kind TEXT,
        speaker_entity TEXT, speaker_start {bigint}, speaker_end {bigint}, speaker_text TEXT,
        cue_start {bigint}, cue_end {bigint}, cue_text TEXT,
        content_start {bigint}, content_end {bigint}, content_text TEXT, pipeline_version TEXT,
        PRIMARY KEY (article_id, quote_id))""",
    """CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE, event_id TEXT NOT NULL,
        "type" TEXT, mode TEXT, context TEXT, source TEXT, target TEXT,
        trigger_start {bigint}, trigger_end {bigint}, trigger_text TEXT, sentence_start {bigint},
        sentence_end {bigint}, place_id TEXT, date_value TEXT, date_basis TEXT, negated {bool},
        hypothetical {bool}, quote_id TEXT, confidence {float}, dead {bigint}, injured {bigint},
        canonical_id TEXT REFERENCES canonical_events (id) ON DELETE SET NULL, pipeline_version TEXT,
        PRIMARY KEY (article_id, event_id))""",
    "CREATE INDEX events_type ON events (\"type\", article_id)",
    "CREATE INDEX events_canonical ON events (canonical_id)",
    """CREATE TABLE event_actors (
        article_id TEXT NOT NULL, event_id TEXT NOT NULL, role TEXT NOT NULL, entity_id TEXT,
        "start" {bigint}, "end" {bigint}, "text" TEXT, country TEXT, sector TEXT,
        FOREIGN KEY (article_id, event_id) REFERENCES events (article_id, event_id) ON DELETE CASCADE)""",
    "CREATE INDEX event_actors_article ON event_actors (article_id)",
    "CREATE INDEX event_actors_country ON event_actors (country, article_id)",
    """CREATE TABLE errors (
        id {id}, doc_id TEXT NOT NULL, origin TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
        at TEXT NOT NULL, UNIQUE (doc_id, origin))""",
    """CREATE TABLE jobs (
        id {id}, kind TEXT NOT NULL, "key" TEXT NOT NULL, due_at TEXT NOT NULL,
        attempts {bigint} NOT NULL DEFAULT 0, locked_by TEXT, locked_until TEXT, last_error TEXT,
        done {bool} NOT NULL DEFAULT FALSE, UNIQUE (kind, "key"))""",
    "CREATE INDEX jobs_due ON jobs (done, due_at)",
)

_ARTICLE_COLUMNS = """
    id TEXT NOT NULL UNIQUE, url TEXT, canonical_url TEXT UNIQUE, content_hash TEXT NOT NULL UNIQUE, source TEXT,
    host TEXT, site_name TEXT, title TEXT, summary TEXT, body TEXT, published TEXT, language TEXT,
    record TEXT NOT NULL, pipeline_version TEXT, story_id TEXT, duplicate_of TEXT, features TEXT,
    ingested_at TEXT NOT NULL, updated_at TEXT NOT NULL"""

_ARTICLE_INDEXES = (
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX articles_host ON articles (host)",
    "CREATE INDEX articles_site ON articles (site_name)",
    "CREATE INDEX articles_story ON articles (story_id)",
)

# SQLite: an INTEGER PRIMARY KEY `seq` gives FTS5's external content a rowid that VACUUM never renumbers.
_SQLITE_ARTICLES = (
    f"CREATE TABLE articles (seq INTEGER PRIMARY KEY, {_ARTICLE_COLUMNS})",
    *_ARTICLE_INDEXES,
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, summary, body, content='articles', content_rowid='seq',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, summary, body) VALUES (new.seq, new.title, new.summary, new.body);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, body)
        VALUES ('delete', old.seq, old.title, old.summary, old.body);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, body ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, body)
        VALUES ('delete', old.seq, old.title, old.summary, old.body);
        INSERT INTO articles_fts (rowid, title, summary, body) VALUES (new.seq, new.title, new.summary, new.body);
    END""",
)

_POSTGRES_ARTICLES = (
    f"""CREATE TABLE articles (seq BIGINT GENERATED BY DEFAULT AS IDENTITY, {_ARTICLE_COLUMNS},
        search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english', coalesce(body, '')), 'C')) STORED,
        PRIMARY KEY (id))""",
    *_ARTICLE_INDEXES,
    "CREATE INDEX articles_search ON articles USING GIN (search)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema",
        {"sqlite": _SQLITE_ARTICLES + _CORE["sqlite"], "postgres": _POSTGRES_ARTICLES + _CORE["postgres"]},
    ),
    Migration(
        2,
        "story topics: stories about the same broader topic share a topic id",
        _common(
            "ALTER TABLE articles ADD COLUMN topic_id TEXT",
            "CREATE INDEX articles_topic ON articles (topic_id)",
        ),
    ),
    Migration(
        3,
        "watched sources: when each was last polled and how many articles its polls stored",
        _common(
            "ALTER TABLE sources ADD COLUMN polled_at TEXT",
            "ALTER TABLE sources ADD COLUMN stored {bigint} NOT NULL DEFAULT 0",
        ),
    ),
)

MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)"
)


def pending(applied: set[int]) -> list[Migration]:
    """Migrations not yet applied, in order; refuses a database migrated by a newer newsgraph."""
    latest = MIGRATIONS[-1].version
    if applied and max(applied) > latest:
        raise NewerSchema(
            f"the database is at schema version {max(applied)} but this newsgraph knows only up to {latest}: "
            "upgrade newsgraph or point --db at another database"
        )
    return [m for m in MIGRATIONS if m.version not in applied]


def apply(migration: Migration, dialect: Dialect, execute: Callable[[str], object],
          record: Callable[[], object]) -> None:
    """Run one migration's statements; the caller wraps this in a transaction and records it there."""
    for statement in migration.statements(dialect.name):
        try:
            execute(statement)
        except Exception as error:  # the driver's own error type differs per backend
            raise MigrationFailed(
                f"migration {migration.version} ({migration.name}) failed on {dialect.name}: {error}; "
                "the database was left at the previous version; report this as a bug"
            ) from error
    record()
