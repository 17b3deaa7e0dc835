/**
 * Notebook parameters, papermill's convention: `-p name value` values are injected as a new
 * code cell tagged `injected-parameters`, right after the cell tagged `parameters`, written in
 * the kernel's language (TypeScript for gradlab). Unlike papermill, a notebook without a
 * `parameters` cell is left as it is: it declares no parameters, so a run over a whole folder
 * with `-p steps 10` changes only the notebooks that take `steps`.
 */
import { CodeCell, Notebook, newCellId } from "./notebook";

/** A parameter value after type inference. */
export type ParamValue = string | number | boolean | null;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Infer a `-p` value's type as papermill does: integers and floats become numbers,
 * `true`/`false` (any case) booleans, `null`/`None` null, anything else stays a string.
 *
 * @example
 * inferParam("10"); // 10
 * inferParam("abc"); // "abc"
 */
export function inferParam(text: string): ParamValue {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) return Number(text);
  const low = text.trim().toLowerCase();
  if (low === "true") return true;
  if (low === "false") return false;
  if (low === "null" || low === "none") return null;
  return text;
}

/** Check a parameter name: it must be an identifier in TypeScript and Python alike. */
export function checkParamName(name: string): void {
  if (!IDENT.test(name) || name.includes("$")) {
    throw new Error(`parameter name '${name}' is not a valid identifier: use letters, digits and '_' (not starting with a digit)`);
  }
}

function pyLiteral(v: ParamValue): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return JSON.stringify(v); // a JSON string or number is a valid Python literal
}

/**
 * The source of the injected cell in the kernel's language: `const name = value;` lines for
 * TypeScript/JavaScript kernels (tslab lets a later cell redeclare a name), assignments for Python.
 */
export function parameterSource(params: Record<string, ParamValue>, language: string): string {
  const lang = language.toLowerCase();
  const names = Object.keys(params);
  if (lang === "python") return ["# Parameters", ...names.map((n) => `${n} = ${pyLiteral(params[n])}`)].join("\n");
  if (lang === "typescript" || lang === "javascript") {
    return ["// Parameters", ...names.map((n) => `const ${n} = ${JSON.stringify(params[n])};`)].join("\n");
  }
  throw new Error(`cannot inject parameters into a '${language}' kernel: only TypeScript, JavaScript and Python kernels are supported`);
}

function hasTag(c: { metadata: { tags?: string[] } }, tag: string): boolean {
  return Array.isArray(c.metadata.tags) && c.metadata.tags.includes(tag);
}

/**
 * Insert the parameters cell into `nb` (in place): it replaces an earlier `injected-parameters`
 * cell, else goes right after the cell tagged `parameters`. Returns the new cell, or null when
 * `params` is empty or the notebook has no `parameters` cell.
 */
export function injectParameters(nb: Notebook, params: Record<string, ParamValue>, language: string): CodeCell | null {
  const old = nb.cells.findIndex((c) => hasTag(c, "injected-parameters"));
  const at = nb.cells.findIndex((c) => hasTag(c, "parameters"));
  if (Object.keys(params).length === 0 || (old < 0 && at < 0)) return null;
  const cell: CodeCell = {
    id: newCellId(),
    cell_type: "code",
    source: parameterSource(params, language),
    metadata: { tags: ["injected-parameters"] },
    execution_count: null,
    outputs: [],
  };
  if (old >= 0) nb.cells.splice(old, 1, cell);
  else nb.cells.splice(at + 1, 0, cell);
  return cell;
}
