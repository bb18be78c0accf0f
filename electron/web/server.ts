/**
 * The loopback browser host: serves the built renderer and the same IPC handlers as the Electron main
 * process over HTTP on 127.0.0.1, so the real app runs in an ordinary browser. One POST per channel
 * (`WEB_API_PREFIX`), one Server-Sent Events stream for the contract's events (`WEB_EVENTS_PATH`).
 *
 * Threat model: any web page the user visits can send requests to 127.0.0.1, and a DNS-rebinding page
 * can even make them "same-origin". So: the Host header must name this very host and port, a POST's
 * Origin (when sent) must be our origin, and every API call needs the random token that only the
 * person who started the host has (printed in the URL). Static files are public: they are the same
 * bundle that ships in the app, and they hold no data.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  events,
  isChannel,
  isEventName,
  maxBodyBytesOf,
  WEB_API_PREFIX,
  WEB_EVENTS_PATH,
  WEB_TOKEN_HEADER,
  type EventName,
  type EventPayload,
} from '../../shared/ipc/contract';
import { fail, type Result } from '../../shared/result';
import { SECURITY_HEADERS } from '../services/csp';
import { dispatch } from '../services/dispatch';
import { createHandlers } from '../services/handlers';
import { contentTypeFor, resolveStaticPath } from '../services/static-files';
import { createLogger, openWorkspace } from '../services/workspace';

/** Proxies and browsers drop idle streams after ~30-60 s; a comment line keeps the SSE stream alive. */
export const SSE_HEARTBEAT_MS = 25_000;
const LOOPBACK = '127.0.0.1';

export type WebHostOptions = {
  dataDir: string;
  /** Folder holding the built renderer (index.html + assets/). */
  rendererDir: string;
  /** 0 or undefined: any free port. */
  port?: number;
  /** Defaults to 32 random bytes, base64url. */
  token?: string;
  testApi?: boolean;
  version: string;
  /** Tests only: a shorter heartbeat. */
  heartbeatMs?: number;
};

export type WebHost = {
  /** The address to open, token included: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
  /** Validates the payload against the contract (throws if invalid) and pushes it to every SSE client. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The bound socket address (always 127.0.0.1). */
  address(): AddressInfo;
  close(): Promise<void>;
};

type Failure = { status: number; code: string; message: string; headers?: Record<string, string> };

const failure = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Failure => ({
  status,
  code,
  message,
  ...(headers ? { headers } : {}),
});

const FAILURES = {
  forbiddenOrigin: () => failure(403, 'forbidden_origin', 'errors.forbiddenOrigin'),
  unauthorized: () => failure(401, 'unauthorized', 'errors.unauthorized'),
  notFound: () => failure(404, 'not_found', 'errors.notFound'),
  unknownChannel: () => failure(404, 'unknown_channel', 'errors.unknownChannel'),
  methodNotAllowed: (allow: string) =>
    failure(405, 'method_not_allowed', 'errors.methodNotAllowed', { Allow: allow }),
  unsupportedMediaType: () => failure(415, 'unsupported_media_type', 'errors.unsupportedMediaType'),
  payloadTooLarge: () => failure(413, 'payload_too_large', 'errors.payloadTooLarge'),
  invalidJson: () => failure(400, 'invalid_json', 'errors.invalidJson'),
  internal: () => failure(500, 'internal', 'errors.internal'),
};

/**
 * The operating system's preferred UI languages, best first, as BCP 47 tags: the ICU default locale
 * and the POSIX locale variables (`fr_FR.UTF-8` → `fr-FR`; `C`/`POSIX` ignored).
 */
export function systemLocales(env: NodeJS.ProcessEnv = process.env, icuLocale?: string): string[] {
  const candidates = [
    icuLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    env.LC_ALL,
    env.LC_MESSAGES,
    env.LANG,
  ];
  const locales: string[] = [];
  for (const candidate of candidates) {
    const tag = candidate?.split(/[.@]/)[0]?.replace(/_/g, '-');
    if (!tag || tag === 'C' || tag === 'POSIX') continue;
    try {
      for (const canonical of Intl.getCanonicalLocales(tag)) {
        if (!locales.includes(canonical)) locales.push(canonical);
      }
    } catch {
      // Not a language tag (e.g. a malformed LANG): ignore it rather than fail the start.
    }
  }
  return locales;
}

/** Compare two secrets without leaking, through timing, how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const isJsonContentType = (header: string | undefined): boolean =>
  header?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Paths that name a file of the bundle; a miss there is a 404, not the app shell. */
const looksLikeAsset = (pathname: string): boolean =>
  pathname.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(pathname.slice(pathname.lastIndexOf('/') + 1));

class BodyError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(FAILURES.payloadTooLarge());
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Node drains the rest of the body after we answer, so the client still reads the 413.
    if (size > limit) throw new BodyError(FAILURES.payloadTooLarge());
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined; // dispatch treats a missing payload as {}
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new BodyError(FAILURES.invalidJson());
  }
}

export async function createWebHost(options: WebHostOptions): Promise<WebHost> {
  const dataDir = resolve(options.dataDir);
  const rendererDir = resolve(options.rendererDir);
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token.length === 0) throw new Error('The web host token must not be empty.');

  const workspace = await openWorkspace(dataDir);
  const log = createLogger(dataDir);
  const writeLog = (level: 'info' | 'warn' | 'error', message: string) => {
    log(level, `[web-host] ${message}`).catch(() => {
      // A full disk must not take the host down with it.
    });
  };
  const sseClients = new Set<ServerResponse>();
  const handlers = createHandlers({
    name: 'RGPD Desk',
    version: options.version,
    transport: 'web',
    dataDir,
    workspaceId: workspace.workspaceId,
    systemLocales: systemLocales(),
    testApi: options.testApi ?? false,
    origin: () => `http://${LOOPBACK}:${port}`,
    // Background sync signals reach the page through the events stream.
    emit: (event, payload) => emitEvent(event, payload),
  });

  let port = 0;
  let allowedHosts: string[] = [];

  function emitEvent<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
    const data = events[event].parse(payload);
    // JSON.stringify escapes newlines, so the payload always fits one `data:` line.
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of sseClients) client.write(frame);
  }

  const baseHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...SECURITY_HEADERS,
    ...extra,
  });

  // Never log bodies or query strings: the query carries the token, bodies carry personal data.
  const logFailure = (req: IncomingMessage, pathname: string, status: number, code: string) =>
    writeLog(
      status >= 500 ? 'error' : 'warn',
      `${req.method ?? '?'} ${pathname.slice(0, 200)} → ${status} ${code}`,
    );

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    res.writeHead(
      status,
      baseHeaders({
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
        'Cache-Control': 'no-store',
        ...extraHeaders,
      }),
    );
    res.end(text);
  };

  const sendFailure = (req: IncomingMessage, res: ServerResponse, pathname: string, problem: Failure) => {
    logFailure(req, pathname, problem.status, problem.code);
    const body: Result<never> = fail(problem.code, problem.message);
    sendJson(res, problem.status, body, problem.headers);
  };

  /** DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own name as Host. */
  const hostIsOurs = (req: IncomingMessage): boolean =>
    allowedHosts.includes((req.headers.host ?? '').toLowerCase());

  /** A browser always sends Origin on cross-origin requests and on same-origin POSTs; when present it must be us. */
  const originIsOurs = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    return origin.toLowerCase() === `http://${(req.headers.host ?? '').toLowerCase()}`;
  };

  const tokenFrom = (req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined => {
    const header = req.headers[WEB_TOKEN_HEADER];
    if (typeof header === 'string') return header;
    // EventSource cannot set headers, so the events stream alone takes the token from the query.
    return allowQuery ? (url.searchParams.get('token') ?? undefined) : undefined;
  };

  const handleIpc = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const pathname = url.pathname;
    if (req.method !== 'POST') return sendFailure(req, res, pathname, FAILURES.methodNotAllowed('POST'));
    if (!originIsOurs(req)) return sendFailure(req, res, pathname, FAILURES.forbiddenOrigin());
    const given = tokenFrom(req, url, false);
    if (given === undefined || !sameSecret(given, token))
      return sendFailure(req, res, pathname, FAILURES.unauthorized());

    let channel: string;
    try {
      channel = decodeURIComponent(pathname.slice(WEB_API_PREFIX.length));
    } catch {
      return sendFailure(req, res, pathname, FAILURES.unknownChannel());
    }
    if (!isChannel(channel)) return sendFailure(req, res, pathname, FAILURES.unknownChannel());
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendFailure(req, res, pathname, FAILURES.unsupportedMediaType());
    }

    let payload: unknown;
    try {
      // Per channel (the contract's maxBodyBytes): attachments and saved files are large, the rest is not.
      payload = parseJson(await readBody(req, maxBodyBytesOf(channel)));
    } catch (error) {
      if (error instanceof BodyError) return sendFailure(req, res, pathname, error.failure);
      throw error;
    }
    const result = await dispatch(handlers, channel, payload, (message) => writeLog('error', message));
    if (!result.ok) logFailure(req, pathname, 200, result.error.code);
    sendJson(res, 200, result);
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const pathname = url.pathname;
    if (req.method !== 'GET') return sendFailure(req, res, pathname, FAILURES.methodNotAllowed('GET'));
    if (!originIsOurs(req)) return sendFailure(req, res, pathname, FAILURES.forbiddenOrigin());
    const given = tokenFrom(req, url, true);
    if (given === undefined || !sameSecret(given, token))
      return sendFailure(req, res, pathname, FAILURES.unauthorized());

    res.writeHead(
      200,
      baseHeaders({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      }),
    );
    sseClients.add(res);
    const forget = () => sseClients.delete(res);
    req.on('close', forget);
    res.on('close', forget);
    res.on('error', forget);
    res.write('retry: 3000\n: connected\n\n');
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const pathname = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendFailure(req, res, pathname, FAILURES.methodNotAllowed('GET, HEAD'));
    }
    const indexPath = join(rendererDir, 'index.html');
    const requested = resolveStaticPath(rendererDir, pathname);
    if (requested === null) return sendFailure(req, res, pathname, FAILURES.notFound());

    let file = requested;
    let info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // Client-side routes (no extension) get the app shell; a missing bundle file is a real 404.
      if (looksLikeAsset(pathname)) return sendFailure(req, res, pathname, FAILURES.notFound());
      file = indexPath;
      info = await stat(file).catch(() => null);
      if (!info?.isFile()) return sendFailure(req, res, pathname, FAILURES.notFound());
    }

    const isIndex = file === indexPath;
    res.writeHead(
      200,
      baseHeaders({
        'Content-Type': contentTypeFor(file),
        'Content-Length': String(info.size),
        // Vite puts a content hash in every file name under assets/; everything else may change.
        'Cache-Control': isIndex
          ? 'no-store'
          : pathname.startsWith('/assets/')
            ? 'max-age=31536000, immutable'
            : 'no-cache',
      }),
    );
    if (req.method === 'HEAD') return void res.end();
    // A reader that closes the tab mid-download is not an error worth logging.
    await pipeline(createReadStream(file), res).catch(() => res.destroy());
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    } catch {
      return sendFailure(req, res, '(unparsable)', FAILURES.notFound());
    }
    if (!hostIsOurs(req)) return sendFailure(req, res, url.pathname, FAILURES.forbiddenOrigin());
    if (url.pathname === WEB_EVENTS_PATH) return handleEvents(req, res, url);
    if (url.pathname.startsWith(WEB_API_PREFIX)) return handleIpc(req, res, url);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      return sendFailure(req, res, url.pathname, FAILURES.notFound());
    }
    return handleStatic(req, res, url);
  };

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      writeLog(
        'error',
        `request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent) sendFailure(req, res, '(internal)', FAILURES.internal());
      else res.destroy();
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen({ host: LOOPBACK, port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  server.on('error', (error) => writeLog('error', `server error: ${error.message}`));

  port = (server.address() as AddressInfo).port;
  allowedHosts = [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const origin = `http://${LOOPBACK}:${port}`;

  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? SSE_HEARTBEAT_MS);
  heartbeat.unref();

  writeLog('info', `listening on ${origin}`);

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    emit(event, payload) {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
      const data = events[event].parse(payload);
      // JSON.stringify escapes newlines, so the payload always fits one `data:` line.
      const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const client of sseClients) client.write(frame);
    },
    address: () => server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        clearInterval(heartbeat);
        for (const client of sseClients) client.end();
        sseClients.clear();
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}
