"""The web app in-process (starlette TestClient), the static report and the CLI verbs."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.report import render_report
from newstrace.store import open_store

from .fixtures import Fixture

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from newstrace.web import create_app  # noqa: E402

# Markup that must never reach a page as a live tag or attribute.
LIVE = re.compile(r"<(img|iframe|svg\s+onload|b\s+onmouseover)|<script(?![^>]*nonce=)|href=\"javascript:", re.I)


class _Tags(HTMLParser):
    """Every element and attribute as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "iframe", "object", "embed", "link", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "script" and not any(k == "nonce" for k, _ in attrs):
            self.problems.append("<script> without nonce")
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "srcdoc", "formaction"):
                self.problems.append(f"<{tag} {k}=>")
            if k in ("href", "xlink:href", "action") and v and not v.startswith(("#", "/", "http://", "https://")):
                self.problems.append(f"<{tag} {k}={v[:40]}>")


def live_markup(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.problems


@pytest.fixture(scope="module")
def client(fx: Fixture) -> TestClient:
    return TestClient(create_app(str(fx.path)), raise_server_exceptions=False)


def _pages(fx: Fixture) -> list[str]:
    i = fx.ids
    return [
        "/stories", "/stories?q=harbour", "/stories?q=pwned", "/stories/storybridge01", "/stories/storypayload2",
        f"/articles/{i['spun']}", f"/articles/{i['evil']}", f"/articles/{i['evilcopy']}",
        f"/pairs/{i['wire']}/{i['spun']}", f"/pairs/{i['evil']}/{i['evilcopy']}",
    ]


def test_every_page_and_its_json_twin(client: TestClient, fx: Fixture) -> None:
    for page in _pages(fx):
        r = client.get(page)
        assert r.status_code == 200, page
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'nonce-" in r.headers["content-security-policy"]
        path, _, q = page.partition("?")
        j = client.get(path + ".json" + ("?" + q if q else ""))
        assert j.status_code == 200 and j.headers["content-type"] == "application/json", page
        json.loads(j.text)


def test_home_redirects_to_stories(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/stories"


def test_story_json_content(client: TestClient, fx: Fixture) -> None:
    d = client.get("/stories/storybridge01.json").json()
    assert d["size"] == 4 and d["independent_origins"] == 1 and len(d["edges"]) == 4
    assert d["members"][0]["id"] == fx.ids["wire"]
    spun = next(e for e in d["edges"] if e["kind"] == "spun")
    assert [s["derived_text"] for s in spun["substitutions"]] == [b.b_text for b in fx.edges["spun"].substitutions]
    lst = client.get("/stories.json?q=corrosion").json()
    assert [s["id"] for s in lst["stories"]] == ["storybridge01"] and lst["hits"]["storybridge01"]


def test_pair_json_slices_are_exact(client: TestClient, fx: Fixture) -> None:
    e = fx.edges["spun"]
    d = client.get(f"/pairs/{e.derived_id}/{e.source_id}.json").json()
    assert d["edge"]["source_id"] == e.source_id
    spun_text = fx.texts["spun"]
    for p, got in zip(e.passages, d["passages"], strict=True):
        assert got["derived_text"] == spun_text[p.b_start:p.b_end]


def test_page_shows_passages_and_restorations(client: TestClient, fx: Fixture) -> None:
    e = fx.edges["spun"]
    html = client.get(f"/pairs/{e.source_id}/{e.derived_id}").text
    assert html.count('data-p="1"') >= 2 and html.count('data-p="2"') >= 2
    for b in e.substitutions:
        assert f'originally \u201c{b.a_text}\u201d' in html


@pytest.mark.parametrize(
    "path",
    ["/stories/nope", "/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/articles/zzzz9999", "/articles/..%2F..%2Fetc",
     "/pairs/wwww1111aaaa/eeee5555eeee", "/pairs/x/y", "/nothing/here", "/stories/" + "a" * 300],
)
def test_unknown_is_a_404_page(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and "404" in r.text and "Traceback" not in r.text
    assert not LIVE.search(r.text)
    j = client.get(path + ".json")
    assert j.status_code == 404 and j.json()["error"] == "not found"


def test_no_write_endpoints(client: TestClient, fx: Fixture) -> None:
    before = hashlib.sha256(fx.path.read_bytes()).hexdigest()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/stories", "/stories/storybridge01", f"/articles/{fx.ids['wire']}"):
            assert client.request(method, path).status_code == 405
    for page in _pages(fx):
        client.get(page)
    assert hashlib.sha256(fx.path.read_bytes()).hexdigest() == before


def test_payloads_are_inert_in_the_app(client: TestClient, fx: Fixture) -> None:
    for page in _pages(fx):
        html = client.get(page).text
        assert not LIVE.search(html), (page, LIVE.search(html))
        assert live_markup(html) == [], page
        assert html.count("<script") == 1
    html = client.get("/stories/storypayload2").text
    assert "&lt;svg onload=window.__pwned=8&gt;Flood story" in html
    art = client.get(f"/articles/{fx.ids['evil']}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Evil title" in art
    assert "javascript:window.__pwned=3" in art and 'href="javascript' not in art  # shown as text, not a link
    copy = client.get(f"/articles/{fx.ids['evilcopy']}").text
    assert 'href="https://mirror.example' not in copy


def test_pagination(fx: Fixture) -> None:
    from newstrace.report.config import ReportConfig

    c = TestClient(create_app(str(fx.path), ReportConfig(stories_page_size=1)))
    first, second = c.get("/stories").text, c.get("/stories?page=1").text
    assert "next &rarr;" in first and "storybridge01" in first and "storypayload2" not in first
    assert "storypayload2" in second and "&larr; previous" in second
    assert c.get("/stories?page=abc").status_code == 200


def test_missing_store_fails_at_start(tmp_path: Path) -> None:
    from newstrace.errors import StoreError

    with pytest.raises(StoreError):
        create_app(str(tmp_path / "absent.db"))


# -- the static report ---------------------------------------------------------------
def test_report_is_self_contained_and_inert(fx: Fixture) -> None:
    with open_store(fx.path, readonly=True) as store:
        html = render_report(store)
    assert html.count("<script") == 1 and "Content-Security-Policy" in html
    assert not LIVE.search(html)
    assert live_markup(html) == []  # no src=, <link>, handlers or script: URLs anywhere
    assert not re.search(r"@import|url\((?!#)", html)  # nothing loads from the network
    assert html.count("<template id=\"tpl-pair-") == 5
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Evil title" in html
    for b in fx.edges["spun"].substitutions:
        assert f"originally \u201c{b.a_text}\u201d" in html


def test_report_one_story_and_cap(fx: Fixture) -> None:
    from newstrace.report.config import ReportConfig

    with open_store(fx.path, readonly=True) as store:
        one = render_report(store, "storybridge01")
        capped = render_report(store, "storybridge01", ReportConfig(max_pair_views_per_story=1))
    assert "Riverton harbour bridge" in one and "Flood story" not in one
    assert capped.count("<template id=\"tpl-pair-") == 1 and "3 weaker edge(s)" in capped


# -- CLI ------------------------------------------------------------------------------
def test_cli_report(fx: Fixture, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    res = CliRunner().invoke(main, ["report", "--db", str(fx.path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    res = CliRunner().invoke(main, ["report", "--db", str(fx.path), "-o", str(out), "--story", "missing"])
    assert res.exit_code == 2 and "no story" in res.output


def test_cli_serve_binds_loopback_by_default(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    res = CliRunner().invoke(main, ["serve", "--db", str(fx.path), "--port", "8765"])
    assert res.exit_code == 0, res.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8765


def test_the_inertness_checker_itself_catches_payloads() -> None:
    bad = ('<img src=x onerror="window.__pwned=1"><a href="javascript:x">y</a><script>1</script>'
           '<b onmouseover="x">z</b><svg onload=alert(1)>')
    assert len(live_markup(bad)) == 7 and LIVE.search(bad)
    assert live_markup('<span title="&lt;img src=x onerror=1&gt;">&lt;script&gt;</span><script nonce="n"></script>') == []
