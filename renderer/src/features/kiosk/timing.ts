/** How long an untouched kiosk waits before it discards the choices and says thank you. */
export const kioskTiming = { idleMs: 90_000 };
