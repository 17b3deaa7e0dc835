#!/usr/bin/env node
"use strict";
// The `gradlab` command: see `gradlab help`. The commands live in kernel/commands/.
require("../dist/kernel/cli.js").main(process.argv.slice(2)).then(
  (code) => process.exit(code ?? 0),
  (err) => {
    process.stderr.write(`gradlab: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  },
);
