// The inbox page's live update: polls the mock's /inbox/version once a second and, when it
// changed, replaces the key filter and the messages with the server-rendered (escaped) list.
// Same origin only; nothing else is fetched.
"use strict";
(function () {
  const body = document.body;
  const live = document.getElementById("live");
  const key = body.dataset.key || "";
  const list = "/inbox/list" + (key ? "?key=" + encodeURIComponent(key) : "");
  let version = body.dataset.version;

  function show(state, text) {
    live.className = state;
    live.textContent = text;
  }

  async function poll() {
    try {
      const v = await fetch("/inbox/version", { cache: "no-store" });
      const now = (await v.json()).version;
      if (now !== version) {
        const page = await fetch(list, { cache: "no-store" });
        document.getElementById("inbox").innerHTML = await page.text();
        version = now;
        body.dataset.version = now;
      }
      show("on", "live");
    } catch (e) {
      show("off", "the mock is not answering");
    }
    setTimeout(poll, 1000);
  }
  show("on", "live");
  setTimeout(poll, 1000);
})();
