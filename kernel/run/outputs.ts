/**
 * Turns a cell's iopub messages into nbformat outputs, as a notebook front end does:
 * consecutive stream text of the same name is merged, `clear_output` (with or without
 * `wait`) clears, and `update_display_data` rewrites every output with that display id.
 */
import type { DisplayDataOutput, ExecuteResultOutput, MimeBundle, Output } from "./notebook";

/** The iopub message fields the collector reads (a structural subset of KernelMessage.IIOPubMessage). */
export interface IopubMessage {
  header: { msg_type: string; date?: string };
  content: object;
}

type DisplayOutput = DisplayDataOutput | ExecuteResultOutput;

/** Outputs that carry a display id, across all cells of one notebook (for update_display_data). */
export type DisplayRegistry = Map<string, DisplayOutput[]>;

/** Collects one cell's outputs from its iopub messages. */
export class OutputCollector {
  readonly outputs: Output[] = [];
  /** The execution count from `execute_input`, when the kernel sent one. */
  executionCount: number | null = null;
  /** Timestamps (ISO) of the iopub messages nbclient records as cell timing. */
  readonly timing: Record<string, string> = {};
  private clearOnNext = false;

  constructor(private readonly displays: DisplayRegistry = new Map()) {}

  /** Feed one iopub message. */
  handle(msg: IopubMessage): void {
    const c = msg.content as Record<string, unknown>;
    const type = msg.header.msg_type;
    if (type === "status") {
      const state = c.execution_state as string;
      if ((state === "busy" || state === "idle") && msg.header.date) this.timing[`iopub.status.${state}`] = msg.header.date;
      return;
    }
    if (type === "execute_input") {
      if (typeof c.execution_count === "number") this.executionCount = c.execution_count;
      if (msg.header.date) this.timing["iopub.execute_input"] = msg.header.date;
      return;
    }
    if (type === "clear_output") {
      if (c.wait) this.clearOnNext = true;
      else this.outputs.length = 0;
      return;
    }
    if (type === "update_display_data") {
      const id = (c.transient as { display_id?: string } | undefined)?.display_id;
      for (const o of (id && this.displays.get(id)) || []) {
        o.data = (c.data as MimeBundle) ?? {};
        o.metadata = (c.metadata as Record<string, unknown>) ?? {};
      }
      return;
    }
    if (type !== "stream" && type !== "display_data" && type !== "execute_result" && type !== "error") return;
    if (this.clearOnNext) {
      this.outputs.length = 0;
      this.clearOnNext = false;
    }
    if (type === "stream") {
      const name = c.name === "stderr" ? "stderr" : "stdout";
      const text = String(c.text ?? "");
      const last = this.outputs[this.outputs.length - 1];
      if (last && last.output_type === "stream" && last.name === name) last.text += text;
      else this.outputs.push({ output_type: "stream", name, text });
      return;
    }
    if (type === "error") {
      this.outputs.push({
        output_type: "error",
        ename: String(c.ename ?? "Error"),
        evalue: String(c.evalue ?? ""),
        traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
      });
      return;
    }
    const data = (c.data as MimeBundle) ?? {};
    const metadata = (c.metadata as Record<string, unknown>) ?? {};
    const out: DisplayOutput =
      type === "execute_result"
        ? { output_type: "execute_result", data, metadata, execution_count: typeof c.execution_count === "number" ? c.execution_count : null }
        : { output_type: "display_data", data, metadata };
    this.outputs.push(out);
    const id = (c.transient as { display_id?: string } | undefined)?.display_id;
    if (id) {
      const list = this.displays.get(id) ?? [];
      list.push(out);
      this.displays.set(id, list);
    }
  }
}
