/**
 * The Jupyter server `gradlab run` talks to: either one it starts itself (the installed
 * `jupyter server` or `jupyter notebook`, on 127.0.0.1, a free port, a random token, no
 * browser, always shut down afterwards) or an existing one given by URL and token.
 */
import { ServerConnection } from "@jupyterlab/services";
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import WebSocket from "ws";

/** A kernelspec as the server lists it. */
export interface KernelSpecInfo {
  name: string;
  language: string;
  displayName: string;
}

/** A Jupyter server ready for requests. */
export interface JupyterServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:8888/. */
  baseUrl: string;
  /** Settings for @jupyterlab/services managers. */
  settings: ServerConnection.ISettings;
  /** The folder the server serves (notebook paths are relative to it); null when unknown (remote). */
  rootDir: string | null;
  /** The server's version string from /api. */
  version: string;
  kernelspecs: Map<string, KernelSpecInfo>;
  /** The server's default kernel name. */
  defaultKernel: string;
  /** True when gradlab started this server. */
  embedded: boolean;
  /** The server process id (embedded only). */
  pid?: number;
  /** Stop the server (embedded) and release resources; safe to call twice. */
  close(): Promise<void>;
}

/** The server could not be started or reached: the message is one line saying why and what to do. */
export class ServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServerError";
  }
}

/**
 * A `ws` WebSocket that never offers subprotocols. @jupyterlab/services 7 first offers the
 * `v1.kernel.websocket.jupyter.org` subprotocol; Notebook 6.4 does not support it, so every
 * kernel connection would fail once and reconnect. Servers that do support it (jupyter_server
 * 2) still accept the legacy JSON protocol, so offering none works with both.
 */
class PlainWebSocket extends WebSocket {
  constructor(url: string, _protocols?: string | string[], options?: WebSocket.ClientOptions) {
    super(url, [], options);
  }
}

function settingsFor(baseUrl: string, token: string): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, "ws"),
    token,
    appendToken: true,
    WebSocket: PlainWebSocket as unknown as ServerConnection.ISettings["WebSocket"],
  });
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError") return "no answer within 10 s";
  const code = err.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND") return "host not found";
  return err.cause?.message ?? err.message;
}

async function getJson(baseUrl: string, route: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(baseUrl + route, { headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: the caller reports the status */
  }
  return { status: res.status, body };
}

interface ServerFacts {
  version: string;
  kernelspecs: Map<string, KernelSpecInfo>;
  defaultKernel: string;
}

/** Ask the server for its version and kernelspecs; throws ServerError with a clear line. */
async function probe(baseUrl: string, token: string): Promise<ServerFacts> {
  let specs: { status: number; body: unknown };
  try {
    specs = await getJson(baseUrl, "api/kernelspecs", token);
  } catch (e) {
    throw new ServerError(`cannot reach the Jupyter server at ${baseUrl} (${describeFetchError(e)}); check --server-url, or leave it out to let gradlab start its own server`);
  }
  if (specs.status === 401 || specs.status === 403) {
    throw new ServerError(`the Jupyter server at ${baseUrl} refused the token (HTTP ${specs.status}); check --token (it is the ?token=... part of the server's URL)`);
  }
  const body = specs.body as { default?: string; kernelspecs?: Record<string, { name: string; spec?: { language?: string; display_name?: string } }> } | null;
  if (specs.status !== 200 || !body || typeof body.kernelspecs !== "object") {
    throw new ServerError(`${baseUrl} does not answer like a Jupyter server (HTTP ${specs.status} for /api/kernelspecs); check --server-url (include any base path, e.g. https://hub.example/user/NAME/)`);
  }
  const kernelspecs = new Map<string, KernelSpecInfo>();
  for (const [name, k] of Object.entries(body.kernelspecs!)) {
    kernelspecs.set(name, { name, language: k.spec?.language ?? "", displayName: k.spec?.display_name ?? name });
  }
  let version = "";
  try {
    version = String(((await getJson(baseUrl, "api", token)).body as { version?: string } | null)?.version ?? "");
  } catch {
    /* the version is informative only */
  }
  return { version, kernelspecs, defaultKernel: body.default ?? "" };
}

/** Normalize a server URL: must be http(s), ends with "/". */
export function normalizeServerUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ServerError(`--server-url '${url}' is not a URL; expected e.g. http://127.0.0.1:8888/`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new ServerError(`--server-url '${url}' must start with http:// or https://`);
  u.search = "";
  u.hash = "";
  return u.toString().replace(/\/?$/, "/");
}

/**
 * Use an existing Jupyter server (a JupyterHub user server, a remote or local server).
 * Checks that it answers and accepts the token before anything runs.
 *
 * @example
 * const server = await connectServer("http://127.0.0.1:8888/", "secret");
 * [...server.kernelspecs.keys()]; // ["python3", "gradlab"]
 * await server.close();
 */
export async function connectServer(url: string, token: string): Promise<JupyterServer> {
  const baseUrl = normalizeServerUrl(url);
  const facts = await probe(baseUrl, token);
  return { baseUrl, settings: settingsFor(baseUrl, token), rootDir: null, embedded: false, ...facts, close: async () => {} };
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function onPath(exe: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, exe);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** The Python that runs a console script (from its #! line), or null. */
function shebangPython(script: string): string | null {
  try {
    const first = fs.readFileSync(script, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\S*python[0-9.]*)\s*$/.exec(first);
    return m && fs.existsSync(m[1]) ? m[1] : null;
  } catch {
    return null;
  }
}

interface Launch {
  command: string;
  args: string[];
  /** True when the launch watches stdin and stops the server when gradlab goes away. */
  watched: boolean;
}

// Runs the server app in Python with a thread that sends SIGTERM to the server when its
// stdin closes, so the server (and its kernels) stop even if gradlab is killed with SIGKILL.
const WATCHDOG = (module: string) =>
  [
    "import os, signal, sys, threading",
    "def _watch():",
    "    try: sys.stdin.buffer.read()",
    "    except Exception: pass",
    "    os.kill(os.getpid(), signal.SIGTERM)",
    "threading.Thread(target=_watch, daemon=True).start()",
    `from ${module} import main`,
    "sys.exit(main())",
  ].join("\n");

/** How to launch the installed server: `jupyter server` if present, else `jupyter notebook`. */
export function findServerLaunch(): { launch: (flags: (app: string) => string[]) => Launch; app: "ServerApp" | "NotebookApp" } {
  const server = onPath("jupyter-server");
  const notebook = onPath("jupyter-notebook");
  const script = server ?? notebook;
  if (!script) {
    throw new ServerError("no Jupyter server is installed (neither 'jupyter-server' nor 'jupyter-notebook' is on PATH); install Debian's jupyter-notebook (node scripts/setup.js does), or pass --server-url URL --token T");
  }
  const app = server ? "ServerApp" : "NotebookApp";
  const module = server ? "jupyter_server.serverapp" : "notebook.notebookapp";
  const python = shebangPython(script);
  return {
    app,
    launch: (flags) => (python ? { command: python, args: ["-c", WATCHDOG(module), ...flags(app)], watched: true } : { command: script, args: flags(app), watched: false }),
  };
}

/** Options for {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** The folder the server serves; kernels for notebooks below it start in the notebook's folder. */
  rootDir: string;
  /** Extra environment for the server and its kernels (e.g. JUPYTER_PATH). */
  env?: Record<string, string>;
  /** How long to wait for the server to answer (default 60 s). */
  startupTimeoutMs?: number;
  /** Receives the server's log lines (default: kept in memory for error messages only). */
  log?: (line: string) => void;
}

/**
 * Start a private Jupyter server on 127.0.0.1 with a free port and a random token, and
 * wait until it answers. The token is passed in a private config file that is deleted once
 * the server has read it, so it is neither in the process list nor in the kernels' environment. `close()` stops the server and
 * every kernel it started; a process 'exit' hook and a stdin watchdog stop it even when
 * gradlab ends abruptly.
 *
 * @example
 * const server = await startEmbeddedServer({ rootDir: process.cwd() });
 * try { ... } finally { await server.close(); }
 */
export async function startEmbeddedServer(opts: EmbeddedServerOptions): Promise<JupyterServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      lastError = e;
      // another program may take the free port between our check and the server's bind
      if (!(e instanceof ServerError && /already in use|Address in use|errno 98/i.test(e.message))) throw e;
    }
  }
  throw lastError;
}

async function startOnce(opts: EmbeddedServerOptions): Promise<JupyterServer> {
  const { launch, app: appName } = findServerLaunch();
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const root = path.resolve(opts.rootDir);
  // The token goes in a private config file, read at start-up and then deleted: not on the
  // command line (other users can read it there) nor in the environment (kernels inherit it).
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-server-"));
  const removeConfig = () => fs.rmSync(configDir, { recursive: true, force: true });
  const configFile = path.join(configDir, "config.json");
  let plan: Launch;
  try {
    plan = launch((app) => [
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    app === "ServerApp" ? `--ServerApp.root_dir=${root}` : `--NotebookApp.notebook_dir=${root}`,
    `--config=${configFile}`,
    ...(typeof process.getuid === "function" && process.getuid() === 0 ? ["--allow-root"] : []),
  ]);
    fs.writeFileSync(configFile, JSON.stringify({ [appName]: { token } }), { mode: 0o600 });
  } catch (e) {
    removeConfig();
    throw e;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  delete env.JUPYTER_TOKEN;
  delete env.JUPYTER_TOKEN_FILE;
  const tail: string[] = [];
  const child: ChildProcess = spawn(plan.command, plan.args, {
    cwd: root,
    env,
    stdio: [plan.watched ? "pipe" : "ignore", "pipe", "pipe"],
    detached: true, // its own process group: Ctrl-C in the terminal reaches gradlab only, and close() can stop the group
  });
  const killGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => {
    killGroup("SIGKILL");
    removeConfig();
  };
  process.on("exit", onExit);
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitedP = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (d: string) => {
      buf += d;
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        const clean = l.replace(/token=[0-9a-f]+/g, "token=...");
        tail.push(clean);
        if (tail.length > 40) tail.shift();
        opts.log?.(clean);
      }
    });
  }
  child.stdin?.on("error", () => {}); // EPIPE when the server has gone

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    removeConfig();
    if (!exited) {
      if (plan.watched) child.stdin!.end();
      else killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), 8000);
      await exitedP;
      clearTimeout(timer);
    }
    // kernels are in the server's process group; make sure none outlives it
    killGroup("SIGKILL");
    process.removeListener("exit", onExit);
    for (const s of [child.stdout, child.stderr]) s?.destroy();
  };

  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + (opts.startupTimeoutMs ?? 60_000);
  const why = () => tail.filter((l) => !/Debugger|frozen modules|PYDEVD|0\.00s/.test(l)).slice(-6).join(" | ");
  try {
    for (;;) {
      const err = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
      if (err) throw new ServerError(`could not start the Jupyter server (${plan.command}): ${err.message}`);
      if (exited) {
        const e = exited as { code: number | null; signal: string | null };
        throw new ServerError(`the Jupyter server exited before answering (${e.signal ?? `exit code ${e.code}`}): ${why() || "no output"}`);
      }
      try {
        const facts = await probe(baseUrl, token);
        removeConfig();
        return { baseUrl, settings: settingsFor(baseUrl, token), rootDir: root, embedded: true, pid: child.pid, ...facts, close };
      } catch (e) {
        if (e instanceof ServerError && /refused the token|does not answer like/.test(e.message)) throw e;
      }
      if (Date.now() > deadline) throw new ServerError(`the Jupyter server did not answer within ${Math.round((opts.startupTimeoutMs ?? 60_000) / 1000)} s: ${why() || "no output"}`);
    }
  } catch (e) {
    await close();
    throw e;
  }
}
