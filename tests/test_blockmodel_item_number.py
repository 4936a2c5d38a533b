"""The block classifier's features keep a label's item number: its shape folds digits, so two
heads a narrow column wrapped after the same words ("7. 属于行政" of 7.属于行政执法案卷 and "8. 属于
行政" of 8.属于行政查询事项, pdftotext -raw of a typeset report, tests/data/converted/README.md)
would read alike to any model. A bundle fitted before these features does not know them: its
readings stay exactly as they were."""
from pathlib import Path

import numpy as np

from extractor.blockmodel import block_features, load_default
from extractor.loaders import load_bytes
from extractor.segment import split_runs

CONVERTED = Path(__file__).parent / "data" / "converted"


def _doc():
    name = "gen13_00002w.pdftotext-raw.txt"
    doc = load_bytes((CONVERTED / name).read_bytes(), name)
    split_runs(doc)
    return doc


def _head(doc, feats, start: str) -> set[str]:
    return next(set(f) for b, f in zip(doc.blocks, feats) if b.text.replace(" ", "") == start)


def test_wrapped_heads_of_two_rows_differ_by_their_item_number():
    doc = _doc()
    feats = block_features(doc)
    seven, eight = _head(doc, feats, "7.属于行政"), _head(doc, feats, "8.属于行政")
    assert {"num=7", "numw=7属于"} <= seven and {"num=8", "numw=8属于"} <= eight
    own = ("c1=", "c2=", "c3=", "e3=", "num")  # the block's wording: the same characters, told by the number
    assert {f for f in seven if f.startswith(own)} - {f for f in eight if f.startswith(own)} == {"num=7", "numw=7属于"}


def test_a_bundle_without_item_number_features_reads_as_before():
    model = load_default()
    doc = _doc()
    feats = block_features(doc)
    if any(f.startswith("num=") for f in model.vocab):
        return  # (a bundle fitted with them: nothing to compare)
    without = [[f for f in fs if not f.startswith(("num=", "numw="))] for fs in feats]
    assert any(len(a) != len(b) for a, b in zip(feats, without))
    assert np.array_equal(model.predict_proba_feats(feats), model.predict_proba_feats(without))
