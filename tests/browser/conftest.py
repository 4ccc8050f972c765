"""Browser fixtures: Debian's Chromium driven by Playwright against the app served by a real
server thread on 127.0.0.1 and a free port, with its own SQLite database file.

Skipped, with the reason shown, only when no browser exists and CI is unset; in CI a missing
browser fails the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from storage.database import Database, make_engine
from storage.migrate import upgrade
from survey.intake.loading import load_organisations, load_plan, load_survey_file
from survey.web.app import create_app
from tests.conftest import DATA, EXAMPLES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DATA = Path(__file__).resolve().parent / "data"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def survey_files() -> list[Path]:
    """Every shipped survey, plus the test surveys (so the tests mean something before any
    survey ships)."""
    shipped = sorted((EXAMPLES / "surveys").glob("*.yaml"))
    return [DATA / "surveys" / "mini.yaml", BROWSER_DATA / "demo-survey.yaml", *shipped]


def _load_everything(url: str) -> None:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            load_organisations(session, DATA / "organisations" / "test-region.yaml", actor="test")
            for path in sorted((EXAMPLES / "organisations").glob("*.yaml")):
                load_organisations(session, path, actor="test")
            load_plan(session, DATA / "plans" / "mini.yaml", actor="test")
            for path in sorted((EXAMPLES / "plans").glob("*.yaml")):
                load_plan(session, path, actor="test")
            for path in survey_files():
                load_survey_file(session, path, actor="test")
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but there is no browser at {CHROMIUM}")
        pytest.skip(f"no browser at {CHROMIUM} (install Debian's chromium; CI always runs these)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app on a real socket, with a database file of its own (loaded once per module)."""
    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'browser.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    _load_everything(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "YOUSAID_INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": "browser-test-secret-key-not-for-production",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base_url = f"http://127.0.0.1:{server.server_port}"
    # Links (save-and-return above all) are built from PUBLIC_BASE_URL, never the Host header:
    # point it at this server's own port, known only now.
    app.config["PUBLIC_BASE_URL"] = server.base_url
    server.database_url = url
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        app.extensions["yousaid.database"].dispose()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(bypass_csp=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


# --- axe-core audits -------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}
"""


class Audit:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.script = AXE.read_text(encoding="utf-8")
        self.violations: list[str] = []
        self.pages = 0

    def check(self, state: str = "") -> None:
        self.page.add_script_tag(content=self.script)
        found = self.page.evaluate(RUN_AXE, WCAG_TAGS)
        where = self.page.url.split("/", 3)[-1] + (f" [{state}]" if state else "")
        self.violations += [f"/{where}: {violation}" for violation in found]
        self.pages += 1


@pytest.fixture
def audit(chromium: Any) -> Any:
    # CSP forbids inline scripts, as it should; the audit alone may inject axe.
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield Audit(page)
    finally:
        context.close()
