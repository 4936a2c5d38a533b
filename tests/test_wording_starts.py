"""labels.may_begin_wording: the bound that lets assemble._wrapped_over stop joining a wrapped
label's pieces early must never stop a joining that could still become a row's wording."""
from extractor import templates as T
from extractor.labels import may_begin_wording, plain_text, wording_row


def _printed_labels():
    for table in [*T.ACTIVE.values(), *T.REQUESTS.values()]:
        for row in table.rows:
            yield row.label


def test_every_beginning_of_a_printed_row_label_may_grow():
    n = 0
    for label in _printed_labels():
        for text in (label, label.replace("、", "，"), f"（一）{label}"):
            if wording_row(text) is None or not plain_text(text):
                continue
            n += 1
            assert all(may_begin_wording(text[:i]) for i in range(len(text) + 1)), text
    assert n >= 20


def test_a_numbered_sentence_or_a_group_label_is_no_wording_start():
    assert not may_begin_wording("1. 本机关全年共受理")
    assert not may_begin_wording("（一）予以公开")
    assert not may_begin_wording("1、属于国家秘密类别")
    assert may_begin_wording("1、属于国")
    assert may_begin_wording("三、")  # the numbering may go on ("三、（一）…")
    assert not plain_text("2.属于\u0301")
