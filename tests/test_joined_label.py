"""A row label wrapped over two lines, the two pieces joined its full wording
(extractor/assemble.py, `_joined_labels`): real BeautifulSoup text of the seed 001_ae5's page
(tests/data/converted/001_ae5d534637d2dda6.soup-text-nl.txt, README), where the page's spans
print "2．没有现" and "成信息需要另行制作" as two lines. The learned model trained on what the
renderer printed reads such a tail as a piece of a label (noise) and may read the head as
narrative: neither piece then named the row, its printed 0 went to no row and the table 三
identities that the report breaks itself were no longer the publisher's (20 cells at 0.90,
the report sent to review). Joined, the pieces are the row's wording: the row is read, as
surely as a label printed whole."""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, label_fields, wrong_keys
from extractor.classify import RuleClassifier
from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
DOC = CONVERTED / "001_ae5d534637d2dda6.soup-text-nl.txt"
WANT = label_fields(SEEDS / "001_ae5d534637d2dda6.labels.json")


class _Pieces(RuleClassifier):
    """The rules' labels, with the two lines of 2．没有现成信息需要另行制作 read as neither
    names the row: the head narrative, the tail a piece of a label."""

    def predict(self, doc):
        out = super().predict(doc)
        texts = [b.text.strip() for b in doc.blocks]
        i = texts.index("成信息需要另行制作")
        assert texts[i - 1] == "2．没有现" and out[i][0] == "row.requests.unable.need_creation"
        out[i - 1], out[i] = ("narrative", 0.8, {}), ("noise", 0.6, {})
        return out


def _read(classifier):
    return Pipeline(classifier).run(load_bytes(DOC.read_bytes(), DOC.name))


def test_a_label_whose_two_pieces_make_its_wording_is_read():
    out = _read(_Pieces())
    assert wrong_keys(WANT, out["fields"]) == []
    assert out["fields"]["requests.unable.need_creation.total"]["confidence"] >= 0.9
    assert not out["review"]["required"]


def test_the_same_as_the_rules_read_it():
    # the rules name the row by the tail ("成信息需要另行制作" ends its wording): the same reading
    a, b = _read(RuleClassifier()), _read(_Pieces())
    assert {k: (f["value"], round(f["confidence"], 2)) for k, f in a["fields"].items()} \
        == {k: (f["value"], round(f["confidence"], 2)) for k, f in b["fields"].items()}


def test_a_sub_row_number_and_its_short_wording_apart_are_its_label():
    # pdfminer's XML of a generated report (seed 89): "3." and "其他" are two boxes on the
    # line of the row's values, the pieces of （六）其他处理 above them. "其他" alone is a
    # column's or a group's wording too (the rules call it a header, a model may call it a
    # piece of a label): with its number it is the row 3.其他, and its values are its own -
    # not the row above's, whose label had nothing after it (before: 3.其他's 1 and 1 read as
    # 2.申请人逾期未按收费… at 0.85 with the rules, at 1.0 where "其他" was read as a piece)
    path = CONVERTED / "gen89_00003.pdfminer-xml.xml"
    want = label_fields(CONVERTED / "gen89_00003.labels.json")
    for classifier in (RuleClassifier(), _Piece()):
        out = Pipeline(classifier).run(load_bytes(path.read_bytes(), path.name))
        assert wrong_keys(want, out["fields"]) == []
        assert out["fields"]["requests.other.other.total"]["value"] == want["requests.other.other.total"] == 1


class _Piece(RuleClassifier):
    """The rules' labels, with the wording "其他" beside "3." read as a piece of a label."""

    def predict(self, doc):
        out = super().predict(doc)
        texts = [b.text.strip() for b in doc.blocks]
        i = next(i for i in range(1, len(texts)) if texts[i] == "其他" and texts[i - 1] == "3.")
        out[i] = ("noise", 0.6, {})
        return out


class _Unsure(RuleClassifier):
    """The rules' labels, the cell "3.其他" named its row at 0.88 (a model for which "其他"
    is also a column's and a group's wording, and the cell stands alone at the row's edge)."""

    def predict(self, doc):
        out = super().predict(doc)
        return [(lab, 0.88, alt) if lab == "row.requests.other.other" else (lab, p, alt) for lab, p, alt in out]


def test_a_short_sub_row_label_printed_whole_is_sure_by_its_number():
    # a generated report (seed 11) through pandas' CSV: "3、其他" a cell of its own, the row
    # all blank ("三、本年度办理结果,（六）其他处理,3、其他,,,,,,,0"); the row's blanks have no
    # identity that pins them, so the label's own doubt sent the report to review
    path = CONVERTED / "gen11_00010.pandas-csv.txt"
    want = label_fields(CONVERTED / "gen11_00010.labels.json")
    rules, unsure = (Pipeline(c).run(load_bytes(path.read_bytes(), path.name)) for c in (RuleClassifier(), _Unsure()))
    assert wrong_keys(want, unsure["fields"]) == []
    assert unsure["fields"]["requests.other.other.natural"]["confidence"] >= 0.9
    assert not unsure["review"]["required"] and not rules["review"]["required"]
