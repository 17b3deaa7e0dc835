#!/usr/bin/env node
/**
 * The gradlab Jupyter kernel (kernelspec `gradlab`): `node dist/kernel/launcher.js
 * <connection_file>`. It runs the project's own tslab with gradlab's additions: the library
 * importable as "gradlab" with types from any folder, errors as Jupyter `error` messages,
 * rich display of gradlab objects, and an execution queue that honours stop_on_error.
 * See kernel/launcher/*.ts; `gradlab install-kernel` writes the kernelspec.
 */
import { startKernel } from "./launcher/start";

const connectionFile = process.argv[2];
if (!connectionFile || connectionFile.startsWith("-")) {
  process.stderr.write("usage: node dist/kernel/launcher.js <connection_file>\n(Jupyter starts this; install the kernelspec with `gradlab install-kernel`)\n");
  process.exit(2);
}
startKernel(connectionFile).catch((e) => {
  process.stderr.write(`[gradlab kernel] failed to start: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
