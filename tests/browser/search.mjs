#!/usr/bin/env node
// End-to-end test of site search in a real browser (run by tests/search.rs).
//
//   node tests/browser/search.mjs BASE_URL
//
// BASE_URL is a local server holding the built worked example (at its root,
// or under a path such as http://127.0.0.1:8000/plan when the site was built
// with a base_url ending in /plan/; every path below is then under it), sending a
// strict Content-Security-Policy (the one docs/search.md documents). In
// headless Chromium (/usr/bin/chromium, driven by playwright-core):
//   - the header search box on the home page leads to
//     /search/?q=Conningbrook, which lists
//     /priorities/anti-social-behaviour/, says how many results it found in
//     its status line, and marks the word in the excerpt;
//   - typing "Stanhope" into the page's labelled search box replaces the
//     results with the pages that mention it, and the address follows;
//   - axe-core (WCAG 2.x A and AA) finds nothing wrong with the page showing
//     results, when @axe-core/playwright is installed;
//   - no script, stylesheet or index file fails to load, and nothing is
//     refused by the Content-Security-Policy or logged as an error;
//   - with JavaScript off, the page says search needs JavaScript and links
//     the home page and the data catalogue.
// Exit 0 when all hold, 1 when one does not, 2 when the run cannot start.

import { checklist, launch } from "./chromium.mjs";

const TIMEOUT_MS = 20_000;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// The path the site is published under ("" at the root), set by main().
let PREFIX = "";
const at = (path) => PREFIX + path;

const { check, finish } = checklist("search");

// Console errors, page errors, failed requests and CSP refusals on a page.
function watch(page) {
  const problems = [];
  page.on("console", (m) => {
    // Every page names the theme's favicon, so none may be missing.
    if (m.type() === "error")
      problems.push(`console error: ${m.text()} (${m.location()?.url ?? "?"})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) =>
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`),
  );
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

async function resultUrls(page) {
  return page.$$eval("#search-results .search-result__title a", (as) =>
    as.map((a) => new URL(a.href).pathname),
  );
}

// Waits until the results list holds a link to `want` (results load lazily).
async function waitForResult(page, want) {
  await page.waitForFunction(
    (w) =>
      [...document.querySelectorAll("#search-results .search-result__title a")].some(
        (a) => new URL(a.href).pathname === w,
      ),
    want,
    { timeout: TIMEOUT_MS },
  );
}

async function withJs(browser, base) {
  // axe-core needs a page made from an explicit context.
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  // CSP refusals also reach the page as events: keep them.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  // Start where a resident would: the header's search box on the home page.
  await page.goto(`${base}/`, { waitUntil: "load" });
  await page.fill("#site-search-input", "Conningbrook");
  await Promise.all([
    page.waitForURL(/\/search\/\?q=Conningbrook$/),
    page.press("#site-search-input", "Enter"),
  ]);
  await page.waitForLoadState("load");
  check(
    (await page.$("#site-search-input")) === null,
    "the search page leaves out the header box (it has its own)",
  );
  check(
    (await page.inputValue("#search-input")) === "Conningbrook",
    "the query in the address fills the search box",
  );
  let found = true;
  try {
    await waitForResult(page, at("/priorities/anti-social-behaviour/"));
  } catch {
    found = false;
  }
  const first = await resultUrls(page);
  check(
    found,
    `"Conningbrook" finds ${at("/priorities/anti-social-behaviour/")} (results: ${JSON.stringify(first)})`,
  );
  const status = (await page.textContent("#search-status"))?.trim() ?? "";
  check(/^\d+ results? for Conningbrook$/.test(status), `the status line says "${status}"`);
  const marked = await page.$$eval("#search-results mark", (ms) =>
    ms.map((m) => m.textContent.toLowerCase()),
  );
  check(marked.includes("conningbrook"), "the excerpt marks the word found");
  check(
    await page.$eval("#search-needs-js", (e) => e.hidden),
    'the "search needs JavaScript" notice is hidden when search works',
  );

  // Typing into the labelled box searches again (Pagefind's Input component).
  await page.fill("#search-input", "");
  await page.type("#search-input", "Stanhope", { delay: 20 });
  found = true;
  try {
    await waitForResult(page, at("/appendices/asb-by-ward/"));
  } catch {
    found = false;
  }
  const second = await resultUrls(page);
  check(
    found && second.includes(at("/priorities/anti-social-behaviour/")),
    `typing "Stanhope" finds the ward appendix and the ASB priority (results: ${JSON.stringify(second)})`,
  );
  // The address is updated when Pagefind's (debounced) search event fires,
  // which on a busy machine can come after the results.
  let follows = true;
  try {
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get("q") === "Stanhope",
      null,
      { timeout: TIMEOUT_MS },
    );
  } catch {
    follows = false;
  }
  check(follows, `the address follows the search (${page.url()})`);

  // The label belongs to the box, and the form is a search landmark.
  const label = await page.$eval("#search-input", (i) =>
    [...(i.labels || [])].map((l) => l.textContent.trim()).join(" "),
  );
  check(label.length > 0, `the search box has a label ("${label}")`);

  // Checked before axe-core runs: axe re-reads the stylesheets itself, and
  // what it does is not the page's doing.
  const csp = await page.evaluate(() => window.__csp);
  check(csp.length === 0, `nothing is refused by the CSP${csp.length ? ": " + csp.join("; ") : ""}`);
  check(
    problems.length === 0,
    `no load failure or console error${problems.length ? ": " + problems.join("; ") : ""}`,
  );

  let axe = null;
  try {
    ({ AxeBuilder: axe } = await import("@axe-core/playwright"));
  } catch {
    console.log("skip axe-core: @axe-core/playwright is not installed");
  }
  if (axe) {
    const r = await new axe({ page }).withTags(TAGS).analyze();
    const v = r.violations.map(
      (x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    check(v.length === 0, `axe-core finds no WCAG A/AA problem${v.length ? ": " + v.join("; ") : ""}`);
  }

  await context.close();
}

async function withoutJs(browser, base) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/search/?q=Conningbrook`, { waitUntil: "load" });
  const notice = (await page.textContent("#search-needs-js"))?.trim() ?? "";
  check(
    (await page.isVisible("#search-needs-js")) && /Search needs JavaScript/.test(notice),
    "without JavaScript the page says search needs JavaScript",
  );
  const links = await page.$$eval(".search-contents a", (as) =>
    as.map((a) => new URL(a.href).pathname),
  );
  check(
    links.includes(at("/")) && links.includes(at("/data/")) && links.length >= 3,
    `without JavaScript the page links the contents (${JSON.stringify(links)})`,
  );
  await context.close();
}

async function main() {
  const arg = process.argv[2];
  if (!arg) {
    console.error("usage: node tests/browser/search.mjs BASE_URL");
    process.exit(2);
  }
  const url = new URL(arg);
  PREFIX = url.pathname.replace(/\/+$/, "");
  const base = url.origin + PREFIX;
  let chromium;
  try {
    chromium = await launch("search");
  } catch (e) {
    console.error(`search: ${e.message}`);
    process.exit(2);
  }
  try {
    await withJs(chromium.browser, base);
    await withoutJs(chromium.browser, base);
  } catch (e) {
    check(false, `the run stopped: ${e.stack || e}`);
  } finally {
    await chromium.close();
  }
  finish();
}

main();
