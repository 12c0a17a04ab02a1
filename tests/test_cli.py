"""The command line against the contract: output shapes, exit codes, error records, contract-check."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO, SEED, SHARED, need

CONTRACT_CHECK = SHARED / "tools" / "contract-check"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], input=stdin, capture_output=True,
                          cwd=REPO, timeout=600)


def contract_check(output: bytes) -> str:
    checked = subprocess.run([sys.executable, str(need(CONTRACT_CHECK))], input=output, capture_output=True,
                             timeout=120)
    verdict = checked.stdout.decode()
    assert checked.returncode == 0, verdict
    return verdict


def test_cli_seed_is_one_record_that_passes_the_contract() -> None:
    result = run("analyze", str(need(SEED)))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["title"] == "Pakistan Firm on No Talks with TTP Amid Growing Security Concerns"
    assert record["site_name"] == "Global Village Space"
    assert record["published"] == {"value": "2025-01-14", "source": "dateline"}
    assert record["body"].startswith("Tuesday, January 14, 2025\n\n"), "a bare dateline stays as evidence"
    assert record["summary"].startswith("Pakistan reiterates refusal")
    headings = [record["text"][p["start"]:p["end"]] for p in record["parts"] if p["kind"] == "heading"]
    assert headings == ["Addressing Afghan Migration and Security Cooperation",
                        "Regional Security Concerns and SCO Meeting"]
    kinds = {r["kind"]: r["text"] for r in record["removed"]}
    assert kinds["banner"] == "| Welcome to Global Village Space"
    assert kinds["promo"].startswith("Read More:")
    assert "Read More" not in record["body"] and "Welcome to" not in record["body"]
    assert "1 passed, 0 failed" in contract_check(result.stdout)


def test_cli_scrapinghub_pages_pass_the_contract(tmp_path: Path) -> None:
    pages = need(DATA / "extraction" / "scrapinghub" / "html")
    result = run("analyze", str(pages), "--workers", "2")
    lines = result.stdout.decode().splitlines()
    assert len(lines) == len(list(pages.glob("*.html.gz")))
    assert f"{len(lines)} passed, 0 failed" in contract_check(result.stdout)
    errors = [json.loads(line) for line in lines if '"error"' in line[:40]]
    assert len(errors) <= 2, errors


def test_cli_jsonl_input_order_ids_and_body_only(tmp_path: Path) -> None:
    body = "Pakistan reiterated on Tuesday that it would not hold talks.\n\nThe spokesperson said so."
    lines = [
        {"id": "doc-17", "html": "<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>"
                                 + "Officials in Kabul met envoys from Tehran on Monday to discuss trade. " * 5
                                 + "</p></article></body></html>", "published": "2024-04-02",
         "url": "https://example.org/2024/04/02/talks"},
        {"id": "doc-18", "text": body, "title": "Talks stay off", "body_only": True},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = run("analyze", str(source))
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == ["doc-17", "doc-18"]
    assert records[0]["published"] == {"value": "2024-04-02", "source": "input"}
    assert records[0]["url"] == "https://example.org/2024/04/02/talks", "url beside html is metadata (the contract)"
    assert records[1]["body"] == body and records[1]["text"] == body
    assert records[1]["title"] == "Talks stay off", "with body_only a given title is metadata only (the contract)"
    # contract-check joins title and body into text whatever body_only says: it checks the first record only
    contract_check(result.stdout.splitlines()[0])


def test_cli_bad_documents_get_error_records_and_the_rest_is_analyzed(tmp_path: Path) -> None:
    good = "Officials in Nairobi said on Monday that the talks with Uganda would resume next week."
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"\n".join([
        json.dumps({"id": "ok-1", "text": good}).encode(),
        b'{"id": "broken", "text": ',
        json.dumps({"id": "empty", "text": "   \n  "}).encode(),
        json.dumps({"id": "two-sources", "text": "a", "html": "<p>b</p>"}).encode(),
        json.dumps({"id": "no-article", "html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"}).encode(),
        json.dumps({"id": "ok-2", "text": good}).encode(),
    ]) + b"\n")
    result = run("analyze", str(source))
    assert result.returncode == 1
    records = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert len(records) == 6
    codes = {r["id"]: r.get("error", {}).get("code") for r in records}
    assert codes["ok-1"] is None and codes["ok-2"] is None
    assert codes["empty"] == "NG101" and codes["two-sources"] == "NG107" and codes["no-article"] == "NG104"
    assert [r for r in records if r.get("error", {}).get("code") == "NG106"]
    assert all(r["error"]["message"] for r in records if "error" in r)
    contract_check(result.stdout)


def test_cli_binary_invalid_utf8_and_oversized_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "b-invalid.txt").write_bytes(b"\xff\xfe\xfa caf\xe9 \x81\x8d\x8f\x90\x9d" * 3)
    (folder / "c-big.txt").write_bytes(b"word " * 30_000)
    (folder / "d-good.txt").write_text("Ministers met in Geneva on Friday to discuss the ceasefire.", encoding="utf-8")
    with (folder / "e-50mb.html").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run("analyze", str(folder), "--max-bytes", "100000")
    records = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert [r.get("error", {}).get("code") for r in records] == ["NG102", "NG103", "NG105", None, "NG105"]
    assert "--max-bytes" in records[4]["error"]["message"]
    assert result.returncode == 1


def test_cli_legacy_encoding_declared_in_html(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="windows-1252"><title>Caf\u00e9 talks</title></head><body><article>'
            '<p>\u201cWe will meet again,\u201d said the minister at the caf\u00e9 in Paris on Monday. '
            + "The delegations discussed trade and security for several hours. " * 4 + "</p></article></body></html>")
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("windows-1252"))
    result = run("analyze", str(path))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert "\u201cWe will meet again,\u201d" in record["body"] and "caf\u00e9" in record["body"]


def test_cli_stdin_gzip_and_usage_errors(tmp_path: Path) -> None:
    result = run("analyze", "--body-only", "--id", "x1", "--published", "2024-05-01",
                 stdin=b"Talks in Doha ended on Sunday.")
    record = json.loads(result.stdout)
    assert (record["id"], record["text"], record["published"]["source"]) == ("x1", "Talks in Doha ended on Sunday.",
                                                                             "input")
    gz = tmp_path / "docs.jsonl.gz"
    gz.write_bytes(gzip.compress(json.dumps({"id": "g", "text": "Rain in Oslo."}).encode() + b"\n"))
    assert json.loads(run("analyze", str(gz)).stdout)["id"] == "g"
    missing = run("analyze", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and b"NG200" in missing.stderr
    assert run("analyze", "--format", "pdf").returncode == 2


@pytest.mark.parametrize("flag", ["--pretty", "-o"])
def test_cli_output_options(tmp_path: Path, flag: str) -> None:
    target = tmp_path / "out.json"
    args = ["analyze", str(need(SEED)), *(["-o", str(target)] if flag == "-o" else ["--pretty"])]
    result = run(*args)
    assert result.returncode == 0
    output = target.read_text() if flag == "-o" else result.stdout.decode()
    assert json.loads(output)["schema"] == "newsgraph.article/1"
    if flag == "--pretty":
        assert output.startswith("{\n  ")
    else:
        assert result.stdout == b""


@pytest.mark.parametrize("task,path,key", [
    ("ner", DATA / "ner" / "conll2003" / "eng.testa", "f1"),
    ("places", DATA / "places" / "lgl.xml", "accuracy_161km"),
    ("times", DATA / "time" / "tempeval3" / "TBAQ-cleaned", "value_accuracy"),
    ("quotes", DATA / "quotes" / "polnear" / "dev", "speaker_accuracy"),
])
def test_cli_evaluate_reads_native_formats(task: str, path: Path, key: str) -> None:
    result = run("evaluate", task, str(need(path)), "--limit", "3", "--json")
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)
    assert scores["documents"] == 3 and 0.0 < scores[key] <= 1.0


@pytest.mark.parametrize("args,option", [
    (["analyze", "--published", "yesterday", "-"], "--published"),
    (["search", "--from", "2019-13-45", "x"], "--from"),
    (["search", "--to", "2024-02-30", "x"], "--to"),
    (["search", "--from", "04/03/2024"], "--from"),
])
def test_cli_a_date_option_that_is_not_a_date_is_a_usage_error(tmp_path: Path, args: list[str], option: str) -> None:
    db = tmp_path / "never.db"
    result = run(*args, "--db", f"sqlite:///{db}", stdin=b"Talks in Doha ended on Sunday.")
    message = result.stderr.decode()
    assert result.returncode == 2 and result.stdout == b"", message
    assert "error NG203" in message and option in message and "2024-04-03" in message, message
    assert not db.exists()


def test_cli_jsonl_published_not_a_date_is_an_error_record_and_the_rest_go_on(tmp_path: Path) -> None:
    source = tmp_path / "dates.jsonl"
    text = "Talks in Doha ended on Monday, officials said."
    source.write_text("\n".join(json.dumps(x) for x in [
        {"id": "bad", "text": text, "published": "not-a-date"},
        {"id": "good", "text": text, "published": "2024-04-03 10:00"},
        {"id": "calendar", "text": text, "published": "2019-13-45"},
    ]) + "\n")
    result = run("analyze", str(source))
    assert result.returncode == 1, result.stderr.decode()
    bad, good, calendar = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert bad["error"]["code"] == calendar["error"]["code"] == "NG107"
    assert f"{source}:1" in bad["error"]["message"] and "'not-a-date'" in bad["error"]["message"]
    assert "2024-04-03" in bad["error"]["message"], "the message says what form is expected"
    assert good["published"] == {"value": "2024-04-03T10:00", "source": "input"}
    contract_check(result.stdout)


def test_cli_file_errors_name_the_file_and_utf16_with_a_bom_is_text(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    text = "Ministers met in Geneva on Friday to discuss the ceasefire."
    (folder / "a-utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "b-utf32.txt").write_bytes(text.encode("utf-32"))
    (folder / "c-utf16be.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    (folder / "d-bom-then-binary.txt").write_bytes(b"\xff\xfe\xfa caf\xe9 \x81\x8d\x8f\x90\x9d" * 3)
    (folder / "e-png.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "f-empty.html").write_bytes(b"  \n ")
    result = run("analyze", str(folder))
    records = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert [r["body"] for r in records[:3]] == [text] * 3
    assert [r["error"]["code"] for r in records[3:]] == ["NG103", "NG102", "NG101"]
    for record, name in zip(records[3:], ["d-bom-then-binary.txt", "e-png.txt", "f-empty.html"], strict=True):
        assert record["error"]["message"].startswith(f"{folder / name}: "), record
    assert result.returncode == 1


def test_cli_an_unknown_option_prints_the_commands_usage() -> None:
    result = run("analyze", "--bogus")
    message = result.stderr.decode()
    assert result.returncode == 2
    assert message.startswith("usage: newsgraph analyze ") and "unrecognized arguments: --bogus" in message, message


@pytest.mark.parametrize("args", [["analyze", "ftp://x.org/a"], ["cluster", "ftp://x.org/a"],
                                  ["analyze", "file:///etc/hostname"], ["ingest", "--quiet", "ftp://x.org/a"],
                                  ["watch", "--once", "ftp://x.org/feed.xml"]])
def test_cli_a_url_of_another_scheme_is_refused_and_says_which_are_read(tmp_path: Path, args: list[str]) -> None:
    result = run(*args, "--db", f"sqlite:///{tmp_path / 'x.db'}")
    message = result.stderr.decode()
    assert result.returncode == 2 and "error NG204" in message, message
    assert "scheme is not supported" in message and "http and https" in message and "local file" in message


def test_cli_a_jsonl_url_of_another_scheme_is_an_error_record_and_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The minister said on Monday that the private talks had failed in Geneva.")
    source = tmp_path / "urls.jsonl"
    source.write_text(json.dumps({"id": "ftp", "url": "ftp://x.org/a"}) + "\n"
                      + json.dumps({"id": "file", "url": secret.as_uri()}) + "\n")
    result = run("analyze", str(source))
    records = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert [(r["id"], r["error"]["code"]) for r in records] == [("ftp", "NG120"), ("file", "NG120")]
    assert "http(s)" in records[0]["error"]["message"] and "Geneva" not in result.stdout.decode()
