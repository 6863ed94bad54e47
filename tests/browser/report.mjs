// The editors' report in headless Chromium: the DOM checks and axe-core.
// Called by tests/report_browser.rs as
//   node report.mjs REPORT.html SCREENSHOT_DIR
// with CHROMIUM (the browser binary) and EXPECT_ABOVE ("worse-id>better-id")
// in the environment. Prints "ok <check>" per check passed; exits 1 on the
// first failure, with what was seen.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [report, shots] = process.argv.slice(2);
const url = "file://" + report;

function fail(what, detail) {
  console.log(`FAIL ${what}`);
  if (detail !== undefined) console.log(typeof detail === "string" ? detail : JSON.stringify(detail, null, 2));
  process.exit(1);
}
function ok(what, detail) {
  console.log(`ok ${what}${detail ? ": " + detail : ""}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function open(width) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = [];
  page.on("console", (m) => problems.push(`console ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push(`request: ${r.url()}`); });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "load" });
  const ms = Date.now() - t0;
  return { page, problems, ms };
}

try {
  const { page, problems, ms } = await open(1280);
  ok("load", `${ms} ms at 1280 px`);

  // 1. The overview is ranked by the documented score, worst first.
  const rows = await page.$$eval("#overview-table tbody tr", (trs) =>
    trs.map((tr) => ({ id: tr.cells[0].querySelector("a").textContent, score: parseFloat(tr.getAttribute("data-score")) })));
  for (let k = 1; k < rows.length; k++) {
    if (!(rows[k - 1].score >= rows[k].score)) fail("ranking: not worst first by score", rows);
  }
  const doc = await page.$eval("#score-doc", (d) => d.textContent);
  if (!/error 10, warning 3, info 1/.test(doc)) fail("ranking: the score is not documented in the report", doc);
  const [worse, better] = (process.env.EXPECT_ABOVE || "").split(">");
  if (worse) {
    const iw = rows.findIndex((r) => r.id === worse), ib = rows.findIndex((r) => r.id === better);
    if (iw < 0 || ib < 0 || iw > ib) fail(`ranking: ${worse} must rank above ${better}`, rows);
  }
  ok("ranking", rows.map((r) => `${r.id} ${r.score}`).join(", "));

  // 2. Text as printed: no word space inside a run of Chinese characters,
  // outside the spans a space rule marked.
  const spaced = await page.$$eval(".ocr .l", (lines) => {
    const bad = [];
    for (const l of lines) {
      const c = l.cloneNode(true);
      c.querySelectorAll(".n, .tip, mark[data-rule^='space.']").forEach((x) => x.remove());
      const t = c.textContent;
      if (/[\u3400-\u9fff\uf900-\ufaff] +[\u3400-\u9fff\uf900-\ufaff]/u.test(t)) bad.push(t);
    }
    return { bad: bad.slice(0, 5), n: bad.length, lines: lines.length };
  });
  if (spaced.n > 0) fail("printed text: word spaces inside CJK runs", spaced);
  // Latin words keep their spaces.
  const latin = await page.$$eval("section.issue[id^='issue-tribune'] .ocr .l", (ls) => ls.map((l) => l.textContent).join(" "));
  if (!/[A-Za-z]+ [A-Za-z]+/.test(latin)) fail("printed text: Latin words lost their spaces", latin.slice(0, 300));
  // Locations in the layout's words, the source line on hover.
  const where = await page.$$eval("ul.findings li a[title]", (as) => as.map((a) => [a.textContent, a.title]));
  if (!where.length || !where.every(([t, h]) => /^page \d+, (block \d+, )?line \d+$/.test(t) && /:\d+:\d+$/.test(h))) {
    fail("printed text: locations are not 'page N, block N, line N' with the source on hover", where.slice(0, 5));
  }
  ok("printed text", `${spaced.lines} lines, ${where.length} located findings`);

  // 3. Every rule id shown comes with its summary, and its explanation is
  // a click away.
  const rules = await page.evaluate(() => {
    const missing = [];
    const shown = new Set();
    document.querySelectorAll("ul.findings li[data-rule]").forEach((li) => {
      const id = li.getAttribute("data-rule");
      shown.add(id);
      const s = li.querySelector(".summary");
      if (!s || !s.textContent.trim()) missing.push(`finding ${id}`);
      const link = li.querySelector("a.rule");
      if (!link || !document.getElementById(link.getAttribute("href").slice(1))) missing.push(`explanation of ${id}`);
    });
    document.querySelectorAll("input[data-filter^='rule:']").forEach((box) => {
      const s = box.parentElement.querySelector(".summary");
      if (!s || !s.textContent.trim()) missing.push(`filter ${box.getAttribute("data-filter")}`);
    });
    document.querySelectorAll("details.rule").forEach((d) => {
      if (d.querySelector("summary").textContent.trim().split(/\s+/).length < 3) missing.push(`glossary ${d.id}`);
    });
    return { missing, shown: [...shown] };
  });
  if (rules.missing.length) fail("rule summaries", rules.missing);
  if (!rules.shown.length) fail("rule summaries: no finding shown at all");
  ok("rule summaries", `${rules.shown.length} rules`);

  // 4. Languages: the report's words are English, the paper's its own.
  const langs = await page.evaluate(() => ({
    html: document.documentElement.lang,
    zh: document.querySelector("section.issue[id^='issue-liaocheng'] .ocr")?.lang,
    en: document.querySelector("section.issue[id^='issue-tribune'] .ocr")?.lang,
    zhFont: getComputedStyle(document.querySelector("section.issue[id^='issue-liaocheng'] .ocr .l")).fontFamily,
    enFont: getComputedStyle(document.querySelector("section.issue[id^='issue-tribune'] .ocr .l")).fontFamily,
  }));
  if (langs.html !== "en" || langs.zh !== "zh-Hans" || langs.en !== "en") fail("languages", langs);
  if (!/CJK|Han|PingFang|YaHei/.test(langs.zhFont) || /CJK/.test(langs.enFont)) fail("languages: fonts do not follow the script", langs);
  ok("languages", `html ${langs.html}, Chinese ${langs.zh}, English ${langs.en}`);

  // 5. The page view: a box on the image brings its line of text into view
  // in the text pane, and a marked line brings its box into view.
  const view = await page.$(".pageview");
  if (!view) fail("page view: no page shown beside its image");
  const boxes = await view.$$(".scan .box");
  if (boxes.length < 3) fail(`page view: ${boxes.length} boxes on the image`);
  const target = boxes[boxes.length - 1];
  const line = await target.getAttribute("data-line");
  await target.scrollIntoViewIfNeeded();
  await target.click();
  const seen = await page.evaluate((line) => {
    const v = document.querySelector(".pageview");
    const pane = v.querySelector(".pv-text"), l = pane.querySelector(`.l[data-line="${line}"]`);
    const p = pane.getBoundingClientRect(), r = l.getBoundingClientRect();
    return { current: l.classList.contains("current"), inside: r.top >= p.top - 1 && r.bottom <= p.bottom + 1, scrolled: pane.scrollTop };
  }, line);
  if (!seen.current || !seen.inside || seen.scrolled <= 0) fail("page view: the clicked box's line is not in view", seen);
  const firstMark = await view.$(".pv-text mark[data-line]");
  const markLine = await firstMark.getAttribute("data-line");
  await firstMark.click();
  const back = await page.evaluate((line) => {
    const v = document.querySelector(".pageview");
    const pane = v.querySelector(".scan-pane"), b = pane.querySelector(`.box[data-line="${line}"]`);
    const p = pane.getBoundingClientRect(), r = b.getBoundingClientRect();
    return { current: b.classList.contains("current"), inside: r.top >= p.top - 1 && r.bottom <= p.bottom + 1 };
  }, markLine);
  if (!back.current || !back.inside) fail("page view: the clicked line's box is not in view", back);
  await view.screenshot({ path: join(shots, "report-page-view-1280.png") });
  // Full size: the image at its own pixels, the boxes still on their lines.
  await page.click("button.zoom");
  const zoomed = await page.evaluate(() => {
    const scan = document.querySelector(".pageview .scan");
    const w = parseFloat(getComputedStyle(scan).getPropertyValue("--w"));
    return { width: scan.getBoundingClientRect().width, natural: w };
  });
  if (Math.abs(zoomed.width - zoomed.natural) > 1) fail("page view: full size is not the image's size", zoomed);
  await view.screenshot({ path: join(shots, "report-page-view-full-1280.png") });
  ok("page view", `${boxes.length} boxes; box of line ${line} and line ${markLine} brought into view`);

  // 6. Filters by keyboard alone: Tab to the first filter, Space turns it off.
  await page.goto(url, { waitUntil: "load" });
  let reached = null;
  for (let k = 0; k < 400 && !reached; k++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.getAttribute("data-filter"));
  }
  if (!reached) fail("keyboard filters: no filter reached with Tab");
  const before = await page.$$eval("[data-severity].hidden-by-filter", (e) => e.length);
  await page.keyboard.press("Space");
  const after = await page.$$eval("[data-severity].hidden-by-filter", (e) => e.length);
  if (!(after > before)) fail("keyboard filters: Space on a filter hid nothing", { reached, before, after });
  ok("keyboard filters", `${reached} hid ${after - before} items `);

  // Screenshots of each view, for the record.
  await page.goto(url, { waitUntil: "load" });
  await page.screenshot({ path: join(shots, "report-overview-1280.png") });
  await page.locator("section.issue").first().screenshot({ path: join(shots, "report-issue-1280.png") }).catch(() => {});
  const changes = page.locator("section.changes").first();
  if (await changes.count()) await changes.screenshot({ path: join(shots, "report-changes-1280.png") });
  // The rules section with the first explanation opened, as a click does.
  await page.locator("details.rule summary").first().click();
  await page.locator("section[aria-labelledby='rules']").screenshot({ path: join(shots, "report-rules-1280.png") });

  // 7. axe-core at both widths: no serious or critical violation.
  for (const width of [390, 1280]) {
    const { page: p, problems: probs } = await open(width);
    await p.addScriptTag({ content: axeSource });
    const result = await p.evaluate(async () => {
      // The report is long; checking each rule on every node is what we want.
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, first: v.nodes[0]?.html?.slice(0, 160) }));
    });
    // Moderate and minor findings are printed; serious and critical fail.
    const serious = result.filter((v) => v.impact === "serious" || v.impact === "critical");
    if (serious.length) fail(`axe ${width}: serious violations`, serious);
    if (width === 390) {
      await p.screenshot({ path: join(shots, "report-overview-390.png") });
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) fail(`axe 390: the page is ${overflow} px wider than a phone`);
      const v = p.locator(".pageview").first();
      await v.scrollIntoViewIfNeeded();
      await p.screenshot({ path: join(shots, "report-page-view-390.png") });
    }
    if (probs.length) fail(`console or requests at ${width} px`, probs);
    ok(`axe ${width}`, result.length ? `minor: ${result.map((v) => `${v.id} (${v.impact})`).join(", ")}` : "no violations");
    await p.close();
  }
  if (problems.length) fail("console or requests", problems);
} catch (e) {
  fail("script error", String(e && e.stack || e));
} finally {
  await browser.close();
}
