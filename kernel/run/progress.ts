/**
 * What `gradlab run` prints: live progress (a status line per running notebook, redrawn on
 * a terminal; plain lines in logs and CI), then a summary table and the failure report.
 */
import * as path from "path";
import type { ProgressEvent } from "./execute";
import type { NotebookReport, RunReport } from "./runner";
import { PASSING } from "./runner";

/** Remove ANSI colour codes (tracebacks from IPython and Node carry them). */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel && !rel.startsWith("..") ? rel : file;
}

const SYMBOL: Record<string, string> = { passed: "ok", error: "FAIL", timeout: "TIMEOUT", died: "DIED", "no-kernel": "NO KERNEL", invalid: "INVALID", cancelled: "CANCELLED" };

/** One line for a finished notebook. */
export function doneLine(r: NotebookReport): string {
  const head = `${SYMBOL[r.status].padEnd(9)} ${display(r.file)}`;
  if (r.status === "passed") return `${head}  ${r.executed}/${r.codeCells} cells  ${r.seconds.toFixed(1)} s${r.failure ? "  (errors allowed)" : ""}`;
  const where = r.failure ? `cell ${r.failure.cell}: ${r.failure.ename}: ${firstLine(r.failure.evalue)}` : "";
  return `${head}  ${r.message && !where ? r.message : where || r.message || ""}`.trimEnd();
}

function firstLine(s: string): string {
  const l = stripAnsi(s).split("\n")[0];
  return l.length > 160 ? l.slice(0, 157) + "..." : l;
}

interface Live {
  cell: number;
  total: number;
  started: number;
  cellStarted: number;
  lastBeat: number;
}

/** Prints progress events to a stream; call `stop()` before printing anything else. */
export class ProgressPrinter {
  private live = new Map<string, Live>();
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;
  private finished = 0;

  constructor(
    private readonly out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean },
    private readonly total: number,
    private readonly tty = !!out.isTTY,
    private readonly beatMs = 15_000,
  ) {
    this.timer = setInterval(() => this.tick(), tty ? 250 : 1000);
    this.timer.unref();
  }

  /** Feed a runner progress event. */
  handle(e: ProgressEvent | { type: "done"; report: NotebookReport } | { type: "server"; url: string; embedded: boolean }): void {
    const now = Date.now();
    if (e.type === "server") return this.permanent(e.embedded ? `started a Jupyter server at ${e.url} (loopback, token required)` : `using the Jupyter server at ${e.url}`);
    if (e.type === "start") {
      this.live.set(e.file, { cell: 0, total: e.codeCells, started: now, cellStarted: now, lastBeat: now });
      if (!this.tty) this.permanent(`start     ${display(e.file)} (${e.codeCells} code cells)`);
    } else if (e.type === "cell") {
      const l = this.live.get(e.file);
      if (l) Object.assign(l, { cell: e.index, total: e.codeCells, cellStarted: now, lastBeat: now });
    } else if (e.type === "done") {
      this.live.delete(e.report.file);
      this.finished++;
      this.permanent(`[${this.finished}/${this.total}] ${doneLine(e.report)}`);
    }
    if (this.tty) this.redraw();
  }

  private tick(): void {
    if (this.tty) return this.redraw();
    const now = Date.now();
    for (const [file, l] of this.live) {
      if (now - l.lastBeat >= this.beatMs) {
        l.lastBeat = now;
        this.permanent(`running   ${display(file)}  cell ${l.cell}/${l.total}  ${((now - l.cellStarted) / 1000).toFixed(0)} s in this cell, ${((now - l.started) / 1000).toFixed(0)} s in all`);
      }
    }
  }

  private liveLines(): string[] {
    const now = Date.now();
    const width = (process.stdout.columns || 100) - 1;
    return [...this.live].map(([file, l]) => {
      const line = `  running ${display(file)}  ${l.cell ? `cell ${l.cell}/${l.total}` : "starting kernel"}  ${((now - l.started) / 1000).toFixed(1)} s`;
      return line.length > width ? line.slice(0, width) : line;
    });
  }

  private clear(): void {
    if (this.tty && this.drawn) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    const lines = this.liveLines();
    if (lines.length) this.out.write(lines.join("\n") + "\n");
    this.drawn = lines.length;
  }

  private permanent(line: string): void {
    this.clear();
    this.out.write(line + "\n");
    if (this.tty) this.redraw();
  }

  /** Stop redrawing and erase the live lines. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
  }
}

/** The summary table: notebook, cells, seconds, status. */
export function summaryTable(report: RunReport): string {
  const head = ["notebook", "cells", "seconds", "status"];
  const rows = report.notebooks.map((r) => [display(r.file), r.codeCells ? `${r.executed}/${r.codeCells}` : "-", r.seconds ? r.seconds.toFixed(1) : "-", r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  const passed = report.notebooks.filter((r) => PASSING.has(r.status)).length;
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), "", `${passed} of ${report.notebooks.length} notebooks passed in ${report.seconds.toFixed(1)} s`].join("\n") + "\n";
}

/** The failure report: for each notebook that did not pass, where and why, with the traceback. */
export function failureReport(report: RunReport, tracebackLines = 20): string {
  const parts: string[] = [];
  for (const r of report.notebooks) {
    if (PASSING.has(r.status)) continue;
    const lines = [`${r.status.toUpperCase()}: ${display(r.file)}${r.message ? ` - ${r.message}` : ""}`];
    const f = r.failure;
    if (f) {
      lines.push(`  in cell ${f.cell}${f.executionCount !== null ? ` (In [${f.executionCount}])` : ""}, id ${f.cellId}:`);
      f.source.split("\n").forEach((l, i) => lines.push(`    ${String(i + 1).padStart(3)} | ${l}`));
      lines.push(`  ${f.ename}: ${stripAnsi(f.evalue)}`);
      const tb = f.traceback.flatMap((t) => stripAnsi(t).split("\n")).filter((l) => l.trim());
      const shown = tb.length > tracebackLines ? [`... (${tb.length - tracebackLines} earlier lines)`, ...tb.slice(-tracebackLines)] : tb;
      for (const l of shown) lines.push(`    ${l}`);
    }
    if (r.output) lines.push(`  executed copy (with the error in place): ${display(r.output)}`);
    parts.push(lines.join("\n"));
  }
  return parts.length ? parts.join("\n\n") + "\n" : "";
}
