/**
 * Lets the requests that arrived meanwhile run (setImmediate comes after the I/O poll): long work awaits it between
 * its slices, so health, sockets and ingest are not held behind it.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
