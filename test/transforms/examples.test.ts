/**
 * Every @example in the JSDoc of the transforms, checks and graph view runs: each block is
 * stripped of its types and executed with the library's exports in scope.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as lib from "../../lib/index";

const files = ["autograd/functional.ts", "autograd/jacobian.ts", "autograd/gradcheck.ts", "autograd/check.ts", "autograd/modes.ts", "graph/draw.ts"];

function examples(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/@example\n((?:\s*\*(?! @)(?!\/).*\n)+)/g)) {
    out.push(m[1].split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n"));
  }
  return out;
}

for (const file of files) {
  const source = fs.readFileSync(path.join(__dirname, "../../lib", file), "utf8");
  const blocks = examples(source);
  test(`the examples in lib/${file} run`, () => {
    assert.ok(blocks.length > 0, "no @example found");
    const names = Object.keys(lib).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
    for (const code of blocks) {
      const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
      const run = new Function(...names, `{\n${js}\n}`); // a block, so an example may declare a name the library exports
      assert.doesNotThrow(() => run(...names.map((n) => (lib as Record<string, unknown>)[n])), `example:\n${code}`);
    }
  });
}
