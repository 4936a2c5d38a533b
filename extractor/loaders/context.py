r"""A text typeset for ConTeXt (what a document converter writes for it): its commands are
directives to the typesetter, never a report's content - a number in a command's options
("0.25" of `\startxcell[width={0.25\textwidth}]`) is no value - and its tables are xtables,
a row `\startxrow` ... `\stopxrow`, a cell `\startxcell[options] text \stopxcell` (a line
break in it `\crlf`, a no-break space the tie `~`). Rewritten here as what the typesetter prints: a row one tab-separated
line of its cells' text, a sectioning command its title, lines of commands alone dropped."""
from __future__ import annotations

import re

_CELL = re.compile(r"\\startxcell(?:\[[^\]]*\])?(.*?)\\stopxcell", re.S)
_ROW = re.compile(r"\\startxrow(?:\[[^\]]*\])?(.*?)\\stopxrow", re.S)
_TITLE = re.compile(r"\\(?:part|chapter|section|subsection|subsubsection|subsubsubsection)\[title=\{([^{}]*)\}[^\]]*\]")
_OPTIONS = re.compile(r"(\\[A-Za-z]+)(?:\[[^\]\n]*\])+")  # a command's options: \from[url1]
_COMMAND = re.compile(r"\\[A-Za-z]+(?:\{\})?")
_MIN_CELLS = 20


def is_context(text: str) -> bool:
    """At least 20 xtable cells, as many opened as closed."""
    n = text.count("\\startxcell")
    return n >= _MIN_CELLS and n == text.count("\\stopxcell")


def _printed(s: str) -> str:
    """A line's text less its commands ({\\bf 一、} -> 一、)."""
    s = _TITLE.sub(lambda m: m.group(1), s)
    s = _OPTIONS.sub(lambda m: m.group(1), s)
    s = _COMMAND.sub("", s)
    # a tie "~" prints a space that does not break (a cell of a no-break space: a blank)
    return s.replace("{", "").replace("}", "").replace("~", " ").strip()


def _cell(s: str) -> str:
    return "".join(_printed(p) for p in s.replace("\\crlf", "\n").split("\n"))


def plain(text: str) -> str | None:
    """What a ConTeXt text prints (module docstring); None where the text is not one."""
    if not is_context(text):
        return None
    text = _ROW.sub(lambda m: "\n" + "\t".join(_cell(c) for c in _CELL.findall(m.group(1))) + "\n", text)
    out = []
    for ln in text.split("\n"):
        if "\t" in ln:
            out.append(ln)
        elif ln.strip():
            p = _printed(ln)
            if p:
                out.append(p)
        elif not out or "\t" not in out[-1]:  # (the lines a row's commands stood on)
            out.append("")
    return "\n".join(out)
