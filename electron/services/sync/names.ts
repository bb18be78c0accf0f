/**
 * File names in the space folder, and what sync clients make of them. Names carry only device ids
 * and sequence numbers (no personal data).
 *
 *   RGPD-Desk/space.json                         format, space id, the creator's signing key (root)
 *   RGPD-Desk/keys/epoch-<n>-<deviceId>.json     a key epoch: the space key wrapped under the
 *                                                passphrase and for each member, members, removals
 *   RGPD-Desk/registry/<deviceId>-<keyId>.req    a joining device's request (encrypted, self-signed)
 *   RGPD-Desk/registry/<deviceId>-<keyId>-by-<deviceId>.json   its registration, signed by a member
 *   RGPD-Desk/registry/<deviceId>-<keyId>-left.json            a key's signed word that it left
 *   RGPD-Desk/devices/<deviceId>/seg-<from>-<to>.rgs   that device's ops, signed, chained, immutable
 *   RGPD-Desk/devices/<deviceId>/device.rgd      that device's info (last activity, head, what it applied)
 *   RGPD-Desk/snapshots/<deviceId>.rgsnap        that device's latest snapshot
 *   RGPD-Desk/attachments/<hmac>.bin             attachments, named by an HMAC of their SHA-256
 */
export const SPACE_DIR = 'RGPD-Desk';
export const SPACE_FILE = 'space.json';
export const DEVICE_INFO_FILE = 'device.rgd';

export const segmentFileName = (from: number, to: number) => `seg-${from}-${to}.rgs`;
export const snapshotFileName = (deviceId: string) => `${deviceId}.rgsnap`;
export const attachmentFileName = (name: string) => `${name}.bin`;

export type NameKind =
  | { kind: 'segment'; from: number; to: number }
  | { kind: 'device-info' }
  /** A copy a sync client made when two versions of one file met; never ours to read. */
  | { kind: 'conflict' }
  /** Work in progress (ours or a sync client's) or operating-system clutter: skipped silently. */
  | { kind: 'ignore' }
  | { kind: 'unexpected' };

const SEGMENT = /^seg-([1-9]\d{0,14})-([1-9]\d{0,14})\.rgs$/;

/**
 * Conflict copies as the common clients name them:
 *   Dropbox    seg-1-10 (conflicted copy 2026-11-29).rgs, seg-1-10 (Marie's conflicted copy …).rgs,
 *              seg-1-10 (copie en conflit de Marie 2026-11-29).rgs
 *   Syncthing  seg-1-10.sync-conflict-20261129-101010-ABCDEFG.rgs
 *   Nextcloud  seg-1-10 (conflicted copy 2026-11-29 101010).rgs;  ownCloud seg-1-10_conflict-….rgs
 *   OneDrive   seg-1-10-LAPTOP-MARIE.rgs (the computer's name appended)
 *   Google Drive, Windows copies   seg-1-10 (1).rgs, seg-1-10 - Copie.rgs, seg-1-10 - Copy.rgs
 */
const CONFLICT = [/conflict/i, /conflit/i, /\(\d+\)/, / - (copie|copy)\b/i];
/** Our own temporary names start with '.', as do Syncthing's and Nextcloud's; '~' for some others. */
const IN_PROGRESS = [/^\./, /^~/, /\.tmp$/i, /\.part$/i, /\.partial$/i, /\.crdownload$/i, /\.!sync$/i];
const CLUTTER = new Set(['desktop.ini', 'thumbs.db', 'icon\r', '.ds_store']);

export function classifyName(name: string): NameKind {
  const segment = SEGMENT.exec(name);
  if (segment) {
    const from = Number(segment[1]);
    const to = Number(segment[2]);
    return from <= to ? { kind: 'segment', from, to } : { kind: 'unexpected' };
  }
  if (name === DEVICE_INFO_FILE) return { kind: 'device-info' };
  if (IN_PROGRESS.some((pattern) => pattern.test(name)) || CLUTTER.has(name.toLowerCase())) {
    return { kind: 'ignore' };
  }
  const ours = /^(seg-\d+-\d+|device)\b/.test(name) && /\.(rgs|rgd)$/i.test(name);
  if (ours || CONFLICT.some((pattern) => pattern.test(name))) return { kind: 'conflict' };
  return { kind: 'unexpected' };
}

/** Names of one folder level that are this app's own: device ids and snapshot names. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;
