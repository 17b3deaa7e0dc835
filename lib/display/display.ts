/**
 * `display(value)`: show any value in the notebook with all of its MIME types, as IPython's
 * `display`. In the gradlab kernel it sends one `display_data` message; elsewhere (a Node
 * script) it prints the `text/plain` form.
 */
import { randomBytes } from "crypto";
import { kernelHook } from "./kernel";
import { MimeBundle, mimeBundle, JUPYTER_DISPLAY } from "./mime";
import { Table, TableOptions, TableRow } from "./table";

/** Options of `display`. */
export interface DisplayOptions {
  /**
   * Give the output a display id to update it in place later: `true` for a fresh one, or your
   * own string. `display` then returns a handle (as IPython's `display(obj, display_id=True)`);
   * otherwise it returns nothing, so a `display(...)` line shows no Out[ ] of its own.
   */
  displayId?: string | boolean;
  /** Output metadata, e.g. `{ "image/png": { width: 200 } }`. */
  metadata?: Record<string, unknown>;
}

/** A shown output that can be replaced in place (Jupyter's display-id update). */
export class DisplayHandle {
  /** @internal */
  constructor(
    /** The `transient.display_id` of the output. */
    readonly displayId: string,
  ) {}

  /**
   * Replace the output shown by this handle with `value` (same rules as `display`).
   * @example
   * const h = display("step 0", { displayId: true });
   * h.update("step 1"); // the same output now reads "step 1"
   */
  update(value: unknown, metadata?: Record<string, unknown>): void {
    send(mimeBundle(value), metadata ?? {}, this.displayId, true);
  }
}

function send(bundle: MimeBundle, metadata: Record<string, unknown>, displayId: string, update: boolean): void {
  const hook = kernelHook();
  if (hook) {
    hook.displayData(bundle, metadata, displayId, update);
    return;
  }
  const text = bundle["text/plain"];
  process.stdout.write(`${typeof text === "string" ? text : JSON.stringify(text)}\n`);
}

/** A value that shows itself with the given MIME bundle. */
class Raw {
  constructor(private readonly bundle: MimeBundle) {}
  [JUPYTER_DISPLAY](): MimeBundle {
    return this.bundle;
  }
}

/** Options that ask for a handle. */
export type HandleOptions = DisplayOptions & { displayId: string | true };

/** The `display` function with its helpers (`display.html`, `display.latex`, ...). */
export interface Display {
  /**
   * Show a value below the cell with all of its MIME types: objects with a
   * `[Symbol.for("Jupyter.display")]()` method (tensors, expressions, figures, graphs) show
   * richly, anything else as text. With `{ displayId: true }` it returns a handle to update
   * the output in place.
   * @example
   * import { display, tensor } from "gradlab";
   * display(tensor([[1, 2], [3, 4]])); // an HTML table
   * const h = display("loading…", { displayId: true });
   * h.update("done");
   */
  (value: unknown, options: HandleOptions): DisplayHandle;
  (value: unknown, options?: DisplayOptions): void;
  /** Show HTML. @example display.html("<b>bold</b>") */
  html: Helper<string>;
  /** Show LaTeX math (with `$…$` or `$$…$$` delimiters). @example display.latex("$$\\frac{d}{dx}x^2 = 2x$$") */
  latex: Helper<string>;
  /** Show Markdown. @example display.markdown("**bold** and $x^2$") */
  markdown: Helper<string>;
  /** Show an SVG image. @example display.svg('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>') */
  svg: Helper<string>;
  /** Show plain text. @example display.text("hello") */
  text: Helper<string>;
  /**
   * Show a MIME bundle as is; a `text/plain` entry is added when missing.
   * @example display.bundle({ "text/html": "<i>x</i>", "text/plain": "x" })
   */
  bundle: Helper<MimeBundle>;
  /**
   * Show rows as a table (HTML, with Markdown and text forms); rows are objects keyed by
   * column or arrays in column order.
   * @example display.table([{ x: 1, "f(x)": 2, ok: true }, { x: 2, "f(x)": 4, ok: true }])
   */
  table(rows: readonly TableRow[], options?: TableOptions & DisplayOptions): void;
}

/** A helper of `display`: a handle only when a display id is asked for. */
export interface Helper<T> {
  (content: T, options: HandleOptions): DisplayHandle;
  (content: T, options?: DisplayOptions): void;
}

function show(value: unknown, options?: HandleOptions): DisplayHandle;
function show(value: unknown, options?: DisplayOptions): DisplayHandle | undefined;
function show(value: unknown, options: DisplayOptions = {}): DisplayHandle | undefined {
  const asked = options.displayId;
  const id = typeof asked === "string" ? asked : asked ? randomBytes(8).toString("hex") : undefined;
  const hook = kernelHook();
  const bundle = mimeBundle(value);
  if (id === undefined && hook) hook.displayData(bundle, options.metadata ?? {}, undefined, false);
  else send(bundle, options.metadata ?? {}, id ?? "", false);
  return id === undefined ? undefined : new DisplayHandle(id);
}

const one = (mime: string, alt: (s: string) => string) => ((content: string, options?: DisplayOptions) =>
  show(new Raw({ [mime]: content, "text/plain": alt(content) }), options)) as Helper<string>;

/**
 * Show a value below the cell with all of its MIME types (see `Display`).
 * @example
 * import { display, tensor } from "gradlab";
 * display(tensor([1, 2, 3]));
 */
export const display: Display = Object.assign(show as Display, {
  html: one("text/html", () => "<HTML>"),
  latex: one("text/latex", (s) => s),
  markdown: one("text/markdown", (s) => s),
  svg: one("image/svg+xml", () => "<SVG image>"),
  text: ((text: string, options?: DisplayOptions) => show(new Raw({ "text/plain": text }), options)) as Helper<string>,
  bundle: ((bundle: MimeBundle, options?: DisplayOptions) => show(new Raw(bundle), options)) as Helper<MimeBundle>,
  table: (rows: readonly TableRow[], options: TableOptions & DisplayOptions = {}) => {
    show(new Table(rows, options), { metadata: options.metadata });
  },
});
