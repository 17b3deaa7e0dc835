/**
 * A real classic Jupyter Notebook server (Debian's notebook 6.4) for the tests: 127.0.0.1, a
 * free port, a random token, isolated config/data/runtime folders, our kernelspecs first on
 * JUPYTER_PATH. `stop()` shuts its kernels down through the REST API, then the server.
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { jupyterEnv } from "./helpers";

export interface NotebookServer {
  url: string;
  token: string;
  /** GET/DELETE a REST route with the token. */
  api(route: string, method?: string): Promise<any>;
  stop(): Promise<void>;
  log(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startNotebookServer(root: string, jupyterPath: string, stateDir: string): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  for (const d of ["config", "data", "runtime"]) fs.mkdirSync(path.join(stateDir, d), { recursive: true });
  const env = jupyterEnv(jupyterPath, {
    JUPYTER_CONFIG_DIR: path.join(stateDir, "config"),
    JUPYTER_DATA_DIR: path.join(stateDir, "data"),
    JUPYTER_RUNTIME_DIR: path.join(stateDir, "runtime"),
  });
  const args = ["notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`, `--notebook-dir=${root}`, "--allow-root"];
  const child: ChildProcess = spawn("jupyter", args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  const api = async (route: string, method = "GET") => {
    const res = await fetch(`${url}${route}`, { method, headers: { Authorization: `token ${token}` } });
    if (!res.ok && res.status !== 204) throw new Error(`${method} ${route}: HTTP ${res.status}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter notebook exited (${child.exitCode}):\n${output}`);
    try {
      await api("api");
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`jupyter notebook did not answer on ${url} within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      for (const k of (await api("api/kernels")) as { id: string }[]) await api(`api/kernels/${k.id}`, "DELETE");
    } catch {
      /* the server is going away anyway */
    }
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, token, api, stop, log: () => output };
}
