/**
 * How long a "minute" of the idle delay lasts. Sixty seconds, always, in the app; the test API
 * (renderer/src/app/test-api.ts, browser host started with --expose-test-api) shortens it so an
 * end-to-end test sees the idle lock without waiting a minute.
 */
export const lockTiming = { msPerMinute: 60_000 };
