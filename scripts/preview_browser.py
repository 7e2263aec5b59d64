#!/usr/bin/env python3
"""The mock's inbox page in a real browser (headless Chromium through Selenium), checked
through the DOM: every valid message of the conformance vectors shows its parts, the page
updates itself, a hostile message is inert, the key filter works, and the page makes no
request outside the mock. Also `wecom-bot mock --open`, `wecom-bot send --preview` and
`--preview-html`, and the screenshots under docs/preview/ (rewritten on every run).

Run by scripts/test-preview.sh; prints `N passed, N failed` and exits 1 on any failure."""
import base64
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
MOCK_BIN = ROOT / "target/debug/wecom-bot-mock"
CLI_BIN = ROOT / "target/debug/wecom-bot"
SHOTS = ROOT / "docs/preview"
# Test keys carry the canary marker (tests/canary): none may appear on a page or in a log.
KEY = "693a91f6-k3yc4n4ry-4bc4-97a0-0ec2sifa5aaa"
OTHER_KEY = "0f1e2d3c-k3yc4n4ry-8695-a4b3c2d1e0ff"
WAIT = 20  # seconds an expected change may take to show (a bound, not a measurement)

passed, failed = 0, []


def check(name, cond, detail=""):
    global passed
    if cond:
        passed += 1
    else:
        failed.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}", flush=True)


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def post(base, path, body, raw=False):
    data = body if raw else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def start_mock(*extra):
    p = subprocess.Popen([str(MOCK_BIN), "--port", "0", "--no-rate-limit", "--quiet", *extra],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().strip()
    assert line.startswith("listening on http://127.0.0.1:"), line
    return p, line.split()[-1]


def browser():
    """A headless Chromium whose temp files (chromedriver's profile, and the singleton socket
    dir Chromium leaves behind at quit) go to a TMPDIR of its own: close_browser removes it."""
    home = tempfile.mkdtemp(prefix="wecom-preview-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
              "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1000,1400",
              "--disable-component-update", "--disable-default-apps", "--no-first-run",
              "--disable-sync", "--disable-features=OptimizationHints,MediaRouter,Translate"]:
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service("/usr/bin/chromedriver", env=dict(os.environ, TMPDIR=home))
    driver = webdriver.Chrome(service=service, options=opts)
    driver.wecom_home = home
    return driver


def close_browser(driver):
    driver.quit()
    shutil.rmtree(driver.wecom_home, ignore_errors=True)


def requested_urls(driver):
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def check_network(driver, allowed, what):
    urls = requested_urls(driver)
    outside = [u for u in urls if not any(u.startswith(a) for a in allowed) and not u.startswith("data:")]
    check(f"{what}: no request outside the mock", not outside, outside[:5])
    return urls


def wire(message):
    """The vector's message as sent on the wire (the image shorthands made real)."""
    m = json.loads(json.dumps(message))
    if m.get("msgtype") == "image" and "fixture" in m["image"]:
        data = (ROOT / "tests/fixtures" / m["image"]["fixture"]).read_bytes()
        if "pad_to" in m["image"]:
            data = data.ljust(m["image"]["pad_to"], b"\0")
        m["image"] = {"base64": base64.b64encode(data).decode(), "md5": hashlib.md5(data).hexdigest()}
    return m


def valid_vectors():
    out = []
    for f in sorted(glob.glob(str(ROOT / "tests/conformance/cases/*.json"))):
        for c in json.load(open(f, encoding="utf-8"))["cases"]:
            exp = c["expect"]
            if "message" in c["input"] and ("body_json" in exp or "image_body" in exp):
                m = c["input"]["message"]
                # Only a fixture is a whole picture; other vectors carry bare magic bytes.
                real = m.get("msgtype") == "image" and "fixture" in m["image"]
                out.append((c["id"], exp.get("body_json") or wire(m), real))
    return out


def media_ids(msg):
    t = msg["msgtype"]
    if t in ("file", "voice"):
        yield msg[t]["media_id"], t
    if t == "template_card":
        for h in msg["template_card"].get("horizontal_content_list", []):
            if h.get("media_id"):
                yield h["media_id"], "file"


# ---- what each message type must show -------------------------------------------------
# One round trip per message: READ collects what the browser's DOM shows of an article (texts
# normalised, classes, placeholder URLs, the card image's laid-out size); Python compares.

READ = r"""
const art = arguments[0];
const T = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
const all = (root, sel) => root ? Array.from(root.querySelectorAll(sel)) : [];
const one = (root, sel) => root ? root.querySelector(sel) : null;
const urls = root => all(root, '.remote-img').map(e => e.dataset.url);
const box = e => e ? { w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height } : null;
const r = { msgtype: art.dataset.msgtype, state: art.dataset.state, bubble: T(one(art, '.bubble')),
  content: T(one(art, '.text .content')), mentions: all(art, '.mention').map(T), count: {} };
for (const sel of ['.md', 'h1,h2,h3,h4,h5,h6', 'strong', 'blockquote', 'table', 'table th', 'li', 'pre', 'hr',
                   '.font-info', '.font-comment', '.font-warning', 'img.picture', '.file', '.voice'])
  r.count[sel] = all(art, sel).length;
r.md_text = T(one(art, '.md'));
r.th_class = all(art, '.md table th').map(e => e.getAttribute('class') || '');
r.urls = urls(art);
const img = one(art, 'img.picture');
if (img) r.img = { src: img.getAttribute('src').slice(0, 40), decoded: img.complete && img.naturalWidth > 0 };
r.articles = all(art, '.news .article').map(a => ({ title: T(one(a, '.title')), description: T(one(a, '.description')),
  target: T(one(a, '.target')), urls: urls(a) }));
const c = one(art, '.card');
if (c) {
  const src = one(c, '.source .desc');
  r.card = { type: c.dataset.cardType, source_desc: T(src), source_class: src ? src.getAttribute('class') : null,
    source_urls: urls(one(c, '.source')),
    main_title: { title: T(one(c, '.main-title .title')), desc: T(one(c, '.main-title .desc')) },
    emphasis_content: { title: T(one(c, '.emphasis .title')), desc: T(one(c, '.emphasis .desc')) },
    quote_area: { title: T(one(c, '.quote-area .title')), quote_text: T(one(c, '.quote-area .quote-text')) },
    sub_title: T(one(c, '.sub-title')),
    rows: all(c, '.horizontal-list .row').map(x => ({ keyname: T(one(x, '.keyname')), value: T(one(x, '.value')) })),
    jumps: all(c, '.jump-list .jump .title').map(T),
    images: all(c, '.card-image').map(b => ({ urls: urls(b), box: box(b) })),
    ita: all(c, '.image-text-area').map(a => ({ urls: urls(a), title: T(one(a, '.title')), desc: T(one(a, '.desc')) })),
    vertical: all(c, '.vertical-list .item').map(x => ({ title: T(one(x, '.title')), desc: T(one(x, '.desc')) })),
    action: T(one(c, '.card-action')) };
}
return r;
"""


def expect_text(cid, r, m):
    content = re.sub(r"<@([^<>\s]+)>", r"@\1", m["content"])
    check(f"{cid}: content", r["content"] == norm(content), (r["content"], content[:80]))
    for who in m.get("mentioned_list", []) + m.get("mentioned_mobile_list", []):
        shown = norm(who) if who.startswith("@") else "@" + norm(who)
        check(f"{cid}: mention {who}", shown in r["mentions"], (who, r["mentions"]))


def expect_markdown(cid, r, m, v1):
    count = r["count"]
    check(f"{cid}: markdown block", count[".md"] == 1)
    src = m["content"]
    lines = src.split("\n")
    if any(re.match(r"#{1,6} \S", ln) for ln in lines):
        check(f"{cid}: heading", count["h1,h2,h3,h4,h5,h6"] > 0)
    if re.search(r"\*\*[^*\n]+\*\*", src):
        check(f"{cid}: bold", count["strong"] > 0)
    for text, _url in re.findall(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)", src):
        check(f"{cid}: link {text}", norm(text) in (r["md_text"] or ""), text)
    if any(ln.startswith(">") for ln in lines):
        check(f"{cid}: quote", count["blockquote"] > 0)
    if v1:
        for colour in re.findall(r'<font color="(info|comment|warning)">', src):
            check(f"{cid}: font {colour}", count[f".font-{colour}"] > 0, colour)
        for who in re.findall(r"<@([^<>\s]+)>", src):
            check(f"{cid}: mention {who}", "@" + who in r["mentions"], who)
        return
    seps = [i for i, ln in enumerate(lines) if i > 0 and "|" in ln and re.fullmatch(r"\s*\|?(\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?\s*", ln)]
    if seps:
        header = lines[seps[0] - 1].strip().strip("|").split("|")
        check(f"{cid}: table", count["table"] > 0)
        check(f"{cid}: table header cells", count["table th"] >= len(header), (count["table th"], header))
        for i, a in enumerate(lines[seps[0]].strip().strip("|").split("|")):
            a = a.strip()
            want = ("al-center" if a.startswith(":") and a.endswith(":") else "al-right" if a.endswith(":")
                    else "al-left" if a.startswith(":") else None)
            if want:
                got = r["th_class"][i] if i < len(r["th_class"]) else None
                check(f"{cid}: column {i} {want}", got == want, got)
    if any(re.match(r"\s*([-*+]|\d+\.) \S", ln) for ln in lines):
        check(f"{cid}: list", count["li"] > 0)
    if "```" in src:
        check(f"{cid}: code block", count["pre"] > 0)
    if any(ln.strip() == "---" for ln in lines) and not seps:
        check(f"{cid}: rule", count["hr"] > 0)
    for _alt, url in re.findall(r"!\[([^\]\n]*)\]\(([^)\s]+)\)", src):
        check(f"{cid}: image placeholder", url in r["urls"], url)


def expect_image(cid, r, m, real):
    check(f"{cid}: picture", r["count"]["img.picture"] == 1)
    if r.get("img"):
        check(f"{cid}: picture from data:", r["img"]["src"].startswith("data:image/"), r["img"]["src"])
        if real:  # only a fixture is a whole picture; other vectors carry bare magic bytes
            check(f"{cid}: picture decoded", r["img"]["decoded"])
    check(f"{cid}: md5", m["md5"] in r["bubble"])


def expect_news(cid, r, m):
    arts = r["articles"]
    check(f"{cid}: articles", len(arts) == len(m["articles"]), (len(arts), len(m["articles"])))
    for a, got in zip(m["articles"], arts):
        check(f"{cid}: title", got["title"] == norm(a["title"]), (got["title"], a["title"]))
        if a.get("description"):
            check(f"{cid}: description", got["description"] == norm(a["description"]), a["description"][:40])
        check(f"{cid}: url", got["target"] == norm(a["url"]), a["url"][:40])
        if a.get("picurl"):
            check(f"{cid}: picture placeholder", a["picurl"] in got["urls"], a["picurl"][:60])


def expect_card(cid, r, c):
    got = r.get("card")
    check(f"{cid}: card", got is not None and got["type"] == c["card_type"])
    if not got:
        return
    src = c.get("source") or {}
    if src.get("desc"):
        colour = {1: "black", 2: "red", 3: "green"}.get(src.get("desc_color"), "grey")
        check(f"{cid}: source desc", got["source_desc"] == norm(src["desc"]), got["source_desc"])
        check(f"{cid}: source colour", f"colour-{colour}" in (got["source_class"] or ""), (colour, got["source_class"]))
    if src.get("icon_url"):
        check(f"{cid}: source icon", src["icon_url"] in got["source_urls"])
    for part in ("main_title", "emphasis_content", "quote_area"):
        for f, v in (c.get(part) or {}).items():
            if f in ("title", "desc", "quote_text") and v:
                check(f"{cid}: {part}.{f}", got[part][f] == norm(v), (got[part][f], v))
    if c.get("sub_title_text"):
        check(f"{cid}: sub_title_text", got["sub_title"] == norm(c["sub_title_text"]))
    hs = c.get("horizontal_content_list") or []
    check(f"{cid}: horizontal rows", len(got["rows"]) == len(hs), (len(got["rows"]), len(hs)))
    for h, row in zip(hs, got["rows"]):
        check(f"{cid}: keyname", row["keyname"] == norm(h["keyname"]), (row, h))
        check(f"{cid}: value", row["value"] == norm(h.get("value", "")), (row, h))
    js = c.get("jump_list") or []
    check(f"{cid}: jumps", got["jumps"] == [norm(j["title"]) for j in js], (got["jumps"], js))
    ci = c.get("card_image")
    check(f"{cid}: card image", len(got["images"]) == (1 if ci else 0))
    if ci and got["images"]:
        img = got["images"][0]
        check(f"{cid}: card image url", ci["url"] in img["urls"], ci["url"][:60])
        ratio, b = ci.get("aspect_ratio", 1.3), img["box"]
        check(f"{cid}: card image ratio", b["h"] > 0 and abs(b["w"] / b["h"] - ratio) < 0.05, (b, ratio))
    ita = c.get("image_text_area")
    check(f"{cid}: image_text_area", len(got["ita"]) == (1 if ita else 0))
    if ita and got["ita"]:
        check(f"{cid}: image_text_area image", ita["image_url"] in got["ita"][0]["urls"])
        for f in ("title", "desc"):
            if ita.get(f):
                check(f"{cid}: image_text_area.{f}", got["ita"][0][f] == norm(ita[f]), ita[f][:40])
    vs = c.get("vertical_content_list") or []
    check(f"{cid}: vertical items", len(got["vertical"]) == len(vs), (len(got["vertical"]), len(vs)))
    for v, item in zip(vs, got["vertical"]):
        check(f"{cid}: vertical title", item["title"] == norm(v["title"]), v["title"][:40])
        if v.get("desc"):
            check(f"{cid}: vertical desc", item["desc"] == norm(v["desc"]), v["desc"][:40])
    act = c.get("card_action") or {}
    if act.get("type") == 1 and act.get("url"):
        check(f"{cid}: card_action", norm(act["url"]) in (got["action"] or ""), (got["action"], act))


def expect_message(cid, el, msg, driver, real=False):
    r = driver.execute_script(READ, el)
    t = msg["msgtype"]
    want = msg["template_card"]["card_type"] if t == "template_card" else t
    check(f"{cid}: msgtype", r["msgtype"] == want, r["msgtype"])
    check(f"{cid}: delivered", r["state"] == "delivered", r["state"])
    body = msg.get(t)
    if t == "text":
        expect_text(cid, r, body)
    elif t in ("markdown", "markdown_v2"):
        expect_markdown(cid, r, body, t == "markdown")
    elif t == "image":
        expect_image(cid, r, body, real)
    elif t == "news":
        expect_news(cid, r, body)
    elif t in ("file", "voice"):
        check(f"{cid}: {t}", r["count"][f".{t}"] == 1)
        check(f"{cid}: media name", body["media_id"] in r["bubble"])
    elif t == "template_card":
        expect_card(cid, r, body)
    else:
        check(f"{cid}: known msgtype", False, t)


def inert(driver, what):
    """Nothing a message holds runs: no script but the page's own, no event handler
    attribute, no javascript: link, no picture but data: ones, the canary global unset."""
    state = driver.execute_script("""
        const bad = [];
        for (const s of document.scripts) if (!s.src.endsWith('/inbox/assets/app.js')) bad.push('script ' + s.outerHTML.slice(0, 80));
        for (const e of document.querySelectorAll('#inbox *'))
          for (const a of e.attributes) if (a.name.startsWith('on')) bad.push('handler ' + a.name);
        for (const a of document.querySelectorAll('a[href]')) if (!/^https?:/i.test(a.getAttribute('href')) && !a.getAttribute('href').startsWith('/inbox')) bad.push('href ' + a.getAttribute('href'));
        for (const i of document.images) if (!i.src.startsWith('data:')) bad.push('img ' + i.src);
        if (window.__pwned !== undefined) bad.push('pwned ' + window.__pwned);
        return bad;""")
    check(f"{what}: inert", not state, state[:5])


def messages_text(driver):
    return driver.execute_script("return document.getElementById('messages').textContent")


def png_pixels(data):
    """A PNG's size and its decompressed (filtered) rows: enough to compare two screenshots."""
    pos, size, idat = 8, None, b""
    while pos < len(data):
        n, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            size = chunk[:8]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    return size, zlib.decompress(idat)


def save_shot(png, name):
    """Writes docs/preview/NAME.png unless the committed one differs only by antialiasing (under
    0.2% of its bytes): a run must not dirty the tree for nothing, nor keep a stale picture."""
    dest = SHOTS / f"{name}.png"
    if dest.exists():
        (s1, a), (s2, b) = png_pixels(dest.read_bytes()), png_pixels(png)
        if s1 == s2 and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) < len(a) / 500:
            return
        print(f"docs/preview/{name}.png changed: commit it", flush=True)
    dest.write_bytes(png)


def article(driver, seq):
    return driver.find_element(By.ID, f"msg-{seq}")


def phase(name, fn, *args):
    t0 = time.monotonic()
    fn(*args)
    print(f"{name}: done in {time.monotonic() - t0:.1f} s, {passed} checks passed so far", flush=True)


def main():
    SHOTS.mkdir(parents=True, exist_ok=True)
    mock, base = start_mock()
    driver = browser()
    try:
        phase("conformance vectors", run_vectors, driver, base)
        phase("live update, hostile messages, key filter", run_live_hostile_filter, driver, base)
    finally:
        close_browser(driver)
        mock.stdin.close()
        mock.wait(timeout=30)
    phase("commands", run_cli)
    print(f"{passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


def run_vectors(driver, base):
    vectors = valid_vectors()
    shots = {"spec.text_notice": "text_notice", "spec.news_notice": "news_notice",
             "spec.markdown_v2": "markdown_v2_table", "spec.news": "news"}
    # In batches the page lists whole (it shows the newest 200 messages).
    for first in range(0, len(vectors), 150):
        batch = vectors[first:first + 150]
        post(base, "/_mock/reset", {})
        sent = []
        for seq, (cid, msg, real) in enumerate(batch, start=1):
            for media_id, kind in media_ids(msg):
                post(base, "/_mock/media", {"key": KEY, "media_id": media_id, "type": kind})
            reply = post(base, f"/cgi-bin/webhook/send?key={KEY}", msg)
            check(f"{cid}: accepted by the mock", reply.get("errcode") == 0, reply)
            sent.append((cid, seq, msg, real))
        driver.get(base + "/")
        html = driver.page_source
        check("page: no key", KEY not in html and "k3yc4n4ry" not in html)
        for cid, s, msg, real in sent:
            try:
                expect_message(cid, article(driver, s), msg, driver, real)
            except Exception as e:  # a missing element is a failure of this case, not of the run
                check(f"{cid}: shown", False, repr(e)[:200])
        inert(driver, "vectors")
        check_network(driver, [base + "/"], "vectors")
        # The screenshots in docs/preview/ (after the checks of the same messages).
        driver.execute_script("document.querySelector('header').style.position = 'static'")
        for cid, s, _, _ in sent:
            if cid in shots:
                el = article(driver, s).find_element(By.CSS_SELECTOR, ".bubble")
                driver.execute_script("arguments[0].scrollIntoView()", el)
                save_shot(el.screenshot_as_png, shots.pop(cid))
    check("screenshots: every one taken", not shots, shots)


def run_live_hostile_filter(driver, base):
    post(base, "/_mock/reset", {})
    driver.get(base + "/inbox")
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "live").text == "live")
    check("live: empty after reset", driver.find_elements(By.CSS_SELECTOR, "article.msg") == [])
    post(base, f"/cgi-bin/webhook/send?key={KEY}", {"msgtype": "text", "text": {"content": "live marker 7d1f"}})
    WebDriverWait(driver, WAIT).until(lambda d: "live marker 7d1f" in messages_text(d))
    check("live: a new message shows without a reload", True)

    hostile = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
    post(base, f"/cgi-bin/webhook/send?key={KEY}", {"msgtype": "text", "text": {"content": hostile}})
    post(base, f"/cgi-bin/webhook/send?key={KEY}", {"msgtype": "markdown", "markdown": {
        "content": "[click](javascript:window.__pwned=3) <font color=\"info\" onmouseover=\"window.__pwned=4\">x</font> " + hostile}})
    rows = "".join(f"| {i} | <b>{i}</b> | ![p](https://example.invalid/{i}.png) |\n" for i in range(2000))
    huge = "| a | b | c |\n| --- | :-: | --: |\n" + rows
    post(base, f"/cgi-bin/webhook/send?key={KEY}", {"msgtype": "markdown_v2", "markdown_v2": {"content": huge}})
    post(base, f"/cgi-bin/webhook/send?key={KEY}", {"msgtype": "news", "news": {"articles": [
        {"title": hostile, "url": "javascript:window.__pwned=5", "picurl": "https://example.invalid/p.png"}]}})
    post(base, f"/cgi-bin/webhook/send?key={KEY}", b'{"msgtype": "<script>window.__pwned=6</script>"}', raw=True)
    post(base, f"/cgi-bin/webhook/send?key={OTHER_KEY}", {"msgtype": "text", "text": {"content": "for the other key"}})
    WebDriverWait(driver, WAIT).until(lambda d: "for the other key" in messages_text(d))
    arts = driver.find_elements(By.CSS_SELECTOR, "article.msg")
    check("live: every message arrived", len(arts) == 7, len(arts))
    check("hostile: shown as text", "<script>window.__pwned=1</script>" in messages_text(driver))
    for span in driver.find_elements(By.CSS_SELECTOR, ".link-inert"):
        driver.execute_script("arguments[0].click()", span)
    inert(driver, "hostile")
    refused = driver.find_elements(By.CSS_SELECTOR, 'article[data-state="refused"]')
    verdicts = [driver.execute_script("return arguments[0].querySelector('.verdict').textContent", r) for r in refused]
    check("hostile: the huge table is refused and shown", any("markdown_v2.content exceed max length 4096" in v for v in verdicts), verdicts)
    wraps = driver.find_elements(By.CSS_SELECTOR, ".table-wrap")
    check("hostile: the huge table scrolls in its box", wraps and all(w.size["height"] <= 421 for w in wraps), [w.size for w in wraps])
    # The filter: the other key's chip shows only its message.
    chips = driver.find_elements(By.CSS_SELECTOR, "a.key-filter[data-key-id]")
    check("filter: a chip per key, masked", sorted(c.text.split()[0] for c in chips) == ["0f1e…e0ff", "693a…5aaa"], [c.text for c in chips])
    other = [c for c in chips if c.text.startswith("0f1e")]
    if other:
        other[0].click()
        WebDriverWait(driver, WAIT).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.msg")) == 1)
        check("filter: one key", "for the other key" in messages_text(driver))
        post(base, f"/cgi-bin/webhook/send?key={OTHER_KEY}", {"msgtype": "text", "text": {"content": "second for the other"}})
        post(base, f"/cgi-bin/webhook/send?key={KEY}", {"msgtype": "text", "text": {"content": "not for this filter"}})
        WebDriverWait(driver, WAIT).until(lambda d: "second for the other" in messages_text(d))
        check("filter: live within the filter", "not for this filter" not in messages_text(driver))
    check("page: no key", KEY not in driver.page_source and OTHER_KEY not in driver.page_source)
    check_network(driver, [base + "/"], "live")
    # The overview picture: the spec's text, markdown and news examples, and a refused message.
    post(base, "/_mock/reset", {})
    spec = {c["id"]: c["expect"]["body_json"] for c in json.load(open(ROOT / "tests/conformance/cases/spec_examples.json"))["cases"]}
    for cid in ["spec.news", "spec.markdown", "spec.text"]:
        post(base, f"/cgi-bin/webhook/send?key={KEY}", spec[cid])
    post(base, "/_mock/script", {"key": OTHER_KEY, "fault": {"kind": "errcode", "errcode": -1, "errmsg": "system busy"}})
    post(base, f"/cgi-bin/webhook/send?key={OTHER_KEY}", {"msgtype": "text", "text": {"content": "retry me later"}})
    driver.get(base + "/")
    # The committed picture must not change from run to run: the clock's times are fixed in it
    # (the live update is off by then: the mock stops answering only after the picture).
    driver.execute_script("for (const t of document.querySelectorAll('.meta .time')) t.textContent = '2026-12-02 08:00:00 UTC'")
    driver.set_window_size(1000, 1000)
    save_shot(driver.get_screenshot_as_png(), "inbox")
    driver.set_window_size(1000, 1400)


def run_cli():
    """The commands of docs/mock.md "The inbox page", as written there."""
    tmp = Path(tempfile.mkdtemp(prefix="wecom-preview-"))
    env = dict(os.environ, PATH=f"{CLI_BIN.parent}:{os.environ['PATH']}")
    env.pop("DISPLAY", None)
    env.pop("BROWSER", None)
    # wecom-bot mock --open: the URL on the second line, then it runs until stdin closes.
    p = subprocess.Popen(["wecom-bot", "mock", "--open"], cwd=tmp, env=env, text=True,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first, second = p.stdout.readline().strip(), p.stdout.readline().strip()
    base = first.removeprefix("listening on ")
    check("mock --open: the URL", second == f"inbox at {base}/inbox", (first, second))
    with urllib.request.urlopen(f"{base}/inbox", timeout=10) as r:
        check("mock --open: the page answers", r.status == 200)
    p.stdin.close()
    p.wait(timeout=30)
    err = p.stderr.read()
    check("mock --open: no browser without a display", "no browser opened" in err, err[-200:])
    check("mock --open: exits 0", p.returncode == 0, p.returncode)

    (tmp / "card.json").write_text(json.dumps({"msgtype": "template_card", "template_card": {
        "card_type": "text_notice", "main_title": {"title": "Deploy finished", "desc": "staging"},
        "emphasis_content": {"title": "100%", "desc": "healthy"},
        "card_action": {"type": 1, "url": "https://example.com/deploys/128"}}}))
    # --preview-html FILE
    r = subprocess.run(["wecom-bot", "send", "--json", "card.json", "--preview-html", "card-preview.html"],
                       cwd=tmp, env=env, text=True, capture_output=True, timeout=60)
    check("--preview-html: exits 0", r.returncode == 0, r.stderr[-300:])
    # --preview: serves until Ctrl-C
    p = subprocess.Popen(["wecom-bot", "send", "--preview", "markdown-v2", "| service | p99 |\n| :-- | --: |\n| api | 87 ms |"],
                         cwd=tmp, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = p.stdout.readline().strip()
    check("--preview: the URL", line.startswith("preview at http://127.0.0.1:") and line.endswith("/inbox"), line)
    url = line.removeprefix("preview at ")
    driver = browser()
    try:
        driver.get(url)
        ths = driver.find_elements(By.CSS_SELECTOR, ".md table th")
        check("--preview: the table", [t.text for t in ths] == ["service", "p99"], [t.text for t in ths])
        check("--preview: alignment", "al-right" in (ths[1].get_attribute("class") if len(ths) > 1 else ""))
        inert(driver, "--preview")
        check_network(driver, [url.removesuffix("/inbox") + "/"], "--preview")
        page = tmp / "card-preview.html"
        if page.exists():
            driver.get(page.as_uri())
            card = driver.find_elements(By.CSS_SELECTOR, '.card[data-card-type="text_notice"]')
            check("--preview-html: the card", len(card) == 1 and "Deploy finished" in card[0].text and "100%" in card[0].text)
            check("--preview-html: no script", driver.execute_script("return document.scripts.length") == 0)
            check_network(driver, [page.as_uri()], "--preview-html")
            check("--preview-html: no key", "preview-0000" not in page.read_text())
    finally:
        close_browser(driver)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=30)
    check("--preview: Ctrl-C stops it, exit 0", p.returncode == 0 and "preview stopped (SIGINT)" in err, (p.returncode, err[-300:]))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
