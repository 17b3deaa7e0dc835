/** The test notebook of the nbconvert and browser tests: one cell per kind of rich output. */

export interface Cell {
  cell_type: "code" | "markdown";
  source: string;
}

export const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect class="gradlab-test-svg" width="60" height="20" fill="#3178c6"/></svg>`;

/** Cells, in order; `index` names the ones the tests look at. */
export const cells: Cell[] = [
  { cell_type: "markdown", source: "# gradlab kernel test\nRich outputs of every kind: $e^{i\\pi} + 1 = 0$." },
  { cell_type: "code", source: `import { tensor, display, plot, progress } from "gradlab";\nconst w = tensor([[1, -2], [0.5, 3]], { requiresGrad: true });\nw.pow(2).sum().backward();\nw` },
  {
    cell_type: "code",
    // a stand-in for the symbolic Expr: any object with the display protocol
    source: `class Derivative {\n  [Symbol.for("Jupyter.display")]() {\n    return { "text/latex": "$$\\\\frac{d}{dx} x^3 = 3x^2$$", "text/plain": "d/dx x^3 = 3*x^2" };\n  }\n}\nnew Derivative()`,
  },
  { cell_type: "code", source: `plot.fn((x: number) => x ** 3, [-2, 2], { derivative: true, tangentAt: 1, title: "x³ and its tangent at 1" })` },
  { cell_type: "code", source: `display.svg(${JSON.stringify(SVG)});` },
  { cell_type: "code", source: `let total = 0;\nfor (const i of progress(40, { every: 0, label: "loop" })) total += i;\ntotal` },
  { cell_type: "code", source: `throw new RangeError("bad range");` },
  { cell_type: "code", source: `w.sum().item()` },
  { cell_type: "code", source: `import { sym } from "gradlab";\nsym.parse("x^3").diff("x")` },
  { cell_type: "code", source: `plot.contour((x: number, y: number) => x * x + 3 * y * y, [-2, 2], [-2, 2], { path: [[1.5, 1.5], [0.9, 0.3], [0.5, 0.1], [0, 0]] })` },
];

export const index = { tensor: 1, latex: 2, fn: 3, svg: 4, progress: 5, error: 6, after: 7, sym: 8, contour: 9 };

/** An nbformat 4.5 notebook for the gradlab kernel. */
export function notebookJson(list: Cell[] = cells): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "gradlab", display_name: "TypeScript (gradlab)", language: "typescript" } },
      cells: list.map((c, i) => ({
        id: `cell-${i}`,
        cell_type: c.cell_type,
        metadata: {},
        source: c.source,
        ...(c.cell_type === "code" ? { outputs: [], execution_count: null } : {}),
      })),
    },
    null,
    1,
  );
}
