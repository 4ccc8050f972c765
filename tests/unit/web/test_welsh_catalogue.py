"""Every word a parent or the public reads has its Welsh: the catalogue is extracted from the
parent- and public-facing templates and modules and compared with the Welsh messages.po, so the
next new string cannot ship half-Welsh.

Parent- and public-facing is defined by path, the other way round: every template and web module
is, except the officers' own pages listed in OFFICERS_ONLY. A new folder of templates (an
accessibility statement, a cookies page) or a new public view is covered without editing this."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "survey" / "web"
TRANSLATIONS = WEB / "translations"
WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_MO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo"
CONFIG = TRANSLATIONS / "babel.cfg"

# Officers' pages need no Welsh (nobody outside the council's SEND team reads them). Paths relative
# to the repository root; a folder ends in "/". Everything else under survey/web is public.
OFFICERS_ONLY = (
    "survey/web/templates/auth/",
    "survey/web/templates/dashboard/",
    "survey/web/templates/plans/",
    "survey/web/templates/reports/",
    "survey/web/templates/review/",
    "survey/web/templates/yswd/edit.html",
    "survey/web/templates/yswd/entry.html",
    "survey/web/templates/yswd/list.html",
    "survey/web/templates/yswd/new.html",
    "survey/web/views/api.py",
    "survey/web/views/auth.py",
    "survey/web/views/dashboard/",
    "survey/web/views/health.py",
    "survey/web/views/plans.py",
    "survey/web/views/review.py",
)
SOURCE_SUFFIXES = {".py", ".html", ".xml", ".txt"}
# Words that are the same in every language (addresses shown as link text).
NOT_INTERFACE_WORDS = ("ico.org.uk/make-a-complaint", "#entry-")


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def parent_facing_files() -> list[Path]:
    found = []
    for path in sorted(WEB.rglob("*")):
        relative = _relative(path)
        if (
            path.is_file()
            and path.suffix in SOURCE_SUFFIXES
            and "/static/" not in relative
            and "/translations/" not in relative
            and not relative.startswith(OFFICERS_ONLY)
        ):
            found.append(path)
    return found


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    with CONFIG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return method_map, options_map


def _method_for(relative: str) -> str | None:
    method_map, _options = _mapping()
    return next((method for pattern, method in method_map if pathmatch(pattern, relative)), None)


def _extracted(paths: list[Path]) -> Iterator[tuple[str, str, int]]:
    """(message, file, line) for every message the files mark for translation."""
    for path in paths:
        relative = _relative(path)
        method = _method_for(relative)
        if method is None:
            continue
        for line, message, _comments, _context in extract_from_file(method, str(path)):
            for text in message if isinstance(message, tuple) else (message,):
                if text:
                    yield text, relative, line


def _welsh() -> Catalog:
    with WELSH_PO.open("rb") as po:
        return read_po(po)


def test_babel_config_extracts_every_parent_facing_file() -> None:
    """A template or module babel.cfg does not map would have its strings silently skipped."""
    unmapped = [
        _relative(path)
        for path in parent_facing_files()
        if _method_for(_relative(path)) is None and path.suffix != ".txt"
    ]
    assert not unmapped, f"add these to {_relative(CONFIG)}: {unmapped}"


def test_every_parent_facing_message_has_a_welsh_translation() -> None:
    welsh = _welsh()
    missing = []
    for message, where, line in _extracted(parent_facing_files()):
        entry = welsh.get(message)
        if entry is None or not entry.string or entry.fuzzy:
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "empty"
            missing.append(f"{where}:{line}: {message!r} ({state})")
    assert not missing, (
        f"give these their Welsh at the end of {_relative(WELSH_PO)}, then compile it "
        "(pybabel compile -f -d survey/web/translations):\n" + "\n".join(missing)
    )


def test_welsh_translations_keep_their_placeholders() -> None:
    problems = [
        f"{message.id!r}: {'; '.join(str(error) for error in errors)}"
        for message, errors in _welsh().check()
        if errors
    ]
    assert not problems, problems


def test_the_compiled_welsh_matches_messages_po() -> None:
    """The .mo is committed (a wheel carries it): it must say what the .po says."""
    with WELSH_MO.open("rb") as mo:
        compiled = {message.id: message.string for message in read_mo(mo) if message.id}
    written = {
        message.id: message.string
        for message in _welsh()
        if message.id and message.string and not message.fuzzy
    }
    stale = sorted(str(key) for key in set(written.items()) ^ set(compiled.items()))
    assert not stale, f"recompile: pybabel compile -f -d survey/web/translations ({stale[:5]})"


def test_messages_pot_is_current() -> None:
    """messages.pot is what the command at the top of babel.cfg extracts today."""
    method_map, options_map = _mapping()
    ignored = {"node_modules", "bench", "tests", "examples", "storage", "analysis", "bot"}

    def wanted(dirname: str) -> bool:
        name = Path(dirname).name
        return not (name.startswith((".", "_")) or name in ignored)

    extracted = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, directory_filter=wanted
        )
    }
    with (TRANSLATIONS / "messages.pot").open("rb") as pot:
        kept = {message.id for message in read_po(pot) if message.id}
    assert extracted == kept, (
        "regenerate messages.pot with the command at the top of babel.cfg: "
        f"new {sorted(map(str, extracted - kept))[:5]}, gone {sorted(map(str, kept - extracted))[:5]}"
    )


# Parts of a parent-facing template only officers see (the signed-in navigation) sit between
# these comments.
OFFICERS_PART = re.compile(r"\{#- officers only -#\}.*?\{#- end officers only -#\}", re.DOTALL)
JINJA_STATEMENT = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.DOTALL)
TAG = re.compile(r"<!--.*?-->|<\?.*?\?>|<[^>]*>", re.DOTALL)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def _without_expressions(text: str) -> str:
    """Drop every {{ ... }}, counting braces: an expression can hold a dict ({"items": [...]})."""
    kept, depth, index = [], 0, 0
    while index < len(text):
        if text.startswith("{{", index):
            depth += 1
            index += 2
        elif depth and text[index] == "{":
            depth += 1
            index += 1
        elif depth and text[index] == "}":
            depth -= 1
            index += 2 if depth == 0 and text.startswith("}}", index) else 1
            if depth == 0:
                kept.append(" ")
        else:
            if not depth:
                kept.append(text[index])
            index += 1
    return "".join(kept)


def _visible_words(template: str) -> list[str]:
    text = OFFICERS_PART.sub(" ", template)
    text = _without_expressions(JINJA_STATEMENT.sub(" ", text))
    # An XML feed escapes its HTML content: unescape it, then drop the tags.
    text = TAG.sub(" ", html.unescape(TAG.sub(" ", text)))
    for allowed in NOT_INTERFACE_WORDS:
        text = text.replace(allowed, " ")
    return WORD.findall(text)


def test_parent_facing_templates_have_no_words_outside_the_catalogue() -> None:
    """Text typed straight into a template is never translated: it must go through _()."""
    untranslated = []
    for path in parent_facing_files():
        if path.suffix not in {".html", ".xml"}:
            continue
        words = _visible_words(path.read_text(encoding="utf-8"))
        if words:
            untranslated.append(f"{_relative(path)}: {' '.join(words)[:120]}")
    assert not untranslated, "wrap these in _() and translate them:\n" + "\n".join(untranslated)


def test_the_officers_only_list_names_real_places() -> None:
    """A renamed officers' folder must not quietly make this list stale."""
    gone = [path for path in OFFICERS_ONLY if not (ROOT / path).exists()]
    assert not gone, gone
