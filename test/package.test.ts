/**
 * The published package: `require("gradlab")` works from another folder once linked, and
 * the .d.ts type-checks under tslab's own TypeScript 5.0 (what compiles notebook cells).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");

function ensureBuilt(): void {
  if (!fs.existsSync(path.join(root, "dist", "lib", "index.d.ts"))) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  }
}

function linkedDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-pkg-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(root, path.join(dir, "node_modules", "gradlab"), "dir");
  return dir;
}

test("a Node script elsewhere can require the linked package", () => {
  ensureBuilt();
  const dir = linkedDir();
  try {
    const script = `const { tensor } = require("gradlab"); const x = tensor([1, 2, 3], { requiresGrad: true }); x.mul(x).sum().backward(); console.log(String(x.grad));`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    assert.equal(out.trim(), "tensor([2., 4., 6.])");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the .d.ts type-checks under tslab's TypeScript 5.0, and misuse is a type error", () => {
  ensureBuilt();
  const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
  assert.match(ts.version, /^5\.0\./);
  const dir = linkedDir();
  try {
    const good = path.join(dir, "good.ts");
    const bad = path.join(dir, "bad.ts");
    fs.writeFileSync(good, [
      `import { tensor, Tensor, noGrad, F, autogradGrad } from "gradlab";`,
      `const x: Tensor = tensor([[1, 2], [3, 4]], { requiresGrad: true });`,
      `const y = F.softmax(x, 1).mul(x).sum();`,
      `y.backward();`,
      `const g: Tensor | null = x.grad;`,
      `const [d] = autogradGrad([x.pow(3).sum()], [x]);`,
      `const z: Tensor = noGrad(() => x.matmul(x.T));`,
      `export const shape: readonly number[] = z.shape; export { g, d };`,
    ].join("\n"));
    fs.writeFileSync(bad, `import { tensor } from "gradlab";\nexport const t = tensor([1]).matmul("a");\n`);
    const options: import("typescript").CompilerOptions = {
      strict: true, noEmit: true, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020,
      moduleResolution: ts.ModuleResolutionKind.Node10, types: ["node"], typeRoots: [path.join(root, "node_modules", "@types")],
    };
    const diagnose = (file: string) =>
      ts.getPreEmitDiagnostics(ts.createProgram([file], options)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(diagnose(good), []);
    const errs = diagnose(bad);
    assert.equal(errs.length, 1);
    assert.match(errs[0], /Argument of type 'string' is not assignable to parameter of type 'Tensor'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
