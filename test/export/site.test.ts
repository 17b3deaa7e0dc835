/**
 * The exported site: files and links (offline, one plotly.js), then each page in headless
 * Chromium from file://: no console errors, plots drawn, math typeset with KaTeX's fonts,
 * typed markup shown as text, print stylesheet applied. Screenshots go to artifacts/export/.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { exportSite, ExportResult } from "../../kernel/export/site";
import { ROOT, runCli, tmpDir } from "../run/helpers";
import { CHROMIUM, openBrowser } from "./browser";

const FIXTURES = path.join(ROOT, "test", "fixtures", "notebooks", "export");
const ARTIFACTS = path.join(ROOT, "artifacts", "export");
let dir: string;
let site: ExportResult;

before(() => {
  dir = tmpDir("gradlab-export-");
  fs.mkdirSync(path.join(dir, "nbs", "part2"), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, "chain-rule.ipynb"), path.join(dir, "nbs", "chain-rule.ipynb"));
  // a second notebook in a subfolder: a failed run, no plots
  const nb = JSON.parse(fs.readFileSync(path.join(FIXTURES, "chain-rule.ipynb"), "utf8"));
  nb.cells = [{ cell_type: "markdown", id: "m", metadata: {}, source: "# Determinant derivative\n\n雅可比公式\n\n$\\partial \\det X = \\det X \\operatorname{tr}(X^{-1} \\partial X)$" }];
  nb.metadata.gradlab.run.status = "error";
  fs.writeFileSync(path.join(dir, "nbs", "part2", "jacobi.ipynb"), JSON.stringify(nb));
  fs.writeFileSync(path.join(dir, "nbs", "broken.ipynb"), "{");
  site = exportSite([path.join(dir, "nbs")], { outDir: path.join(dir, "site"), title: "Differentiation lectures" });
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the site: index, one page per notebook mirroring folders, assets shipped once, nothing online", () => {
  const out = path.join(dir, "site");
  assert.deepEqual(site.pages.map((p) => path.relative(out, p.page)).sort(), ["chain-rule.html", path.join("part2", "jacobi.html")]);
  assert.deepEqual(site.skipped.map((s) => path.basename(s.file)), ["broken.ipynb"]);
  const index = fs.readFileSync(site.index, "utf8");
  assert.match(index, /<a href="chain-rule\.html">The chain rule<\/a> <span class="zh" lang="zh">链式法则<\/span>/);
  assert.match(index, /<a href="part2\/jacobi\.html">Determinant derivative<\/a> <span class="zh" lang="zh">雅可比公式<\/span> <span class="badge failed">error<\/span>/);
  const all = [site.index, ...site.pages.map((p) => p.page)].map((f) => fs.readFileSync(f, "utf8"));
  for (const html of all) assert.ok(!/(src|href)="(https?:)?\/\//.test(html), "no page loads anything from the network");
  const jacobi = fs.readFileSync(path.join(out, "part2", "jacobi.html"), "utf8");
  assert.ok(jacobi.includes('href="../assets/site.css"') && jacobi.includes('href="../index.html"'), "pages in subfolders link up");
  assert.ok(!jacobi.includes("plotly.min.js"), "pages without figures do not load plotly.js");
  const chain = fs.readFileSync(path.join(out, "chain-rule.html"), "utf8");
  assert.equal((chain.match(/plotly\.min\.js/g) ?? []).length, 1);
  const assets = fs.readdirSync(path.join(out, "assets"), { recursive: true }).map(String);
  assert.equal(assets.filter((f) => /plotly.*\.js$/.test(f)).length, 1, "one shared copy of plotly.js");
  assert.ok(assets.includes(path.join("katex", "fonts", "KaTeX_Main-Regular.woff2")));
  assert.match(fs.readFileSync(path.join(out, "assets", "site.css"), "utf8"), /@media print \{/);
  assert.equal(fs.statSync(path.join(out, "assets", "plotly.min.js")).size, fs.statSync(require.resolve("plotly.js-dist-min")).size);
});

test("gradlab export: prints the index path, exit 1 when a notebook was skipped", async () => {
  const r = await runCli(["export", path.join(dir, "nbs"), "--out", path.join(dir, "site-cli")], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /skipped .*broken\.ipynb: .*not a valid notebook: the file is not JSON \(it ends too early, at line 1, column 2\)/);
  assert.match(r.stdout, /exported 2 notebooks \(1 did not run to the end\) to site-cli\/\nopen .*site-cli\/index\.html\n/);
});

test("in headless Chromium from file://: no errors, plots drawn, math typeset, markup inert, print styles", { skip: !fs.existsSync(CHROMIUM) && `${CHROMIUM} is not installed` }, async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await openBrowser();
  try {
    for (const file of [site.index, ...site.pages.map((p) => p.page)]) {
      const name = path.relative(path.join(dir, "site"), file).replace(/[\\/]/g, "_").replace(/\.html$/, "");
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      page.on("request", (r) => !r.url().startsWith("file://") && !r.url().startsWith("data:") && problems.push(`network request: ${r.url()}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      const figures = await page.locator(".plotly-figure").count();
      if (figures) await page.waitForFunction((n) => document.querySelectorAll(".plotly-figure .main-svg").length >= n, figures, { timeout: 20_000 });
      await page.evaluate(() => document.fonts.ready);
      const facts = await page.evaluate(() => ({
        flags: ["__xssMarkdown", "__xssImg", "__xssStream", "__xssPlot", "__xssLink", "__inlinedLibrary", "__fallbackUsed"].filter((k) => k in window),
        text: document.body.innerText,
        katex: Array.from(document.querySelectorAll(".katex-html")).map((e) => e.getBoundingClientRect().width),
        katexFont: (() => {
          let loaded = false;
          document.fonts.forEach((f) => (loaded ||= f.family.includes("KaTeX") && f.status === "loaded"));
          return loaded;
        })(),
        traces: Array.from(document.querySelectorAll(".plotly-figure .scatterlayer .trace")).length,
        plotErrors: Array.from(document.querySelectorAll(".plot-error")).map((e) => e.textContent),
      }));
      assert.deepEqual(problems, [], `${name}: ${problems.join("\n")}`);
      assert.deepEqual(facts.flags, [], `${name}: script from content ran`);
      assert.deepEqual(facts.plotErrors, []);
      if (name === "chain-rule") {
        assert.equal(figures, 1);
        assert.equal(facts.traces, 1, "the figure has its line");
        assert.ok(facts.katex.length >= 3 && facts.katex.every((w) => w > 0), `math typeset: ${facts.katex}`);
        assert.ok(facts.katexFont, "KaTeX fonts load from the site");
        assert.ok(facts.text.includes("<script>window.__xssMarkdown = 1</script>"), "typed markup is visible as text");
        assert.ok(facts.text.includes("<script>window.__xssStream = 1</script>"));
        assert.ok(facts.text.includes("RangeError: bad range"));
        const svg = await page.locator(".svg-output svg rect.node").count();
        assert.equal(svg, 1, "the SVG graph is inline markup");
        await page.emulateMedia({ media: "print" });
        assert.equal(await page.locator(".site-header").isVisible(), false, "the print stylesheet hides the navigation");
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-print.png`), fullPage: true });
        await page.emulateMedia({ media: "screen" });
      }
      if (name === "part2_jacobi") assert.ok(facts.katex.length === 1 && facts.katex[0] > 0);
      if (name === "index") assert.ok(facts.text.includes("链式法则") && facts.text.includes("The chain rule"));
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
