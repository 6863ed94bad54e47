// How long Chromium takes to open report files: node render-time.mjs FILE…
// Prints, per file, its size, the time to the load event and to the first
// paint after it, and the JS heap used. For docs/performance.md; not a test
// (timings are measured, never asserted).
import { chromium } from "playwright-core";
import { statSync } from "node:fs";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const file of process.argv.slice(2)) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const t0 = Date.now();
  await page.goto("file://" + file, { waitUntil: "load", timeout: 300000 });
  const loaded = Date.now() - t0;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const painted = Date.now() - t0;
  const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
  const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  console.log(`${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB, load ${loaded} ms, painted ${painted} ms, ${nodes} elements, JS heap ${(heap / 1e6).toFixed(0)} MB`);
  await page.close();
}
await browser.close();
