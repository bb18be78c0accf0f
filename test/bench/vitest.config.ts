import { defineConfig } from 'vitest/config';

/** `npm run bench`: benchmarks are plain scripts that print their report; they assert nothing about time. */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose'],
    setupFiles: ['test/bench/setup.ts'],
  },
});
