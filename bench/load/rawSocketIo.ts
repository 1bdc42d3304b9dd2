/**
 * The least of a Socket.IO client a simulated person needs, on a raw WebSocket (`ws`): the
 * Engine.IO v4 / Socket.IO v5 framing written out by hand, so that a packet costs a
 * load-generator process what reading it costs, not what socket.io-client's decoder does
 * (every packet decoded into objects and JSON.parse'd, ~99 µs of CPU per packet at 5,000
 * clients: the generator, not the node, set the measured latency).
 *
 * One WebSocket message is one Engine.IO packet (websocket transport):
 *
 *   0{"sid":…,"pingInterval":…,"pingTimeout":…}   open                (server → client)
 *   2 / 3                                          ping / pong         (the server pings)
 *   1                                              close
 *   4…                                             a Socket.IO packet:
 *     40{auth}  / 40{"sid":…}                      connect / its ack   (default namespace)
 *     44{"message":…,"data":…}                     connect_error
 *     41                                           disconnect
 *     42["name",arg]  / 42<id>["name",arg]         event / event that wants an ack
 *     43<id>[answer]                               the ack of event <id>
 *
 * Events reach the caller as the raw packet and where the arguments start: reading them is
 * the caller's business (leanParticipant.ts reads an `entries` packet without parsing it).
 */
import { WebSocket } from 'ws';

/** Why a connection ended, with socket.io-client's names for the same causes. */
export type CloseReason = 'io server disconnect' | 'io client disconnect' | 'transport close' | 'transport error' | 'ping timeout';

export interface RawSocketHandlers {
  /** Every Engine.IO packet received: its length in bytes, and whether it is a message (type 4). */
  packet(length: number, isMessage: boolean): void;
  /** The node accepted the handshake (`40`). */
  connected(): void;
  /** The node refused the handshake (`44`): `message` is the code the server's middleware gave. */
  refused(message: string): void;
  /** An event from the node: its name, and the packet with its arguments from `argsAt` to the closing `]`. */
  event(name: string, packet: Buffer, argsAt: number): void;
  closed(reason: CloseReason): void;
}

const CHAR = { zero: 0x30, nine: 0x39, quote: 0x22, bracket: 0x5b } as const;

/** Engine.IO packet types (the first character), as character codes. */
const ENGINE = { open: 0x30, close: 0x31, ping: 0x32, message: 0x34 } as const;
/** Socket.IO packet types (the second character of an Engine.IO message). */
const SOCKET = { connect: 0x30, disconnect: 0x31, event: 0x32, ack: 0x33, connectError: 0x34 } as const;

export class RawSocketIo {
  private readonly ws: WebSocket;
  private nextAckId = 0;
  private readonly waitingAcks = new Map<number, { answer: (args: unknown[] | null) => void; timer: NodeJS.Timeout }>();
  /** Closes the connection when the node's pings stop, as socket.io-client does. */
  private pingWatchdog: NodeJS.Timeout | null = null;
  private closedWith: CloseReason | null = null;

  /**
   * Connect to the Socket.IO server at `url` (http://host:port) and send `auth` with the
   * handshake, as `io(url, { auth, transports: ['websocket'] })` does.
   */
  constructor(
    url: string,
    private readonly auth: object,
    private readonly handlers: RawSocketHandlers,
  ) {
    // Nothing is compressed (Socket.IO's default), and the text is only searched, never shown:
    // the UTF-8 check of every frame is skipped.
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.ws.on('message', (data) => this.receive(data as Buffer));
    this.ws.on('error', () => this.end('transport error'));
    this.ws.on('close', () => this.end('transport close'));
  }

  /** Emit `name` with one argument; `answer` gets the ack's arguments, or null when none came within `timeoutMs`. */
  emitWithAck(name: string, arg: unknown, timeoutMs: number, answer: (args: unknown[] | null) => void): void {
    const id = this.nextAckId++;
    const timer = setTimeout(() => {
      this.waitingAcks.delete(id);
      answer(null);
    }, timeoutMs);
    this.waitingAcks.set(id, { answer, timer });
    this.ws.send(`42${id}${JSON.stringify([name, arg])}`);
  }

  close(): void {
    if (this.closedWith) return;
    // Tell the node, as socket.io-client does on close(): a Socket.IO disconnect, then the socket goes.
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send('41');
    this.end('io client disconnect');
    this.ws.close();
  }

  private end(reason: CloseReason): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    if (this.pingWatchdog) clearTimeout(this.pingWatchdog);
    // Unanswered commands time out on their own timers, as with socket.io-client's `timeout()`.
    this.handlers.closed(reason);
  }

  private receive(packet: Buffer): void {
    const type = packet[0];
    this.handlers.packet(packet.length, type === ENGINE.message);
    switch (type) {
      case ENGINE.message:
        this.receiveSocketIo(packet);
        break;
      case ENGINE.ping:
        this.pingWatchdog?.refresh();
        this.ws.send('3');
        break;
      case ENGINE.open:
        this.open(JSON.parse(packet.toString('utf8', 1)) as { pingInterval: number; pingTimeout: number });
        break;
      case ENGINE.close:
        this.end('transport close');
        this.ws.close();
        break;
    }
  }

  private open({ pingInterval, pingTimeout }: { pingInterval: number; pingTimeout: number }): void {
    this.pingWatchdog = setTimeout(() => {
      this.end('ping timeout');
      this.ws.terminate();
    }, pingInterval + pingTimeout);
    this.ws.send(`40${JSON.stringify(this.auth)}`);
  }

  private receiveSocketIo(packet: Buffer): void {
    switch (packet[1]) {
      case SOCKET.event: {
        // 42["name",…]: the node's events carry no ack id and no namespace (the default one).
        if (packet[2] !== CHAR.bracket || packet[3] !== CHAR.quote) break;
        const nameEnd = packet.indexOf(CHAR.quote, 4);
        this.handlers.event(packet.toString('latin1', 4, nameEnd), packet, nameEnd + 2);
        break;
      }
      case SOCKET.ack:
        this.answer(packet);
        break;
      case SOCKET.connect:
        this.handlers.connected();
        break;
      case SOCKET.connectError: {
        const { message } = JSON.parse(packet.toString('utf8', 2)) as { message?: string };
        this.handlers.refused(message ?? 'connect_error');
        this.close();
        break;
      }
      case SOCKET.disconnect:
        this.end('io server disconnect');
        this.ws.close();
        break;
    }
  }

  /** 43<id>[answer]: the ack of the command sent as <id>. */
  private answer(packet: Buffer): void {
    let at = 2;
    let id = 0;
    for (let c = packet[at]; c !== undefined && c >= CHAR.zero && c <= CHAR.nine; c = packet[++at]) id = id * 10 + (c - CHAR.zero);
    const waiting = this.waitingAcks.get(id);
    if (!waiting) return;
    this.waitingAcks.delete(id);
    clearTimeout(waiting.timer);
    waiting.answer(JSON.parse(packet.toString('utf8', at)) as unknown[]);
  }
}
