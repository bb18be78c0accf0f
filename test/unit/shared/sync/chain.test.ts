import { describe, expect, it } from 'vitest';
import { ChainCheck } from '../../../../shared/sync/chain';

const h = (c: string) => c.repeat(64);

describe('per-device hash chains', () => {
  it('accepts neighbours that name each other, in either order, and spots repeats', () => {
    const chain = new ChainCheck();
    expect(chain.link('a', 3, 4, h('1'), h('2'))).toBe('ok');
    expect(chain.link('a', 1, 2, null, h('1'))).toBe('ok');
    expect(chain.link('a', 1, 2, null, h('1'))).toBe('duplicate');
    expect(chain.seen('a')).toBe(4);
  });

  it('refuses a segment that does not follow its known predecessor, or a second version of a range', () => {
    const chain = new ChainCheck();
    expect(chain.link('a', 1, 2, null, h('1'))).toBe('ok');
    expect(chain.link('a', 3, 3, h('9'), h('3'))).toBe('broken');
    expect(chain.link('a', 1, 2, null, h('8'))).toBe('broken');
    // A successor seen first decides for the predecessor that comes later.
    const reversed = new ChainCheck();
    expect(reversed.link('b', 5, 6, h('4'), h('6'))).toBe('ok');
    expect(reversed.link('b', 3, 4, h('2'), h('5'))).toBe('broken');
  });

  it('remembers the highest number seen: a device file that goes back is a rollback', () => {
    const chain = new ChainCheck({ a: { seq: 4, hash: h('4') } });
    expect(chain.claim('a', 2, h('2'))).toBe('rollback');
    expect(chain.claim('a', 6, h('6'))).toBe('ok');
    expect(chain.snapshot()).toEqual({ a: { seq: 6, hash: h('6') } });
    // A segment ending at a claimed head must be the one the claim names.
    expect(chain.link('a', 5, 6, h('4'), h('7'))).toBe('broken');
    expect(chain.link('a', 5, 6, h('4'), h('6'))).toBe('ok');
  });
});
