/**
 * The kernel under a real classic Jupyter Notebook server (Debian's notebook 6.4):
 * - @jupyterlab/services lists the gradlab kernelspec and runs a cell on it;
 * - headless Chromium (playwright-core) opens the test notebook, runs all cells, and finds
 *   rendered plotly plots (.main-svg), rendered math (MathJax), the tensor table and the SVG;
 * - the notebook, saved, opens again with its plots and no kernel run, and after a second
 *   "Run All" in the same kernel session it still carries plotly.js;
 * - no request leaves 127.0.0.1 (offline: no CDN). Screenshots go to artifacts/.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { KernelManager, KernelSpecManager, ServerConnection } from "@jupyterlab/services";
import WebSocket from "ws";
import { chromium, BrowserContext, Page } from "playwright-core";
import { ROOT, assertBuilt, installKernel, tempDir } from "./helpers";
import { NotebookServer, startNotebookServer } from "./server";
import { cells, index, notebookJson } from "./notebook";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ARTIFACTS = path.join(ROOT, "artifacts");

const prefix = tempDir("gradlab-kernel-");
const work = tempDir("gradlab-browser-");
let server: NotebookServer;
let context: BrowserContext | undefined;
const external: string[] = [];
// the notebook of the UI run: every rich cell, without the failing one (Run All stops there)
const uiCells = cells.filter((_, i) => i !== index.error);

/** No subprotocols: Notebook 6.4 does not speak v1.kernel.websocket.jupyter.org. */
class PlainWebSocket extends WebSocket {
  constructor(url: string, _protocols?: string | string[], options?: WebSocket.ClientOptions) {
    super(url, [], options);
  }
}

before(async () => {
  assertBuilt();
  const jupyterPath = installKernel(prefix.dir);
  fs.mkdirSync(path.join(work.dir, "nb"));
  fs.writeFileSync(path.join(work.dir, "nb", "rich.ipynb"), notebookJson(uiCells));
  server = await startNotebookServer(path.join(work.dir, "nb"), jupyterPath, path.join(work.dir, "state"));
});

after(async () => {
  await context?.close();
  await server?.stop();
  prefix.cleanup();
  work.cleanup();
});

test("@jupyterlab/services sees the gradlab kernelspec and runs a cell on it", async () => {
  const settings = ServerConnection.makeSettings({ baseUrl: server.url, wsUrl: server.url.replace(/^http/, "ws"), token: server.token, appendToken: true, WebSocket: PlainWebSocket as any });
  const specs = new KernelSpecManager({ serverSettings: settings });
  await specs.refreshSpecs();
  const spec = specs.specs?.kernelspecs.gradlab;
  assert.equal(spec?.display_name, "TypeScript (gradlab)");
  assert.equal(spec?.language, "typescript");
  const kernels = new KernelManager({ serverSettings: settings });
  const kernel = await kernels.startNew({ name: "gradlab" });
  try {
    const outputs: any[] = [];
    const future = kernel.requestExecute({ code: `import { tensor } from "gradlab";\ntensor([1, 2]).mul(3)` });
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === "execute_result") outputs.push(msg.content);
    };
    const reply = await future.done;
    assert.equal(reply.content.status, "ok");
    assert.equal(outputs.length, 1);
    assert.equal(outputs[0].data["text/plain"], "tensor([3., 6.])");
    assert.match(outputs[0].data["text/html"], /<table/);
  } finally {
    await kernel.shutdown();
    kernels.dispose();
    specs.dispose();
  }
});

async function openNotebook(page: Page): Promise<void> {
  await page.goto(`${server.url}notebooks/rich.ipynb?token=${server.token}`);
  await page.waitForFunction(() => {
    const J = (window as any).Jupyter;
    return J?.notebook?.kernel?.is_connected?.() && J.notebook.kernel.info_reply?.implementation === "gradlab";
  }, undefined, { timeout: 90_000 });
}

async function runAll(page: Page): Promise<void> {
  await page.evaluate(() => (window as any).Jupyter.notebook.execute_all_cells());
  await page.waitForFunction(
    () => {
      const nb = (window as any).Jupyter.notebook;
      const idle = document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null;
      return idle && nb.get_cells().every((c: any) => c.cell_type !== "code" || typeof c.input_prompt_number === "number");
    },
    undefined,
    { timeout: 120_000, polling: 250 },
  );
}

async function save(page: Page): Promise<void> {
  await page.evaluate(() => (window as any).Jupyter.notebook.save_notebook());
  await page.waitForFunction(() => !(window as any).Jupyter.notebook.dirty, undefined, { timeout: 30_000 });
}

/**
 * Count the plotly plots on the page, waiting until at least `n` of them have rendered (a
 * rendered plot holds two .main-svg layers, so counting layers let one plot pass for two).
 */
async function plots(page: Page, n: number): Promise<number> {
  await page.waitForFunction(
    (k) => Array.from(document.querySelectorAll(".output_area .gradlab-plot")).filter((p) => p.querySelector(".main-svg")).length >= k,
    n, { timeout: 60_000 },
  );
  return page.evaluate(() => document.querySelectorAll(".output_area .gradlab-plot").length);
}

function savedLibraryOutputs(): number {
  const nb = JSON.parse(fs.readFileSync(path.join(work.dir, "nb", "rich.ipynb"), "utf8"));
  let n = 0;
  for (const c of nb.cells) for (const o of c.outputs ?? []) if (/data-gradlab-plotly=/.test([].concat(o.data?.["text/html"] ?? []).join(""))) n++;
  return n;
}

test("Chromium runs the notebook in the classic UI: plotly plots, math, table and SVG render offline", async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(path.join(work.dir, "chromium-profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 4200 }, // tall: the classic UI scrolls inside #site, so this shows every output
  });
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:" || u.protocol === "blob:") return route.continue();
    external.push(u.toString());
    return route.abort();
  });
  const page = await context.newPage();
  await openNotebook(page);
  await runAll(page);
  assert.equal(await plots(page, 2), 2, "the function plot and the contour plot");
  // every LaTeX output typeset by MathJax (the stand-in's and gradlab's own sym expression)
  await page.waitForFunction(
    () => {
      const outs = Array.from(document.querySelectorAll(".output_latex"));
      return outs.length === 2 && outs.every((o) => o.querySelector(".MathJax, .MathJax_Display, mjx-container") && !/\$/.test(o.textContent ?? ""));
    },
    undefined,
    { timeout: 60_000 },
  );
  assert.ok(await page.$(".output_area .gradlab-tensor table"), "the tensor table");
  assert.ok(await page.$(".output_svg svg rect.gradlab-test-svg"), "the SVG output");
  const progressText = await page.evaluate(() => Array.from(document.querySelectorAll(".gradlab-progress")).map((e) => e.textContent));
  assert.equal(progressText.length, 1);
  assert.match(progressText[0] ?? "", /^loop100% 40\/40 \[/);
  await page.screenshot({ path: path.join(ARTIFACTS, "kernel-notebook.png"), fullPage: true });
  await save(page);
  assert.equal(savedLibraryOutputs(), 1, "the saved notebook holds plotly.js once");
  assert.deepEqual(external, [], "requests left 127.0.0.1");
});

test("the saved notebook opens with its plots without running anything, also after a second Run All", async () => {
  assert.ok(context, "needs the previous test's browser");
  const page = await context!.newPage();
  await openNotebook(page);
  const counts = await page.evaluate(() => (window as any).Jupyter.notebook.get_cells().map((c: any) => c.input_prompt_number));
  assert.equal(await plots(page, 2), 2);
  assert.deepEqual(await page.evaluate(() => (window as any).Jupyter.notebook.get_cells().map((c: any) => c.input_prompt_number)), counts, "no cell ran");
  // Run All again in the same kernel session: the cell that carried plotly.js runs again and
  // must carry it again, or the saved notebook would lose its plots
  await runAll(page);
  await plots(page, 2);
  await save(page);
  assert.equal(savedLibraryOutputs(), 1);
  const again = await context!.newPage();
  await openNotebook(again);
  assert.equal(await plots(again, 2), 2);
  await again.screenshot({ path: path.join(ARTIFACTS, "kernel-notebook-reopened.png"), fullPage: true });
  assert.deepEqual(external, [], "requests left 127.0.0.1");
});
