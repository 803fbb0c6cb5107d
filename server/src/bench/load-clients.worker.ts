import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';

/**
 * The load section's screens: Socket.IO clients in their own thread that record when each alert
 * reached them. They connect in waves of 100 with a long handshake timeout: on two cores shared with
 * the servers and the load, 500 handshakes at once (each checks its session in the database) can
 * take longer than Socket.IO's 20 s default, and what is measured is delivery, not connecting.
 */
interface Job {
  url: string;
  token: string;
  clients: number;
  programIds: string[];
}

const WAVE = 100;
const job = workerData as Job;
const receipts: Array<{ alertId: string; programId: string; at: number }> = [];
const sockets: Socket[] = [];

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = io(`${job.url}/live`, { auth: { token: job.token }, transports: ['websocket'], reconnection: false, timeout: 120_000 });
    s.on('connect', () => s.emit('subscribe', { programIds: job.programIds }, () => resolve()));
    s.on('connect_error', (err) => reject(err));
    s.on('alert:opened', (e: { alert: { id: string; programId: string } }) => receipts.push({ alertId: e.alert.id, programId: e.alert.programId, at: Date.now() }));
    sockets.push(s);
  });
}

try {
  for (let i = 0; i < job.clients; i += WAVE) await Promise.all(Array.from({ length: Math.min(WAVE, job.clients - i) }, open));
  parentPort!.postMessage({ type: 'ready' });
} catch (err) {
  parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'collect') parentPort!.postMessage({ type: 'receipts', receipts: receipts.splice(0) });
  if (m.type === 'close') {
    for (const s of sockets) s.close();
    parentPort!.postMessage({ type: 'closed' });
  }
});
