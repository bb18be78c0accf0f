import { test } from 'vitest';
import { benchDeadlines } from './deadlines';

test('deadline computations per second (10,000 requests)', async () => {
  console.log(await benchDeadlines());
});
