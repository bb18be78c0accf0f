/**
 * Who belongs to a sync space, from its signed documents (see engine.ts for the whole design):
 * space.json names the root key; key epochs (keys/epoch-<n>-<device>.json) carry each space key
 * wrapped under the passphrase and for every member, the members and the removed keys; epoch 1 is
 * signed by the root, epoch n by a member of epoch n − 1; registrations (registry/*.json) add a
 * device to an epoch when a member of it signed them. Only what chains back to the root counts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import {
  seal,
  fromBase64,
  openSpaceKeys,
  toBase64,
  unseal,
  wrapWorkspaceKey,
  wrappedKeySchema,
  type KdfParams,
} from '../../../shared/sync/crypto';
import { syncProblem, type SyncProblem } from '../../../shared/sync/errors';
import {
  deviceWrapSchema,
  keyIdOf,
  keyIdSchema,
  signDocument,
  verifyDocument,
  wrapForDevice,
  type DeviceKeys,
  type DeviceSecret,
} from '../../../shared/sync/identity';
import { epochIdSchema, FrameError } from '../../../shared/sync/segment';
import { listNames, readBounded, RefusedFile, type SyncFs } from './files';
import { DEVICE_ID } from './names';

export const SPACE_FORMAT = 2;
/** Device files, requests, epoch and registration documents: small JSON. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

export const deviceIdSchema = z.string().regex(DEVICE_ID);
export const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

export const spaceFileSchema = z.object({
  format: z.literal(SPACE_FORMAT),
  spaceId: z.string().uuid(),
  createdAt: z.string(),
  /** The creator's signing key: epoch 1 must be signed by it. */
  root: z.object({ deviceId: deviceIdSchema, keyId: keyIdSchema, signPublic: base64.max(200) }),
});
export type SpaceFile = z.infer<typeof spaceFileSchema>;

export const memberSchema = z.object({
  deviceId: deviceIdSchema,
  keyId: keyIdSchema,
  signPublic: base64.max(200),
  boxPublic: base64.max(200),
  /** The first sequence number this key signs (a device rejoining continues its numbering). */
  fromSeq: z.number().int().min(1),
});
export type Member = z.infer<typeof memberSchema>;
export const memberKey = (deviceId: string, keyId: string) => `${deviceId}/${keyId}`;

export const epochDocSchema = z.object({
  kind: z.literal('epoch'),
  format: z.literal(1),
  spaceId: z.string(),
  id: epochIdSchema,
  n: z.number().int().min(1),
  by: deviceIdSchema,
  byKeyId: keyIdSchema,
  createdAt: z.string().max(40),
  /** The epoch's space key under the passphrase, for devices that join. */
  passphrase: wrappedKeySchema,
  members: z.array(memberSchema).max(1_000),
  /** Per removed device key (`device/keyId`): the last sequence number still accepted from it. */
  removed: z.record(z.string().max(90), z.number().int().min(0)),
  /** The epoch's space key for each member key (`device/keyId`). */
  wraps: z.record(z.string().max(90), deviceWrapSchema),
  /** Earlier epochs' keys, sealed under this one, so a device joining later reads older files. */
  previous: z.object({ sealed: base64 }).nullable(),
  signature: base64,
});
export type EpochDoc = z.infer<typeof epochDocSchema>;

export const registrationSchema = z.object({
  kind: z.literal('registration'),
  format: z.literal(1),
  spaceId: z.string(),
  epoch: epochIdSchema,
  member: memberSchema,
  by: deviceIdSchema,
  byKeyId: keyIdSchema,
  at: z.string().max(40),
  signature: base64,
});
export type Registration = z.infer<typeof registrationSchema>;

/** A device key's own signed word that it left the space (its device file is later replaced). */
export const leftSchema = z.object({
  kind: z.literal('left'),
  format: z.literal(1),
  spaceId: z.string(),
  deviceId: deviceIdSchema,
  keyId: keyIdSchema,
  at: z.string().max(40),
  signature: base64,
});

/** Context bound to a wrapped epoch key, so a wrap cannot be moved to another space, epoch or device. */
export const wrapContext = (spaceId: string, epochId: string, member: string) =>
  `${spaceId}/${epochId}/${member}`;
export const passphraseScope = (spaceId: string, epochId: string) => `${spaceId}/${epochId}`;
export const previousAad = (spaceId: string, epochId: string) =>
  new TextEncoder().encode(`rgpd-desk/previous-keys/1/${spaceId}/${epochId}`);

/** The space as its signed documents describe it: valid epochs, their members, removals. */
export type Trust = {
  space: SpaceFile;
  epochs: Map<string, EpochDoc>;
  members: Map<string, Map<string, Member>>;
  /** The epoch later files should use (highest number; the smaller id between two of one number). */
  latest: EpochDoc | null;
  removed: Record<string, number>;
  /** Keys that asked to join (`device/keyId`), not yet registered: their files wait quietly. */
  requested: Set<string>;
  /** Keys that said, signed, that they left. */
  left: Set<string>;
  problems: SyncProblem[];
};

export function epochOrder(a: EpochDoc, b: EpochDoc): number {
  return b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Read keys/ and registry/ and keep what signatures chain back to the space's root key. */
export async function loadTrust(
  fs: SyncFs,
  paths: { keys: string; registry: string },
  space: SpaceFile,
): Promise<Trust> {
  const problems: SyncProblem[] = [];
  const refuse = (file: string, error: unknown) => {
    if (error instanceof RefusedFile)
      problems.push(syncProblem(error.reason === 'too_large' ? 'file_too_large' : 'file_refused', { file }));
    else if (error instanceof FrameError) problems.push(syncProblem(error.code, { file }));
    else throw error;
  };
  const docs: EpochDoc[] = [];
  for (const name of await listNames(fs, paths.keys)) {
    if (!/^epoch-.*\.json$/.test(name)) continue;
    const file = `keys/${name}`;
    try {
      const bytes = await readBounded(fs, join(paths.keys, name), MAX_SMALL_FILE_BYTES, false);
      if (!bytes) continue;
      const parsed = epochDocSchema.safeParse(parseJson(bytes));
      if (
        !parsed.success ||
        parsed.data.spaceId !== space.spaceId ||
        parsed.data.id !== `${parsed.data.n}-${parsed.data.by}` ||
        name !== `epoch-${parsed.data.id}.json`
      ) {
        problems.push(syncProblem('signature_invalid', { file }));
        continue;
      }
      docs.push(parsed.data);
    } catch (error) {
      refuse(file, error);
    }
  }
  const registrations: Registration[] = [];
  const leaving: z.infer<typeof leftSchema>[] = [];
  const requested = new Set<string>();
  for (const name of await listNames(fs, paths.registry)) {
    const file = `registry/${name}`;
    const request = /^([A-Za-z0-9_-]{1,64})-([0-9a-f]{16})\.req$/.exec(name);
    if (request) {
      requested.add(memberKey(request[1]!, request[2]!));
      continue;
    }
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      const bytes = await readBounded(fs, join(paths.registry, name), MAX_SMALL_FILE_BYTES, false);
      if (!bytes) continue;
      const json = parseJson(bytes);
      const left = leftSchema.safeParse(json);
      if (left.success && left.data.spaceId === space.spaceId) {
        leaving.push(left.data);
        continue;
      }
      const parsed = registrationSchema.safeParse(json);
      if (!parsed.success || parsed.data.spaceId !== space.spaceId) {
        problems.push(syncProblem('signature_invalid', { file }));
        continue;
      }
      registrations.push(parsed.data);
    } catch (error) {
      refuse(file, error);
    }
  }

  const epochs = new Map<string, EpochDoc>();
  const members = new Map<string, Map<string, Member>>();
  const keyIdMatches = async (member: Member) => (await keyIdOf(member.signPublic)) === member.keyId;
  const maxN = Math.max(0, ...docs.map((doc) => doc.n));
  for (let n = 1; n <= maxN; n += 1) {
    for (const doc of docs.filter((d) => d.n === n)) {
      let signer: string | undefined;
      if (n === 1) {
        if (doc.by === space.root.deviceId && doc.byKeyId === space.root.keyId)
          signer = space.root.signPublic;
      } else {
        for (const [id, set] of members) {
          if (epochs.get(id)?.n !== n - 1) continue;
          signer ??= set.get(memberKey(doc.by, doc.byKeyId))?.signPublic;
        }
      }
      if (!signer || !(await verifyDocument(signer, doc))) {
        problems.push(syncProblem('signature_invalid', { file: `keys/epoch-${doc.id}.json` }));
        continue;
      }
      const set = new Map<string, Member>();
      for (const member of doc.members) {
        if (await keyIdMatches(member)) set.set(memberKey(member.deviceId, member.keyId), member);
      }
      // Registrations under this epoch by its members, transitively.
      const pending = registrations.filter((r) => r.epoch === doc.id);
      for (let changed = true; changed;) {
        changed = false;
        for (const registration of pending) {
          const key = memberKey(registration.member.deviceId, registration.member.keyId);
          if (set.has(key) || key in doc.removed) continue;
          const by = set.get(memberKey(registration.by, registration.byKeyId));
          if (!by || !(await keyIdMatches(registration.member))) continue;
          if (!(await verifyDocument(by.signPublic, registration))) continue;
          set.set(key, registration.member);
          changed = true;
        }
      }
      epochs.set(doc.id, doc);
      members.set(doc.id, set);
    }
  }
  const removed: Record<string, number> = {};
  for (const doc of epochs.values())
    for (const [key, seq] of Object.entries(doc.removed)) removed[key] = Math.max(removed[key] ?? 0, seq);
  for (const key of Object.keys(removed)) requested.delete(key);
  for (const set of members.values()) for (const key of set.keys()) requested.delete(key);
  const latest = [...epochs.values()].sort(epochOrder)[0] ?? null;
  const left = new Set<string>();
  for (const statement of leaving) {
    const key = memberKey(statement.deviceId, statement.keyId);
    const signer = [...members.values()].map((set) => set.get(key)).find(Boolean);
    if (signer && (await verifyDocument(signer.signPublic, statement))) left.add(key);
  }
  return { space, epochs, members, latest, removed, requested, left, problems };
}

/** A member key of the device, registered in some epoch (the key a file names). */
export function findMember(
  trust: Trust,
  deviceId: string,
  keyId: string,
  epochId?: string,
): Member | undefined {
  const key = memberKey(deviceId, keyId);
  if (epochId) return trust.members.get(epochId)?.get(key);
  for (const set of trust.members.values()) {
    const member = set.get(key);
    if (member) return member;
  }
  return undefined;
}

/** The members of an epoch, removed and departed keys left out: who a rotation wraps the new key for. */
export function activeMembers(trust: Trust, epochId: string): Member[] {
  return [...(trust.members.get(epochId)?.values() ?? [])].filter((member) => {
    const key = memberKey(member.deviceId, member.keyId);
    return !(key in trust.removed) && !trust.left.has(key);
  });
}

/** A new epoch document: its key wrapped for `members` and under `passphrase`, signed by `keys`. */
export async function makeEpoch(input: {
  spaceId: string;
  n: number;
  by: DeviceKeys & { deviceId: string };
  raw: Uint8Array;
  passphrase: string;
  kdf: KdfParams;
  members: Member[];
  removed: Record<string, number>;
  previous: Record<string, string>;
  now: number;
}): Promise<EpochDoc> {
  const id = `${input.n}-${input.by.deviceId}`;
  const wraps: Record<string, z.infer<typeof deviceWrapSchema>> = {};
  for (const member of input.members) {
    const key = memberKey(member.deviceId, member.keyId);
    wraps[key] = await wrapForDevice(input.raw, member.boxPublic, wrapContext(input.spaceId, id, key));
  }
  let previous: EpochDoc['previous'] = null;
  if (Object.keys(input.previous).length > 0) {
    const content = (await openSpaceKeys(input.raw)).content;
    const sealed = await seal(
      content,
      new TextEncoder().encode(JSON.stringify(input.previous)),
      previousAad(input.spaceId, id),
    );
    previous = { sealed: toBase64(sealed) };
  }
  const unsigned = {
    kind: 'epoch' as const,
    format: 1 as const,
    spaceId: input.spaceId,
    id,
    n: input.n,
    by: input.by.deviceId,
    byKeyId: input.by.keyId,
    createdAt: new Date(input.now).toISOString(),
    passphrase: await wrapWorkspaceKey(
      input.raw,
      input.passphrase,
      passphraseScope(input.spaceId, id),
      input.kdf,
    ),
    members: input.members,
    removed: input.removed,
    wraps,
    previous,
  };
  return signDocument(input.by, unsigned);
}

/** The earlier keys an epoch carries (sealed under its own key). */
export async function previousKeys(
  spaceId: string,
  doc: EpochDoc,
  raw: Uint8Array,
): Promise<Record<string, string>> {
  if (!doc.previous) return {};
  try {
    const content = (await openSpaceKeys(raw)).content;
    const plain = await unseal(content, fromBase64(doc.previous.sealed), previousAad(spaceId, doc.id));
    const parsed = z.record(epochIdSchema, base64).safeParse(parseJson(plain));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function member(deviceId: string, secret: DeviceSecret, keyId: string, fromSeq: number): Member {
  return { deviceId, keyId, signPublic: secret.signPublic, boxPublic: secret.boxPublic, fromSeq };
}
