/**
 * `npm run bench [-- --json FILE] [-- --only name,name]`: runs every bench/*.bench.ts,
 * prints a table of gradlab vs the reference measured in the same run, writes JSON.
 */
import * as fs from "fs";
import * as path from "path";
import { Benchmark, Row, toRow } from "./harness";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const jsonAt = argv.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1].split(",")) : null;
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts")).sort();
  const rows: Row[] = [];
  for (const f of files) {
    // require, not import(): under tsx an import() loads the file (and what it requires) through the ESM loader, far slower
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(path.join(__dirname, f)) as { benchmarks: Benchmark[] };
    for (const b of mod.benchmarks) {
      if (only && !only.has(b.name)) continue;
      process.stderr.write(`[bench] ${b.name} ...\n`);
      try {
        const row = toRow(b, await b.run());
        rows.push(row);
        process.stderr.write(`[bench] ${b.name}: ${fmt(row.gradlab)} ${b.unit} vs ${row.referenceName} ${row.reference === null ? "n/a" : fmt(row.reference)} (speedup ${row.speedup === null ? "n/a" : row.speedup.toFixed(2) + "×"})\n`);
      } catch (e) {
        process.stderr.write(`[bench] ${b.name} failed: ${(e as Error).stack}\n`);
        process.exitCode = 1;
      }
    }
  }
  const head = ["benchmark", "unit", "gradlab", "reference", "speedup"];
  const table = rows.map((r) => [r.name, r.unit, fmt(r.gradlab), r.reference === null ? "n/a" : `${fmt(r.reference)} (${r.referenceName})`, r.speedup === null ? "n/a" : `${r.speedup.toFixed(2)}×`]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of table) console.log(line(r));
  console.log("\nspeedup > 1 means gradlab is better (reference time / gradlab time, or gradlab throughput / reference throughput).");
  if (jsonFile) {
    fs.writeFileSync(jsonFile, JSON.stringify(rows, null, 2) + "\n");
    console.log(`wrote ${jsonFile}`);
  }
}

function fmt(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
