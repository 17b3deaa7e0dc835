/** `gradlab install-kernel`: install the `gradlab` kernelspec for Jupyter (idempotent). */
import * as fs from "fs";
import * as path from "path";
import type { Command } from "../cli";
import { DISPLAY_NAME, KERNEL_NAME, installKernelSpec, kernelSpec, kernelsDir } from "../kernelspec";
import type { KernelSnapshot } from "../kernelspec";
import { buildSnapshot, fileSignature } from "../snapshot/build";

/** Build (or find up to date) the kernel's startup snapshot; on failure say why and go without. */
function startupSnapshot(root: string, quiet?: boolean): KernelSnapshot | undefined {
  try {
    const r = buildSnapshot(root);
    if (r.built && !quiet) process.stdout.write(`Built the kernel's startup snapshot (${r.typings} typings, ${r.seconds.toFixed(1)} s): ${r.files.blob}\n`);
    return { blob: r.files.blob, nodeSignature: fileSignature(process.execPath) };
  } catch (e) {
    process.stderr.write(`install-kernel: no startup snapshot (${(e as Error).message}); the kernel starts without it\n`);
    return undefined;
  }
}

const USAGE = `gradlab install-kernel [--user | --prefix PREFIX | --sys-prefix] [--name NAME] [--display-name TEXT] [--no-snapshot] [--quiet]

Installs the Jupyter kernelspec "${KERNEL_NAME}" ("${DISPLAY_NAME}") that runs this checkout's
kernel (dist/kernel/launcher.js) with this Node. Running it again only rewrites what changed.

  (no option)     system-wide (/usr/local/share/jupyter/kernels) when run as root, else --user
  --user          the user's Jupyter data folder (~/.local/share/jupyter/kernels on Linux)
  --prefix P      P/share/jupyter/kernels (Jupyter finds it when JUPYTER_PATH includes P/share/jupyter)
  --sys-prefix    the share/jupyter/kernels folder of the Python environment that runs \`jupyter\`
  --name NAME     kernelspec name (default ${KERNEL_NAME})
  --display-name  the name shown in notebook menus (default "${DISPLAY_NAME}")
  --no-snapshot   do not build the startup snapshot (dist/snapshot/, about 50 MB): the
                  kernel then parses its typings at every start (first cell about 1.5 s later)
  --quiet         print nothing unless something goes wrong

The startup snapshot holds TypeScript with the standard typings already parsed; it is made
once per Node version (about 10 s) and only when its inputs changed.

Check with: jupyter kernelspec list`;

function parse(args: string[]): { user?: boolean; prefix?: string; sysPrefix?: boolean; quiet?: boolean; name?: string; displayName?: string; noSnapshot?: boolean } {
  const out: ReturnType<typeof parse> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (flag: string) => {
      const eq = a.indexOf("=");
      if (eq >= 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`install-kernel: ${flag} needs a value`);
      return v;
    };
    if (a === "--user") out.user = true;
    else if (a === "--sys-prefix") out.sysPrefix = true;
    else if (a === "--quiet" || a === "-q") out.quiet = true;
    else if (a === "--no-snapshot") out.noSnapshot = true;
    else if (a === "--prefix" || a.startsWith("--prefix=")) out.prefix = value("--prefix");
    else if (a === "--name" || a.startsWith("--name=")) out.name = value("--name");
    else if (a === "--display-name" || a.startsWith("--display-name=")) out.displayName = value("--display-name");
    else throw new Error(`install-kernel: unknown option '${a}'. Options: --user, --prefix P, --sys-prefix, --name N, --display-name T, --no-snapshot, --quiet`);
  }
  return out;
}

export const command: Command = {
  summary: "install the Jupyter kernelspec 'gradlab' (TypeScript (gradlab))",
  usage: USAGE,
  async run(args) {
    let opts: ReturnType<typeof parse>;
    try {
      opts = parse(args);
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const root = path.resolve(__dirname, "..", "..", "..");
    const launcher = path.join(root, "dist", "kernel", "launcher.js");
    if (!fs.existsSync(launcher)) {
      process.stderr.write(`install-kernel: ${launcher} does not exist; build first with \`npm run build\`\n`);
      return 1;
    }
    const { dir: kernels, scope } = kernelsDir(opts);
    const snapshot = opts.noSnapshot || process.platform === "win32" ? undefined : startupSnapshot(root, opts.quiet);
    const spec = kernelSpec(root, process.execPath, opts.displayName ?? DISPLAY_NAME, snapshot);
    let result: { dir: string; changed: boolean };
    try {
      result = installKernelSpec(kernels, spec, opts.name ?? KERNEL_NAME);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const hint = err.code === "EACCES" || err.code === "EPERM" ? " (no permission: use --user, or run as root)" : "";
      process.stderr.write(`install-kernel: could not write the kernelspec in ${kernels}: ${err.message}${hint}\n`);
      return 1;
    }
    if (!opts.quiet) {
      process.stdout.write(`${result.changed ? "Installed" : "Up to date:"} kernelspec '${opts.name ?? KERNEL_NAME}' (${spec.display_name}, ${scope}) in ${result.dir}\n`);
      if (scope === "prefix") process.stdout.write(`Jupyter finds it when JUPYTER_PATH includes ${path.dirname(kernels)}\n`);
    }
    return 0;
  },
};
