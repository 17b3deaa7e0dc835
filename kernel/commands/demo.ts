/** `gradlab demo`: a short tour in the terminal (what `npm start` shows until the notebooks run). */
import type { Command } from "../cli";
import { tensor, autogradGrad } from "../../lib/index";

export const command: Command = {
  summary: "a short tour of autograd in the terminal",
  usage: "gradlab demo\n\nPrints a few tensors, gradients and a second derivative.",
  async run() {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const y = x.add(2);
    const z = y.mul(y).mul(3);
    const out = z.mean();
    out.backward();
    const say = (label: string, v: unknown) => process.stdout.write(`${label.padEnd(22)}${String(v).replace(/\n/g, "\n" + " ".repeat(22))}\n`);
    say("x", x);
    say("z = 3 (x + 2)^2", z);
    say("out = z.mean()", out);
    say("x.grad = 1.5 (x + 2)", x.grad);
    const t = tensor(2, { requiresGrad: true });
    const [d1] = autogradGrad([t.pow(3)], [t], { createGraph: true });
    const [d2] = autogradGrad([d1], [t]);
    say("d/dt t^3 at 2", d1.detach());
    say("d2/dt2 t^3 at 2", d2);
    return 0;
  },
};
