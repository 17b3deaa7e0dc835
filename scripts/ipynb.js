#!/usr/bin/env node
// Notebook authoring helper: converts between .ipynb (the committed form) and a plain
// "percent" text form that is easy to write and review.
//
//   node scripts/ipynb.js from-percent notebooks/09-x.nb.ts notebooks/09-x.ipynb
//   node scripts/ipynb.js to-percent notebooks/09-x.ipynb > /tmp/09.nb.ts
//   node scripts/ipynb.js strip notebooks/*.ipynb        (drop outputs and execution counts)
//
// Percent form: a line `// %%` starts a code cell, `// %% [markdown]` a markdown cell
// (its lines written as `// text`), and `// %% tags=["parameters"]` a tagged code cell.
// The .ipynb written is nbformat 4.5 with stable cell ids and the gradlab kernelspec.
"use strict";
const fs = require("fs");
const crypto = require("crypto");

const KERNELSPEC = { name: "gradlab", display_name: "TypeScript (gradlab)", language: "typescript" };
const LANGUAGE_INFO = { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" };

function splitLines(text) {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l)).filter((l, i, a) => !(i === a.length - 1 && l === ""));
}

function cellId(nbName, index, source) {
  return crypto.createHash("sha1").update(`${nbName}:${index}:${source.slice(0, 80)}`).digest("hex").slice(0, 12);
}

function fromPercent(text, nbName) {
  const cells = [];
  let cur = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === "") cur.lines.pop();
    while (cur.lines.length && cur.lines[0].trim() === "") cur.lines.shift();
    const source = cur.lines.join("\n");
    const cell = { cell_type: cur.type, id: "", metadata: cur.tags.length ? { tags: cur.tags } : {}, source: splitLines(source) };
    if (cur.type === "code") Object.assign(cell, { execution_count: null, outputs: [] });
    cells.push(cell);
  };
  for (const line of text.split("\n")) {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) {
      flush();
      const rest = m[1].trim();
      const tags = /tags=(\[[^\]]*\])/.exec(rest);
      cur = { type: rest.startsWith("[markdown]") ? "markdown" : "code", tags: tags ? JSON.parse(tags[1]) : [], lines: [] };
      continue;
    }
    if (!cur) cur = { type: "code", tags: [], lines: [] };
    cur.lines.push(cur.type === "markdown" ? line.replace(/^\/\/ ?/, "") : line);
  }
  flush();
  cells.forEach((c, i) => (c.id = cellId(nbName, i, c.source.join(""))));
  return { cells, metadata: { kernelspec: KERNELSPEC, language_info: LANGUAGE_INFO }, nbformat: 4, nbformat_minor: 5 };
}

function toPercent(nb) {
  const out = [];
  for (const c of nb.cells) {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    const tags = c.metadata && c.metadata.tags && c.metadata.tags.length ? ` tags=${JSON.stringify(c.metadata.tags)}` : "";
    if (c.cell_type === "markdown") {
      out.push(`// %% [markdown]${tags}`);
      for (const l of src.split("\n")) out.push(l ? `// ${l}` : "//");
    } else {
      out.push(`// %%${tags}`);
      out.push(src);
    }
    out.push("");
  }
  return out.join("\n");
}

function strip(nb) {
  for (const c of nb.cells) {
    if (c.cell_type === "code") {
      c.outputs = [];
      c.execution_count = null;
      if (c.metadata) delete c.metadata.execution;
    }
  }
  return nb;
}

const write = (file, nb) => fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
const [cmd, ...args] = process.argv.slice(2);
if (cmd === "from-percent" && args.length === 2) {
  const name = require("path").basename(args[1], ".ipynb");
  write(args[1], fromPercent(fs.readFileSync(args[0], "utf8"), name));
} else if (cmd === "to-percent" && args.length === 1) {
  process.stdout.write(toPercent(JSON.parse(fs.readFileSync(args[0], "utf8"))));
} else if (cmd === "strip" && args.length > 0) {
  for (const f of args) write(f, strip(JSON.parse(fs.readFileSync(f, "utf8"))));
} else {
  process.stderr.write("usage: ipynb.js from-percent IN.nb.ts OUT.ipynb | to-percent IN.ipynb | strip FILE.ipynb...\n");
  process.exit(2);
}
