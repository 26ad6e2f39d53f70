// Callback-style fan-out for controllers: the engine cannot use Promises (their microtasks would
// run outside the simulation's event loop), so the goroutine + WaitGroup patterns of upstream
// controllers are written as "start all, count answers, then continue".

/** Runs `fn` for every item at once; `done` gets the errors once every call has answered. */
export function parallel<T>(
  items: readonly T[],
  fn: (item: T, index: number, done: (error?: string) => void) => void,
  done: (errors: string[]) => void,
): void {
  const errors: string[] = [];
  let pending = items.length;
  if (pending === 0) return done(errors);
  items.forEach((item, index) =>
    fn(item, index, (error) => {
      if (error !== undefined) errors.push(error);
      if (--pending === 0) done(errors);
    }),
  );
}

/**
 * slowStartBatch (pkg/controller/statefulset, and the create loop of the DaemonSet controller's
 * syncNodes): calls `fn(0..count-1)` in batches of 1, 2, 4, ... (at most `maxBatch`), each
 * batch in parallel; stops after the first batch with an error. `done` gets how many succeeded,
 * how many were never attempted, and the errors.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (index: number, done: (error?: string) => void) => void,
  done: (successes: number, skipped: number, errors: string[]) => void,
  maxBatch = Number.MAX_SAFE_INTEGER,
): void {
  let successes = 0;
  const step = (pos: number, batchSize: number): void => {
    if (batchSize <= 0) return done(successes, 0, []);
    const indices = Array.from({ length: batchSize }, (_, i) => pos + i);
    parallel(
      indices,
      (index, _i, cb) => fn(index, cb),
      (errors) => {
        successes += batchSize - errors.length;
        const next = pos + batchSize;
        if (errors.length > 0) return done(successes, count - next, errors);
        step(next, Math.min(2 * batchSize, count - next, maxBatch));
      },
    );
  };
  step(0, Math.min(count, initialBatchSize));
}
