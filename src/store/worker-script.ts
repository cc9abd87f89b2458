// Where a worker thread's script is (the search thread here, the impact preview's in the
// services): `<name>.mjs` beside the running bundle (dist/server, dist/cli, dist/electron —
// unpacked beside app.asar when packaged, since Node's loader does not look inside it: written,
// not run here; .tmp/run-ts for scripts), else the TypeScript source (Node runs it directly),
// found from `here` upwards.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `moduleUrl`: the caller's import.meta.url; `source`: the script's path from the project folder. */
export function workerScript(moduleUrl: string, bundleName: string, source: string): URL | null {
  const here = dirname(fileURLToPath(moduleUrl));
  const unpacked = join(here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), bundleName);
  if (unpacked !== join(here, bundleName) && existsSync(unpacked)) return pathToFileURL(unpacked);
  const bundled = join(here, bundleName);
  if (existsSync(bundled)) return pathToFileURL(bundled);
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const found = join(dir, source);
    if (existsSync(found)) return pathToFileURL(found);
  }
  return null;
}
