import {
  contract,
  isChannel,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
} from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/result';

/** What a handler receives: the validated payload. Handlers may throw a HandlerError for expected failures. */
export type Handlers = {
  [C in Channel]: (payload: ChannelInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The single entry point both hosts (Electron IPC and the loopback HTTP host) use: check the channel,
 * validate the payload against the contract, run the handler, and wrap the answer. Never throws.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  log: (message: string) => void = () => {},
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('unknown_channel', 'errors.unknownChannel');
  const parsed = contract[channel].input.safeParse(payload ?? {});
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] = issue.message;
    return fail('invalid_payload', 'errors.invalidPayload', fields);
  }
  try {
    const handler = handlers[channel] as (p: unknown) => unknown;
    const value = await handler(parsed.data);
    return ok(value);
  } catch (error) {
    if (error instanceof HandlerError) return fail(error.code, error.message);
    log(
      `handler ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return fail('internal', 'errors.internal');
  }
}
