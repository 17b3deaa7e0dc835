/**
 * The embedded Jupyter server: loopback only, a random token that is required and kept out of
 * the process list, and always stopped (by close(), and even when gradlab is SIGKILLed).
 * An existing server given by URL: unreachable or a wrong token is one clear line and exit 2.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { connectServer, freePort, normalizeServerUrl, ServerError, startEmbeddedServer } from "../../kernel/run/server";
import { alive, descendants, ROOT, TSX, runCli, tmpDir, waitFor, writeTestNotebook, PYTHON } from "./helpers";

test("the embedded server listens on 127.0.0.1, requires its token, and close() stops it with its kernels", async () => {
  const dir = tmpDir();
  const server = await startEmbeddedServer({ rootDir: dir });
  let pids: number[] = [];
  try {
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(server.embedded && server.pid);
    const cmdline = fs.readFileSync(`/proc/${server.pid}/cmdline`, "utf8").split("\0");
    assert.ok(cmdline.includes("--ip=127.0.0.1"), cmdline.join(" "));
    assert.ok(!cmdline.some((a) => a.includes(server.settings.token)), "the token is not on the command line");
    assert.ok(!fs.readFileSync(`/proc/${server.pid}/environ`, "utf8").includes(server.settings.token), "nor in the environment kernels inherit");
    const config = cmdline.find((a) => a.startsWith("--config="))!.slice("--config=".length);
    assert.equal(fs.existsSync(config), false, "the config file with the token is deleted once the server runs");
    const anonymous = await fetch(server.baseUrl + "api/kernelspecs");
    assert.equal(anonymous.status, 403, "no token, no access");
    const withToken = await fetch(server.baseUrl + "api/kernelspecs", { headers: { Authorization: `token ${server.settings.token}` } });
    assert.equal(withToken.status, 200);
    assert.ok(server.kernelspecs.has("python3"));
    // a running kernel must go down with the server
    const started = await fetch(server.baseUrl + "api/kernels", { method: "POST", body: JSON.stringify({ name: "python3" }), headers: { Authorization: `token ${server.settings.token}` } });
    assert.equal(started.status, 201);
    await waitFor(() => descendants(server.pid!).length > 0, 10_000, "the kernel process");
    pids = [server.pid!, ...descendants(server.pid!)];
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} outlived close()`);
  await server.close(); // twice is fine
});

test("the server stops even when gradlab is killed with SIGKILL", async () => {
  const dir = tmpDir();
  const script = `require(${JSON.stringify(path.join(ROOT, "kernel/run/server.ts"))}).startEmbeddedServer({ rootDir: ${JSON.stringify(dir)} }).then((s) => console.log("PID " + s.pid));`;
  const child = spawn(process.execPath, ["--import", TSX, "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  try {
    await waitFor(() => /PID \d+/.test(out), 60_000, "the server to start");
    const pid = Number(/PID (\d+)/.exec(out)![1]);
    assert.ok(alive(pid));
    child.kill("SIGKILL");
    await waitFor(() => !alive(pid), 15_000, `server ${pid} to stop after gradlab was killed`);
  } finally {
    child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an existing server: a wrong token and an unreachable URL are clear errors", async () => {
  const dir = tmpDir();
  try {
    writeTestNotebook(dir, "a.ipynb", ["1"], PYTHON);
    const server = await startEmbeddedServer({ rootDir: dir });
    try {
      await assert.rejects(connectServer(server.baseUrl, "wrong-token"), (e: unknown) => e instanceof ServerError && /refused the token \(HTTP 403\); check --token/.test(e.message));
      const ok = await connectServer(server.baseUrl.replace(/\/$/, "") + "/?token=ignored", server.settings.token);
      assert.ok(ok.kernelspecs.has("python3"));
      assert.equal(ok.embedded, false);
      const wrong = await runCli(["run", "a.ipynb", "--server-url", server.baseUrl, "--token", "wrong-token"], dir);
      assert.equal(wrong.code, 2);
      assert.equal(wrong.stdout, "");
      assert.match(wrong.stderr, /^gradlab run: the Jupyter server at http:\/\/127\.0\.0\.1:\d+\/ refused the token \(HTTP 403\); check --token .*\n$/);
    } finally {
      await server.close();
    }
    const port = await freePort();
    await assert.rejects(connectServer(`http://127.0.0.1:${port}`, "t"), /cannot reach the Jupyter server at http:\/\/127\.0\.0\.1:\d+\/ \(connection refused\)/);
    const unreachable = await runCli(["run", "a.ipynb", "--server-url", `http://127.0.0.1:${port}/`], dir);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /^gradlab run: cannot reach the Jupyter server at .*\(connection refused\); check --server-url, or leave it out to let gradlab start its own server\n$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => normalizeServerUrl("ftp://host/"), /must start with http:\/\/ or https:\/\//);
  assert.throws(() => normalizeServerUrl("not a url"), /is not a URL/);
  assert.equal(normalizeServerUrl("https://hub.example/user/ann?token=x#y"), "https://hub.example/user/ann/");
});
