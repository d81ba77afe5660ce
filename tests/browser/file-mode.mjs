#!/usr/bin/env node
// A relative build opened from the disk, as a reader opens an unzipped
// preview (run by tests/browser.rs).
//
//   node tests/browser/file-mode.mjs OUTPUT_DIR ARTEFACTS_DIR
//
// OUTPUT_DIR holds the worked example built with `plainsight build
// --relative`. In headless Chromium (/usr/bin/chromium, driven by
// playwright-core), with file:// addresses only (no server):
//   - the home page, the priorities section, a priority page, the data
//     catalogue, a dataset page and the search page load with their styles
//     (the header is coloured by layout.css, reached through site.css's
//     @import), with no failed request, console error or script error;
//   - every link, stylesheet, script, image and form action on the first four
//     of those pages names a file (not a folder, which file:// would list
//     instead of opening its index.html) that the browser opens or downloads;
//   - following the main menu's first link by keyboard opens a styled page;
//   - a dataset's CSV download is a file, and the browser gets it;
//   - the search page says that search works once the site is published or
//     served, and says so again when the form is sent, without an error;
//   - axe-core (WCAG 2.0/2.1/2.2 A and AA, as a11y.mjs) finds nothing on any
//     of those pages.
// Exit 0 when all hold, 1 when one does not, 2 when the run cannot start.

import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { checklist, launch } from "./chromium.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const TIMEOUT_MS = 20_000;
const { check, finish } = checklist("file-mode");

function usage(msg) {
  console.error(`file-mode: ${msg}`);
  console.error("usage: node tests/browser/file-mode.mjs OUTPUT_DIR ARTEFACTS_DIR");
  process.exit(2);
}

// Failed requests, console errors and script errors on a page.
function watch(page) {
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()} (${m.location()?.url ?? "?"})`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  return problems;
}

// Whether the theme's styles reached the page: the header's background and
// the body's margin come from stylesheets two @imports deep.
async function styled(page) {
  return page.evaluate(() => {
    const header = document.querySelector(".site-header");
    const bg = header ? getComputedStyle(header).backgroundColor : "";
    return bg !== "" && bg !== "rgba(0, 0, 0, 0)" && getComputedStyle(document.body).marginTop === "0px";
  });
}

// Every local address the page names, resolved by the browser.
async function localTargets(page) {
  const urls = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("a[href], link[href]")) out.push(el.href);
    for (const el of document.querySelectorAll("script[src], img[src]")) out.push(el.src);
    for (const el of document.querySelectorAll("form[action]")) out.push(el.action);
    return out;
  });
  return [...new Set(urls.filter((u) => u.startsWith("file:")).map((u) => u.replace(/[?#].*$/, "")))];
}

async function isFile(url) {
  try {
    return (await stat(fileURLToPath(url))).isFile();
  } catch {
    return false;
  }
}

// Run after a page's own checks: from file://, axe-core's requests for the
// stylesheets are refused (origin null), errors that are the harness's.
async function axeCheck(page, label) {
  const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = axe.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(" ")}`));
  check(found.length === 0, `${label}: axe finds no WCAG 2.2 AA violation${found.length ? ` (${found.join("; ")})` : ""}`);
}

// Opens `rel` (a file under the output), checks what every page must hold,
// and returns the page for more checks.
async function open(context, out, rel, artefacts) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const problems = watch(page);
  await page.goto(pathToFileURL(path.join(out, rel)).href, { waitUntil: "load" });
  check(await styled(page), `${rel}: styles loaded from file://`);
  await page.screenshot({ path: path.join(artefacts, `file-${rel.replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true });
  return { page, problems };
}

// Whether the browser reaches `url`: a page or file opens, or a download
// starts (a CSV or JSON file is downloaded rather than shown).
async function reaches(page, url) {
  try {
    await page.goto(url, { waitUntil: "commit", timeout: TIMEOUT_MS });
    return true;
  } catch (e) {
    return /Download is starting/.test(e.message);
  }
}

// The local links of `rel` are files (not folders, which file:// lists) that
// the browser opens.
async function checkLinks(context, rel, targets, reached) {
  const prober = await context.newPage();
  const missing = [];
  for (const t of targets) {
    // A download (CSV, JSON, feed) is a file on the disk; opening each one
    // could leave the page waiting on Chromium's download for ever, and
    // checkDownload below fetches one by clicking, as a reader does.
    const download = /\.(csv|json|xml|zip)$/.test(t);
    if (!reached.has(t)) reached.set(t, (await isFile(t)) && (download || (await reaches(prober, t))));
    if (!reached.get(t)) missing.push(t);
  }
  await prober.close();
  check(targets.length > 10 && missing.length === 0,
    `${rel}: all ${targets.length} local links open a file${missing.length ? ` (not: ${missing.join(", ")})` : ""}`);
}

// A dataset's CSV download, got by clicking its link.
async function checkDownload(context, out, rel, artefacts) {
  const { page, problems } = await open(context, out, rel, artefacts);
  const csv = page.locator('a[href$=".csv"]').first();
  const href = (await csv.count()) ? await csv.evaluate((a) => a.href) : "";
  check(href !== "" && (await isFile(href)), `${rel}: its CSV download is a file (${href})`);
  if (href) {
    // Chromium either downloads a CSV or shows it as text; both get it.
    const got = await Promise.race([
      page.waitForEvent("download").then(async (d) => ((await d.failure()) === null ? "downloaded" : "failed")),
      page.waitForURL(/\.csv$/).then(() => "opened", () => new Promise(() => {})),
      csv.click().then(() => new Promise((r) => setTimeout(() => r("nothing"), TIMEOUT_MS))),
    ]).catch((e) => `error: ${e.message}`);
    check(got === "downloaded" || got === "opened", `${rel}: the browser gets the CSV download (${got})`);
  }
  // A download ends the navigation to the file: that is no fault.
  const faults = problems.filter((p) => !(href && p.includes(href) && p.includes("ERR_ABORTED")));
  check(faults.length === 0, `${rel}: no failed request or error while downloading${faults.length ? ` (${faults.join("; ")})` : ""}`);
  await page.close();
}

// Search cannot load its index from file://, and says so.
async function checkSearch(context, out, artefacts) {
  const rel = "search/index.html";
  const { page, problems } = await open(context, out, rel, artefacts);
  const notice = page.locator("#search-needs-js");
  const text = (await notice.innerText()).replace(/\s+/g, " ");
  check(/published/.test(text) && /served/.test(text) && (await notice.isVisible()),
    `${rel} says search works once published or served ("${text}")`);
  await page.fill("#search-input", "violence");
  await page.press("#search-input", "Enter");
  const status = await page.locator("#search-status").innerText();
  check(/not available/.test(status) && page.url().startsWith("file:"),
    `sending the search form says search is not available here ("${status}")`);
  check(problems.length === 0, `${rel}: no failed request or error${problems.length ? ` (${problems.join("; ")})` : ""}`);
  await axeCheck(page, rel);
  await page.close();
}

async function main() {
  const [out, artefacts] = process.argv.slice(2).map((p) => p && path.resolve(p));
  if (!out || !artefacts) usage("expected an output folder and an artefacts folder");
  if (!(await isFile(pathToFileURL(path.join(out, "index.html")).href))) usage(`${out} has no index.html`);
  await mkdir(artefacts, { recursive: true });
  const chromium = await launch("file-mode");
  try {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const firstUnder = async (page, prefix) =>
      (await localTargets(page))
        .map((u) => path.relative(out, fileURLToPath(u)).split(path.sep).join("/"))
        .find((r) => r.startsWith(prefix) && r.endsWith("/index.html") && r !== `${prefix}index.html`);
    // The pages to visit: fixed ones, plus the first priority and dataset
    // the home page and the catalogue link to.
    const pages = ["index.html", "priorities/index.html", "data/index.html"];
    const { page: home } = await open(context, out, "index.html", artefacts);
    const priority = await firstUnder(home, "priorities/");
    check(!!priority, `index.html links a priority page (${priority})`);
    if (priority) pages.splice(2, 0, priority);
    // The menu's first link, followed by keyboard as a reader would.
    await home.locator(".main-nav a").first().focus();
    const went = await Promise.all([home.waitForNavigation(), home.keyboard.press("Enter")]).then(() => "", (e) => e.message);
    check(!went && home.url().endsWith("/index.html") && (await styled(home)),
      `the main menu's first link opens a styled page (${went.split("\n")[0] || home.url()})`);
    await home.close();

    const reached = new Map();
    for (const rel of pages) {
      const { page, problems } = await open(context, out, rel, artefacts);
      // Links are followed on the first four pages; the dataset page found
      // last is checked for its download below.
      if (pages.indexOf(rel) < 4) await checkLinks(context, rel, await localTargets(page), reached);
      if (rel === "data/index.html") {
        const dataset = await firstUnder(page, "data/");
        check(!!dataset, `data/index.html links a dataset page (${dataset})`);
        if (dataset) pages.push(dataset);
      }
      check(problems.length === 0, `${rel}: no failed request or error${problems.length ? ` (${problems.join("; ")})` : ""}`);
      await axeCheck(page, rel);
      await page.close();
    }
    if (pages.length > 4) await checkDownload(context, out, pages[pages.length - 1], artefacts);
    await checkSearch(context, out, artefacts);
    await context.close();
  } finally {
    await chromium.close();
  }
  finish();
}

main().catch((e) => {
  console.error(`file-mode: ${e.stack || e}`);
  process.exit(2);
});
