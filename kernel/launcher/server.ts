/**
 * tslab's ZMQ server with the execute path routed through our Handler (one iopub sender per
 * request) and comm_info answered with the right message type.
 */
import type { Handler } from "./handler";
import type { TslabModules, ZmqMessage, ZmqServerInstance } from "./tslab";

export function createServer(tslab: TslabModules, handler: Handler, connectionFile: string, log: (msg: string) => void): ZmqServerInstance {
  const Base = tslab.jupyter.ZmqServer as unknown as new (h: unknown, c: string) => ZmqServerInstance & Record<string, any>;
  class GradlabServer extends Base {
    /**
     * tslab warns about message types it does not handle (comm_open from the notebook UI)
     * with console.warn, which after the first cell writes into the user's cell: send those
     * warnings to the kernel log instead. The switch that warns runs synchronously here.
     */
    handleShellMessage(sock: unknown, ...args: unknown[]): Promise<void> {
      const warn = console.warn;
      console.warn = (...a: unknown[]) => (typeof a[0] === "string" && a[0].startsWith("unknown msg_type") ? log(a.map(String).join(" ")) : warn(...a));
      try {
        return super.handleShellMessage(sock, ...args);
      } finally {
        console.warn = warn;
      }
    }

    async handleExecute(sock: unknown, msg: ZmqMessage): Promise<void> {
      const send = (msgType: string, content: Record<string, unknown>) => {
        const m = msg.createReply();
        m.header.msg_type = msgType;
        m.content = content;
        m.signAndSend(this.connInfo.key, this.iopub);
      };
      const content = await handler.execute(msg.content, send, { session: msg.header.session, sentAt: Date.parse(msg.header.date) });
      const reply = msg.createReply();
      reply.header.msg_type = "execute_reply";
      reply.content = content;
      reply.signAndSend(this.connInfo.key, sock);
    }

    handleCommInfoRequest(sock: unknown, msg: ZmqMessage): void {
      const reply = msg.createReply();
      reply.header.msg_type = "comm_info_reply"; // tslab 1.0.22 answers "complete_reply"
      reply.content = { status: "ok", comms: {} };
      reply.signAndSend(this.connInfo.key, sock);
    }
  }
  return new GradlabServer(handler, connectionFile);
}
