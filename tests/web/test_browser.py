"""The report and the web app in headless Chromium, as a person would use them.

Skipped when Debian's /usr/bin/chromium or Playwright is missing. Every page is
checked for the payloads of the invented store: none may run (each would set
``window.__pwned`` or change the title). Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrace.report import write_report
from newstrace.store import open_store

from .fixtures import Fixture, free_port

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("needs /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def server(fx: Fixture) -> Iterator[str]:
    import uvicorn

    from newstrace.web import create_app

    port = free_port()
    config = uvicorn.Config(create_app(str(fx.path)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: at most ~10 s for the server to come up
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def report_file(fx: Fixture, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    with open_store(fx.path, readonly=True) as store:
        write_report(store, out)
    return out


def assert_inert(pg: Any) -> None:
    assert pg.evaluate("() => window.__pwned === undefined"), pg.evaluate("() => window.__pwned")
    assert pg.title() != "pwned"
    assert pg.errors == []


def highlighted(pg: Any, pair: str, side: str) -> dict[str, str]:
    """Text of each passage number on one side of a pair view, joined in document order."""
    return pg.evaluate(
        """([pair, side]) => {
            const out = {};
            document.querySelectorAll(pair + ' .atext[data-side="' + side + '"] [data-p]').forEach(el => {
                for (const n of el.getAttribute('data-p').split(' ')) out[n] = (out[n] || '') + el.textContent;
            });
            return out;
        }""",
        [pair, side],
    )


def check_pair(pg: Any, fx: Fixture, name: str, shots: Path, shot: str) -> None:
    edge = fx.edges[name]
    src = next(t for k, t in fx.texts.items() if fx.ids[k] == edge.source_id)
    der = next(t for k, t in fx.texts.items() if fx.ids[k] == edge.derived_id)
    sel = ".pair"
    pg.wait_for_selector(sel + " .atext")
    got_s, got_d = highlighted(pg, sel, "source"), highlighted(pg, sel, "derived")
    for i, p in enumerate(edge.passages, 1):
        assert got_s[str(i)] == src[p.a_start:p.a_end]
        assert got_d[str(i)] == der[p.b_start:p.b_end]
    # The whole text on each side is the stored text, character for character (CR, emoji).
    assert pg.eval_on_selector(sel + ' .atext[data-side="source"]', "e => e.textContent") == src
    assert pg.eval_on_selector(sel + ' .atext[data-side="derived"]', "e => e.textContent") == der
    if edge.substitutions:
        b = edge.substitutions[0]
        spun = pg.locator(sel + ' .atext[data-side="derived"] .m-sub').first
        spun.hover()
        # The tooltip is CSS generated content: a CSS string, with quotes escaped.
        tip = spun.evaluate("e => getComputedStyle(e, '::after').content").replace('\\"', '"')
        assert f"originally \u201c{b.a_text}\u201d" in tip
        title = spun.get_attribute("title") or ""
        assert f"originally \u201c{b.a_text}\u201d" in title
        assert len(title.split("\n")) == len(set(title.split("\n")))  # a finding at a swap shows once
        pg.screenshot(path=str(shots / f"{shot}-hover.png"))
    # Click the last passage on the copy's side: the source side scrolls to its counterpart.
    n = len(edge.passages)
    pg.locator(sel + f' .atext[data-side="derived"] [data-p~="{n}"]').first.click()
    target = pg.locator(sel + f' .atext[data-side="source"] [data-p~="{n}"]').first
    assert "flash" in (target.get_attribute("class") or "")
    visible = target.evaluate(
        """e => { const p = e.closest('.atext').getBoundingClientRect(); const r = e.getBoundingClientRect();
                 return r.bottom > p.top && r.top < p.bottom; }"""
    )
    assert visible
    pg.screenshot(path=str(shots / f"{shot}.png"), full_page=False)


def test_report_story_to_pair(page: Any, fx: Fixture, report_file: Path, artifacts: Path) -> None:
    page.goto(report_file.as_uri())
    assert_inert(page)
    page.click("a.story-link:text('Riverton harbour bridge')")
    page.wait_for_function("() => location.hash.startsWith('#story-')")
    page.screenshot(path=str(artifacts / "report-story.png"), full_page=True)
    spun_row = page.locator("section#story-storybridge01 table.edges tr", has=page.locator(".kind-spun"))
    spun_row.locator("a.pair-link").click()
    check_pair(page, fx, "spun", artifacts, "report-pair-spun")
    # The graph's arrows open pair views too.
    edge_id = page.locator("section#story-storybridge01 svg a.edge").first.get_attribute("data-edge")
    page.locator("section#story-storybridge01 svg a.edge").first.click()
    page.wait_for_selector(f"#pair-{edge_id}")
    assert_inert(page)


def test_report_payload_story_is_inert(page: Any, fx: Fixture, report_file: Path, artifacts: Path) -> None:
    page.goto(report_file.as_uri() + "#story-storypayload2")
    page.locator("section#story-storypayload2 a.pair-link").first.click()
    check_pair(page, fx, "evil", artifacts, "report-pair-payload")
    body = page.inner_text("body")
    assert "<script>window.__pwned=1</script>Evil title" in body
    assert "<svg onload=window.__pwned=8>Flood story" in body
    for a in page.locator("section#story-storypayload2 a").all():
        assert not (a.get_attribute("href") or "").lower().startswith("javascript")
    assert_inert(page)
    page.locator(f'section#story-storypayload2 svg a.node[data-article="{fx.ids["evil"]}"]').click()
    # The article view replaces the open pair view (two headings) with one heading: wait for
    # the swap itself, not for any heading, or the check races the page's script.
    page.wait_for_function(
        "() => document.querySelectorAll('section#story-storypayload2 .pairhost h4').length === 1"
    )
    head = page.locator("section#story-storypayload2 .pairhost h4")
    assert "<script>window.__pwned=1</script>Evil title" in head.inner_text()
    assert page.eval_on_selector("section#story-storypayload2 .pairhost .atext", "e => e.textContent") == fx.texts["evil"]
    assert_inert(page)


def test_app_story_to_pair(page: Any, fx: Fixture, server: str, artifacts: Path) -> None:
    page.goto(server + "/")
    assert_inert(page)
    page.fill("input[type=search]", "corrosion")
    page.press("input[type=search]", "Enter")
    page.wait_for_url("**/stories?q=corrosion")
    page.screenshot(path=str(artifacts / "app-search.png"))
    page.click("a.story-link")
    page.wait_for_url("**/stories/storybridge01")
    page.screenshot(path=str(artifacts / "app-story.png"), full_page=True)
    page.locator("table.edges tr", has=page.locator(".kind-spun")).locator("a.pair-link").click()
    page.wait_for_url("**/pairs/**")
    check_pair(page, fx, "spun", artifacts, "app-pair-spun")
    assert_inert(page)


def test_app_payload_pages_are_inert(page: Any, fx: Fixture, server: str, artifacts: Path) -> None:
    e1, e2 = fx.ids["evil"], fx.ids["evilcopy"]
    for path in ("/stories?q=pwned", "/stories/storypayload2", f"/articles/{e1}", f"/articles/{e2}",
                 "/stories/%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"):
        page.goto(server + path)
        assert_inert(page)
        # Hover and click over everything: event-handler payloads would fire now.
        for el in page.locator(".atext span, svg a, .qtext, td").all()[:60]:
            el.hover()
        assert_inert(page)
    page.goto(server + f"/pairs/{e1}/{e2}")
    check_pair(page, fx, "evil", artifacts, "app-pair-payload")
    assert_inert(page)
    assert "<script>window.__pwned=1</script>Evil title" in page.inner_text("body")


def test_report_article_text_shows_spin_without_an_edge_view(page: Any, fx: Fixture, report_file: Path,
                                                            artifacts: Path) -> None:
    page.goto(report_file.as_uri())
    # The graph's node for the spun copy opens its text, with the lexicon finding marked.
    page.locator(f'section#story-storybridge01 svg a.node[data-article="{fx.ids["spun"]}"]').click()
    pane = page.locator('section#story-storybridge01 .pairhost .atext[data-side="article"]')
    pane.wait_for()
    assert pane.evaluate("e => e.textContent") == fx.texts["spun"]
    ferry = pane.locator(".m-spin", has_text="Ferry").first
    ferry.hover()
    assert "originally \u201cBoat\u201d" in (ferry.get_attribute("title") or "")
    assert "Quick News Hub" in page.inner_text("section#story-storybridge01 .pairhost h4")
    page.screenshot(path=str(artifacts / "report-article-text.png"))
    assert_inert(page)
