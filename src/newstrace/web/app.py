"""A small read-only web app over the store (Starlette + the report's Jinja2 templates).

Pages, each with a ``.json`` twin (datasette's habit):

    /                         -> the story list (same as /stories)
    /stories[.json]?q=&page=  story list; ``q`` searches article titles and text (FTS5)
    /stories/{id}[.json]      a story: facts, provenance graph, timeline, edges, claims
    /articles/{id}[.json]     an article: text with spin/quotes/figures marked, its edges
    /pairs/{a}/{b}[.json]     the side-by-side view of the edge between two articles

Only GET/HEAD routes exist (no write endpoint); the store is opened read-only per
request (``mode=ro``), so the app can never change it. Path parameters must match
the id alphabet; anything unknown is a 404 page (or JSON error for ``.json``), never
a traceback. Every HTML response carries a Content-Security-Policy whose script
nonce is fresh per response, so injected markup could not run even if it escaped
the templates' autoescaping. Does not compute findings.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from newstrace.report.build import (
    ID_RE,
    ViewNotFound,
    article_view,
    list_stories,
    open_readonly,
    pair_view,
    story_view,
    to_json,
)
from newstrace.report.config import ReportConfig
from newstrace.report.render import AppLinks, make_env, story_pictures

__all__ = ["create_app"]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(db_path: str, cfg: ReportConfig | None = None) -> Any:
    """The Starlette application serving the store at ``db_path`` (opened read-only)."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    cfg = cfg or ReportConfig()
    env = make_env()
    links = AppLinks()
    # Fail at start-up (not on the first request) when the store is missing or too new.
    open_readonly(db_path).close()

    def html(template: str, code: int = 200, **ctx: Any) -> Response:
        nonce = secrets.token_urlsafe(16)
        body = env.get_template(template).render(
            links=links, nonce=nonce, page_size=cfg.edges_page_size, query=ctx.pop("query", ""), **ctx
        )
        return HTMLResponse(body, status_code=code, headers=_headers(nonce))

    def js(data: Any, status: int = 200) -> Response:
        return JSONResponse(to_json(data), status_code=status, headers={"X-Content-Type-Options": "nosniff"})

    def not_found(request: Request, message: str, as_json: bool) -> Response:
        if as_json:
            return js({"error": "not found", "detail": message}, 404)
        return html("app_error.html", 404, status=404, title="not found", message=message, json_href="/stories.json")

    def param(request: Request, name: str) -> str:
        value = str(request.path_params[name])
        if not ID_RE.match(value):
            raise ViewNotFound(f"not a valid id: {value[:80]!r}")
        return value

    def view(handler: Callable[[Request, Any, bool], Response], as_json: bool) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            try:
                with open_readonly(db_path) as store:
                    return handler(request, store, as_json)
            except ViewNotFound as exc:
                return not_found(request, str(exc), as_json)
        return endpoint

    def stories(request: Request, store: Any, as_json: bool) -> Response:
        q = request.query_params.get("q", "")[:200]
        try:
            page = max(0, int(request.query_params.get("page", "0")))
        except ValueError:
            page = 0
        size = cfg.stories_page_size
        data = list_stories(store, q, offset=page * size, limit=size, cfg=cfg)
        if as_json:
            return js(data)

        def href(p: int) -> str:
            return "/stories?" + urlencode({k: v for k, v in (("q", q), ("page", p)) if v})

        json_href = "/stories.json" + ("?" + urlencode({"q": q}) if q else "")
        return html(
            "app_stories.html", stories=data["stories"], total=data["total"], hits=data["hits"], query=q,
            prev_href=href(page - 1) if page > 0 else "",
            next_href=href(page + 1) if (page + 1) * size < data["total"] else "", json_href=json_href,
        )

    def story(request: Request, store: Any, as_json: bool) -> Response:
        v = story_view(store, param(request, "story_id"), cfg)
        if as_json:
            return js(v)
        graph, timeline = story_pictures(v, links, cfg)
        return html("app_story.html", view=v, graph=graph, timeline=timeline,
                    json_href=links.story(v["id"]) + ".json")

    def article(request: Request, store: Any, as_json: bool) -> Response:
        v = article_view(store, param(request, "article_id"))
        if as_json:
            return js({k: val for k, val in v.items() if k != "segments"})
        return html("app_article.html", v=v, json_href=links.article(v["article"]["id"]) + ".json")

    def pair(request: Request, store: Any, as_json: bool) -> Response:
        v = pair_view(store, param(request, "a"), param(request, "b"))
        if as_json:
            return js({k: val for k, val in v.items() if not k.endswith("_segments")})
        return html("app_pair.html", v=v, json_href=links.pair(v["edge"]) + ".json")

    def home(request: Request) -> Response:
        return RedirectResponse("/stories", status_code=307)

    routes = [Route("/", home, methods=["GET", "HEAD"])]
    for path, handler in (
        ("/stories", stories), ("/stories/{story_id}", story), ("/articles/{article_id}", article),
        ("/pairs/{a}/{b}", pair),
    ):
        # The .json route first: "{id}.json" would otherwise match the page route's "{id}".
        routes.append(Route(path + ".json", view(handler, True), methods=["GET", "HEAD"]))
        routes.append(Route(path, view(handler, False), methods=["GET", "HEAD"]))

    async def http_error(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        as_json = request.url.path.endswith(".json")
        if code == 404:
            return not_found(request, f"no page at {request.url.path[:200]}", as_json)
        detail = str(getattr(exc, "detail", "")) or "error"
        if as_json:
            return js({"error": detail}, code)
        return html("app_error.html", code, status=code, title=detail, message=detail, json_href="/stories.json")

    async def server_error(request: Request, exc: Exception) -> Response:
        # A bug or a broken store: say so without a traceback (the server log has it).
        if request.url.path.endswith(".json"):
            return js({"error": "internal error"}, 500)
        return HTMLResponse("<!DOCTYPE html><title>500</title><h1>500 · internal error</h1>", status_code=500)

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, 500: server_error},
    )
    app.state.db_path = db_path
    return app


def _headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": CSP.format(nonce=nonce),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }


def dumps(data: Any) -> str:
    """JSON text of a view (used by tests and the CLI)."""
    return json.dumps(to_json(data), ensure_ascii=False, sort_keys=True)
