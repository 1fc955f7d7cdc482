// Audience beacon: counts a view once the article has loaded and is visible,
// and a share when a share link is clicked. No cookies, no third parties.
// Also refreshes the most-read/trending blocks when the page came from a
// full-page cache (rendered longer ago than data-stale-after seconds).
(() => {
  const script = document.currentScript;
  const page = script && script.dataset.page;
  const endpoint = script && script.dataset.endpoint;

  const send = (params) => {
    const url = `${endpoint}?${new URLSearchParams(params)}`;
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(() => {});
  };

  if (page && endpoint) {
    const view = () => send({ p: page, e: "v" });
    const whenVisible = () => {
      if (document.visibilityState === "visible") return view();
      const wait = () => {
        if (document.visibilityState !== "visible") return;
        document.removeEventListener("visibilitychange", wait);
        view();
      };
      document.addEventListener("visibilitychange", wait);
    };
    if (document.readyState === "complete") whenVisible();
    else window.addEventListener("load", whenVisible, { once: true });

    document.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest("a[data-share]");
      if (link) send({ p: page, e: "s", n: link.dataset.share });
    }, true);
  }

  for (const box of document.querySelectorAll("[data-audience-fragment]")) {
    const age = Date.now() / 1000 - Number(box.dataset.rendered || 0);
    if (age < Number(box.dataset.staleAfter || 30)) continue;
    fetch(box.dataset.audienceFragment, { credentials: "omit" })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => { if (html) box.innerHTML = html; })
      .catch(() => {});
  }
})();
