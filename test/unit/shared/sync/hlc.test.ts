import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareHlc,
  decodeHlc,
  encodeHlc,
  MAX_COUNTER,
  nextHlc,
  receiveHlc,
  type Hlc,
} from '../../../../shared/sync/hlc';

describe('hybrid logical clock', () => {
  it('is monotonic on one device when the wall clock jumps backwards', () => {
    const a = nextHlc(null, 1_000_000, 'dev-a');
    const b = nextHlc(a, 999_000, 'dev-a'); // clock went back one second
    const c = nextHlc(b, 1_000_000, 'dev-a');
    const d = nextHlc(c, 1_000_001, 'dev-a');
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, c)).toBe(-1);
    expect(compareHlc(c, d)).toBe(-1);
    expect(b).toEqual({ wall: 1_000_000, counter: 1, device: 'dev-a' });
    expect(d).toEqual({ wall: 1_000_001, counter: 0, device: 'dev-a' });
  });

  it('carries a counter overflow into the wall component', () => {
    const full: Hlc = { wall: 5, counter: MAX_COUNTER, device: 'x' };
    expect(nextHlc(full, 0, 'x')).toEqual({ wall: 6, counter: 0, device: 'x' });
  });

  it('orders stamps of different devices totally, the device id breaking ties', () => {
    const a = { wall: 10, counter: 2, device: 'aaa' };
    const b = { wall: 10, counter: 2, device: 'bbb' };
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, a)).toBe(1);
    expect(compareHlc(a, { ...a })).toBe(0);
  });

  it('after receiving a remote stamp, the next local stamp is later than both', () => {
    const local = nextHlc(null, 1000, 'a');
    const remote = { wall: 5000, counter: 7, device: 'b' };
    const { stamp, skewMs } = receiveHlc(local, remote, 1200, 'a');
    expect(compareHlc(stamp, remote)).toBe(1);
    expect(compareHlc(stamp, local)).toBe(1);
    expect(skewMs).toBe(3800);
    expect(compareHlc(nextHlc(stamp, 1300, 'a'), stamp)).toBe(1);
  });

  it('encodes to strings that sort exactly like the stamps', () => {
    const stamp = fc.record({
      wall: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      counter: fc.integer({ min: 0, max: MAX_COUNTER }),
      device: fc.stringMatching(/^[a-f0-9]{16}$/),
    });
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(decodeHlc(encodeHlc(a))).toEqual(a);
        const byString = encodeHlc(a) < encodeHlc(b) ? -1 : encodeHlc(a) > encodeHlc(b) ? 1 : 0;
        expect(byString).toBe(compareHlc(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays strictly increasing under any sequence of clock readings and receipts', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('local' as const), now: fc.integer({ min: 0, max: 1e7 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        now: fc.integer({ min: 0, max: 1e7 }),
        wall: fc.integer({ min: 0, max: 1e7 }),
        counter: fc.integer({ min: 0, max: 1000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), (events) => {
        let last: Hlc | null = null;
        for (const e of events) {
          const next: Hlc =
            e.kind === 'local'
              ? nextHlc(last, e.now, 'me')
              : receiveHlc(last, { wall: e.wall, counter: e.counter, device: 'zz' }, e.now, 'me').stamp;
          if (last) expect(compareHlc(next, last)).toBe(1);
          last = next;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects malformed stamps and device ids', () => {
    expect(() => decodeHlc('nope')).toThrow();
    expect(() => nextHlc(null, 1, 'bad id')).toThrow();
  });
});
