import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium } from "playwright-core";
import { plot } from "../../lib/index";
import { scriptJson } from "../../lib/display/html";
import { plotlySource, plotlyVersion } from "../../lib/plot/offline";
import { fakeKernel } from "../display/fake-kernel";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-figure-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a figure's bundle: plotly JSON {data, layout}, an HTML fallback and one line of text", () => {
  const fig = plot.line([1, 2], [3, 4], { title: "t" });
  const b = (fig as any)[Symbol.for("Jupyter.display")]();
  assert.deepEqual(Object.keys(b).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.deepEqual(b["application/vnd.plotly.v1+json"], JSON.parse(JSON.stringify({ data: fig.data, layout: fig.layout })));
  assert.equal(b["text/plain"], 'Figure("t", 1 trace: scatter)');
  assert.match(b["text/html"], /class="gradlab-plot"/);
});

test("in the kernel, the figure asks for plotly.js as a page library first", () => {
  const k = fakeKernel({ pageLibrary: true });
  try {
    (plot.line([1, 2]) as any)[Symbol.for("Jupyter.display")]();
    assert.deepEqual(k.libraries, ["plotly.js"]);
    assert.match(k.sent[0].bundle["text/html"] as string, new RegExp(`data-gradlab-plotly="${plotlyVersion().replace(/\./g, "\\.")}"`));
  } finally {
    k.uninstall();
  }
});

test("strings in a figure cannot break out of its <script>", () => {
  const evil = "</script><script>window.pwned = 1</script><!--";
  const fig = plot.line([1, 2], undefined, { title: evil });
  const html = (fig as any)[Symbol.for("Jupyter.display")]()["text/html"] as string;
  assert.equal(html.split("</script>").length - 1, 1, "only the figure's own closing tag");
  assert.ok(!html.includes("<!--"));
  assert.equal(JSON.parse(scriptJson(evil)), evil);
});

test("the bundled plotly.js can sit inside a <script> as is", () => {
  const src = plotlySource();
  assert.ok(src.length > 1_000_000);
  assert.ok(!/<\/script/i.test(src) && !/<script/i.test(src));
});

test("save writes a standalone page that draws the plot in Chromium with the network cut off", async () => {
  const file = plot.fn(Math.cos, [0, 3], { derivative: true, title: "cos" }).save(path.join(dir, "sub", "cos.html"));
  assert.ok(fs.existsSync(file));
  assert.throws(() => plot.line([1]).save(path.join(dir, "x.png")), /should end in \.html/);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const requested: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requested.push(url);
      return route.abort();
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector(".main-svg", { timeout: 30_000 });
    const title = await page.evaluate(() => document.querySelector(".gtitle")?.textContent);
    assert.equal(title, "cos");
    assert.equal(await page.evaluate(() => document.querySelectorAll(".scatterlayer .trace").length), 2);
    assert.deepEqual(requested, []);
  } finally {
    await browser.close();
  }
});
