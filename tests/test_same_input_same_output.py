"""The same input gives the same output, whatever the worker did before (batch.py runs many
documents in one process).

Elements of an lxml tree get a Python object only while something refers to one; lxml makes
a new object on each access and frees it after, and the next object made often takes the
freed one's address. An element's `id()` is therefore no name for it: the positioned reader
(extractor/loaders/positioned.py) once keyed its page boxes by `id()`, and a run of text went
to the page whose freed box object happened to share an address with one of the run's
ancestors' new objects - which depended on what earlier documents had left in the worker's
memory. Seen as one report in a batch read differently from the same report read alone
(generated seed 11 and 103 reports through Chromium's PDF and pdfminer's XML: "商业", a table
header of page 2, joined to the heading "（一）主动公开情况" of page 1 at the same height).

Here the "earlier work" is made deterministic: every ancestor lookup first allocates and frees
the objects of all the tree's elements in a seeded shuffled order, as other code would.
"""
from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from lxml import etree

from extractor.loaders import positioned
from extractor.loaders.html import documents
from extractor.loaders.placed import as_html

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"

_RND = random.Random(0)


class _Churning(etree.ElementBase):
    """An element whose ancestors are looked up after other work made and freed element objects."""

    def iterancestors(self, *tags):
        junk = list(self.getroottree().getroot().iter())
        _RND.shuffle(junk)
        del junk
        return super().iterancestors(*tags)


def _pages(markup: str, churn: bool) -> list[list[tuple]]:
    parser = etree.HTMLParser()
    if churn:
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=_Churning))
    root = etree.fromstring(markup, parser)
    return [[(f.text, f.page, round(f.x0, 2), round(f.y0, 2)) for f in page]
            for page in positioned._runs(root, positioned._class_sizes(root))]


def test_a_runs_page_is_the_page_box_it_stands_in_whatever_memory_holds():
    # pdfminer's XML of Chromium's PDF, three pages, placed as positioned HTML (a box a page)
    text = (CONVERTED / "005.chromium-pdfminer-xml.xml").read_text(encoding="utf-8")
    markup = documents(as_html(text.split("?>", 1)[1]))[0]
    plain = _pages(markup, churn=False)
    assert [len(p) for p in plain] == [49, 240, 59]
    # each page holds the characters printed inside its own box, none of another page's
    root = etree.fromstring(markup, etree.HTMLParser())
    boxes = [el for el in root.iter("div") if "relative" in (el.get("style") or "")]
    assert len(boxes) == 3
    for box, page in zip(boxes, plain):
        assert Counter("".join(t for t, *_ in page).replace(" ", "")) == \
            Counter("".join("".join(box.itertext()).split()))
    for seed in range(3):
        _RND.seed(seed)
        assert _pages(markup, churn=True) == plain, seed
