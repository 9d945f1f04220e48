"""STRUCTURE before words: on an iPhone, a body that opens with LRM is WhatsApp's own text, never a message."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.records import Kind

LRM = "\u200e"
_lines = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x85\u2028\u2029"),
                 max_size=60)


@settings(max_examples=200, deadline=None)
@given(bodies=st.lists(st.tuples(st.booleans(), _lines, st.lists(_lines, max_size=2)), min_size=1, max_size=6))
def test_no_body_opening_with_lrm_under_an_iphone_header_is_a_message(bodies: list[tuple[bool, str, list[str]]]) -> None:
    lines, marked, at = [], set(), 1
    for i, (mark, first, more) in enumerate(bodies):
        if mark or i == 0:
            marked.add(at)
        body = "\n".join([(LRM if mark or i == 0 else "") + first, *more])
        lines.append(f"[15/01/23, 19.{i:02d}.11] Budi: {body}")
        at += 1 + len(more)
    # and one person's message, so that the file is a chat (one made only of unknown notices is refused)
    lines.append("[15/01/23, 20.00.00] Ani: halo")
    parsed = parse_text("\n".join(lines) + "\n", "_chat.txt")
    kinds = {m.line: m.kind for m in parsed.messages}
    for line in marked:
        assert kinds[line] is not Kind.MESSAGE, (line, lines)
