"""Markup that prints nothing, left in text by lightweight-markup writers.

A writer that cannot express an element of its input writes it in its own syntax even when
the element is empty: the empty runs and bookmarks of Word-exported pages (`<span></span>`,
`<o:p></o:p>`, `<a name="_Toc1"></a>`) become empty targets and anchors. Left in a cell,
they make "2660<<>>" a label instead of a number; before a heading, "{anchor:x}四、…" no
heading. Whichever the writer, they are not part of the text:

* empty inline HTML elements: `<span id="x"></span>`, `<o:p></o:p>`, `<a name="x"></a>`;
* an org target: `<<>>`, `<<_Toc1>>` (an identifier, never CJK text: `<<条例>>` is a title
  written with ASCII brackets);
* an anchor macro: `{anchor:x}` (Jira/Confluence wiki);
* an empty span with attributes: `[]{#x}` (pandoc's markdown);
* an inline anchor: `[[_Toc1]]` / `[#x]##` (AsciiDoc; an identifier only: a MediaWiki link
  `[[target|text]]` prints its text);
* the tags of a span-like element, empty or not: `<span>规</span>`, Muse's
  `<class>一、本年新收…</class>` (its text stays); Muse's empty `<verbatim></verbatim>` (a
  blank cell);
* a block signature at a line's start, attributes and all: `h3(#x). `, `p{color:red}. `,
  `bq. ` (Textile and Jira headings and paragraphs: "h3(#四因…). 四、…" is heading 四).
"""
from __future__ import annotations

import re

_INLINE = r"(?:span|class|verbatim|a|font|o:p|b|i|u|em|strong|small|big|sup|sub|ins|del|s|strike)"
_EMPTY_ELEMENT = re.compile(rf"<({_INLINE})\b[^<>\n]*>[ \t]*</\1\s*>", re.I)
_ID = r"[A-Za-z_][\w:.\-]*"
_ANCHORS = re.compile(
    rf"<<(?:{_ID})?>>"  # org target
    r"|\{anchor:[^{}\n]*\}"  # Jira / Confluence
    r"|\[\]\{[^{}\n]*\}"  # pandoc markdown empty span
    rf"|\[\[{_ID}\]\]|\[#{_ID}\]##"  # AsciiDoc inline anchors
)
_SIGNATURE = re.compile(r"(?m)^[ \t]*(?:h[1-6]|p|bq)(?:\([^()\n]*\)|\{[^{}\n]*\}|\[[^\[\]\n]*\]|[<>=])*\. (?=\S)")
_SPAN_TAG = re.compile(r"</?(?:span|class|font|o:p)\b[^<>\n]*>", re.I)
_QUICK = ("<", "{", "[")
_DEPTH = 4  # empty elements nested this deep go (Word nests two: a run around <o:p>); a pass a level


def unmarked(text: str) -> str:
    """`text` less the empty elements, targets, anchors and span tags above (nested empty elements,
    `<span><o:p></o:p></span>`, go from the inside out, a few levels deep)."""
    if ". " in text:
        text = _SIGNATURE.sub("", text)
    if not any(q in text for q in _QUICK):
        return text
    for _ in range(_DEPTH):
        if "</" not in text:
            break
        text, n = _EMPTY_ELEMENT.subn("", text)
        if not n:
            break
    text = _ANCHORS.sub("", text)
    return _SPAN_TAG.sub("", text) if "<" in text else text
