/**
 * Source rewrites applied to a cell before tslab sees it, for two things tslab 1.0.22 gets
 * wrong with TypeScript 5.0:
 * - tslab rewrites a name declared in an earlier cell to `exports.name` but misses the
 *   shorthand property `{ name }` (the checker resolves that name to the property), so
 *   `const o = { trials }` failed with "trials is not defined". Each shorthand property is
 *   spelled out as `{ name: name }`, which means the same everywhere (also in patterns).
 * - tslab recognises a top-level `await` but not a top-level `for await` loop (another
 *   TypeScript diagnostic), which failed with "Unexpected reserved word". Such a loop is
 *   run as `await Promise.resolve().then(async () => { <loop> });`, a top-level await.
 * Both keep the cell's line structure, so error positions stay on the right line.
 */
import { tslabTypeScriptPath } from "./tslab";

type TS = typeof import("typescript");
let ts: TS | null = null;

/** The cell's source, rewritten (see above). */
export function rewriteCell(code: string): string {
  if (!code.includes("{") && !code.includes("for await")) return code;
  ts ??= require(tslabTypeScriptPath()) as TS;
  const t = ts;
  const sf = t.createSourceFile("cell.ts", code, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const edits: { pos: number; text: string }[] = [];
  for (const st of sf.statements) {
    if (t.isForOfStatement(st) && st.awaitModifier) {
      edits.push({ pos: st.getStart(sf), text: "await Promise.resolve().then(async () => { " }, { pos: st.getEnd(), text: " });" });
    }
  }
  const visit = (n: import("typescript").Node): void => {
    if (t.isShorthandPropertyAssignment(n)) edits.push({ pos: n.name.getStart(sf), text: `${n.name.text}: ` });
    t.forEachChild(n, visit);
  };
  visit(sf);
  let out = code;
  // apply from the end; at one position, the later-listed edit goes in first
  for (const { pos, text } of edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.pos - a.pos || b.i - a.i)) {
    out = `${out.slice(0, pos)}${text}${out.slice(pos)}`;
  }
  return out;
}
