/**
 * Sockets that only receive, in a process of their own (bench/core.ts's round trip): each
 * token from stdin joins, and on SIGTERM the process prints how many entries it received.
 * Kept apart so that their decoding does not sit in the senders' event loop.
 */
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

const url = process.argv[2]!;
const sockets: Socket[] = [];
let delivered = 0;
for await (const token of createInterface({ input: process.stdin })) {
  if (!token) break;
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  socket.on('entries', ({ entries }: { entries: unknown[] }) => (delivered += entries.length));
  await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
  sockets.push(socket);
}
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  for (const s of sockets) s.close();
  process.stdout.write(`${delivered}\n`);
  process.exit(0);
});
