/**
 * The `gradlab` command line. Each command lives in kernel/commands/<name>.ts and is
 * listed once below.
 */
export interface Command {
  /** One line for `gradlab help`. */
  summary: string;
  /** Usage text for `gradlab help <name>`. */
  usage: string;
  /** Run with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

const commands: Record<string, () => Command> = {
  demo: () => require("./commands/demo").command,
  matdiff: () => require("./commands/matdiff").command,
  diff: () => require("./commands/diff").command,
  icpc: () => require("./commands/icpc").command,
  "install-kernel": () => require("./commands/install-kernel").command,
  export: () => require("./commands/export").command,
  run: () => require("./commands/run").command,
};

function help(name?: string): number {
  if (name && commands[name]) {
    process.stdout.write(commands[name]().usage.trimEnd() + "\n");
    return 0;
  }
  const lines = Object.keys(commands).sort().map((n) => `  ${n.padEnd(16)}${commands[n]().summary}`);
  process.stdout.write(`gradlab: a TypeScript Jupyter kernel and library for learning differentiation\n\nUsage: gradlab <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'gradlab help <command>' for its options.\n`);
  return name ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") return help(rest[0]);
  const make = commands[name];
  if (!make) {
    process.stderr.write(`gradlab: unknown command '${name}'. Commands: ${Object.keys(commands).sort().join(", ")}\n`);
    return 2;
  }
  return make().run(rest);
}
