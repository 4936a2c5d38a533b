"""Which revision of table 三 a report prints (2019: one row （六）其他处理; 2021: its three
sub-rows) is told by the sub-rows' labels. A label split over lines leaves fragments: in
seeds/001_ae5 (a 2019 form) through BeautifulSoup get_text("\\n") (held-out route soup-text-nl),
"2．其他法律行政法规禁止公开" prints as spans, and "2．其他法律行" reads as the 2021 row 3.其他. One
such sub-row with rows of groups （一）-（五） after it is a fragment, not the revision's sign.
Real converter output, see tests/data/converted/README.md."""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, label_fields, wrong_keys

from extractor.assemble import requests_version
from extractor.loaders import load
from extractor.loaders.text import _fragment_joins
from extractor.model import Block
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _block(label: str) -> Block:
    b = Block(text=label, kind="line", start=0, end=0)
    b.label = f"row.requests.{label}"
    return b


def test_a_lone_subrow_among_earlier_groups_is_a_fragment():
    path = CONVERTED / "001_ae5d534637d2dda6.soup-text-nl.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(SEEDS / "001_ae5d534637d2dda6.labels.json")
    other = {k: v for k, v in want.items() if k.startswith("requests.other.")}
    assert other and all(k in out["fields"] for k in other)  # the 2019 row, not the 2021 sub-rows
    assert not wrong_keys(other, out["fields"])
    assert not any(k.startswith("requests.other.no_correction") for k in out["fields"])


def test_subrows_closing_the_results_tell_2021():
    order = ["granted", "partial", "denied.state_secret", "unable.not_held", "unprocessed.complaint"]
    assert requests_version([_block(k) for k in order + ["other.other", "total"]]) == "2021"
    # two sub-rows tell it wherever a reading order prints them
    assert requests_version([_block(k) for k in ["other.no_fee", "granted", "other.other", "denied.internal"]]) == "2021"
    # one, with rows of earlier groups after it: a fragment
    assert requests_version([_block(k) for k in ["granted", "other.other", "denied.internal", "total"]]) == "2019"


def test_a_numbered_label_printed_a_span_a_line_is_one_label():
    # the page prints "6．属于四类过程性信息" as spans; get_text("\n") puts each on a line of
    # its own, cells apart by empty lines: the pieces after the numbered one join it
    doc = load(CONVERTED / "001_ae5d534637d2dda6.soup-text-nl.txt")
    texts = [b.text for b in doc.blocks]
    assert "6．属于四类过程性信息" in texts and "程性信息" not in texts
    assert "4．无正当理由大量反复申请" in texts
    # a numbered heading and the sentence right under it stay apart (a sentence is no span)
    assert _fragment_joins("6．属于四类过", "四类过", "程性信息")
    assert not _fragment_joins("（二）依申请公开情况", "（二）依申请公开情况", "全年共受理申请件，均已办结。")
    assert not _fragment_joins("（二）依申请公开情况", "（二）依申请公开情况", "2024年，本机关共受理申请")
