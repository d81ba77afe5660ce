// Checks that run inside the page (passed to page.evaluate, so each is
// self-contained: no imports, no closures over this module). Used by a11y.mjs.

// Elements that stick out past the right edge of the viewport without a
// scrolling ancestor to hold them: the cause of sideways page scroll.
export function overflowCulprits() {
  const vw = document.documentElement.clientWidth;
  const out = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === "string" && el.className.trim())
      s += "." + el.className.trim().split(/\s+/).join(".");
    return s;
  };
  // Whether a scrolling or clipping ancestor holds `el`. An absolutely
  // positioned element escapes every ancestor up to its containing block (the
  // nearest positioned one), so those ancestors' overflow does not count.
  const clipped = (el) => {
    let pos = getComputedStyle(el).position;
    if (pos === "fixed") return false;
    let escaping = pos === "absolute";
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      const positioned = cs.position !== "static";
      if (!escaping || positioned) {
        if (["auto", "scroll", "hidden", "clip"].includes(cs.overflowX)) return true;
      }
      if (cs.position === "fixed") return false;
      if (positioned) escaping = cs.position === "absolute";
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1 || clipped(el)) continue;
    // Report the outermost offender only.
    if (out.some((o) => o.el.contains(el))) continue;
    out.push({ el, text: `${describe(el)} (right edge ${Math.round(r.right)}px)` });
    if (out.length >= 5) break;
  }
  return out.map((o) => o.text);
}

// axe leaves text drawn in SVG unjudged ("incomplete"), so chart contrast is
// checked here: every <text> in an SVG in main against what is behind it (a
// mark it sits on, its own halo stroke, or the page), 4.5:1 or 3:1 for large
// text (WCAG 1.4.3); every mark (.bar, .line, .point, .chart__swatch) at
// 3:1 against the page by its fill or its outline (WCAG 1.4.11).
export function chartContrast() {
  const parse = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s || "");
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return p.length > 3 && p[3] === 0 ? null : p.slice(0, 3);
  };
  const lum = (rgb) =>
    rgb
      .map((c) => c / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  };
  const pageBg = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c) return c;
    }
    return [255, 255, 255];
  };
  const name = (el) => {
    const fig = el.closest("figure[id]");
    const cls = (el.getAttribute("class") || "").split(" ")[0];
    return `${fig ? `#${fig.id} ` : ""}${el.tagName.toLowerCase()}${cls ? `.${cls}` : ""}`;
  };
  const out = [];
  for (const svg of document.querySelectorAll("main svg")) {
    const bg = pageBg(svg);
    const rects = [...svg.querySelectorAll("rect")];
    const scale = svg.getScreenCTM()?.a || 1;
    for (const t of svg.querySelectorAll("text")) {
      const text = t.textContent.trim();
      const cs = getComputedStyle(t);
      const fg = parse(cs.fill);
      const box = t.getBoundingClientRect();
      if (!text || !fg || box.width === 0) continue;
      let under = bg;
      const halo = parse(cs.stroke);
      if (halo && cs.paintOrder.startsWith("stroke") && parseFloat(cs.strokeWidth) >= 2) {
        under = halo;
      } else {
        const cx = box.left + box.width / 2;
        const cy = box.top + box.height / 2;
        for (const r of rects) {
          if (!(r.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
          const rb = r.getBoundingClientRect();
          const fill = parse(getComputedStyle(r).fill);
          if (fill && cx >= rb.left && cx <= rb.right && cy >= rb.top && cy <= rb.bottom) under = fill;
        }
      }
      const px = parseFloat(cs.fontSize) * scale;
      const large = px >= 24 || (parseInt(cs.fontWeight, 10) >= 700 && px >= 18.66);
      const need = large ? 3 : 4.5;
      const got = ratio(fg, under);
      if (got < need) out.push(`text "${text.slice(0, 30)}" in ${name(t)}: ${got}:1, needs ${need}:1`);
    }
    for (const m of svg.querySelectorAll(".bar, .line, .point, .chart__swatch")) {
      const cs = getComputedStyle(m);
      const colours = [parse(cs.fill), parse(cs.stroke)].filter(Boolean);
      if (colours.length === 0) continue;
      const got = Math.max(...colours.map((c) => ratio(c, bg)));
      if (got < 3) out.push(`mark ${name(m)}: ${got}:1 against the page, needs 3:1`);
    }
  }
  return [...new Set(out)];
}
