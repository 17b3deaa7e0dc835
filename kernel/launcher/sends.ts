/**
 * zeromq 6 sockets allow one send at a time ("Socket is busy writing"), and tslab sends
 * without waiting for the previous send: a cell that displays quickly (a progress line in a
 * long loop) made a send fail and the kernel die. Every send of the kernel's sockets is
 * queued behind the previous one on the same socket, in order.
 */
type Send = (this: object, msg: unknown) => Promise<void>;

const queues = new WeakMap<object, Promise<void>>();
const WRAPPED = Symbol("gradlab.serialized");

export function serializeSends(log: (msg: string) => void): void {
  const zmq = require("zeromq") as { Socket: { prototype: object } };
  const proto = zmq.Socket.prototype;
  const orig = (proto as Record<string, unknown>).send as (Send & { [WRAPPED]?: true }) | undefined;
  if (typeof orig !== "function" || orig[WRAPPED]) return;
  const wrapped = function (this: object, msg: unknown): Promise<void> {
    const prev = queues.get(this) ?? Promise.resolve();
    const p = prev.then(() => orig.call(this, msg));
    queues.set(this, p.catch(() => undefined));
    p.catch((e: Error) => log(`a send failed: ${e.message}`));
    return p;
  } as Send & { [WRAPPED]?: true };
  wrapped[WRAPPED] = true;
  // the native property is read-only but configurable
  Object.defineProperty(proto, "send", { value: wrapped, writable: false, configurable: true, enumerable: false });
}
