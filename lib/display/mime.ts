/**
 * The rich-display protocol shared by every gradlab object: a value shows itself in the
 * kernel through a method `[Symbol.for("Jupyter.display")]()` that returns a MIME bundle,
 * e.g. `{ "text/plain": "...", "text/html": "<table>..." }`. Deno's Jupyter kernel uses the
 * same symbol, so objects written for one show in the other.
 */
import { inspect } from "util";

/** A Jupyter MIME bundle: MIME type → content (a string, or JSON for `application/*+json`). */
export type MimeBundle = { [mime: string]: unknown };

/** The method key of the display protocol: `Symbol.for("Jupyter.display")`. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as any;

/** An object that displays itself richly. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * True when `value` implements the display protocol.
 * @example
 * isDisplayable(tensor([1, 2])); // true
 * isDisplayable({ a: 1 });       // false
 */
export function isDisplayable(value: unknown): value is Displayable {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as any)[JUPYTER_DISPLAY] === "function";
}

/** Plain text for any value, as the Node REPL shows it. */
export function plainText(value: unknown): string {
  return typeof value === "string" ? value : inspect(value, { depth: 4, colors: false, maxArrayLength: 100 });
}

/**
 * The MIME bundle of a value: the object's own bundle when it implements the protocol
 * (always with a `text/plain` entry added when it is missing), else its REPL text. A display
 * method that throws or returns something that is not a bundle gives the text form plus a
 * note saying what went wrong, so one broken object never breaks a cell.
 * @example
 * mimeBundle(tensor([1, 2]))["text/html"]; // "<div class=\"gradlab-tensor\">…"
 * mimeBundle(42);                          // { "text/plain": "42" }
 */
export function mimeBundle(value: unknown): MimeBundle {
  if (!isDisplayable(value)) return { "text/plain": plainText(value) };
  try {
    return normalizeBundle(value, value[JUPYTER_DISPLAY]());
  } catch (e) {
    return normalizeBundle(value, undefined, e);
  }
}

/**
 * Check what a display method returned (or the error it threw) and make it a bundle with a
 * `text/plain` entry; anything wrong becomes the text form plus a note saying what.
 * @example
 * normalizeBundle(obj, { "text/html": "<b>x</b>" }); // { "text/html": "<b>x</b>", "text/plain": "…" }
 */
export function normalizeBundle(value: unknown, bundle: unknown, error?: unknown): MimeBundle {
  if (error !== undefined) return { "text/plain": `${safeText(value)}\n[display failed: ${(error as Error)?.message ?? String(error)}]` };
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle) || Object.keys(bundle).length === 0) {
    return { "text/plain": `${safeText(value)}\n[display failed: [Symbol.for("Jupyter.display")]() must return a MIME bundle such as { "text/plain": "..." }, got ${plainText(bundle)}]` };
  }
  const out: MimeBundle = { ...(bundle as MimeBundle) };
  if (typeof out["text/plain"] !== "string") out["text/plain"] = safeText(value);
  return out;
}

function safeText(value: unknown): string {
  try {
    return plainText(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
