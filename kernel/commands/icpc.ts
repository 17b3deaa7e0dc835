/** `gradlab icpc`: the ICPC expression-derivative problem (article 08), judge input on stdin. */
import type { Command } from "../cli";
import { icpc } from "../../lib/symbolic/icpc";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const command: Command = {
  summary: "solve the ICPC expression-derivative problem (stdin: T, then expression/point pairs)",
  usage: `gradlab icpc < input.txt

Reads T, then T pairs of lines: an expression f in x (the full gradlab grammar: numbers,
+ - * / ^, implicit products like 2x, ln, log, exp, sqrt, sin, cos, …) and a point a.
Prints f'(a) per line, rounded half-up to two decimals, from the exact symbolic derivative.
A bad case prints "error" on its line and a one-line reason with the column on stderr;
the other cases are still answered, and the exit code is 1.

Example:
  printf '1\\nln(x)+x\\n0.5\\n' | gradlab icpc      # 3.00`,
  async run(args) {
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(this.usage + "\n");
      return 0;
    }
    let answers;
    try {
      answers = icpc(await readStdin());
    } catch (e) {
      process.stderr.write(`gradlab icpc: ${(e as Error).message.replace(/^icpc: /, "")}\n`);
      return 2;
    }
    let failed = 0;
    answers.forEach((c, i) => {
      if (c.error) {
        failed++;
        process.stdout.write("error\n");
        process.stderr.write(`gradlab icpc: case ${i + 1}: ${c.error}: ${c.expr}\n`);
      } else process.stdout.write(c.output + "\n");
    });
    return failed ? 1 : 0;
  },
};
