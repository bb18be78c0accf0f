import { describe, expect, it } from 'vitest';
import { classifyName } from '../../../../../electron/services/sync/names';

describe('file names in the space folder', () => {
  it('reads segment names strictly', () => {
    expect(classifyName('seg-1-10.rgs')).toEqual({ kind: 'segment', from: 1, to: 10 });
    expect(classifyName('seg-10-1.rgs').kind).toBe('unexpected');
    expect(classifyName('seg-01-10.rgs').kind).toBe('conflict');
    expect(classifyName('device.rgd').kind).toBe('device-info');
  });

  it.each([
    'seg-1-10 (conflicted copy 2026-11-29).rgs',
    "seg-1-10 (Marie's conflicted copy 2026-11-29).rgs",
    'seg-1-10 (copie en conflit de Marie 2026-11-29).rgs',
    'seg-1-10.sync-conflict-20261129-101010-ABCDEFG.rgs',
    'seg-1-10 (conflicted copy 2026-11-29 101010).rgs',
    'seg-1-10_conflict-20261129-101010.rgs',
    'seg-1-10-LAPTOP-MARIE.rgs',
    'seg-1-10 (1).rgs',
    'seg-1-10 - Copie.rgs',
    'device (conflicted copy 2026-11-29).rgd',
    'device-DESKTOP-42.rgd',
  ])('%s is a conflicted copy', (name) => {
    expect(classifyName(name).kind).toBe('conflict');
  });

  it.each([
    '.seg-1-10.rgs.abcd1234.tmp',
    '.syncthing.seg-1-10.rgs.tmp',
    '~syncthing~seg-1-10.rgs.tmp',
    'seg-1-10.rgs.part',
    'desktop.ini',
    'Thumbs.db',
    '.DS_Store',
  ])('%s is skipped silently', (name) => {
    expect(classifyName(name).kind).toBe('ignore');
  });

  it('anything else is unexpected', () => {
    expect(classifyName('notes.txt').kind).toBe('unexpected');
  });
});
