"""A Jupyter notebook of a report (pandoc -t ipynb; a held-out layout, never trained on), read
from real output of a labelled report's page (tests/data/converted, see its README).

Read as text, each table row was a JSON string (`"| 二、上年结转… | 78 | 6 | … |\\n",`): 26 of
the report's fields wrong and it went to review. The notebook shows its cells' text, a
markdown document: read as one, it is right and accepted.
"""
from __future__ import annotations

import json
from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load, notebook

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
IPYNB = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-ipynb.json"


def test_notebook_is_read_as_the_markdown_its_cells_show():
    doc = load(IPYNB)
    assert doc.source.format == "markdown"
    assert '"source"' not in doc.text and "\\n" not in doc.text


def test_report_in_a_notebook_is_read_right_and_accepted():
    wrong, review = extract_against(IPYNB, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == [] and review["required"] is False


def test_code_is_no_text_but_what_it_printed_is():
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3"}},
          "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# 年度报告\n", "一、总体情况"]},
                    {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "x = 42\nprint(x)",
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": ["规章 13\n"]},
                                 {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                  "data": {"text/plain": ["7"], "text/html": ["<b>7</b>"]}}]}]}
    assert notebook.text_of(json.dumps(nb, ensure_ascii=False)) == "# 年度报告\n一、总体情况\n\n规章 13\n\n7"


def test_other_json_is_no_notebook():
    assert notebook.text_of('{"cells": [{"source": "a"}]}') is None  # no nbformat
    assert notebook.text_of('[{"type": "Title", "text": "年度报告"}]') is None
