import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';

/** Many Socket.IO clients in their own thread: they record when each alert reached them. */
interface Job {
  url: string;
  token: string;
  clients: number;
  programIds: string[];
}

const job = workerData as Job;
const receipts: Array<{ alertId: string; programId: string; at: number }> = [];
/** Each metrics:updated message, keyed by what it says, so one broadcast's copies can be compared. */
const metrics: Array<{ key: string; at: number }> = [];
const sockets: Socket[] = [];
let ready = 0;
for (let i = 0; i < job.clients; i++) {
  const s = io(`${job.url}/live`, { auth: { token: job.token }, transports: ['websocket'], reconnection: false });
  s.on('connect', () => {
    s.emit('subscribe', { programIds: job.programIds }, () => {
      if (++ready === job.clients) parentPort!.postMessage({ type: 'ready' });
    });
  });
  s.on('connect_error', (err) => parentPort!.postMessage({ type: 'error', message: err.message }));
  s.on('alert:opened', (e: { alert: { id: string; programId: string } }) => receipts.push({ alertId: e.alert.id, programId: e.alert.programId, at: Date.now() }));
  s.on('metrics:updated', (m: { programId: string; minute: string; volume: number }) => metrics.push({ key: `${m.programId}|${m.minute}|${m.volume}`, at: Date.now() }));
  sockets.push(s);
}
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'collect') parentPort!.postMessage({ type: 'receipts', receipts: receipts.splice(0), metrics: metrics.splice(0) });
  if (m.type === 'close') {
    for (const s of sockets) s.close();
    parentPort!.postMessage({ type: 'closed' });
  }
});
