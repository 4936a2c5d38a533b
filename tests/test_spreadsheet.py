"""Spreadsheets of a report's tables (extractor/loaders/spreadsheet.py): researchers keep scraped
tables as Excel or OpenDocument files, a sheet per table. They were refused as "ZIP archives";
now every sheet is read, in order, as an HTML table of the same grid.

The files (tests/data/converted, README): the dev reports' tables as pandas.read_html then
to_excel(index=False) writes them (013.xlsx-pandas.xlsx: shared strings, numbers as integers),
with pandas' odf engine (013.ods-pandas.ods), as openpyxl writes a web page's table grid
(005.xlsx-merged.xlsx: rowspan/colspan as merged ranges, whole numbers stored as floats 6.0), and
a generated report whose table 四 has a two-row header (gen607_00010.xlsx-pandas.xlsx: pandas
writes it with its row index, a first column 0, 1, 2 … empty beside the header, and an empty row
under the header)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from corpus import label_fields, wrong_keys
from extractor import limits
from extractor.loaders import detect, load_bytes
from extractor.loaders.spreadsheet import number
from extractor.model import LoadError
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
FILES = {"013.xlsx-pandas.xlsx": "xlsx", "005.xlsx-merged.xlsx": "xlsx", "013.ods-pandas.ods": "ods",
         "gen607_00010.xlsx-pandas.xlsx": "xlsx"}


def _labels(name: str) -> dict:
    return label_fields(CONVERTED / (name.rsplit(".", 1)[0] + ".labels.json"))


@pytest.mark.parametrize("name", list(FILES))
def test_every_field_of_the_tables_comes_out(name):
    data = (CONVERTED / name).read_bytes()
    assert detect(data).name == FILES[name]
    out = extract_bytes(data, name)
    assert out["source"]["format"] == FILES[name]
    assert wrong_keys(_labels(name), out["fields"]) == []


def test_merged_ranges_are_spans_and_floats_whole_numbers():
    doc = load_bytes((CONVERTED / "005.xlsx-merged.xlsx").read_bytes(), "005.xlsx-merged.xlsx")
    cells = [b for b in doc.blocks if b.kind == "cell"]
    assert any(b.rowspan > 1 for b in cells) and any(b.colspan > 1 for b in cells)
    texts = {b.text for b in cells}
    assert "2629" in texts and "2629.0" not in texts  # 行政许可 stored as 2629.0
    assert not any(t.endswith(".0") for t in texts)
    heads = [b.text for b in doc.blocks if b.kind != "cell"]
    assert heads == ["表1", "表2", "表3"]  # a sheet's name heads its table


def test_a_pandas_row_index_is_no_column():
    doc = load_bytes((CONVERTED / "gen607_00010.xlsx-pandas.xlsx").read_bytes(), "g.xlsx")
    rows = [[b.text for b in r] for r in doc.rows() if r[0].kind == "cell"]
    assert ["1", "0", "1", "3", "5", "0", "0", "0", "0", "0", "0", "0", "2", "0", "2"] in rows  # table 四, no leading 0
    assert not any(r[:1] == ["0"] and len(r) == 16 for r in rows)


def test_numbers_as_printed():
    assert [number(x) for x in ("6", "6.0", "6.000", "6E0", "0.1", "5949.088667", "-3.0", "x")] == \
        ["6", "6", "6", "6", "0.1", "5949.088667", "-3", "x"]


def _xlsx(sheet_xml: str, shared: str | None = None, extra: dict | None = None) -> bytes:
    buf = io.BytesIO()
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", f'<workbook {ns} {rel}><sheets><sheet name="表三" sheetId="1" r:id="rId1"/>'
                                      f"</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet {ns}><sheetData>{sheet_xml}</sheetData></worksheet>")
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f"<sst {ns}>{shared}</sst>")
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return buf.getvalue()


def test_inline_and_shared_strings_and_stored_numbers():
    data = _xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>规章</t></is></c><c r="B1" t="s"><v>0</v></c>'
                 '<c r="C1"><v>6.0</v></c><c r="D1" t="str"><v>7</v></c></row>',
                 shared="<si><r><t>行政</t></r><r><t>许可</t></r></si>")
    doc = load_bytes(data, "t.xlsx")
    assert [[b.text for b in r] for r in doc.rows()][-1] == ["规章", "行政许可", "6", "7"]


def test_a_sheet_of_a_million_rows_is_refused():
    data = _xlsx('<row r="1"><c r="A1"><v>1</v></c></row><row r="1000000"><c r="A1000000"><v>2</v></c></row>')
    with pytest.raises(LoadError, match="XXGK_MAX_GRID_CELLS"):
        load_bytes(data, "big.xlsx")


def test_a_zip_bomb_is_refused():
    bomb = "<x>" + " " * (33 << 20) + "</x>"  # 33 MiB of spaces, a few KiB compressed
    data = _xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=bomb)
    assert len(data) < 200_000
    with pytest.raises(LoadError, match="ZIP bomb"):
        load_bytes(data, "bomb.xlsx")


def test_ods_rows_repeated_without_end_are_refused():
    buf = io.BytesIO()
    t = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", f'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                                  f'office:1.0" xmlns:table="{t}" xmlns:text="urn:oasis:names:tc:opendocument:'
                                  f'xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">'
                                  f'<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                                  f'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
                                  f"</table:table-row></table:table></office:spreadsheet></office:body>"
                                  f"</office:document-content>")
    data = buf.getvalue()
    assert detect(data).name == "ods"
    with pytest.raises(LoadError, match="XXGK_MAX_GRID_CELLS"):
        load_bytes(data, "rep.ods")


def test_other_zips_are_still_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("report.txt", "x")
    with pytest.raises(LoadError, match="ZIP archives are not supported"):
        load_bytes(buf.getvalue(), "a.zip")
    assert limits.MAX_GRID_CELLS < 1_000_000
