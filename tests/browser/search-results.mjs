#!/usr/bin/env node
// The results of a fixed list of searches on a built site, as Pagefind's own
// client in a real browser returns them, printed as JSON: for comparing two
// builds whose search index files differ only in layout (another deflate
// backend, pages fed in another way). bench/search-diff runs it on two
// output folders and compares what it prints.
//
//   node tests/browser/search-results.mjs SITE_DIR [QUERY ...]
//
// SITE_DIR is a built site (with pagefind/); it is served from a local
// server on a free port. Each query's results, in order, with each result's
// URL, title, excerpt and sub-results (their URLs, titles and excerpts).
// Exit 0 with the JSON on stdout, 2 when the run cannot start.

import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { launch } from "./chromium.mjs";

const DEFAULT_QUERIES = [
  "partnership",
  "community safety",
  "anti-social behaviour",
  "police",
  "Medway",
  "Swale",
  "strategic assessment",
  "night-time economy",
  "referrals",
  "violence against women",
  "road safety",
  "hate crime",
  "substance misuse",
  "safeguarding",
  "district comparison",
  "action plan",
  "Prevent",
  "2025",
  "Conningbrook",
  "Stanhope",
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

function serve(root) {
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(root, p);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, "index.html");
      statSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

async function main() {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: search-results.mjs SITE_DIR [QUERY ...]");
    process.exit(2);
  }
  const queries = rest.length ? rest : DEFAULT_QUERIES;
  const root = path.resolve(dir);
  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}`;
  const { browser, close } = await launch("search-results");
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const results = await page.evaluate(async (qs) => {
      const pagefind = await import("/pagefind/pagefind.js");
      await pagefind.options({ excerptLength: 30 });
      const out = {};
      for (const q of qs) {
        const r = await pagefind.search(q);
        const data = await Promise.all(r.results.map((x) => x.data()));
        out[q] = {
          count: r.results.length,
          results: r.results.map((x, i) => ({
            score: Math.round(x.score * 1e6) / 1e6,
            url: data[i].url,
            title: data[i].meta?.title,
            excerpt: data[i].excerpt,
            sub: (data[i].sub_results ?? []).map((s) => [s.url, s.title, s.excerpt]),
          })),
        };
      }
      return out;
    }, queries);
    console.log(JSON.stringify(results, null, 1));
  } finally {
    await close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(2);
});
