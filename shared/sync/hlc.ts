/**
 * Hybrid logical clock (Kulkarni et al., 2014). A stamp is (wall ms, counter, device). Stamps are
 * monotonic on one device even when the wall clock jumps backwards, and totally ordered across
 * devices, the device id breaking ties. The string form sorts like the stamps it encodes.
 */
export type Hlc = { wall: number; counter: number; device: string };

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
export const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const PATTERN = /^(\d{15})-(\d{6})-([A-Za-z0-9_-]{1,64})$/;

export class HlcError extends Error {
  constructor(
    readonly code: 'invalid_hlc' | 'invalid_device',
    message: string,
  ) {
    super(message);
  }
}

function checkDevice(device: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(device)) throw new HlcError('invalid_device', `bad device id: ${device}`);
}

export function encodeHlc(stamp: Hlc): string {
  checkDevice(stamp.device);
  return `${String(stamp.wall).padStart(WALL_DIGITS, '0')}-${String(stamp.counter).padStart(COUNTER_DIGITS, '0')}-${stamp.device}`;
}

export function decodeHlc(text: string): Hlc {
  const match = PATTERN.exec(text);
  if (!match) throw new HlcError('invalid_hlc', `not an HLC stamp: ${text}`);
  return { wall: Number(match[1]), counter: Number(match[2]), device: match[3] as string };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.device < b.device ? -1 : a.device > b.device ? 1 : 0;
}

/** Carry a counter overflow into the wall component, so a stamp never loses order. */
function normalise(wall: number, counter: number, device: string): Hlc {
  return counter > MAX_COUNTER ? { wall: wall + 1, counter: 0, device } : { wall, counter, device };
}

/** The stamp for a local event. `previous` is the last stamp this device issued or received. */
export function nextHlc(previous: Hlc | null, nowMs: number, device: string): Hlc {
  checkDevice(device);
  const now = Math.floor(nowMs);
  if (!previous || now > previous.wall) return { wall: now, counter: 0, device };
  return normalise(previous.wall, previous.counter + 1, device);
}

/**
 * Merge a stamp received from another device so that the next local stamp is after both.
 * `skewMs` is how far the remote wall clock is ahead of ours (sync reports skew over 5 minutes).
 */
export function receiveHlc(
  local: Hlc | null,
  remote: Hlc,
  nowMs: number,
  device: string,
): { stamp: Hlc; skewMs: number } {
  checkDevice(device);
  const now = Math.floor(nowMs);
  const localWall = local?.wall ?? -1;
  const wall = Math.max(localWall, remote.wall, now);
  let counter: number;
  if (wall === localWall && wall === remote.wall) counter = Math.max(local?.counter ?? 0, remote.counter) + 1;
  else if (wall === localWall) counter = (local?.counter ?? 0) + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return { stamp: normalise(wall, counter, device), skewMs: remote.wall - now };
}
