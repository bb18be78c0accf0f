/**
 * `npm run web`: build only when out/ is older than the sources (electron/launcher/build-freshness.mjs), then
 * start the browser host with the arguments given after `--` (e.g. `npm run web -- --data DIR`).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkBuild } from './build-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { fresh, reason } = await checkBuild(root);
if (!fresh) {
  console.error(
    reason === 'missing'
      ? 'RGPD Desk: building the app (first run)… / compilation de l’application (premier lancement)…'
      : 'RGPD Desk: sources changed, rebuilding… / sources modifiées, nouvelle compilation…',
  );
  const cli = createRequire(import.meta.url).resolve('electron-vite/bin/electron-vite.js');
  const build = spawnSync(process.execPath, [cli, 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const { main } = await import(pathToFileURL(join(root, 'out/main/web-host.js')).href);
await main(process.argv.slice(2));
