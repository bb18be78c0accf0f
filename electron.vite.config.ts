import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // One Node build for every Node entry: the Electron composition root, the loopback
        // browser host, the launcher of `npm start` and the archive verifier of `npm run verify`.
        // Only index.ts imports 'electron'.
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'web-host': resolve(__dirname, 'electron/web/cli.ts'),
          start: resolve(__dirname, 'electron/launcher/start.ts'),
          verify: resolve(__dirname, 'electron/verify/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one self-contained CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    plugins: [react()],
    resolve: {
      // date-holidays (with moment-timezone and astronomia) is most of the start-up code: the renderer
      // gets a stand-in that loads the package on demand (renderer/src/db/holidays.ts).
      alias: [
        { find: /^date-holidays$/, replacement: resolve(__dirname, 'renderer/src/db/holidays.ts') },
        {
          find: /^date-holidays\/package$/,
          replacement: resolve(__dirname, 'node_modules/date-holidays/src/index.js'),
        },
      ],
    },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Start-up time is parse time: the browser host and the desktop app load minified code.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
