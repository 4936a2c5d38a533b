"""InDesign's tagged text (ICML: pandoc -t icml; a held-out layout, never trained on), read from
real output of a labelled report's page (tests/data/converted, see its README).

A table has no row elements: its `<Cell Name="column:row">` elements stand directly in the
`<Table>`, the text of each in `<Content>` elements of paragraph ranges. Without the rows the
cells ran into nothing the template knows: every table read blank.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load, xmltable

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
ICML = CONVERTED / "000_26fa7c73a70403e4.pandoc-icml.xml"


def test_cells_named_by_column_and_row_are_read_as_rows():
    lines = load(ICML).text.split("\n")
    assert "一、本年新收政府信息公开申请数量\t\t\t21\t0\t0\t0\t0\t0\t21" in lines  # merged label cells blank
    assert not any("LeftAlign" in ln for ln in lines)  # the styles' settings are no text
    assert any(ln.startswith("行政许可\t46213\t-588\t45625") for ln in lines)


def test_report_in_indesign_tagged_text_is_read_right_and_accepted():
    wrong, review = extract_against(ICML, SEEDS / "000_26fa7c73a70403e4.labels.json")
    assert wrong == [] and review["required"] is False


def test_cells_are_placed_by_their_names_not_their_order_and_spans_kept():
    # InDesign may write a table's cells column by column; a merged cell carries its spans
    icml = ('<Table BodyRowCount="2" ColumnCount="2">'
            '<Cell Name="0:0" ColumnSpan="2"><ParagraphStyleRange><Content>规章</Content></ParagraphStyleRange></Cell>'
            '<Cell Name="0:1"><Content>a</Content></Cell><Cell Name="1:1"><Content>b</Content></Cell></Table>')
    assert xmltable.tables(icml)
    html = xmltable.as_html(icml)
    assert '<tr><td colspan="2"><p><Content>规章</Content></p></td></tr><tr><td><Content>a</Content></td>' in html
    swapped = icml.replace('Name="0:1"', 'Name="X"').replace('Name="1:1"', 'Name="0:1"').replace('Name="X"', 'Name="1:1"')
    assert "<tr><td><Content>b</Content></td><td><Content>a</Content></td></tr>" in xmltable.as_html(swapped)
