"""The review page end to end in headless Chromium (Debian's `chromium` + `chromium-driver`,
driven by Selenium): log in, upload a real report, find it in the queue, open it, correct a
cell with the keyboard while the identities are re-checked live, accept, and find the
correction in the annotations and in GET /v1/documents/{id}.

The server is `xxgk serve` (service.cli) in a subprocess on a free loopback port with a
temporary data directory. The test skips only when Chromium or its driver is missing on
this machine; with XXGK_CI=1 (set by .ci/run, which installs them) it fails instead.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "samples" / "008.html"  # = shared/corpus/real/008.html: a 2019 report whose identities break
SEED = ROOT / "annotations" / "sources" / "001_ae5d534637d2dda6.txt"  # = shared/corpus/seeds/…: 2020, breaks too
CLEAN = ROOT / "samples" / "013.html"  # parses cleanly: needs no review
ADMIN = "xxgk_browser-test-admin-token-0123456789"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CI = os.environ.get("XXGK_CI") == "1"


def _missing() -> str | None:
    for mod in ("selenium", "fastapi", "uvicorn", "sqlalchemy", "alembic"):
        try:
            __import__(mod)
        except ImportError:
            return f"the Python module {mod} is not installed"
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not (Path(exe).is_file() and os.access(exe, os.X_OK)):
            return f"{exe} is missing (apt-get install chromium chromium-driver)"
    return None


_why = _missing()
if _why:
    if CI:
        pytest.fail(f"the browser test must run in CI, but {_why}", pytrace=False)
    pytest.skip(_why, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service as ChromeService  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WAIT = 60  # seconds any one page state may take to appear (a slow CI machine parsing a report)


# --- the server --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, method: str, path: str, token: str | None = None, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw and "json" in r.headers.get("Content-Type", "") else raw)
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("xxgk-browser-data")
    port = free_port()
    env = {**os.environ, "XXGK_ADMIN_TOKEN": ADMIN, "XXGK_EXECUTOR": "thread", "PYTHONUNBUFFERED": "1"}
    env.pop("XXGK_DATABASE_URL", None)
    log = (data.parent / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "--host", "127.0.0.1", "--port", str(port),
                             "--data", str(data), "--workers", "1", "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"xxgk serve exited ({proc.returncode}):\n"
                            + (data.parent / "server.log").read_text(errors="replace")[-3000:])
            try:
                if call(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("xxgk serve did not answer /healthz")
            time.sleep(0.1)
        status, tok = call(base, "POST", "/v1/tokens", ADMIN, {"name": "rosa", "role": "reviewer"})
        assert status == 201, tok
        yield {"base": base, "data": data, "token": tok["token"], "proc": proc}
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1500,1000", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download anything
    driver = webdriver.Chrome(service=ChromeService(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


# --- helpers -----------------------------------------------------------------------------------------


def wait(driver, cond, what: str, timeout: float = WAIT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: cond(d))
    except TimeoutException:
        status = driver.execute_script("const s = document.querySelector('#status'); return s && s.textContent;")
        pytest.fail(f"timed out waiting for {what} (page {driver.current_url}, status line {status!r})")


def shot(driver, name: str) -> None:
    """XXGK_SCREENSHOTS=DIR keeps screenshots of the pages (to look at them)."""
    folder = os.environ.get("XXGK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def ready(driver) -> bool:
    return js(driver, "return document.body && document.body.dataset.ready === '1';")


def current_key(driver) -> str | None:
    return js(driver, "const c = document.querySelector('td.cell.current'); return c && c.dataset.key;")


def identity(driver, rule: str) -> dict | None:
    return js(driver, """
        const li = document.querySelector(`#identity-list li[data-rule="${arguments[0]}"]`);
        return li && {status: li.dataset.status, fixed: li.classList.contains('fixed'), text: li.textContent};""",
              rule)


def summary(driver) -> dict:
    return js(driver, """const s = document.querySelector('#identity-summary');
        return {broken: Number(s.dataset.broken), preview: s.classList.contains('preview'), text: s.textContent};""")


def log_in(driver, base: str, token: str) -> None:
    driver.get(base + "/review/login")
    box = wait(driver, lambda d: d.find_elements(By.ID, "token"), "the log-in form")[0]
    box.send_keys(token + Keys.ENTER)
    wait(driver, lambda d: d.current_url.rstrip("/").endswith("/review") and ready(d), "the queue after logging in")


def queue_ids(driver) -> list[str]:
    return js(driver, "return Array.from(document.querySelectorAll('#queue-body tr')).map((tr) => tr.dataset.id);")


def upload(driver, paths: list[Path]) -> None:
    driver.find_element(By.ID, "upload-file").send_keys("\n".join(str(p) for p in paths))
    driver.find_element(By.ID, "upload-button").click()


def broken_rules(driver) -> set[str]:
    return set(js(driver, """return Array.from(document.querySelectorAll('#identity-list li'))
        .filter((li) => li.dataset.status === 'broken').map((li) => li.dataset.rule);"""))


def console_errors(driver) -> list[str]:
    """Script errors and Content-Security-Policy violations logged since the last call (the
    4xx answers the test provokes on purpose are logged as failed loads: not counted)."""
    return [e["message"] for e in driver.get_log("browser")
            if (e.get("level") == "SEVERE" and "Failed to load resource" not in e.get("message", ""))
            or "Content Security Policy" in e.get("message", "") or "Refused to" in e.get("message", "")]


# --- the test ------------------------------------------------------------------------------------------


def test_review_a_report_in_the_browser(server, browser):
    base, data, token = server["base"], server["data"], server["token"]
    doc_id = hashlib.sha256(REPORT.read_bytes()).hexdigest()
    seed_id = hashlib.sha256(SEED.read_bytes()).hexdigest()
    d = browser

    # the page asks for a log-in; a wrong token is refused, the reviewer's is taken
    d.get(base + "/review/")
    wait(d, lambda d: "/review/login" in d.current_url, "the log-in page")
    box = d.find_element(By.ID, "token")
    box.send_keys("xxgk_wrong-token" + Keys.ENTER)
    wait(d, lambda d: "not valid" in d.find_element(By.ID, "status").text, "the refusal of a wrong token")
    box.clear()
    box.send_keys(token + Keys.ENTER)
    wait(d, lambda d: d.current_url.rstrip("/").endswith("/review") and ready(d), "the queue after logging in")
    assert d.find_element(By.ID, "who").text.startswith("rosa")
    cookie = d.get_cookie("xxgk_session")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert js(d, "return document.cookie;") == ""  # the session is out of the scripts' reach
    assert not d.find_elements(By.CSS_SELECTOR, "#queue-body tr")  # nothing stored yet

    # upload the report from the queue page (one file: POST /v1/extract?store=true); it needs
    # review, so it shows up in the queue
    upload(d, [REPORT])
    wait(d, lambda d: "008.html: stored, needs review" in d.find_element(By.ID, "status").text, "the upload")
    wait(d, lambda d: doc_id in queue_ids(d), "the queued report")
    row = d.find_element(By.CSS_SELECTOR, f'#queue-body tr[data-id="{doc_id}"]')
    assert "008.html" in row.text and "identity" in row.text and "2019" in row.text
    # two more at once (a batch job, followed until done): seed 001 needs review, 013.html does not
    upload(d, [SEED, CLEAN])
    wait(d, lambda d: "2 files: 2 stored, 0 failed" in d.find_element(By.ID, "status").text, "the batch upload")
    wait(d, lambda d: set(queue_ids(d)) == {doc_id, seed_id}, "both reports needing review in the queue")
    shot(d, "queue")
    ids = queue_ids(d)
    ranks = [float(x.text) for x in d.find_elements(By.CSS_SELECTOR, "#queue-body tr td:first-child")]
    assert ranks == sorted(ranks, reverse=True)  # most worth a look first

    # filters: the seed is a 2020 report, 008.html a 2019 one
    d.find_element(By.ID, "f-year").send_keys("2020" + Keys.ENTER)
    wait(d, lambda d: "year=2020" in d.current_url and queue_ids(d) == [seed_id], "the 2020 queue")
    d.find_element(By.ID, "f-year").clear()
    Select(d.find_element(By.ID, "f-reason")).select_by_value("identity")
    d.find_element(By.ID, "f-year").send_keys("2019" + Keys.ENTER)
    wait(d, lambda d: "reason=identity" in d.current_url and queue_ids(d) == [doc_id], "the 2019 identity queue")
    d.find_element(By.ID, "f-year").clear()
    Select(d.find_element(By.ID, "f-reason")).select_by_value("")
    d.find_element(By.ID, "f-agency").send_keys(Keys.ENTER)
    wait(d, lambda d: queue_ids(d) == ids and "year=" not in d.current_url, "the whole queue again")

    # open 008.html with the keyboard: j/k to its row, Enter
    d.switch_to.active_element.send_keys(Keys.ESCAPE)  # out of the filter field: keys drive the page
    for _ in range(ids.index(doc_id)):
        d.switch_to.active_element.send_keys("j")
    d.switch_to.active_element.send_keys(Keys.ENTER)
    wait(d, lambda d: f"/review/documents/{doc_id}" in d.current_url and ready(d), "the document page")
    # n / p: next and previous document of the queue
    first = ids[0] == doc_id
    d.switch_to.active_element.send_keys("n" if first else "p")
    wait(d, lambda d: f"/review/documents/{seed_id}" in d.current_url and ready(d), "the other document")
    assert d.find_element(By.ID, "doc-name").text == SEED.name
    d.switch_to.active_element.send_keys("p" if first else "n")
    wait(d, lambda d: f"/review/documents/{doc_id}" in d.current_url and ready(d), "008.html again")
    assert d.find_element(By.ID, "doc-name").text == "008.html"
    assert d.find_element(By.ID, "doc-status").text == "pending"
    # the tables are drawn from the template (row labels of extractor.templates), values in place
    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "table.stat th.rowlabel")]
    from extractor import templates as T

    assert labels == [r.label for r in T.ACTIVE["2019"].rows] + [r.label for r in T.REQUESTS["2019"].rows] + \
        [r.label for r in T.REVIEW.rows]
    cell = d.find_element(By.CSS_SELECTOR, 'td[data-key="requests.new.natural"]')
    assert cell.text == "821"
    granted = d.find_element(By.CSS_SELECTOR, 'td[data-key="requests.granted.total"]')
    assert "broken" in granted.get_attribute("class") and granted.text == "·"  # printed blank, breaks its row
    assert d.find_elements(By.CSS_SELECTOR, "td.cell.uncertain")  # uncertain cells are marked
    before = summary(d)
    assert before["broken"] >= 2 and not before["preview"] and "fixed" not in before["text"]
    assert identity(d, "requests.row.granted")["status"] == "broken"
    broken_before = broken_rules(d)
    assert len(broken_before) == before["broken"] and "requests.results.total" not in broken_before
    # the source text is beside it, the table region and the current field highlighted
    assert d.find_element(By.CSS_SELECTOR, "#source-text .table-region mark.current")
    # the original HTML renders in a sandboxed frame (no scripts, opaque origin)
    d.switch_to.active_element.send_keys("s")
    frame = wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#source-original-view iframe"), "the source frame")[0]
    assert frame.get_attribute("sandbox") == ""
    d.switch_to.frame(frame)
    wait(d, lambda d: "政府信息公开" in d.find_element(By.TAG_NAME, "body").text, "the rendered source")
    d.switch_to.default_content()
    shot(d, "original")
    d.switch_to.active_element.send_keys("s")  # back to the text view

    # walk to requests.granted.total with the keyboard (j = next field)
    for _ in range(400):
        if current_key(d) == "requests.granted.total":
            break
        d.switch_to.active_element.send_keys("j")
    assert current_key(d) == "requests.granted.total"
    shot(d, "document")

    # type the value: the identities are re-checked as it is typed, before anything is saved
    d.switch_to.active_element.send_keys("27")
    wait(d, lambda d: summary(d)["preview"] and identity(d, "requests.row.granted")["status"] == "broken",
         "the live re-check of a partial value")
    d.switch_to.active_element.send_keys("2")
    wait(d, lambda d: summary(d)["preview"] and identity(d, "requests.row.granted")["status"] == "ok",
         "the live re-check showing the identity hold")
    shot(d, "editing")
    # the page shows what the value does: it fixes its row and breaks the column of results totals
    # (the report prints no other 总计 of the results)
    assert broken_rules(d) == broken_before - {"requests.row.granted"} | {"requests.results.total"}
    status, doc = call(base, "GET", f"/v1/documents/{doc_id}", token)
    assert status == 200 and doc["corrections"] == []  # only a dry run so far
    # Enter saves it and moves on
    d.switch_to.active_element.send_keys(Keys.ENTER)
    wait(d, lambda d: "saved requests.granted.total = 272" in d.find_element(By.ID, "status").text, "the save")
    assert "now broken: requests.results.total" in d.find_element(By.ID, "status").text
    after = summary(d)
    assert not after["preview"] and "1 fixed" in after["text"]
    assert broken_rules(d) == broken_before - {"requests.row.granted"} | {"requests.results.total"}
    row_check = identity(d, "requests.row.granted")
    assert row_check["status"] == "ok" and row_check["fixed"], row_check
    granted = d.find_element(By.CSS_SELECTOR, 'td[data-key="requests.granted.total"]')
    assert granted.text == "272" and "corrected" in granted.get_attribute("class")
    assert current_key(d) != "requests.granted.total"  # moved on to the next field
    assert d.find_element(By.ID, "doc-status").text == "corrected"

    # an invalid value is refused with a message and saves nothing
    d.switch_to.active_element.send_keys("-")
    d.switch_to.active_element.send_keys("x" + Keys.ENTER)
    wait(d, lambda d: "Not saved" in d.find_element(By.ID, "status").text, "the refusal of an invalid value")
    d.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(d, lambda d: not d.find_elements(By.CSS_SELECTOR, "input.editor"), "the editor to close")

    # a = accept: the annotation is written and the page moves on to the next document of the
    # queue (or back to the queue when this was the last one)
    d.switch_to.active_element.send_keys("a")
    if first:
        wait(d, lambda d: f"/review/documents/{seed_id}" in d.current_url and ready(d), "the next document")
        assert "Accepted 008.html" in d.find_element(By.ID, "status").text
        d.switch_to.active_element.send_keys("q")
    wait(d, lambda d: d.current_url.rstrip("/").endswith("/review") and ready(d), "the queue after accepting")
    assert queue_ids(d) == [seed_id]  # the accepted document left the queue

    # the correction is in the annotation store …
    ann_path = data / "annotations" / f"review-{doc_id[:16]}.json"
    ann = json.loads(ann_path.read_text())
    assert ann["fields"]["requests.granted.total"] == 272
    assert ann["reviewer"] == "rosa" and ann["origin"] == "review" and ann["original_name"] == "008.html"
    assert (data / "annotations" / ann["source"]).read_bytes() == REPORT.read_bytes()
    # … and in GET /v1/documents/{id}
    status, doc = call(base, "GET", f"/v1/documents/{doc_id}", token)
    assert status == 200
    assert doc["status"] == "accepted" and doc["accepted_by"] == "rosa"
    assert doc["annotation"] == f"annotations/review-{doc_id[:16]}.json"
    assert doc["corrected"]["values"]["requests.granted.total"] == 272
    assert doc["corrected"]["corrected_fields"] == ["requests.granted.total"]
    assert [c["fields"] for c in doc["corrections"]] == [{"requests.granted.total": 272}]
    assert "requests.row.granted" in doc["corrected"]["fixed"]

    # no script error and no Content-Security-Policy violation on any page
    assert console_errors(d) == []

    # logging out ends the session
    d.find_element(By.ID, "logout").click()
    wait(d, lambda d: "/review/login" in d.current_url, "the log-in page after logging out")
    d.get(base + f"/review/documents/{doc_id}")
    wait(d, lambda d: "/review/login" in d.current_url, "a redirect to the log-in page")


def two_page_pdf(path: Path) -> Path:
    """Seed 001 as a two-page PDF with a text layer (PyMuPDF's built-in CJK font)."""
    import pymupdf

    lines = SEED.read_text(encoding="utf-8").splitlines()
    doc = pymupdf.open()
    for part in (lines[:len(lines) // 2], lines[len(lines) // 2:]):
        page = doc.new_page(width=595, height=842 * 3)
        page.insert_text((36, 40), "\n".join(part), fontname="china-s", fontsize=7)
    path.write_bytes(doc.tobytes())
    return path


def test_pdf_source_shows_the_page_of_the_current_field(server, browser, tmp_path):
    base, token = server["base"], server["token"]
    d = browser
    pdf = two_page_pdf(tmp_path / "seed-001.pdf")
    doc_id = hashlib.sha256(pdf.read_bytes()).hexdigest()
    log_in(d, base, token)
    upload(d, [pdf])
    wait(d, lambda d: "seed-001.pdf: stored, needs review" in d.find_element(By.ID, "status").text, "the upload")
    status, doc = call(base, "GET", f"/v1/documents/{doc_id}", token)
    assert status == 200 and doc["source_view"]["pages"] == 2
    starts = doc["source_view"]["page_starts"]

    def page_of(key: str) -> int | None:
        src = doc["report"]["fields"][key].get("source")
        return max(p for p, s in starts if s <= src["start"]) if src else None

    d.get(base + f"/review/documents/{doc_id}")
    wait(d, lambda d: ready(d), "the document page")
    # a PDF opens on its page images, at the page of the current field
    img = d.find_element(By.ID, "page-image")
    assert d.find_element(By.CSS_SELECTOR, "#source-tabs .tab.active").text == "page"
    key = current_key(d)
    wait(d, lambda d: img.get_attribute("src").endswith(f"/pages/{page_of(key)}")
         and js(d, "return arguments[0].complete && arguments[0].naturalWidth > 0;", img), "the page image")
    # moving to a field printed on page 2 turns the page
    target = next(k for k in doc["report"]["fields"] if page_of(k) == 2)
    for _ in range(400):
        if current_key(d) == target:
            break
        d.switch_to.active_element.send_keys("j")
    assert current_key(d) == target
    wait(d, lambda d: img.get_attribute("src").endswith("/pages/2")
         and js(d, "return arguments[0].complete && arguments[0].naturalWidth > 0;", img), "page 2")
    assert d.find_element(By.ID, "page-label").text == "page 2 of 2"
    d.switch_to.active_element.send_keys("[")  # [ and ] turn pages
    wait(d, lambda d: img.get_attribute("src").endswith("/pages/1"), "page 1")
    shot(d, "pdf")
    d.switch_to.active_element.send_keys("s")  # the text view, with the field highlighted
    assert d.find_element(By.CSS_SELECTOR, "#source-text mark.current").get_attribute("data-key") == target
    assert console_errors(d) == []
