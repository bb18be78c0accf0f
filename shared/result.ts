/** Every IPC answer and every fallible domain call returns one of these. */
export type DeskError = {
  /** Stable machine code, e.g. 'invalid_payload', 'forbidden_sender', 'not_found'. */
  code: string;
  /** An i18n key (see renderer/src/i18n) or, for unexpected failures, a plain sentence. */
  message: string;
  /** Field-level problems as i18n keys, keyed by dotted path. */
  fields?: Record<string, string>;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, fields?: Record<string, string>): Result<never> => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});
