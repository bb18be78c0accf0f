/**
 * The renderer's only door to the Node side. In Electron the preload exposes `window.desk`; in the
 * loopback browser host the same contract travels over HTTP. Nothing else in the renderer knows
 * which one it runs on.
 */
import {
  WEB_API_PREFIX,
  WEB_EVENTS_PATH,
  WEB_TOKEN_HEADER,
  events as eventSchemas,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type DeskApi,
  type EventName,
  type EventPayload,
} from '../../../shared/ipc/contract';
import { fail, type Result } from '../../../shared/result';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

const TOKEN_KEY = 'rgpd-desk.token';

/** The browser host's access token: taken from ?token= once, then kept for this tab only. */
export function takeWebToken(location: Location, storage: Storage, history: History): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function createHttpDesk(token: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): DeskApi {
  return {
    async invoke<C extends Channel>(channel: C, payload: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      try {
        const response = await fetchImpl(`${WEB_API_PREFIX}${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: token },
          body: JSON.stringify(payload ?? {}),
        });
        const body = (await response.json()) as Result<ChannelOutput<C>>;
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return fail('network', 'errors.network');
      } catch {
        return fail('network', 'errors.network');
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const source = new EventSource(`${WEB_EVENTS_PATH}?token=${encodeURIComponent(token)}`);
      const handle = (message: MessageEvent<string>) => {
        const parsed = eventSchemas[event].safeParse(JSON.parse(message.data));
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      };
      source.addEventListener(event, handle as EventListener);
      return () => source.close();
    },
  };
}

/** Pick the transport: the preload bridge when present, otherwise HTTP with the page's token. */
export function connectDesk(): DeskApi | null {
  if (window.desk) return window.desk;
  const token = takeWebToken(window.location, window.sessionStorage, window.history);
  return token ? createHttpDesk(token) : null;
}

/** Unwrap a Result, throwing a DeskFailure the UI can translate. */
export class DeskFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export async function call<C extends Channel>(
  desk: DeskApi,
  channel: C,
  payload: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  return unwrap(await desk.invoke(channel, payload));
}

/** The value of a Result from the Node side, or a DeskFailure the UI can translate. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new DeskFailure(result.error.code, result.error.message, result.error.fields);
  return result.value;
}
