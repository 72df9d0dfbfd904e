/** Time source of the virtual printer; tests may inject a manual one. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type SystemTimer = { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout };

/**
 * Real time. A zero delay runs on `setImmediate` (after pending I/O), because Node's
 * `setTimeout(0)` waits at least 1 ms: once per received line, that would cap a one-line-mode
 * stream at under 1,000 lines/s regardless of the simulated baud rate.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms): SystemTimer =>
    ms <= 0 ? { immediate: setImmediate(callback) } : { timeout: setTimeout(callback, ms) },
  clearTimeout: (handle) => {
    const timer = handle as SystemTimer;
    if ("immediate" in timer) clearImmediate(timer.immediate);
    else clearTimeout(timer.timeout);
  },
};
