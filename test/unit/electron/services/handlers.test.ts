import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch, HandlerError } from '../../../../electron/services/dispatch';
import { createHandlers, type HandlerDeps } from '../../../../electron/services/handlers';
import { MAX_ATTACHMENT_BASE64, MAX_ATTACHMENT_BYTES } from '../../../../shared/ipc/contract';

/** 14 bytes, so its base64 ends with padding. */
const PDF = Buffer.from('%PDF-1.7\n%%EOF', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rgpd-handlers-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function handlersWith(extra: Partial<HandlerDeps> = {}) {
  const handlers = createHandlers({
    name: 'RGPD Desk',
    version: '0.1.0',
    transport: 'web',
    dataDir,
    workspaceId: '8d1f7a4e-4a8f-4a55-9d43-5f4b8e1f0c21',
    systemLocales: ['fr-FR'],
    origin: () => 'http://127.0.0.1:41234',
    ...extra,
  });
  return (channel: string, payload: unknown) => dispatch(handlers, channel, payload);
}

describe('workspace:records-here', () => {
  it('remembers the first origin that holds the records, and app:info tells it', async () => {
    const call = handlersWith();
    expect(await call('app:info', {})).toMatchObject({ ok: true, value: { recordsHome: null } });
    expect(await call('workspace:records-here', {})).toMatchObject({
      ok: true,
      value: { origin: 'http://127.0.0.1:41234', transport: 'web' },
    });
    // Another host (another port) on the same folder does not move the home.
    const other = handlersWith({ origin: () => 'http://127.0.0.1:50000' });
    expect(await other('workspace:records-here', {})).toMatchObject({
      ok: true,
      value: { origin: 'http://127.0.0.1:41234' },
    });
    expect(await other('app:info', {})).toMatchObject({
      ok: true,
      value: { recordsHome: { origin: 'http://127.0.0.1:41234', transport: 'web' } },
    });
  });
});

describe('attachments:put / attachments:get', () => {
  it('round-trips a file as base64', async () => {
    const call = handlersWith();
    const hash = createHash('sha256').update(PDF).digest('hex');
    expect(
      await call('attachments:put', { mediaType: 'application/pdf', dataBase64: PDF.toString('base64') }),
    ).toEqual({
      ok: true,
      value: { hash, size: PDF.length, mediaType: 'application/pdf' },
    });
    expect(await call('attachments:get', { hash })).toEqual({
      ok: true,
      value: { hash, size: PDF.length, mediaType: 'application/pdf', dataBase64: PDF.toString('base64') },
    });
  });

  it('deletes stored files by hash for an erasure, and says how many there were', async () => {
    const call = handlersWith();
    const hash = createHash('sha256').update(PDF).digest('hex');
    await call('attachments:put', { mediaType: 'application/pdf', dataBase64: PDF.toString('base64') });
    expect(await call('attachments:delete', { hashes: [hash, 'b'.repeat(64)] })).toEqual({
      ok: true,
      value: { deleted: 1 },
    });
    expect(await call('attachments:get', { hash })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('attachments:delete', { hashes: ['../x'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });

  it('refuses malformed payloads with invalid_payload', async () => {
    const call = handlersWith();
    const pdf64 = PDF.toString('base64');
    const invalid: Array<[string, unknown]> = [
      ['attachments:get', { hash: 'abc' }],
      ['attachments:get', { hash: 'A'.repeat(64) }],
      ['attachments:get', { hash: `${'a'.repeat(63)}g` }],
      ['attachments:get', { hash: 'a'.repeat(64), extra: true }],
      ['attachments:put', { mediaType: 'image/gif', dataBase64: pdf64 }],
      ['attachments:put', { mediaType: 'application/pdf' }],
      ['attachments:put', { mediaType: 'application/pdf', dataBase64: '' }],
      ['attachments:put', { mediaType: 'application/pdf', dataBase64: '%PDF-1.7' }], // not base64 at all
      ['attachments:put', { mediaType: 'application/pdf', dataBase64: pdf64.replace(/=+$/, '') }], // no padding
      [
        'attachments:put',
        { mediaType: 'application/pdf', dataBase64: 'A'.repeat(MAX_ATTACHMENT_BASE64 + 4) },
      ], // over the limit
      ['attachments:put', { mediaType: 'application/pdf', dataBase64: `${pdf64}A` }], // not whole groups
      ['attachments:put', { mediaType: 'application/pdf', dataBase64: 'JVBERi1=' }], // stray bits
    ];
    for (const [channel, payload] of invalid) {
      expect(await call(channel, payload), JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload', message: 'errors.invalidPayload' },
      });
    }
  });

  it('passes the store errors through as codes and i18n keys', async () => {
    const call = handlersWith();
    expect(
      await call('attachments:put', { mediaType: 'application/pdf', dataBase64: PNG.toString('base64') }),
    ).toEqual({
      ok: false,
      error: { code: 'attachment_type', message: 'errors.attachmentType' },
    });
    // Whole base64 groups round up: the longest string the contract lets through holds 2 bytes too many.
    const tooBig = Buffer.alloc(MAX_ATTACHMENT_BYTES + 2, 0x20);
    tooBig.write('%PDF-1.7\n');
    const tooBig64 = tooBig.toString('base64');
    expect(tooBig64.length).toBe(MAX_ATTACHMENT_BASE64);
    expect(await call('attachments:put', { mediaType: 'application/pdf', dataBase64: tooBig64 })).toEqual({
      ok: false,
      error: { code: 'attachment_too_large', message: 'errors.attachmentTooLarge' },
    });
    expect(await call('attachments:get', { hash: 'a'.repeat(64) })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'errors.notFound' },
    });
  });
});

describe('file:save', () => {
  const payload = {
    suggestedName: 'registre-des-traitements.csv',
    mediaType: 'text/csv',
    dataBase64: Buffer.from('nom;finalité\n', 'utf8').toString('base64'),
  };

  it('answers unsupported where the host has no save dialog', async () => {
    expect(await handlersWith()('file:save', payload)).toEqual({
      ok: true,
      value: { saved: false, reason: 'unsupported' },
    });
  });

  it('hands the decoded bytes to the host and reports its outcome', async () => {
    const saveFile = vi.fn<NonNullable<HandlerDeps['saveFile']>>(async () => 'saved');
    const call = handlersWith({ saveFile });
    expect(await call('file:save', payload)).toEqual({ ok: true, value: { saved: true, reason: 'saved' } });
    const [name, mediaType, bytes] = saveFile.mock.calls[0] ?? [];
    expect([name, mediaType]).toEqual(['registre-des-traitements.csv', 'text/csv']);
    expect(Buffer.from(bytes ?? []).toString('utf8')).toBe('nom;finalité\n');

    saveFile.mockResolvedValueOnce('cancelled');
    expect(await call('file:save', payload)).toEqual({
      ok: true,
      value: { saved: false, reason: 'cancelled' },
    });

    saveFile.mockRejectedValueOnce(new HandlerError('save_failed', 'errors.saveFailed'));
    expect(await call('file:save', payload)).toEqual({
      ok: false,
      error: { code: 'save_failed', message: 'errors.saveFailed' },
    });
  });

  it('refuses names with path parts, unknown types and bad base64 before asking the host', async () => {
    const saveFile = vi.fn<NonNullable<HandlerDeps['saveFile']>>(async () => 'saved');
    const call = handlersWith({ saveFile });
    for (const bad of [
      { ...payload, suggestedName: '../registre.csv' },
      { ...payload, suggestedName: 'C:registre.csv' },
      { ...payload, suggestedName: 'registre\n.csv' },
      { ...payload, mediaType: 'application/x-msdownload' },
      { ...payload, dataBase64: 'bm9t=' },
    ]) {
      expect(await call('file:save', bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
    expect(saveFile).not.toHaveBeenCalled();
  });
});

describe('notification:show', () => {
  const payload = { title: 'Échéance dans 3 jours', body: 'Demande d’accès n° 42' };

  it('answers shown: false where the host has no notifications', async () => {
    expect(await handlersWith()('notification:show', payload)).toEqual({ ok: true, value: { shown: false } });
  });

  it('asks the host, and reports whether it showed one', async () => {
    const notify = vi.fn(() => true);
    const call = handlersWith({ notify });
    expect(await call('notification:show', payload)).toEqual({ ok: true, value: { shown: true } });
    expect(notify).toHaveBeenCalledWith(payload.title, payload.body);
    notify.mockReturnValueOnce(false);
    expect(await call('notification:show', payload)).toEqual({ ok: true, value: { shown: false } });
    expect(await call('notification:show', { title: '', body: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });
});

describe('window:kiosk', () => {
  it('answers applied: false where there is no desktop window (the browser host)', async () => {
    expect(await handlersWith()('window:kiosk', { on: true })).toEqual({
      ok: true,
      value: { applied: false },
    });
  });

  it('turns the desktop window into a kiosk and back; refuses anything but a boolean', async () => {
    const setKiosk = vi.fn();
    const call = handlersWith({ setKiosk });
    expect(await call('window:kiosk', { on: true })).toEqual({ ok: true, value: { applied: true } });
    expect(await call('window:kiosk', { on: false })).toEqual({ ok: true, value: { applied: true } });
    expect(setKiosk.mock.calls).toEqual([[true], [false]]);
    expect(await call('window:kiosk', { on: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });
});
