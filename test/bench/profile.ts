/**
 * A CPU profile of the page's main thread around one piece of work (BENCH_PROFILE set): where the
 * page's own time goes (JavaScript by function, the garbage collector), and how long it sat idle
 * waiting on IndexedDB, which runs outside it. Printed as the top functions by self time.
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export const PROFILE = process.env.BENCH_PROFILE ?? '';

export async function profiled<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.detach();
  const file = `${PROFILE}/${name}.cpuprofile`;
  await writeFile(file, JSON.stringify(profile));
  console.log(`${name}: CPU profile in ${file}\n${summary(profile)}`);
  return result;
}

function summary(profile: Profile, top = 30): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const total = (profile.endTime - profile.startTime) / 1000;
  return [...self.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(
      ([key, ms]) =>
        `  ${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}`,
    )
    .join('\n');
}
