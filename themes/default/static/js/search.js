// The search page (/search/): Pagefind's modular UI, driven by the page's own
// labelled search box. This file is loaded with <script src> after
// /pagefind/pagefind-modular-ui.js; nothing on the page is inline, so a strict
// Content-Security-Policy holds (Pagefind also needs 'wasm-unsafe-eval', see
// docs/search.md). A query in the address (?q=..., as the header box sends
// it) runs at once, and the address follows each search so results can be
// shared and the back button works.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var needsJs = document.getElementById("search-needs-js");
  if (!form || !input || !status) return;
  // The page's own words (search.html's data-* attributes, in its language),
  // with English for a theme that leaves them out.
  function words(name, english) {
    return form.getAttribute("data-" + name) || english;
  }

  // Opened from the disk (a relative build, see docs/publishing.md): browsers
  // refuse the requests Pagefind makes for its index from a file:// page, so
  // say why search cannot work here instead of failing on the first letter.
  if (window.location.protocol === "file:") {
    var why = words(
      "file-why",
      "Search does not work on a copy of the site opened from files on this computer. " +
        "It works once the site is published, or served with plainsight serve or any web server. " +
        "You can still reach every page from the site's contents."
    );
    if (needsJs) {
      needsJs.textContent = why;
      input.setAttribute("aria-describedby", needsJs.id);
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      status.textContent = words(
        "file-status",
        "Search is not available on a copy opened from files. Browse the contents below instead."
      );
    });
    return;
  }

  var ui = window.PagefindModularUI;
  if (!ui) {
    // The page loaded but the index did not: `plainsight serve` and
    // `plainsight build --no-search` make no index.
    if (needsJs) {
      needsJs.textContent = words(
        "no-index",
        "Search is not available on this copy of the site because its search index was not built. " +
          "You can still reach every page from the site's contents."
      );
    }
    return;
  }
  if (needsJs) needsJs.hidden = true;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // One result: its title as a heading with the link, then Pagefind's
  // excerpt (escaped text with <mark> around the words found).
  function result(r) {
    var li = el("li", "search-result");
    var h = el("h2", "search-result__title");
    var a = el("a", null, (r.meta && r.meta.title) || r.url);
    a.href = r.url;
    h.appendChild(a);
    li.appendChild(h);
    var p = el("p", "search-result__excerpt");
    p.innerHTML = r.excerpt;
    li.appendChild(p);
    return li;
  }

  // The index sits beside this file's folder (/js/ and /pagefind/), so a
  // site published under a path (/plan/js/search.js) finds /plan/pagefind/.
  var script = document.currentScript;
  var bundlePath = script && script.src ? new URL("../pagefind/", script.src).pathname : "/pagefind/";
  var instance = new ui.Instance({ bundlePath: bundlePath });
  instance.add(new ui.Input({ inputElement: "#search-input" }));
  instance.add(new ui.Summary({ containerElement: "#search-status" }));
  instance.add(
    new ui.ResultList({
      containerElement: "#search-results",
      resultTemplate: result,
      placeholderTemplate: function () {
        return el("li", "search-result search-result--loading", words("loading", "Loading…"));
      },
    })
  );

  function remember(term) {
    var url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
  }
  instance.on("search", function (term) {
    remember(term);
  });

  // Pressing Enter or the button searches without reloading the page.
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    instance.triggerSearch(input.value.trim());
  });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q && q.trim()) {
    input.value = q.trim();
    instance.triggerSearch(input.value);
  }
})();
