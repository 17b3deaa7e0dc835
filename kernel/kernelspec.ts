/**
 * The `gradlab` kernelspec: what kernel.json holds and where Jupyter looks for it (the same
 * rules as jupyter_core/jupyter_client, so `jupyter kernelspec list`, the notebook server
 * and nbconvert all find it).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const KERNEL_NAME = "gradlab";
export const DISPLAY_NAME = "TypeScript (gradlab)";

/**
 * glibc malloc settings for the kernel process. By default glibc maps every block above
 * 128 KiB fresh from the OS and unmaps it when freed, so each new large tensor pays a page
 * fault per 4 KiB on first touch (measured here: 57 ms to allocate and fill 66 MB, 11 ms
 * with these settings, 5 ms to refill memory already mapped). Keeping up to 1 GiB of freed
 * heap for reuse makes large tensors cost what their arithmetic costs; RSS then stays at its
 * peak (up to that much more) instead of shrinking after each big temporary.
 */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(2 ** 30),
  MALLOC_TRIM_THRESHOLD_: String(2 ** 30),
};

/** kernel.json of a Jupyter kernelspec. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal" | "message";
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

/**
 * The kernelspec for the package at `root`: the absolute node path (the node that runs this,
 * so the kernel gets the same Node as the set-up), the built launcher and the connection file.
 * @example
 * kernelSpec("/work/gradlab").argv; // ["/usr/bin/node", "/work/gradlab/dist/kernel/launcher.js", "{connection_file}"]
 */
export function kernelSpec(root: string, node = process.execPath, displayName = DISPLAY_NAME, snapshot?: KernelSnapshot): KernelSpec {
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
  const launcher = path.join(root, "dist", "kernel", "launcher.js");
  return {
    argv: snapshot ? snapshotArgv(node, launcher, snapshot) : [node, launcher, "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    interrupt_mode: "signal",
    env: { ...MALLOC_ENV },
    metadata: { gradlab: { version, root } },
  };
}

/** A startup snapshot for the kernel (kernel/snapshot/build.ts) and the Node binary it was made by. */
export interface KernelSnapshot {
  blob: string;
  /** `size:mtime` of the Node binary (`stat -Lc %s:%Y`): a blob only works with the Node that made it. */
  nodeSignature: string;
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Start through /bin/sh, which `exec`s Node (same process, so Jupyter's SIGINT reaches the
 * kernel): from the snapshot when the blob is readable and Node is the binary that made it
 * (an upgraded Node would refuse the blob), else the plain way. GRADLAB_NO_SNAPSHOT=1 in the
 * kernel's environment also starts it the plain way.
 */
function snapshotArgv(node: string, launcher: string, snap: KernelSnapshot): string[] {
  const [n, l, b] = [node, launcher, snap.blob].map(shQuote);
  const script =
    `if [ -z "$GRADLAB_NO_SNAPSHOT" ] && [ -r ${b} ] && [ "$(stat -Lc %s:%Y ${n} 2>/dev/null)" = ${shQuote(snap.nodeSignature)} ]; ` +
    `then exec ${n} --snapshot-blob ${b} ${l} "$1"; fi; exec ${n} ${l} "$1"`;
  return ["/bin/sh", "-c", script, "gradlab-kernel", "{connection_file}"];
}

/** Where to install: the options of `jupyter kernelspec install`. */
export interface Where {
  user?: boolean;
  prefix?: string;
  sysPrefix?: boolean;
}

/** Jupyter's per-user data folder (jupyter_core's `jupyter_data_dir`). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

/** Jupyter's first system-wide data folder (jupyter_core's SYSTEM_JUPYTER_PATH[0]). */
export function systemDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return path.join(env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter");
  return "/usr/local/share/jupyter";
}

/** sys.prefix of the Python that runs `jupyter` (for --sys-prefix). */
export function jupyterSysPrefix(): string {
  const which = spawnSync(process.platform === "win32" ? "where" : "which", ["jupyter"], { encoding: "utf8" });
  let python = "python3";
  const jupyter = which.status === 0 ? which.stdout.split(/\r?\n/)[0].trim() : "";
  if (jupyter) {
    const first = fs.readFileSync(jupyter, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m) python = m[1].endsWith("/env") && m[2] ? m[2] : m[1];
  }
  const r = spawnSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`install-kernel --sys-prefix: could not ask ${python} for sys.prefix (${r.error?.message ?? r.stderr.trim()}); use --prefix instead`);
  return r.stdout.trim();
}

/**
 * The `kernels` folder to install into. With no option: system-wide when run as root (what a
 * CI machine and `sudo` set-ups want; Jupyter always searches it), else the user's folder.
 */
export function kernelsDir(where: Where, isRoot = typeof process.getuid === "function" && process.getuid() === 0): { dir: string; scope: string } {
  const chosen = [where.user, where.prefix !== undefined, where.sysPrefix].filter(Boolean).length;
  if (chosen > 1) throw new Error("install-kernel: choose at most one of --user, --prefix and --sys-prefix");
  if (where.prefix !== undefined) return { dir: path.join(path.resolve(where.prefix), "share", "jupyter", "kernels"), scope: "prefix" };
  if (where.sysPrefix) return { dir: path.join(jupyterSysPrefix(), "share", "jupyter", "kernels"), scope: "sys-prefix" };
  if (where.user || !isRoot) return { dir: path.join(userDataDir(), "kernels"), scope: "user" };
  return { dir: path.join(systemDataDir(), "kernels"), scope: "system" };
}

/** A small logo for front ends that show one (JupyterLab's launcher reads logo-svg.svg). */
export const LOGO_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
  `<rect width="64" height="64" rx="12" fill="#3178c6"/>` +
  `<text x="32" y="45" font-family="Georgia, serif" font-size="40" font-style="italic" text-anchor="middle" fill="#fff">∂</text></svg>\n`;

/**
 * Write `<kernelsDir>/<name>/kernel.json` (and the logo) when they differ from what is there.
 * Returns the folder and whether anything changed.
 */
export function installKernelSpec(kernels: string, spec: KernelSpec, name = KERNEL_NAME): { dir: string; changed: boolean } {
  if (!/^[a-z0-9._-]+$/i.test(name)) throw new Error(`install-kernel: the kernel name "${name}" may only hold letters, digits, ".", "_" and "-"`);
  const dir = path.join(kernels, name);
  fs.mkdirSync(dir, { recursive: true });
  let changed = false;
  const files: [string, string][] = [
    ["kernel.json", JSON.stringify(spec, null, 2) + "\n"],
    ["logo-svg.svg", LOGO_SVG],
  ];
  for (const [file, text] of files) {
    const p = path.join(dir, file);
    if (fs.existsSync(p) && fs.readFileSync(p, "utf8") === text) continue;
    fs.writeFileSync(p, text);
    changed = true;
  }
  return { dir, changed };
}
