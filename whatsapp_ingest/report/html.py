"""`out/laporan.html`: the figures as one page that opens offline by double-click — the CSS inline,
the charts as SVG data URIs, no script, no link to anything outside the file.

The templates (`report/templates/`) are Jinja2 with autoescaping, so a name or a chat message is
always shown as text. Their words go through the catalogs like the code's (`_("…")` in a template).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.report.page import build_page, translator

REPORT_FILE = "laporan.html"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(lang: str, *folders: Path) -> Environment:
    """A Jinja2 environment in the outputs' language `lang` over `folders`, then the report's own
    templates (so a page elsewhere may include `figures.html`)."""
    env = Environment(loader=ChoiceLoader([FileSystemLoader([str(f) for f in (*folders, TEMPLATES)])]),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["_"] = translator(lang)
    return env


def render_report(results: Results, charts: dict[str, bytes]) -> bytes:
    """laporan.html's bytes: the same for the same figures and charts."""
    page = build_page(results, charts)
    return environment(page.lang).get_template(REPORT_FILE).render(page=page).encode("utf-8")
