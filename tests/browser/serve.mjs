#!/usr/bin/env node
// `plainsight serve` as a new user meets it, in a real browser (run by
// tests/serve.rs):
//
//   node tests/browser/serve.mjs SERVER_URL SITE_FOLDER
//
// One tab stays open on the home page while this script saves files in
// SITE_FOLDER, as an editor would (a temporary file renamed over the real
// one). After each save the tab must change by itself (the script never
// reloads or navigates it):
//   - prose in a page (keeping the scroll position of a long page), a
//     draft marker (the Draft banner comes and goes), then a figure in a
//     dataset, then a template, then site.yaml's title;
//   - a YAML mistake puts the error, with file:line:col, over the page, and
//     the page behind it still shows the last version that built;
//   - fixing the mistake takes the error away and shows the fixed page;
//   - the server stops and starts again (asked for on stdout with a line
//     "@@ stop-server" / "@@ start-server", answered on stdin with
//     "stopped" / "started" by tests/serve.rs): the tab reconnects by
//     itself and shows a save made while the server was down.
// Exit 0 when all hold, 1 when one does not, 2 when the run cannot start.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { checklist, launch } from "./chromium.mjs";
// A save reaches the tab in tens of milliseconds; this is for a busy CI box.
const PATIENCE_MS = 20_000;
const OVERLAY = "#__plainsight-error";

const { check, finish } = checklist("serve");

let site = "";
function save(rel, text) {
  const file = path.join(site, rel);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
function edit(rel, from, to) {
  const before = readFileSync(path.join(site, rel), "utf8");
  if (!before.includes(from)) throw new Error(`${rel} has no ${JSON.stringify(from)}`);
  save(rel, before.replace(from, to));
  return before;
}

// Asks the test for something on a line of its own and waits for `answer`.
const answers = createInterface({ input: process.stdin });
const lines = answers[Symbol.asyncIterator]();
async function ask(request, answer) {
  console.log(`@@ ${request}`);
  const { value } = await lines.next();
  if (value !== answer) throw new Error(`asked to ${request}, got ${JSON.stringify(value)}`);
}

// Waits until `test` (run in the page) holds; false if it never does.
async function becomes(page, test, arg) {
  try {
    await page.waitForFunction(test, arg, { timeout: PATIENCE_MS, polling: 50 });
    return true;
  } catch {
    return false;
  }
}
const bodyHas = (text) => document.body && document.body.innerText.includes(text);
const overlayShown = (sel) => !!document.querySelector(sel);
const overlayGone = (sel) => !document.querySelector(sel);

// Requests the page has made that have not finished: named when the run
// stops, since a stalled stylesheet is how a server bug shows itself.
const pending = new Set();

async function run(page, base) {
  page.on("request", (r) => pending.add(r.url()));
  page.on("requestfinished", (r) => pending.delete(r.url()));
  page.on("requestfailed", (r) => pending.delete(r.url()));
  let navigations = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) navigations += 1;
  });
  await page.goto(`${base}/`, { waitUntil: "load" });
  check(await becomes(page, bodyHas, "First version."), "the home page shows its prose");
  // The live-reload script connects after load; give it a moment to say hello.
  await page.waitForTimeout(300);
  const start = navigations;

  edit("content/_index.md", "First version.", "Second version.");
  check(await becomes(page, bodyHas, "Second version."), "a saved page's prose appears by itself");

  // A long page, scrolled down: an edit keeps the reader where they were.
  const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the long version.`).join("\n\n");
  edit("content/_index.md", "Second version.", `Second version.\n\n${filler}`);
  check(await becomes(page, bodyHas, "Paragraph 60 of the long version."), "a longer page appears by itself");
  await page.evaluate(() => window.scrollTo(0, 1200));
  await page.waitForTimeout(100);
  const before = await page.evaluate(() => window.scrollY);
  edit("content/_index.md", "Paragraph 30 of", "Paragraph thirty of");
  check(await becomes(page, bodyHas, "Paragraph thirty of"), "an edit further down appears by itself");
  const after = await page.evaluate(() => window.scrollY);
  check(before > 0 && Math.abs(after - before) < 5, `the reload keeps the scroll position (${before} px, then ${after} px)`);

  // A draft says so on the page while previewing.
  edit("content/_index.md", "title: Serve home", "title: Serve home\ndraft: true");
  check(
    await becomes(page, () => !!document.querySelector(".draft-banner")),
    "marking the page a draft shows the Draft banner",
  );
  edit("content/_index.md", "title: Serve home\ndraft: true", "title: Serve home");
  check(
    await becomes(page, () => !document.querySelector(".draft-banner")),
    "and unmarking it takes the banner away",
  );

  edit("data/x.csv", "Ashford,10", "Ashford,4321");
  check(await becomes(page, bodyHas, "4,321"), "a saved dataset's figure appears by itself, formatted");

  save(
    "templates/partials/footer.html",
    '<footer class="site-footer"><p>Footer from the site\'s own template.</p></footer>\n',
  );
  check(
    await becomes(page, bodyHas, "Footer from the site's own template."),
    "a new template in the site replaces the theme's by itself",
  );

  edit("site.yaml", "title: Serve Partnership", "title: Renamed Partnership");
  check(
    await becomes(page, () => document.title.includes("Renamed Partnership")),
    "a new title in site.yaml appears by itself",
  );

  const good = edit("content/_index.md", "title: Serve home", "title: [unclosed");
  check(await becomes(page, overlayShown, OVERLAY), "a YAML mistake shows an error over the page");
  const message = (await page.textContent(OVERLAY)) ?? "";
  check(
    /content\/_index\.md:\d+:\d+/.test(message),
    `the error names the file, line and column (${JSON.stringify(message.split("\n").find((l) => l.includes("_index.md")) ?? message.slice(0, 200))})`,
  );
  check(
    (await page.getAttribute(OVERLAY, "role")) === "alert",
    "the error is announced to screen readers (role=alert)",
  );
  check(
    (await page.evaluate(bodyHas, "Second version.")) === true,
    "behind the error, the page still shows the last version that built",
  );

  save("content/_index.md", good.replace("Second version.", "Fixed version."));
  check(await becomes(page, overlayGone, OVERLAY), "fixing the mistake takes the error away");
  check(await becomes(page, bodyHas, "Fixed version."), "and shows the fixed page");

  check(navigations > start, `the tab reloaded itself (${navigations - start} reloads, none asked for)`);

  await ask("stop-server", "stopped");
  edit("content/_index.md", "Fixed version.", "Restarted version.");
  await ask("start-server", "started");
  check(
    await becomes(page, bodyHas, "Restarted version."),
    "after the server restarts, the tab reconnects and shows a save made while it was down",
  );
}

async function main() {
  const [arg, folder] = process.argv.slice(2);
  if (!arg || !folder) {
    console.error("usage: node tests/browser/serve.mjs SERVER_URL SITE_FOLDER");
    process.exit(2);
  }
  site = folder;
  const base = new URL(arg).origin;
  let chromium;
  try {
    chromium = await launch("serve");
  } catch (e) {
    console.error(`serve: ${e.message}`);
    process.exit(2);
  }
  try {
    const page = await chromium.browser.newPage();
    await run(page, base);
  } catch (e) {
    const waiting = [...pending].filter((u) => !u.endsWith("/__plainsight/events"));
    check(false, `the run stopped: ${e.stack || e}${waiting.length ? `\nstill loading: ${waiting.join(", ")}` : ""}`);
  } finally {
    await chromium.close();
    answers.close();
  }
  finish();
}

main();
