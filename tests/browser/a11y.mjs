#!/usr/bin/env node
// Real-browser accessibility test for a built Plainsight site.
//
//   node tests/browser/a11y.mjs BASE_URL ARTEFACTS_DIR [--only=REGEX] [--csp]
//
// BASE_URL is a local server holding a built site (e.g. http://127.0.0.1:8123).
// Every page (sitemap.xml, /404.html, /search/ and a search with results,
// and any page they link to; the redirect pages of /_redirects in
// redirects.mjs) is opened in headless Chromium
// (/usr/bin/chromium, driven by playwright-core) and:
//   - axe-core runs with the WCAG 2.0/2.1/2.2 A and AA tags, at 1280 px and
//     at 320 px (some rules, such as target-size, depend on the layout);
//   - the keyboard path is walked: the first Tab must land on the skip link
//     (a.skip-link, href #main, visible while focused) and Enter must move
//     focus to main#main;
//   - text and marks in SVG charts, which axe leaves unjudged, must meet
//     4.5:1 (3:1 for large text) and 3:1 (in-page.mjs);
//   - at 320 px the page must not scroll sideways (WCAG 1.4.10 Reflow);
//   - with JavaScript disabled, main must render its h1, and the same text
//     as with JavaScript on pages that have no scripts;
//   - no stylesheet, image or script may fail to load, and no console error
//     (a Content-Security-Policy report shows up as one) may be logged;
//   - nothing the page does while it loads, settles and is used by keyboard
//     may be refused by its Content-Security-Policy (each
//     `securitypolicyviolation` event, and each console error, is a
//     failure; refusals of what axe-core injects afterwards are not the
//     page's); with --csp, every page must also arrive with a
//     Content-Security-Policy header, so a server that lost it cannot pass
//     these checks by accident;
//   - full-page screenshots at 320 px and 1280 px are saved as artefacts, and
//     PDFs (print media) of the home page, a priority page and an appendix
//     with a chart.
// It prints a summary per page, writes ARTEFACTS_DIR/report.json, and exits 1
// if any page failed any check (2 if the run itself could not start).

import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CHROMIUM, launch } from "./chromium.mjs";
import { AxeBuilder } from "@axe-core/playwright";
import { chartContrast, overflowCulprits } from "./in-page.mjs";
import { checkRedirects } from "./redirects.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const WIDTHS = [1280, 320];
const CONCURRENCY = 2;
const NAV_TIMEOUT_MS = 30_000;
function usage(msg) {
  if (msg) console.error(`a11y: ${msg}`);
  console.error("usage: node tests/browser/a11y.mjs BASE_URL ARTEFACTS_DIR [--only=REGEX] [--csp]");
  process.exit(2);
}

function parseArgs(argv) {
  const positional = argv.filter((a) => !a.startsWith("--"));
  const only = argv.find((a) => a.startsWith("--only="));
  if (positional.length !== 2) usage("expected a base URL and an artefacts directory");
  let base;
  try {
    base = new URL(positional[0]);
  } catch {
    usage(`"${positional[0]}" is not a URL`);
  }
  return {
    base: base.origin,
    artefacts: path.resolve(positional[1]),
    only: only ? new RegExp(only.slice("--only=".length)) : null,
    requireCsp: argv.includes("--csp"),
  };
}

// Pages Plainsight generates that a sitemap rightly leaves out.
const UNLISTED = ["/404.html", "/search/"];

// Every page: those in sitemap.xml (its <loc>s carry the published base_url,
// so only the path is kept), the unlisted ones that exist, and any page those
// link to (HTML only: paths ending in / or .html). Returns the paths and the
// ones found only by following links, which the sitemap should list.
async function pagePaths(base) {
  const url = `${base}/sitemap.xml`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const xml = await res.text();
  const listed = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map(
    (m) => new URL(m[1].replace(/&amp;/g, "&")).pathname,
  );
  if (listed.length === 0) throw new Error(`${url} lists no pages`);
  const seen = new Set(listed);
  const queue = [...listed];
  for (const p of UNLISTED) {
    if (!seen.has(p) && (await fetch(base + p)).status === 200) {
      seen.add(p);
      queue.push(p);
    }
  }
  const linkedOnly = [];
  while (queue.length) {
    const p = queue.shift();
    const page = await fetch(base + p);
    if (!page.ok || !(page.headers.get("content-type") || "").includes("html")) continue;
    for (const m of (await page.text()).matchAll(/href="([^"#?]*)[^"]*"/g)) {
      let target;
      try {
        target = new URL(m[1].replace(/&amp;/g, "&"), base + p);
      } catch {
        continue;
      }
      const t = target.pathname;
      if (target.origin !== base || seen.has(t) || !/(\/|\.html)$/.test(t)) continue;
      if ((await fetch(base + t, { method: "HEAD" })).status !== 200) continue;
      seen.add(t);
      queue.push(t);
      linkedOnly.push(t);
    }
  }
  return { paths: [...seen], linkedOnly };
}

// Pages whose content script draws after load get a second visit in that
// state, so axe and the keyboard see what a JavaScript user sees: the search
// page with results for a word from the site's own title. Each entry maps the
// extra path to the selector that shows the state is ready.
async function scriptedStates(base, paths) {
  const states = new Map();
  if (paths.includes("/search/")) {
    const home = await (await fetch(`${base}/`)).text();
    const title = (home.match(/<title>([^<]*)<\/title>/) || [])[1] || "";
    const word = (title.match(/[A-Za-z]{4,}/) || ["plan"])[0].toLowerCase();
    states.set(`/search/?q=${encodeURIComponent(word)}`, "#search-results li a");
  }
  return states;
}

// "/" -> "home", "/about/governance/" -> "about-governance", "/404.html" -> "404",
// "/search/?q=ashford" -> "search-q-ashford".
function artefactName(p) {
  const name = p
    .replace(/[?=&+]/g, "/")
    .replace(/index\.html$/, "")
    .replace(/\.html$/, "")
    .split("/")
    .filter(Boolean)
    .join("-")
    .replace(/[^A-Za-z0-9._-]/g, "_");
  return name || "home";
}

// The pages kept as PDFs: home, the first priority, and the first appendix
// whose HTML holds a chart (found by fetching, so the choice is made up front
// and stays stable however the pages are scheduled).
async function printPages(base, paths) {
  const chosen = new Set();
  if (paths.includes("/")) chosen.add("/");
  const priority = paths.find((p) => /^\/priorities\/[^/]+\/$/.test(p));
  if (priority) chosen.add(priority);
  for (const p of paths.filter((p) => /^\/appendices\/[^/]+\/$/.test(p))) {
    const html = await (await fetch(base + p)).text();
    if (/<figure[^>]*class="[^"]*\bchart\b/.test(html)) {
      chosen.add(p);
      break;
    }
  }
  return chosen;
}

async function keyboardCheck(page) {
  const problems = [];
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { none: true };
    const r = el.getBoundingClientRect();
    return {
      isSkip: el.matches("a.skip-link"),
      href: el.getAttribute("href"),
      html: el.outerHTML.slice(0, 120),
      visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
        r.top < window.innerHeight && r.left < window.innerWidth,
    };
  });
  if (first.none) {
    problems.push("first Tab focused nothing");
    return problems;
  }
  if (!first.isSkip) {
    problems.push(`first Tab focused ${first.html}, not a.skip-link`);
    return problems;
  }
  if (first.href !== "#main") problems.push(`skip link href is "${first.href}", not "#main"`);
  if (!first.visible) problems.push("skip link is not visible on screen while focused");
  await page.keyboard.press("Enter");
  try {
    await page.waitForFunction(() => document.activeElement?.matches("main#main"), null, {
      timeout: 2_000,
    });
  } catch {
    const where = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? "nothing");
    problems.push(`Enter on the skip link left focus on ${where}, not main#main`);
  }
  problems.push(...(await figureToSourceCheck(page)));
  problems.push(...(await correctionCheck(page)));
  return problems;
}

// A corrected figure says so in words, and its marker leads to a notice
// that is shown (not hidden, not colour alone) and says what was published
// (issue 18, docs/datasets.md#corrections).
async function correctionCheck(page) {
  return page.evaluate(() => {
    const problems = [];
    // The words are the page's language's (src/model/i18n/*.yaml).
    const welsh = (document.documentElement.lang || "").startsWith("cy");
    const marker = welsh ? /cywirwyd/ : /corrected/;
    const said = welsh
      ? /^Cywiriad, .+ Cyhoeddwyd .+ fel .+\. Y ffigur cywir yw /
      : /^Correction, .+ was published as .+\. It is /;
    for (const a of document.querySelectorAll("main a.correction-marker")) {
      const href = a.getAttribute("href") || "";
      if (!marker.test(a.textContent)) {
        problems.push(`correction marker ${href} does not say "corrected" in words`);
      }
      if (!href.startsWith("#")) continue;
      const notice = document.getElementById(href.slice(1));
      if (!notice || !notice.matches(".correction")) {
        problems.push(`correction marker ${href} leads to no correction notice on the page`);
        continue;
      }
      const box = notice.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) problems.push(`correction notice ${href} is not shown`);
      if (!said.test(notice.textContent.trim())) {
        problems.push(`correction notice ${href} does not say what was published and what it is now`);
      }
    }
    // A page's correction of its own wording has no marker to lead to it:
    // its notice must still be shown, dated, quote what the page said, and
    // lead to the list of every correction.
    for (const n of document.querySelectorAll('main .correction[id^="correction-wording-"]')) {
      const box = n.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) problems.push(`correction notice #${n.id} is not shown`);
      if (!n.querySelector("time[datetime]")) problems.push(`correction notice #${n.id} has no date`);
      const quoted = welsh ? /^Cywiriad, .+: Dywedodd y dudalen hon: “.+”\./ : /^Correction, .+: This page said: “.+”\./;
      if (!quoted.test(n.textContent.trim().replace(/\s+/g, " "))) {
        problems.push(`correction notice #${n.id} does not quote what the page said`);
      }
      if (!n.querySelector('a[href$="/corrections/"]')) {
        problems.push(`correction notice #${n.id} does not lead to the list of corrections`);
      }
    }
    return problems;
  });
}

// A figure placed from data is one step from its source by keyboard alone
// (issue 24): from the main content, Tab reaches the first figure, Enter
// follows it, and the dataset's page opens at the figure's row.
async function figureToSourceCheck(page) {
  const problems = [];
  const hasFigure = await page.evaluate(() => !!document.querySelector("main a.figure"));
  if (!hasFigure) return problems;
  let reached = false;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => !!document.activeElement?.matches("a.figure"));
  }
  if (!reached) {
    problems.push("Tab never reached a figure placed from data (a.figure)");
    return problems;
  }
  const figure = await page.evaluate(() => ({
    href: document.activeElement.getAttribute("href"),
    value: document.activeElement.querySelector("data")?.getAttribute("value"),
  }));
  if (figure.value === undefined || figure.value === null || Number.isNaN(Number(figure.value))) {
    problems.push(`figure ${figure.href} has no machine-readable <data value>`);
  }
  await Promise.all([page.waitForNavigation({ timeout: 5_000 }).catch(() => {}), page.keyboard.press("Enter")]);
  const landed = await page.evaluate(() => {
    const t = document.querySelector(":target");
    return {
      path: location.pathname,
      hash: location.hash,
      row: t ? t.matches("table tr") : false,
      head: t?.querySelector("th")?.textContent?.trim() ?? "",
    };
  });
  // A figure on a Welsh page leads to the dataset's Welsh page (/cy/data/).
  if (!/^\/([a-z]{2,3}\/)?data\//.test(landed.path)) {
    problems.push(`Enter on figure ${figure.href} went to ${landed.path}, not a dataset page`);
  } else if (landed.hash && !landed.row) {
    problems.push(`figure ${figure.href}: ${landed.hash} is not a table row on ${landed.path}`);
  } else if (landed.hash && !landed.head) {
    problems.push(`figure ${figure.href}: the row ${landed.hash} has no row heading`);
  }
  return problems;
}

function collectAxe(results, width, into) {
  for (const v of results.violations) {
    for (const node of v.nodes) {
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" ");
      const key = `${v.id} ${target}`;
      const seen = into.get(key);
      if (seen) {
        if (!seen.widths.includes(width)) seen.widths.push(width);
        continue;
      }
      into.set(key, {
        rule: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        target,
        html: node.html.slice(0, 200),
        summary: node.failureSummary,
        widths: [width],
      });
    }
  }
}

// After a load, waits for the state a scripted page draws (see scriptedStates).
async function settle(page, waitFor, result) {
  if (!waitFor) return;
  try {
    await page.waitForSelector(waitFor, { timeout: 15_000 });
  } catch {
    result.resources.push(`${waitFor} did not appear within 15 s of loading`);
    return;
  }
  // The first result shows before the rest have loaded their excerpts; the
  // harness's next navigation would cancel those loads (net::ERR_ABORTED),
  // which is the harness's doing, not the page's. Let the page finish.
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
}

// Refusals by the Content-Security-Policy, recorded by the page itself from
// before its first script runs (an init script is not subject to the policy).
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolations.push(
      `${e.effectiveDirective || e.violatedDirective} refused ${e.blockedURI || "inline"}` +
        (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : ""),
    ),
  );
}

async function collectCsp(page, result) {
  const seen = await page.evaluate(() => window.__cspViolations || []);
  for (const v of seen) if (!result.csp.includes(v)) result.csp.push(v);
}

async function checkPage(browser, base, p, artefacts, wantPdf, waitFor, requireCsp) {
  const url = base + p;
  const name = artefactName(p);
  const started = Date.now();
  const result = {
    path: p,
    url,
    violations: [],
    keyboard: [],
    chart: [],
    reflow: [],
    noJs: [],
    csp: [],
    resources: [],
    screenshots: [],
    pdf: null,
    incomplete: [],
    notes: [],
    ms: 0,
  };

  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT_MS);
    await page.addInitScript(recordCspViolations);
    page.on("response", (r) => {
      if (r.status() >= 400 && r.url() !== url) result.resources.push(`${r.status()} ${r.url()}`);
    });
    // A request the browser gave up on because the test moved on (the
    // favicon, fetched at low priority, when the page is loaded again) is
    // fetched once more at the end: only a file that is really missing fails.
    const aborted = new Set();
    page.on("requestfailed", (r) => {
      const why = r.failure()?.errorText ?? "";
      if (why.includes("ERR_ABORTED")) aborted.add(r.url());
      else result.resources.push(`failed ${r.url()} (${why})`);
    });
    result.recheck = aborted;
    // Set once the page has done its own work and the test's tools start:
    // axe-core injects <style> elements, which the policy rightly refuses,
    // and those refusals are the harness's, not the page's.
    let harness = false;
    page.on("console", (m) => {
      // Every page names the theme's favicon, and the theme ships
      // /favicon.ico for browsers that ask anyway: a 404 for it is a fault.
      if (m.type() !== "error") return;
      if (harness && /Content Security Policy/.test(m.text())) return;
      result.resources.push(`console error: ${m.text()} (${m.location().url || url})`);
    });
    page.on("pageerror", (e) => result.resources.push(`script error: ${e.message}`));

    const res = await page.goto(url, { waitUntil: "load" });
    if (!res || res.status() !== 200) result.resources.push(`page answered ${res ? res.status() : "nothing"}`);
    if (requireCsp && res && !res.headers()["content-security-policy"]) {
      result.csp.push("the page arrived without a Content-Security-Policy header");
    }
    await settle(page, waitFor, result);
    await collectCsp(page, result);

    // Keyboard first, on the freshly loaded page, before anything else moves focus.
    result.keyboard = await keyboardCheck(page);
    await collectCsp(page, result);
    await page.goto(url, { waitUntil: "load" });
    await settle(page, waitFor, result);
    await collectCsp(page, result);
    harness = true;

    const found = new Map();
    const incomplete = new Set();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 320 ? 640 : 800 });
      const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      collectAxe(axe, width, found);
      for (const i of axe.incomplete) incomplete.add(i.id);
      for (const c of await page.evaluate(chartContrast)) {
        if (!result.chart.includes(c)) result.chart.push(c);
      }
      if (width === 320) {
        const wide = await page.evaluate(
          () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
        );
        if (wide) {
          const culprits = await page.evaluate(overflowCulprits);
          result.reflow.push(
            `page scrolls sideways at 320px` + (culprits.length ? `: ${culprits.join(", ")}` : ""),
          );
        }
      }
      const shot = path.join(artefacts, `${name}-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      result.screenshots.push(path.basename(shot));
    }
    result.violations = [...found.values()];
    result.incomplete = [...incomplete].sort();

    // Back to the desktop width for the PDF and for the text compared below
    // (the no-JavaScript context has the same width).
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
    if (wantPdf) {
      await page.emulateMedia({ media: "print" });
      const pdf = path.join(artefacts, `${name}.pdf`);
      await page.pdf({ path: pdf, format: "A4", printBackground: false });
      result.pdf = path.basename(pdf);
      await page.emulateMedia({ media: "screen" });
    }

    // Same page with scripts off. A page without scripts must show the same
    // text in main; one with scripts (progressive enhancement, such as
    // search) may differ, but must still render main with its h1.
    const mainWithJs = page.locator("main#main");
    const withJs = (await mainWithJs.count()) === 1 ? await mainWithJs.innerText() : "";
    if (!withJs) result.noJs.push("main#main is missing or empty even with JavaScript");
    const noJsContext = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: WIDTHS[0], height: 800 },
    });
    try {
      const plain = await noJsContext.newPage();
      await plain.goto(url, { waitUntil: "load" });
      const main = plain.locator("main#main");
      if ((await main.count()) !== 1) {
        result.noJs.push("main#main is missing with JavaScript disabled");
      } else {
        const text = await main.innerText();
        // A JSON-LD data block (a dataset page's schema.org Dataset) never
        // runs, so it does not make a page one with scripts.
        const scripts = await plain.locator('script:not([type="application/ld+json"])').count();
        const h1 = await plain.locator("main#main h1").count();
        const norm = (s) => s.replace(/\s+/g, " ").trim();
        if (norm(text).length === 0) result.noJs.push("main is empty with JavaScript disabled");
        else if (h1 === 0) result.noJs.push("main has no h1 with JavaScript disabled");
        else if (norm(text) !== norm(withJs)) {
          if (scripts === 0) result.noJs.push("main's text differs with JavaScript disabled");
          else result.notes.push("main's text differs with JavaScript disabled (the page has scripts)");
        }
      }
    } finally {
      await noJsContext.close();
    }
  } catch (e) {
    result.resources.push(`check aborted: ${e.message.split("\n")[0]}`);
  } finally {
    await context.close();
  }
  for (const u of result.recheck ?? []) {
    const res = await fetch(u).catch((e) => ({ ok: false, status: e.message }));
    if (!res.ok) result.resources.push(`failed ${u} (${res.status})`);
  }
  delete result.recheck;
  // The page is loaded twice (keyboard, then the rest): report each fault once.
  result.resources = [...new Set(result.resources)];
  result.ms = Date.now() - started;
  return result;
}

function failed(r) {
  return (
    r.violations.length +
      r.chart.length +
      r.keyboard.length +
      r.reflow.length +
      r.noJs.length +
      r.csp.length +
      r.resources.length >
    0
  );
}

function printResult(r) {
  const head = failed(r) ? "FAIL" : "ok  ";
  const counts = [
    `axe ${r.violations.length}`,
    `chart contrast ${r.chart.length ? "FAIL" : "ok"}`,
    `keyboard ${r.keyboard.length ? "FAIL" : "ok"}`,
    `reflow ${r.reflow.length ? "FAIL" : "ok"}`,
    `no-JS ${r.noJs.length ? "FAIL" : "ok"}`,
    `CSP ${r.csp.length ? "FAIL" : "ok"}`,
  ];
  if (r.pdf) counts.push(`pdf ${r.pdf}`);
  const lines = [`${head} ${r.path}  (${counts.join(", ")}; ${(r.ms / 1000).toFixed(1)}s)`];
  for (const v of r.violations) {
    lines.push(`     axe ${v.rule} [${v.impact}] at ${v.widths.join("/")}px: ${v.help}`);
    lines.push(`         ${v.target}`);
    lines.push(`         ${v.html}`);
    if (v.summary) lines.push(...v.summary.split("\n").map((l) => `         | ${l}`));
    lines.push(`         ${v.helpUrl}`);
  }
  for (const k of r.chart) lines.push(`     chart contrast: ${k}`);
  for (const k of r.keyboard) lines.push(`     keyboard: ${k}`);
  for (const k of r.reflow) lines.push(`     reflow: ${k}`);
  for (const k of r.noJs) lines.push(`     no-JS: ${k}`);
  for (const k of r.csp) lines.push(`     CSP: ${k}`);
  for (const k of r.resources) lines.push(`     load: ${k}`);
  for (const k of r.notes) lines.push(`     note: ${k}`);
  console.log(lines.join("\n"));
}

// Runs `work` over `items`, at most `limit` at a time, keeping input order.
async function pool(items, limit, work) {
  const out = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  });
  await Promise.all(runners);
  return out;
}

async function main() {
  const { base, artefacts, only, requireCsp } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  await mkdir(artefacts, { recursive: true });
  // Keep the folder to this run's artefacts only.
  for (const f of await readdir(artefacts)) {
    if (/\.(png|pdf|json)$/.test(f)) await rm(path.join(artefacts, f));
  }

  let { paths, linkedOnly } = await pagePaths(base);
  if (only) paths = paths.filter((p) => only.test(p));
  if (paths.length === 0) usage(`no page matches ${only}`);
  for (const p of linkedOnly) console.log(`a11y: note: ${p} is linked but not in sitemap.xml`);
  const pdfPages = await printPages(base, paths);
  const states = await scriptedStates(base, paths);
  paths.push(...states.keys());

  const chromium = await launch("a11y");
  const browser = chromium.browser;
  let results;
  let redirectsFailed = 0;
  try {
    console.log(
      `a11y: ${paths.length} pages from ${base}, Chromium ${browser.version()}, axe tags ${TAGS.join(" ")}`,
    );
    results = await pool(paths, CONCURRENCY, async (p) => {
      const r = await checkPage(browser, base, p, artefacts, pdfPages.has(p), states.get(p), requireCsp);
      printResult(r);
      return r;
    });
    redirectsFailed = await checkRedirects(browser, base, TAGS);
  } finally {
    await chromium.close();
  }

  const bad = results.filter(failed);
  const totals = {
    pages: results.length,
    failedPages: bad.length,
    violations: results.reduce((n, r) => n + r.violations.length, 0),
    chartContrastFailures: results.filter((r) => r.chart.length).length,
    keyboardFailures: results.filter((r) => r.keyboard.length).length,
    reflowFailures: results.filter((r) => r.reflow.length).length,
    noJsFailures: results.filter((r) => r.noJs.length).length,
    cspFailures: results.filter((r) => r.csp.length).length,
    loadFailures: results.filter((r) => r.resources.length).length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const report = { base, tags: TAGS, widths: WIDTHS, chromium: CHROMIUM, totals, pages: results };
  await writeFile(path.join(artefacts, "report.json"), JSON.stringify(report, null, 2) + "\n");

  const byRule = new Map();
  for (const r of results) for (const v of r.violations) byRule.set(v.rule, (byRule.get(v.rule) || 0) + 1);
  console.log(
    `\na11y: ${totals.pages} pages, ${totals.failedPages} failed; ${totals.violations} axe violation(s)` +
      (byRule.size ? ` (${[...byRule].map(([k, n]) => `${k} ×${n}`).join(", ")})` : "") +
      `; chart contrast ${totals.chartContrastFailures}, keyboard ${totals.keyboardFailures}, reflow ${totals.reflowFailures}, no-JS ${totals.noJsFailures}, CSP ${totals.cspFailures}, load ${totals.loadFailures}` +
      `; ${totals.seconds}s. Artefacts and report.json in ${artefacts}`,
  );
  process.exit(bad.length || redirectsFailed ? 1 : 0);
}

main().catch((e) => {
  console.error(`a11y: ${e.stack || e}`);
  process.exit(2);
});
