/**
 * End to end with the real gradlab kernel: `gradlab run` a lecture notebook (with a parameter),
 * `gradlab export` it, and open the page in headless Chromium: the tensor table, the figure
 * drawn by the site's plotly.js (the kernel's embedded copy is dropped) and the math.
 * Skipped until the gradlab kernelspec is installed (`gradlab install-kernel`).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import { readNotebook } from "../../kernel/run/notebook";
import { installedKernels, ROOT, runCli, tmpDir } from "../run/helpers";
import { CHROMIUM, openBrowser } from "./browser";

const LECTURE = path.join(ROOT, "test", "fixtures", "notebooks", "lecture");
const ready = installedKernels().includes("gradlab") && fs.existsSync(CHROMIUM);
const dir = tmpDir("gradlab-e2e-");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("gradlab run, then gradlab export, then the page in Chromium", { skip: !ready && "needs the gradlab kernelspec and /usr/bin/chromium" }, async () => {
  const run = await runCli(["run", LECTURE, "--out", "executed", "-p", "points", "7", "--timeout", "120"], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const executed = path.join(dir, "executed", "autograd-derivative.ipynb");
  const nb = readNotebook(executed);
  const text = JSON.stringify(nb.cells);
  assert.ok(text.includes("3x^2: 0 3 12 27 48 75 108"), "the parameter reached the notebook (7 points)");
  const exp = await runCli(["export", "executed", "--out", "site"], dir);
  assert.equal(exp.code, 0, exp.stdout + exp.stderr);
  const pageFile = path.join(dir, "site", "autograd-derivative.html");
  assert.ok(fs.statSync(pageFile).size < 200_000, "the kernel's embedded plotly.js is not copied into the page");
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(pathToFileURL(pageFile).href);
    await page.waitForFunction(() => document.querySelectorAll(".plotly-figure .main-svg").length >= 1, undefined, { timeout: 20_000 });
    const facts = await page.evaluate(() => ({
      cells: Array.from(document.querySelectorAll(".html-output td")).map((td) => td.textContent?.trim()),
      points: document.querySelectorAll(".plotly-figure .scatterlayer .trace path.js-line").length,
      katex: document.querySelectorAll(".katex").length,
    }));
    assert.deepEqual(problems, []);
    assert.ok(["0.", "3.", "12.", "27.", "48.", "75.", "108."].every((v) => facts.cells.includes(v)), `the gradient table: ${facts.cells}`);
    assert.equal(facts.points, 1, "the figure's line is drawn");
    assert.ok(facts.katex >= 3);
    fs.mkdirSync(path.join(ROOT, "artifacts", "export"), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, "artifacts", "export", "lecture-autograd-derivative.png"), fullPage: true });
  } finally {
    await browser.close();
  }
});
