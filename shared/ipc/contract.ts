/**
 * The one IPC contract: channel → input schema → output schema. The Electron main process and the
 * loopback browser host both validate every payload against it (electron/services/dispatch.ts), and
 * the renderer's transport is typed by it. Add a channel here first, then its handler in
 * electron/services/handlers.ts.
 */
import { z } from 'zod';
import type { Result } from '../result';

export const SECTIONS = [
  'dashboard',
  'requests',
  'consents',
  'subjects',
  'registers',
  'archive',
  'audit',
  'settings',
] as const;
export const sectionSchema = z.enum(SECTIONS);
export type Section = z.infer<typeof sectionSchema>;

const empty = z.object({}).strict();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  transport: z.enum(['electron', 'web']),
  /** Folder where the Node side keeps files (logs, attachments, keys). */
  dataDir: z.string(),
  /**
   * Random id made on first run and stored in the data folder; the renderer names its IndexedDB
   * database after it, so one browser profile never mixes two data folders.
   */
  workspaceId: z.string().uuid(),
  /** Preferred UI languages of the operating system, best first. */
  systemLocales: z.array(z.string()),
  /** True only when the browser host was started with --expose-test-api (benchmarks, e2e). */
  testApi: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const contract = {
  'app:info': { input: empty, output: appInfoSchema },
  'log:write': {
    input: z
      .object({
        level: z.enum(['info', 'warn', 'error']),
        message: z.string().min(1).max(4000),
      })
      .strict(),
    output: z.object({ written: z.literal(true) }),
  },
  'data-folder:open': {
    input: empty,
    output: z.object({ path: z.string(), opened: z.boolean() }),
  },
} as const;

export type Channel = keyof typeof contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<(typeof contract)[C]['output']>;

/** Events pushed from the Node side to the renderer (Electron menu, background jobs). */
export const events = {
  'menu:navigate': z.object({ section: sectionSchema }).strict(),
} as const;
export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const isChannel = (value: unknown): value is Channel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);

/** The single object the preload exposes as `window.desk`, and the HTTP transport mimics. */
export interface DeskApi {
  invoke<C extends Channel>(channel: C, payload: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** HTTP routes of the browser host; the same contract, one POST per channel. */
export const WEB_API_PREFIX = '/api/ipc/';
export const WEB_EVENTS_PATH = '/api/events';
export const WEB_TOKEN_HEADER = 'x-desk-token';
