/**
 * tslab rewrites a name declared in an earlier cell to `exports.name`, but it misses the
 * shorthand property `{ name }` (the checker resolves that name to the property, not the
 * variable), so `const o = { trials }` fails with "trials is not defined" when `trials` comes
 * from an earlier cell. Before a cell reaches tslab, each shorthand property is spelled out
 * as `{ name: name }`, which means the same everywhere (also in assignment patterns).
 */
import { tslabTypeScriptPath } from "./tslab";

type TS = typeof import("typescript");
let ts: TS | null = null;

/** The cell's source with every shorthand property `{ a }` written as `{ a: a }`. */
export function expandShorthand(code: string): string {
  if (!code.includes("{")) return code;
  ts ??= require(tslabTypeScriptPath()) as TS;
  const t = ts;
  const sf = t.createSourceFile("cell.ts", code, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const at: { pos: number; name: string }[] = [];
  const visit = (n: import("typescript").Node): void => {
    if (t.isShorthandPropertyAssignment(n)) at.push({ pos: n.name.getStart(sf), name: n.name.text });
    t.forEachChild(n, visit);
  };
  visit(sf);
  let out = code;
  for (const { pos, name } of at.sort((a, b) => b.pos - a.pos)) out = `${out.slice(0, pos)}${name}: ${out.slice(pos)}`;
  return out;
}
