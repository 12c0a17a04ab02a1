"""SOURCE expansion against a local site: feeds, sitemaps (indexes, gzip, cycles, bombs), OPML, pages, files."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from test_sources_site import Site, gzipped, html, site_fixture  # noqa: F401 (the `site` fixture)

from newsgraph.document import Document, content_id
from newsgraph.errors import UsageError
from newsgraph.sources.expand import Link, expand, fetch_document
from newsgraph.sources.feeds import parse_feed
from newsgraph.sources.fetch import Fetcher, FetchResult
from newsgraph.sources.files import iter_documents
from newsgraph.sources.opml import parse_opml
from newsgraph.sources.sitemaps import parse_sitemap

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<{root}><url><loc>http://example.org/&lol3;</loc></url></{root}>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<{root}><url><loc>http://example.org/&secret;</loc></url></{root}>"""


def urlset(*locs: str, news_date: str | None = None) -> str:
    entries = []
    for loc in locs:
        news = (f"<news:news><news:publication_date>{news_date}</news:publication_date>"
                f"<news:title>Story</news:title></news:news>") if news_date else ""
        entries.append(f"<url><loc>{loc}</loc><lastmod>2024-04-03</lastmod>{news}</url>")
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {SM} {NEWS}>{"".join(entries)}</urlset>'


def index(*locs: str) -> str:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {SM}>{entries}</sitemapindex>'


def rss(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>{base}/</link>
<item><title>One</title><link>{base}/news/1.html</link><pubDate>Tue, 02 Apr 2024 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>news/2.html</link></item>
<item><title>One again</title><link>{base}/news/1.html?utm_source=rss#top</link></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<id>{base}/atom</id><updated>2024-04-05T00:00:00Z</updated>
<entry><title>Three</title><id>urn:3</id><link rel="alternate" href="{base}/news/3.html"/>
<published>2024-04-04T08:30:00Z</published><updated>2024-04-05T00:00:00Z</updated></entry>
<entry><title>Four</title><id>urn:4</id><link href="{base}/news/4.html"/><updated>2024-04-05T09:00:00Z</updated></entry>
</feed>"""


def opml(*feeds: str) -> str:
    outlines = "".join(f'<outline type="rss" text="f" xmlUrl="{feed}"/>' for feed in feeds)
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>' \
           f'<outline text="News">{outlines}</outline></body></opml>'


@pytest.fixture
def news_site(site: Site) -> Site:
    base = site.base
    for n in range(1, 8):
        site.page(f"/news/{n}.html", html(f"Story {n}"))
    site.page("/feed.rss", rss(base), "application/rss+xml")
    site.page("/atom.xml", atom(base), "application/atom+xml")
    site.page("/sitemap_index.xml", index(f"{base}/sitemaps/a.xml.gz", f"{base}/sitemaps/b.xml",
                                          f"{base}/sitemap_index.xml"), "application/xml")
    site.page("/sitemaps/a.xml.gz", gzipped(urlset(f"{base}/news/5.html", news_date="2024-04-06")),
              "application/x-gzip")
    site.page("/sitemaps/b.xml", urlset(f"{base}/news/6.html", f"{base}/news/5.html"), "application/xml")
    site.page("/self.xml", index(f"{base}/self.xml"), "application/xml")
    site.page("/cycle/a.xml", index(f"{base}/cycle/b.xml"), "application/xml")
    site.page("/cycle/b.xml", index(f"{base}/cycle/a.xml", f"{base}/sitemaps/b.xml"), "application/xml")
    site.page("/bomb.xml", BOMB.format(root=f"urlset {SM}"), "application/xml")
    site.page("/xxe.xml", XXE.format(root=f"urlset {SM}"), "application/xml")
    site.page("/risky_index.xml", index(f"{base}/bomb.xml", f"{base}/xxe.xml", f"{base}/sitemaps/b.xml"), "text/xml")
    site.page("/list.opml", opml(f"{base}/feed.rss", f"{base}/gone.rss", f"{base}/atom.xml"), "text/x-opml")
    site.page("/report.pdf", b"%PDF-1.4", "application/pdf")
    return site


def fetcher() -> Fetcher:
    return Fetcher(per_host_interval=0.0, backoff=0.01, retries=0, timeout=5.0)


def run(source: str, **options: object) -> tuple[list[Link | Document], list[FetchResult]]:
    fetched: list[FetchResult] = []
    with fetcher() as client:
        items = list(expand(source, client, on_fetch=fetched.append, **options))  # type: ignore[arg-type]
    return items, fetched


def links(items: list[Link | Document]) -> list[str]:
    return [item.url for item in items if isinstance(item, Link)]


def errors(items: list[Link | Document]) -> list[str]:
    return [item.error.code for item in items if isinstance(item, Document) and item.error is not None]


def test_expand_rss_feed_gives_links_once_each(news_site: Site) -> None:
    items, fetched = run(news_site.url("/feed.rss"))
    base = news_site.base
    assert links(items) == [f"{base}/news/1.html", f"{base}/news/2.html"]
    first = items[0]
    assert isinstance(first, Link)
    assert first.title == "One" and first.published == "2024-04-02T10:00:00+00:00"
    assert first.via == news_site.url("/feed.rss")
    assert [r.url for r in fetched] == [news_site.url("/feed.rss")]


def test_expand_atom_feed_uses_published_then_updated(news_site: Site) -> None:
    items, _ = run(news_site.url("/atom.xml"))
    assert links(items) == [news_site.url("/news/3.html"), news_site.url("/news/4.html")]
    assert [item.published for item in items if isinstance(item, Link)] == [
        "2024-04-04T08:30:00+00:00", "2024-04-05T09:00:00+00:00"]


def test_expand_sitemap_index_follows_gzipped_children_once(news_site: Site) -> None:
    items, fetched = run(news_site.url("/sitemap_index.xml"))
    assert links(items) == [news_site.url("/news/5.html"), news_site.url("/news/6.html")]
    first = items[0]
    assert isinstance(first, Link) and first.published == "2024-04-06" and first.title == "Story"
    assert first.via == news_site.url("/sitemaps/a.xml.gz")
    assert errors(items) == []
    assert len(news_site.hits("/sitemap_index.xml")) == 1  # the index lists itself: not fetched again
    assert len(fetched) == 3


def test_expand_sitemap_pointing_to_itself_or_in_a_cycle_ends(news_site: Site) -> None:
    items, _ = run(news_site.url("/self.xml"))
    assert items == [] and len(news_site.hits("/self.xml")) == 1
    items, _ = run(news_site.url("/cycle/a.xml"))
    assert links(items) == [news_site.url("/news/6.html"), news_site.url("/news/5.html")]
    assert len(news_site.hits("/cycle/a.xml")) == 1 and len(news_site.hits("/cycle/b.xml")) == 1


def test_expand_refuses_xml_bombs_and_external_entities_and_goes_on(news_site: Site) -> None:
    items, _ = run(news_site.url("/risky_index.xml"))
    assert errors(items) == ["NG117", "NG117"]
    assert {item.url for item in items if isinstance(item, Document)} == {
        news_site.url("/bomb.xml"), news_site.url("/xxe.xml")}
    assert "entit" in items[0].error.message.lower()  # type: ignore[union-attr]
    assert links(items) == [news_site.url("/news/6.html"), news_site.url("/news/5.html")]


def test_expand_opml_expands_every_feed_and_reports_the_dead_one(news_site: Site) -> None:
    items, fetched = run(news_site.url("/list.opml"))
    base = news_site.base
    assert links(items) == [f"{base}/news/1.html", f"{base}/news/2.html", f"{base}/news/3.html", f"{base}/news/4.html"]
    dead = [item for item in items if isinstance(item, Document)]
    assert len(dead) == 1 and dead[0].error is not None and dead[0].error.code == "NG116"
    assert dead[0].id == content_id(f"{base}/gone.rss")
    assert [r.url for r in fetched] == [f"{base}/list.opml", f"{base}/feed.rss", f"{base}/gone.rss",
                                        f"{base}/atom.xml"]


def test_expand_page_url_gives_one_html_document(news_site: Site) -> None:
    items, _ = run(news_site.url("/news/1.html"))
    assert len(items) == 1
    doc = items[0]
    assert isinstance(doc, Document) and doc.error is None and doc.kind == "html"
    assert doc.url == news_site.url("/news/1.html") and b"Story 1" in doc.content  # type: ignore[operator]
    assert doc.id == content_id(doc.content)


def test_expand_conditional_get_yields_nothing_when_unchanged(site: Site) -> None:
    site.page("/feed.rss", rss(site.base), "application/rss+xml", headers={"ETag": '"f1"'})
    base_handler = site.routes["/feed.rss"]

    def handle(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"f1"':
            request.send_response(304)
            request.end_headers()
        else:
            base_handler(request)

    site.routes["/feed.rss"] = handle
    stored = {site.url("/feed.rss"): ('"f1"', None)}
    items, fetched = run(site.url("/feed.rss"), validators=stored.get)
    assert items == []
    assert len(fetched) == 1 and fetched[0].not_modified
    fresh, _ = run(site.url("/feed.rss"))
    assert len(links(fresh)) == 2


def test_expand_fetch_error_gives_one_error_document(news_site: Site) -> None:
    items, fetched = run(news_site.url("/report.pdf"))
    assert errors(items) == ["NG112"]
    assert items[0].id == content_id(news_site.url("/report.pdf"))
    assert fetched[0].error is not None


def test_expand_fetch_document_keeps_the_feed_date_as_a_hint(news_site: Site) -> None:
    link = Link(url=news_site.url("/news/7.html"), title="Seven", published="2024-04-02T10:00:00+00:00")
    fetched: list[FetchResult] = []
    with fetcher() as client:
        doc = fetch_document(link, client, max_bytes=1_000_000, on_fetch=fetched.append)
        missing = fetch_document(Link(url=news_site.url("/news/404.html")), client, max_bytes=1_000_000)
    assert doc.error is None and b"Story 7" in doc.content  # type: ignore[operator]
    assert doc.published is None and doc.published_hint == "2024-04-02T10:00:00+00:00"
    assert len(fetched) == 1 and fetched[0].status == 200
    assert missing.error is not None and missing.error.code == "NG116"
    assert missing.id == content_id(news_site.url("/news/404.html"))


def test_expand_local_files_match_iter_documents(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_text(html("Bee"))
    (tmp_path / "a.txt").write_text("Plain text story.")
    lines = [json.dumps({"id": "j1", "text": "One."}), "not json", json.dumps({"id": "j2", "html": html("Two")})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines))
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    with fetcher() as client:
        ours = list(expand(str(tmp_path), client))
        single = list(expand(str(tmp_path / "c.jsonl"), client))
    theirs = list(iter_documents([str(tmp_path)]))
    assert [(d.id, d.kind, d.origin) for d in ours] == [(d.id, d.kind, d.origin) for d in theirs]  # type: ignore[union-attr]
    assert [d.id for d in single] == ["j1", single[1].id, "j2"]  # type: ignore[union-attr]
    assert single[1].error is not None and single[1].error.code == "NG106"  # type: ignore[union-attr]


def test_expand_local_opml_file_expands_its_feeds(news_site: Site, tmp_path: Path) -> None:
    path = tmp_path / "subscriptions.opml"
    path.write_text(opml(news_site.url("/atom.xml")))
    items, fetched = run(str(path))
    assert links(items) == [news_site.url("/news/3.html"), news_site.url("/news/4.html")]
    assert len(fetched) == 1


def test_expand_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    with fetcher() as client, pytest.raises(UsageError):
        list(expand(str(tmp_path / "nowhere.html"), client))


def test_expand_parsers_refuse_entities_directly() -> None:
    for parse in (lambda data: parse_sitemap(data, "http://example.org/s.xml"),
                  lambda data: parse_feed(data, "http://example.org/f.xml"),
                  parse_opml):
        for template, root in ((BOMB, "urlset"), (XXE, "rss"), (BOMB, "opml")):
            with pytest.raises(Exception) as caught:
                parse(template.format(root=root).encode())
            assert getattr(caught.value, "code", None) == "NG117"


def test_expand_feed_parsers_accept_rss091_doctype_and_rss10() -> None:
    rss091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>http://example.org/</link><description>d</description>
<item><title>A</title><link>http://example.org/a</link></item></channel></rss>"""
    rss10 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.org/"><title>T</title></channel>
<item rdf:about="http://example.org/b"><title>B</title><link>http://example.org/b</link></item></rdf:RDF>"""
    assert [link.url for link in parse_feed(rss091, "http://example.org/feed")] == ["http://example.org/a"]
    assert [link.url for link in parse_feed(rss10, "http://example.org/feed")] == ["http://example.org/b"]


def test_expand_opml_and_sitemap_parsers_find_urls() -> None:
    assert parse_opml(opml("http://a.example/rss", "http://b.example/atom", "http://a.example/rss").encode()) == [
        "http://a.example/rss", "http://b.example/atom"]
    pages, children = parse_sitemap(urlset("/relative.html", "http://x.example/abs.html").encode(),
                                    "http://x.example/sitemap.xml")
    assert [p.url for p in pages] == ["http://x.example/relative.html", "http://x.example/abs.html"]
    assert pages[0].modified == "2024-04-03" and children == []
    pages, children = parse_sitemap(gzipped(index("http://x.example/s1.xml")), "http://x.example/i.xml")
    assert pages == [] and children == ["http://x.example/s1.xml"]
