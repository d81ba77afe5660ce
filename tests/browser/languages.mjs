#!/usr/bin/env node
// A bilingual site in a real browser (run by tests/browser.rs on
// tests/sites/bilingual):
//
//   node tests/browser/languages.mjs BASE_URL
//
//   - the language switcher on an English page leads to its Welsh
//     translation, whose <html lang> is "cy", and the one there leads back
//     (content pages, the data catalogue and a dataset's page);
//   - the Welsh search page searches the Welsh pages only (Pagefind keeps
//     one index per <html lang>), and the English one the English pages.
// Exit 0 when all hold, 1 when one does not, 2 when the run cannot start.

import { checklist, launch } from "./chromium.mjs";

const TIMEOUT_MS = 20_000;
const { check, finish } = checklist("languages");

async function switchOnce(page, base, from, tag, to) {
  await page.goto(base + from, { timeout: TIMEOUT_MS });
  const link = page.locator(`nav.language-switcher a[hreflang="${tag}"]`);
  check((await link.count()) === 1, `${from} has one switcher link to ${tag}`);
  if ((await link.count()) !== 1) return;
  await Promise.all([page.waitForURL(base + to, { timeout: TIMEOUT_MS }), link.click()]);
  const lang = await page.evaluate(() => document.documentElement.lang);
  check(new URL(page.url()).pathname === to, `the switcher on ${from} leads to ${to}`);
  check(lang === tag, `${to} is marked lang="${tag}" (found "${lang}")`);
}

async function searchFinds(page, base, path, word, wantPrefix) {
  await page.goto(`${base}${path}?q=${encodeURIComponent(word)}`, { timeout: TIMEOUT_MS });
  const results = page.locator("#search-results li.search-result:not(.search-result--loading) a");
  try {
    await results.first().waitFor({ timeout: TIMEOUT_MS });
  } catch {
    check(false, `${path}?q=${word} lists results`);
    return;
  }
  const hrefs = await results.evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  check(hrefs.length > 0, `${path}?q=${word} lists ${hrefs.length} result(s)`);
  const stray = hrefs.filter((h) => !wantPrefix(h));
  check(stray.length === 0, `${path} finds only its own language's pages (others: ${stray.join(", ") || "none"})`);
}

async function main() {
  const base = (process.argv[2] || "").replace(/\/$/, "");
  if (!base) {
    console.error("usage: node tests/browser/languages.mjs BASE_URL");
    process.exit(2);
  }
  let chromium;
  try {
    chromium = await launch("languages");
  } catch (e) {
    console.error(`languages: ${e.message}`);
    process.exit(2);
  }
  const page = await chromium.browser.newPage();
  try {
    await switchOnce(page, base, "/priorities/asb/", "cy", "/cy/priorities/asb/");
    await switchOnce(page, base, "/cy/priorities/asb/", "en-GB", "/priorities/asb/");
    await switchOnce(page, base, "/", "cy", "/cy/");
    await switchOnce(page, base, "/cy/", "en-GB", "/");
    await switchOnce(page, base, "/data/asb/", "cy", "/cy/data/asb/");
    await switchOnce(page, base, "/cy/data/asb/", "en-GB", "/data/asb/");
    await switchOnce(page, base, "/cy/data/", "en-GB", "/data/");
    await searchFinds(page, base, "/cy/search/", "gwrthgymdeithasol", (h) => h.startsWith("/cy/"));
    await searchFinds(page, base, "/search/", "anti-social", (h) => !h.startsWith("/cy/"));
  } catch (e) {
    check(false, `the run failed: ${e.message}`);
  } finally {
    await chromium.close();
  }
  finish();
}

main();
