// «استمع للمقال»: progressive enhancement of the plain <audio controls>.
// Custom controls (play/pause, elapsed/total, seek, speed), the sentence being
// read highlighted in the transcript and in the article itself (CSS Custom
// Highlight API where available), and a click on a sentence seeks there.
(() => {
  "use strict";
  const SPEED_KEY = "sahifa-listen-speed";

  const clock = (seconds) => {
    const total = Math.max(0, Math.floor(seconds || 0));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${String(m).padStart(2, "0")}:${s}`;
  };
  const squash = (text) => text.replace(/\s+/g, " ").trim();

  // Text nodes of the headline, dek and body, flattened with whitespace
  // collapsed, so each cue's sentence can be found and turned into a Range.
  function articleRanges(article, cues) {
    if (!article) return cues.map(() => null);
    const roots = article.querySelectorAll(".article-header h1, .article-header .dek, .article-body");
    const map = [];
    let flat = "";
    const skip = (node) => node.parentElement.closest(".read-also, figure, .embed, .article-quote footer, script, style");
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (skip(node)) continue;
        const text = node.data;
        for (let i = 0; i < text.length; i++) {
          const space = /\s/.test(text[i]);
          if (space && (flat.endsWith(" ") || flat === "")) continue;
          flat += space ? " " : text[i];
          map.push([node, i]);
        }
      }
      if (!flat.endsWith(" ")) { flat += " "; map.push(null); }
    }
    let cursor = 0;
    return cues.map((cue) => {
      const needle = squash(cue.text);
      const at = needle ? flat.indexOf(needle, cursor) : -1;
      if (at < 0 || !map[at] || !map[at + needle.length - 1]) return null;
      cursor = at + needle.length;
      const range = document.createRange();
      const [startNode, startOffset] = map[at];
      const [endNode, endOffset] = map[at + needle.length - 1];
      range.setStart(startNode, startOffset);
      range.setEnd(endNode, endOffset + 1);
      return range;
    });
  }

  function enhance(section) {
    const audio = section.querySelector(".listen-audio");
    const controls = section.querySelector(".listen-controls");
    const play = section.querySelector(".listen-play");
    const label = section.querySelector(".listen-play-label");
    const elapsed = section.querySelector(".listen-elapsed");
    const totalEl = section.querySelector(".listen-total");
    const seek = section.querySelector(".listen-seek");
    const speed = section.querySelector(".listen-speed");
    const items = [...section.querySelectorAll(".listen-transcript li")];
    const cues = items.map((li) => ({ start: +li.dataset.start, end: +li.dataset.end, text: li.textContent }));
    const article = section.closest("article");
    const ranges = articleRanges(article, cues);
    const canHighlight = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";
    let current = -1;
    let started = false;

    audio.hidden = true;
    audio.removeAttribute("controls");
    controls.hidden = false;
    section.classList.add("listen-enhanced");

    const saved = window.localStorage && localStorage.getItem(SPEED_KEY);
    if (saved && [...speed.options].some((o) => o.value === saved)) speed.value = saved;
    audio.playbackRate = +speed.value;

    const total = () => (Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : +seek.max);
    const showTime = () => {
      elapsed.textContent = clock(audio.currentTime);
      totalEl.textContent = clock(total());
      seek.max = String(Math.ceil(total()));
      if (document.activeElement !== seek || audio.paused) seek.value = String(Math.floor(audio.currentTime));
      seek.setAttribute("aria-valuetext", `${clock(audio.currentTime)} من ${clock(total())}`);
    };
    const setPlaying = (playing) => {
      play.setAttribute("aria-pressed", String(playing));
      label.textContent = playing ? "إيقاف مؤقت" : started ? "متابعة الاستماع" : "استمع للمقال";
      section.classList.toggle("listen-playing", playing);
    };
    const highlight = (index) => {
      if (index === current) return;
      if (current >= 0 && items[current]) items[current].removeAttribute("aria-current");
      current = index;
      if (index >= 0 && items[index]) items[index].setAttribute("aria-current", "true");
      if (canHighlight) {
        if (index >= 0 && ranges[index]) CSS.highlights.set("listen-sentence", new Highlight(ranges[index]));
        else CSS.highlights.delete("listen-sentence");
      }
    };
    const cueAt = (time) => {
      for (let i = cues.length - 1; i >= 0; i--) if (time >= cues[i].start - 0.05) return i;
      return -1;
    };
    const seekTo = (time) => {
      audio.currentTime = Math.max(0, Math.min(time, total()));
      showTime();
      highlight(cueAt(audio.currentTime));
    };

    play.addEventListener("click", () => {
      if (audio.paused) {
        started = true;
        audio.play().catch(() => setPlaying(false));
      } else audio.pause();
    });
    audio.addEventListener("play", () => setPlaying(true));
    audio.addEventListener("pause", () => setPlaying(false));
    audio.addEventListener("ended", () => { started = false; setPlaying(false); highlight(-1); });
    audio.addEventListener("loadedmetadata", showTime);
    audio.addEventListener("timeupdate", () => { showTime(); highlight(cueAt(audio.currentTime)); });
    seek.addEventListener("input", () => seekTo(+seek.value));
    speed.addEventListener("change", () => {
      audio.playbackRate = +speed.value;
      try { localStorage.setItem(SPEED_KEY, speed.value); } catch { /* private mode */ }
    });

    // Transcript: every sentence is a keyboard-reachable seek target.
    items.forEach((li, index) => {
      li.tabIndex = 0;
      li.setAttribute("role", "button");
      const go = () => {
        started = true;
        seekTo(cues[index].start);
        if (audio.paused) audio.play().catch(() => setPlaying(false));
      };
      li.addEventListener("click", go);
      li.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); go(); }
      });
    });

    // In the article: once listening has begun, a click on a sentence seeks
    // there (links and text selections keep their usual behaviour).
    if (article && ranges.some(Boolean)) {
      article.addEventListener("click", (event) => {
        if (!started || event.target.closest("a, button, input, select, summary, .listen")) return;
        if (String(window.getSelection && window.getSelection()).length) return;
        const index = ranges.findIndex((range) => {
          if (!range) return false;
          for (const rect of range.getClientRects()) {
            if (event.clientX >= rect.left && event.clientX <= rect.right &&
                event.clientY >= rect.top && event.clientY <= rect.bottom) return true;
          }
          return false;
        });
        if (index >= 0) seekTo(cues[index].start);
      });
    }

    // Keyboard: k or space on the player toggles, j / l move 10 s.
    section.addEventListener("keydown", (event) => {
      if (event.target.matches("input, select, li")) return;
      if (event.key === "k") { event.preventDefault(); play.click(); }
      if (event.key === "j") seekTo(audio.currentTime - 10);
      if (event.key === "l") seekTo(audio.currentTime + 10);
    });
    showTime();
  }

  document.querySelectorAll("[data-listen]").forEach(enhance);
})();
