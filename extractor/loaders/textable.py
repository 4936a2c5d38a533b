r"""LaTeX: its tables rewritten as HTML tables, its commands around text as plain text.

A LaTeX table is a grid written row by row, rows ended by `\\`, cells apart by `&`, a row
free to wrap over lines:

    \begin{longtable}[]{@{}llll@{}}      (tabular, tabular*, tabularx, longtable)
    \toprule                             rules print nothing
    \multicolumn{4}{l}{第二十条第(一)项} \\    a cell over four columns
    信息内容 & 本年制发件数 & 本年废止件数 &
    现行有效件数 \\
    \multirow{2}{*}{总计} & ...         over two rows - the rows below write an empty cell
    \end{longtable}                      where it stands, so it is one slot wide here

Each table becomes an HTML <table> in place (the markdown loader reads it as any raw HTML
table); outside tables, sectioning commands become markdown headings and commands around
text (`\textbf{一、总体情况}`, `\hypertarget{id}{%`, `\label{id}`) print their text only.
"""
from __future__ import annotations

import re

from .. import limits
from ..model import LoadError

_ENVS = "longtable|tabular\\*?|tabularx|tabulary|array"
_BEGIN = re.compile(rf"\\begin\{{({_ENVS})\}}")
_RULES = re.compile(r"\\(?:toprule|midrule|bottomrule|hline|endhead|endfirsthead|endfoot|endlastfoot|"
                    r"tabularnewline)\b(?:\[[^\]\n]*\])?|\\cline\{[^{}\n]*\}")
_SECTION = re.compile(r"\\(part|chapter|section|subsection|subsubsection|paragraph|subparagraph)\*?\{")
_LEVEL = {"part": 1, "chapter": 1, "section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4,
          "subparagraph": 5}
# commands that print nothing, their arguments included
_SILENT = re.compile(r"\\(?:hypertarget|href)\{[^{}\n]*\}|\\(?:label|hspace|vspace|addcontentsline|pagebreak|newpage|centering|noindent|"
                     r"small|footnotesize|scriptsize|large|Large|normalsize)\b\*?(?:\{[^{}\n]*\})*")
_ESCAPES = {"\\%": "%", "\\&": "&", "\\$": "$", "\\#": "#", "\\_": "_", "\\{": "{", "\\}": "}"}
_ESCAPE = re.compile(r"\\[%&$#_{}]")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]\n]*\])?")  # a command's name (its arguments stay as groups)
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_SPAN = re.compile(r"^\\multicolumn\{(\d{1,6})\}\{[^{}]*\}")
_ROWSPAN = re.compile(r"^\\multirow(?:\[[^\]]*\])?\{-?\d{1,6}\}(?:\[[^\]]*\])?\{[^{}]*\}(?:\[[^\]]*\])?")


def tables(text: str) -> bool:
    """Does the text hold a LaTeX table environment (begun and ended)?"""
    m = _BEGIN.search(text)
    return bool(m) and f"\\end{{{m.group(1)}}}" in text[m.end():]


def to_html(text: str) -> str | None:
    """The text with its LaTeX tables as HTML tables and its commands as plain text, or None
    when it holds no LaTeX table."""
    if "\\begin" not in text or not tables(text):
        return None
    at = text.find("\\begin{document}")
    if at != -1:  # a whole document: its preamble prints nothing
        text = text[at + len("\\begin{document}"):].replace("\\end{document}", "")
    out, at, cells = [], 0, 0
    for m in _BEGIN.finditer(text):
        if m.start() < at:
            continue  # inside the table just read (a nested tabular)
        end = text.find(f"\\end{{{m.group(1)}}}", m.end())
        if end == -1:
            break
        out.append(_plain(text[at:m.start()]))
        table, n = _html(text[_past_arguments(text, m.end(), end):end])
        cells += n
        if cells > limits.MAX_GRID_CELLS:
            raise LoadError(f"LaTeX tables hold more than {limits.MAX_GRID_CELLS:,} cells "
                            f"(XXGK_MAX_GRID_CELLS): not a report's tables")
        out.append("\n" + table + "\n")
        at = end + len(m.group(1)) + 6
    out.append(_plain(text[at:]))
    return "".join(out)


def _past_arguments(text: str, at: int, end: int) -> int:
    """Where a table's body (ending at `end`) starts: past `[pos]` and the `{width}{columns}`
    groups."""
    while at < end and text[at] in "[{":
        close = "]" if text[at] == "[" else "}"
        depth, k = 0, at
        while k < end:
            if text[k] == text[at] and text[k - 1] != "\\":
                depth += 1
            elif text[k] == close and text[k - 1] != "\\":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        at = k + 1
    return min(at, end)


def _split(body: str, sep: str) -> list[str]:
    """`body` split at `sep` outside braces (an escaped `\\&` is text, `\\\\` is not `\\`)."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(body):
        ch = body[k]
        if ch == "\\" and body.startswith(sep, k) and depth == 0 and sep == "\\\\":
            parts.append(body[start:k])
            k += 2
            start = k
            continue
        if ch == "\\":
            k += 2  # an escape or a command's backslash: never a separator
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(body[start:k])
            start = k + 1
        k += 1
    parts.append(body[start:])
    return parts


def _html(body: str) -> tuple[str, int]:
    body = _RULES.sub("", _COMMENT.sub("", body))
    rows, count = [], 0
    for raw in _split(body, "\\\\"):
        raw = re.sub(r"^\s*\[[^\]\n]*\]", "", raw)  # "\\[2pt]": the row's extra space
        if not raw.strip():
            continue
        cells = []
        for cell in _split(raw, "&"):
            cell, span = cell.strip(), 1
            m = _SPAN.match(cell)
            if m:
                span, cell = min(int(m.group(1)), limits.MAX_SPAN), cell[m.end():].strip()
            m = _ROWSPAN.match(cell)  # the rows below hold an empty cell where it stands
            if m:
                cell = cell[m.end():].strip()
            text = _plain(cell).replace("\n", "").strip()
            cells.append(f"<td colspan=\"{span}\">{_escaped(text)}</td>" if span > 1 else f"<td>{_escaped(text)}</td>")
            count += span
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>", count


def _plain(text: str) -> str:
    """Text less LaTeX's commands and groups: sections as markdown headings, escapes as the
    characters they stand for, a forced line break as one, a tie ("~", how a no-break space
    is written: an empty cell) as a space."""
    if "\\" not in text and "{" not in text and "~" not in text:
        return text
    text = _COMMENT.sub("", text)
    text = _SECTION.sub(lambda m: "\n" + "#" * _LEVEL[m.group(1)] + " {", text)
    text = _SILENT.sub("", text)
    text = text.replace("\\\\", "\n")
    keep = {}

    def hold(m: re.Match) -> str:  # escaped characters survive the brace removal below
        keep[f"\x00{len(keep)}\x00"] = _ESCAPES[m.group(0)]
        return f"\x00{len(keep) - 1}\x00"

    text = _ESCAPE.sub(hold, text)
    text = _COMMAND.sub("", text).replace("{", "").replace("}", "").replace("~", " ")
    for k, v in keep.items():
        text = text.replace(k, v)
    return text


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
