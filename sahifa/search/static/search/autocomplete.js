// Headline suggestions under the search box. Progressive enhancement: the
// form works without it; this only adds a listbox of links while typing.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch) return;
  var list = document.createElement("ul");
  list.id = "search-suggest";
  list.className = "search-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "عناوين مقترحة");
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.parentNode.appendChild(list);
  var timer, last = "";

  function render(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      li.setAttribute("role", "option");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 2) return render([]);
      fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (q === last) render(data.results); })
        .catch(function () { render([]); });
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") render([]);
    if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a").focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var current = document.activeElement.parentNode;
    if (e.key === "ArrowDown" && current.nextSibling) { e.preventDefault(); current.nextSibling.firstChild.focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (current.previousSibling ? current.previousSibling.firstChild : input).focus(); }
    if (e.key === "Escape") { render([]); input.focus(); }
  });
})();
