/**
 * A flooding client, run as its own process by flood.test.ts so that the cost of sending
 * 10,000 commands a second is not charged to the clients whose latency the test measures.
 * Connects with FLOOD_TOKEN to FLOOD_URL, prints "ready", sends FLOOD_RATE commands a second
 * until it is disconnected, then keeps trying to reconnect until FLOOD_MS have passed, as a
 * script would, and prints a JSON report.
 */
import { io } from 'socket.io-client';

export interface FloodReport {
  /** Commands handed to the socket while it was connected. */
  sent: number;
  accepted: number;
  rateLimited: number;
  /** Refused for another reason (the reducer's verdict). */
  refused: number;
  notice: string | null;
  /** Milliseconds from the first command to the server's disconnect, or null. */
  disconnectedAfterMs: number | null;
  /** Reconnection attempts after the disconnect, and how the last one ended. */
  reconnects: number;
  reconnect: string;
}

const url = process.env.FLOOD_URL!;
const token = process.env.FLOOD_TOKEN!;
const rate = Number(process.env.FLOOD_RATE ?? 10_000);
const durationMs = Number(process.env.FLOOD_MS ?? 1_000);
const TICK_MS = 10;

const report: FloodReport = { sent: 0, accepted: 0, rateLimited: 0, refused: 0, notice: null, disconnectedAfterMs: null, reconnects: 0, reconnect: '' };
const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
await new Promise<void>((resolve, reject) => {
  socket.once('connect', () => resolve());
  socket.once('connect_error', reject);
});
socket.on('notice', (notice: { code: string }) => (report.notice = notice.code));
const started = performance.now();
const gone = new Promise<void>((resolve) =>
  socket.once('disconnect', () => {
    report.disconnectedAfterMs = Math.round(performance.now() - started);
    resolve();
  }),
);
console.log('ready');

const perTick = Math.ceil((rate * TICK_MS) / 1000);
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    for (let i = 0; i < perTick && socket.connected; i++) {
      report.sent++;
      // Cheap for the node to refuse (nobody has the floor), so only the flood guard can stop it.
      socket.emit('command', { type: 'floor.end', payload: {} }, (ack: { ok: boolean; error?: { code: string } }) => {
        if (ack.ok) report.accepted++;
        else if (ack.error?.code === 'rate_limited') report.rateLimited++;
        else report.refused++;
      });
    }
    if (!socket.connected || performance.now() - started >= durationMs) {
      clearInterval(timer);
      resolve();
    }
  }, TICK_MS);
});
await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 2_000))]);
socket.close();

do {
  const again = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  report.reconnects++;
  report.reconnect = await new Promise<string>((resolve) => {
    again.once('connect', () => resolve('connected'));
    again.once('connect_error', (err) => resolve(err.message));
  });
  again.close();
} while (report.reconnect !== 'connected' && performance.now() - started < durationMs);
console.log(JSON.stringify(report));
process.exit(0);
