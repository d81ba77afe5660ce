// The pages at old addresses (`aliases:` in front matter), listed in the
// site's /_redirects: opening the old address must arrive at the new one by
// the page's own meta refresh (the test server has no redirect rules), and
// the redirect page itself, held still by removing its refresh, must pass
// axe and carry lang, a title, a canonical link to the new address,
// noindex and a visible link there. Imported by a11y.mjs.

import { AxeBuilder } from "@axe-core/playwright";

// `/old/ /new/ 301` lines, comments skipped.
async function redirectList(base) {
  const res = await fetch(`${base}/_redirects`);
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`/_redirects answered ${res.status}`);
  return (await res.text())
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [from, to, status] = l.trim().split(/\s+/);
      return { from, to, status };
    });
}

async function checkOne(browser, base, r, tags) {
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.on("response", (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(base + r.from, { waitUntil: "load" });
    try {
      await page.waitForURL(base + r.to, { timeout: 10_000 });
      if ((await page.locator("main#main h1").count()) !== 1) problems.push(`${r.to} has no h1`);
    } catch {
      problems.push(`opening ${r.from} did not arrive at ${r.to} (stayed at ${page.url()})`);
    }
    if (r.status !== "301") problems.push(`status ${r.status}, not 301, in _redirects`);

    // The redirect page itself, with its refresh taken out so it stays.
    const still = await context.newPage();
    await still.route(base + r.from, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(/<meta http-equiv="refresh"[^>]*>/i, "");
      await route.fulfill({ response: res, body });
    });
    await still.goto(base + r.from, { waitUntil: "load" });
    const facts = await still.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      canonical: document.querySelector('link[rel="canonical"]')?.href ?? "",
      robots: document.querySelector('meta[name="robots"]')?.content ?? "",
      link: document.querySelector("main a[href]")?.getAttribute("href") ?? "",
    }));
    if (!facts.lang) problems.push("no lang on <html>");
    if (!facts.title.trim()) problems.push("no title");
    if (!new URL(facts.canonical || "x:").pathname.endsWith(r.to)) problems.push(`canonical link is "${facts.canonical}", not ${r.to}`);
    if (!facts.robots.includes("noindex")) problems.push("not marked noindex");
    if (facts.link !== r.to) problems.push(`the visible link goes to "${facts.link}", not ${r.to}`);
    for (const width of [1280, 320]) {
      await still.setViewportSize({ width, height: 800 });
      const axe = await new AxeBuilder({ page: still }).withTags(tags).analyze();
      for (const v of axe.violations) problems.push(`axe at ${width}px: ${v.id} (${v.help})`);
    }
  } catch (e) {
    problems.push(`check aborted: ${e.message.split("\n")[0]}`);
  } finally {
    await context.close();
  }
  return [...new Set(problems)];
}

// Checks every redirect; prints a line each; returns how many failed.
export async function checkRedirects(browser, base, tags) {
  const list = await redirectList(base);
  let failed = 0;
  for (const r of list) {
    const problems = await checkOne(browser, base, r, tags);
    console.log(`${problems.length ? "FAIL" : "ok  "} redirect ${r.from} -> ${r.to}`);
    for (const p of problems) console.log(`     ${p}`);
    if (problems.length) failed++;
  }
  if (list.length) console.log(`a11y: ${list.length} redirect(s), ${failed} failed`);
  return failed;
}
