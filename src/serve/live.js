// Plainsight live reload: loaded only by `plainsight serve`, never published.
// Reloads the page after every good rebuild (keeping the scroll position) and
// shows build errors over the page, as plain text, until the next good build.
(function () {
  "use strict";
  var SCROLL_KEY = "plainsight-scroll:" + location.pathname;
  var OVERLAY_ID = "__plainsight-error";
  // The build this page comes from (the server puts it in this script's
  // address): a different id in the stream's hello means a build landed
  // after the page was served, and the page reloads at once.
  var script = document.currentScript;
  var seen = null;
  try {
    seen = script ? new URL(script.src).searchParams.get("since") : null;
  } catch (e) { /* no URL support: compare from the first hello instead */ }
  var source = null;

  // Scroll back to where the reader was before the reload.
  var saved = null;
  try {
    saved = sessionStorage.getItem(SCROLL_KEY);
    sessionStorage.removeItem(SCROLL_KEY);
  } catch (e) { /* storage disabled */ }
  if (saved !== null) {
    var y = Number(saved) || 0;
    window.scrollTo(0, y);
    // Images and fonts may change the height: once more when all is loaded.
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  function reload() {
    hide();
    try {
      sessionStorage.setItem(SCROLL_KEY, String(window.scrollY));
    } catch (e) { /* storage disabled */ }
    location.reload();
  }

  // A panel over the lower part of the window, so the last good page stays
  // in sight behind it (docs/serve.md); Escape or its button hides it until
  // the next failed build.
  function overlay() {
    var el = document.getElementById(OVERLAY_ID);
    if (el && el.tagName === "PRE" && !el.__plainsightPanel) {
      // The page served while no build has succeeded holds the error as a
      // plain <pre> in its own text; it is the whole page, not a panel.
      return { text: el, panel: null };
    }
    if (!el) {
      el = document.createElement("section");
      el.id = OVERLAY_ID;
      el.__plainsightPanel = true;
      el.setAttribute("role", "alert");
      el.setAttribute("aria-label", "The site did not build");
      var head = document.createElement("p");
      head.textContent =
        "The site did not build. The page behind this panel is the last version that built. " +
        "Fix the problem below and save: the page reloads by itself. Press Escape to hide this panel.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide (Escape)";
      close.addEventListener("click", hide);
      var pre = document.createElement("pre");
      el.appendChild(head);
      el.appendChild(close);
      el.appendChild(pre);
      document.body.appendChild(el);
      // CSSOM, not a style attribute, so a strict style-src still applies.
      var s = el.style;
      s.position = "fixed";
      s.left = "0";
      s.right = "0";
      s.bottom = "0";
      s.maxHeight = "60vh";
      s.zIndex = "2147483647";
      s.margin = "0";
      s.padding = "1rem 1.5rem";
      s.overflow = "auto";
      s.font = "14px/1.5 system-ui, sans-serif";
      s.background = "#fff";
      s.color = "#0b0c0c";
      s.borderTop = "8px solid #d4351c";
      s.boxShadow = "0 -4px 16px rgba(0, 0, 0, 0.3)";
      var p = pre.style;
      p.whiteSpace = "pre-wrap";
      p.overflowWrap = "anywhere";
      p.font = "14px/1.5 ui-monospace, Menlo, Consolas, monospace";
      p.margin = "0.75rem 0 0";
    }
    return { text: el.querySelector("pre"), panel: el };
  }

  function show(text) {
    var o = overlay();
    // textContent, never innerHTML: the message quotes the site's own files.
    o.text.textContent = o.panel ? text :
      "The site did not build. Until it does, pages show the last version that built.\n" +
      "Fix the problem below and save: this page reloads by itself.\n\n" + text;
  }

  function hide() {
    var el = document.getElementById(OVERLAY_ID);
    if (el) { el.parentNode.removeChild(el); }
  }

  function connect() {
    source = new EventSource("/__plainsight/events");
    source.addEventListener("hello", function (e) {
      // A new id after reconnecting: the server restarted or rebuilt meanwhile.
      if (seen !== null && seen !== e.data) { reload(); return; }
      seen = e.data;
    });
    source.addEventListener("reload", reload);
    // "error" is both our event (with data) and EventSource's connection error.
    source.addEventListener("error", function (e) {
      if (typeof e.data === "string") { show(e.data); return; }
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. a bad response while restarting): retry.
        source.close();
        window.setTimeout(connect, 1000);
      }
    });
  }

  if (typeof EventSource === "function") { connect(); }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hide(); }
  });
})();
