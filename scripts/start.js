#!/usr/bin/env node
// `npm start`: set up what is missing, run every notebook under notebooks/ with `gradlab run`,
// export the executed notebooks as a static site under site/, and print where it is.
// The site is exported even when a notebook fails (its page shows the error); the exit
// code is the runner's. Extra arguments go to `gradlab run` (e.g. -- --jobs 1 -p ci true).
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const node = process.execPath;
const cli = path.join(root, "bin", "gradlab.js");
const step = (args) => spawnSync(node, args, { cwd: root, stdio: "inherit" }).status ?? 1;

if (step([path.join(__dirname, "setup.js")]) !== 0) process.exit(1);
const notebooks = path.join(root, "notebooks");
const any = fs.existsSync(notebooks) && fs.readdirSync(notebooks).some((f) => f.endsWith(".ipynb"));
if (!any) {
  process.stderr.write("[start] notebooks/ has no notebooks yet; showing the demo instead\n");
  process.exit(step([cli, "demo"]));
}
const runStatus = step([cli, "run", "notebooks", "--out", "out/notebooks", "--report", "out/run-report.json", ...process.argv.slice(2)]);
const exportStatus = step([cli, "export", "out/notebooks", "--out", "site", "--title", "gradlab: differentiation notebooks"]);
process.exit(runStatus !== 0 ? runStatus : exportStatus);
