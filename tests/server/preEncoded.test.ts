/** S40: JSON encoded once and spliced as it is, also inside another encoded value; its bytes into a socket's frame as they are. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { emitPreEncoded, encodeWithPreEncoded, PreEncoded } from '../../server/preEncoded.ts';
import type { GavelServer } from '../../server/socketTypes.ts';

describe('PreEncoded', () => {
  it('a value holding encoded parts encodes exactly as the plain value would, text that looks like a replacement pattern included', () => {
    const part = { texts: ['$& and $1', 'a "quoted" \u0000 line\n', '\u2028'] };
    const plain = { seq: 7, contributions: { items: part }, chat: ['hello'] };
    const inner = new PreEncoded(part);
    const outer = new PreEncoded({ ...plain, contributions: { items: inner } });
    expect(outer.json).toBe(JSON.stringify(plain));
    // The same inner bytes serve a second outer value, at another seq.
    expect(new PreEncoded({ ...plain, seq: 8, contributions: { items: inner } }).json).toBe(JSON.stringify({ ...plain, seq: 8 }));
    // Outside an encoder (a log, a test) it reads as the value itself.
    expect(JSON.parse(JSON.stringify({ x: inner }))).toEqual({ x: part });
  });
});

describe('emitPreEncoded (S40): a snapshot to one socket with the shared bytes as they are', () => {
  const partOf = (chars: number) => ({ texts: ['Solidarité 🙂', '$& "quoted" \u0000 \u2028', 'x'.repeat(chars)] });
  // The shared value last, as a snapshot's state is; then not last, sent the usual way.
  const last = (shared: unknown) => ({ self: { personId: 'p1', name: 'Amina "A." Diallo' }, state: { seq: 3, items: shared } });
  const first = (shared: unknown) => ({ state: shared, self: { personId: 'p1' } });

  // Frame lengths of each size class of the header: under 126 bytes, under 64 KB, larger.
  it.each([0, 1_000, 70_000])(
    'sends over a WebSocket exactly what socket.emit sends (%i more characters), and over long-polling the same event',
    async (chars) => {
      const part = partOf(chars);
      const http = createServer();
      const io: GavelServer = new Server(http);
      encodeWithPreEncoded(io);
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const { port } = http.address() as AddressInfo;
      const shared = new PreEncoded(part);
      io.on('connection', (socket) => {
        for (const shape of [last, first]) {
          emitPreEncoded(socket, 'snapshot', shape(shared) as never);
          socket.emit('snapshot', shape(part) as never);
          // Again: the bytes encoded for the first send serve the next.
          emitPreEncoded(socket, 'snapshot', shape(shared) as never);
        }
      });
      const expected = [last, last, last, first, first, first].map((shape) => shape(part));
      try {
        // A raw WebSocket sees the frames' payloads as they are on the wire.
        const raw = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
        const payloads: string[] = [];
        let binary = 0;
        await new Promise<void>((resolve, reject) => {
          raw.on('error', reject);
          raw.on('message', (data: Buffer, isBinary: boolean) => {
            if (isBinary) binary++;
            const text = data.toString('utf8');
            if (text.startsWith('0')) raw.send('40');
            if (text.startsWith('42')) payloads.push(text);
            if (payloads.length === expected.length) resolve();
          });
        });
        raw.close();
        // Text frames, as Socket.IO sends: a client reads a binary one as an attachment.
        expect(binary).toBe(0);
        expect(payloads[0]).toBe(payloads[1]);
        expect(payloads[2]).toBe(payloads[1]);
        expect(payloads[3]).toBe(payloads[4]);
        expect(payloads[5]).toBe(payloads[4]);
        expect(payloads.map((payload) => JSON.parse(payload.slice(2)))).toEqual(expected.map((message) => ['snapshot', message]));

        // Long-polling has no frames: the same events arrive as text.
        const polling = ioClient(`http://127.0.0.1:${port}`, { transports: ['polling'], forceNew: true, reconnection: false });
        const received = await new Promise<unknown[]>((resolve) => {
          const got: unknown[] = [];
          polling.on('snapshot' as never, (value: unknown) => {
            got.push(value);
            if (got.length === expected.length) resolve(got);
          });
        });
        polling.close();
        expect(received).toEqual(expected);
      } finally {
        await io.close();
      }
    },
  );
});
