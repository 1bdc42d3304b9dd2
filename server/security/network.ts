/**
 * Who is on the other end of a request: the client's address (behind trusted proxies) and
 * the key limits count it by, and which browser origins may talk to the node.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP, isIPv6 } from 'node:net';

/**
 * The client's address. With `trustProxy` hops, read `X-Forwarded-For` right to left: the
 * peer is the nearest proxy, and each trusted proxy vouches for the address before it (the
 * same rule as Express's numeric `trust proxy`). Addresses further left are the client's own
 * claims and are never believed.
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [peer, ...forwarded.reverse()];
  return chain[Math.min(trustProxy, chain.length - 1)]!;
}

/**
 * The limit key of a request's client. Warns once when requests carry `X-Forwarded-For` but
 * no proxy is trusted: behind a proxy every client then shares the proxy's address, and
 * per-address limits would treat a whole event as one visitor.
 */
export class ClientAddresses {
  private warned = false;

  constructor(
    private readonly trustProxy: number,
    private readonly warn: (message: string) => void,
  ) {}

  keyOf(req: IncomingMessage): string {
    if (this.trustProxy === 0 && !this.warned && req.headers['x-forwarded-for'] !== undefined) {
      this.warned = true;
      this.warn('requests arrive through a proxy (X-Forwarded-For) but TRUST_PROXY is 0: per-address limits count the proxy; set TRUST_PROXY');
    }
    return addressKey(clientAddress(req, this.trustProxy));
  }

  /** The hosts the request was addressed to: its Host, and behind a trusted proxy the host the browser used. */
  hostsOf(req: IncomingMessage): string[] {
    const forwarded = this.trustProxy > 0 ? req.headers['x-forwarded-host'] : undefined;
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    return [req.headers.host, first].filter((h): h is string => Boolean(h));
  }
}

/**
 * The key per-address limits count by: the IPv4 address, or the /64 network of an IPv6
 * address, since one host usually holds a whole /64 and could otherwise rotate through it.
 * Every spelling of an address gives the same key: an IPv4-mapped IPv6 address (`::ffff:…`,
 * dotted or hex, short or full) is its IPv4 address, an IPv4 tail counts as two groups, and a
 * port a proxy forwarded (`203.0.113.5:51234`, `[2001:db8::1]:51234`) is dropped. The addresses
 * of `::/64` other than loopback (translation forms that embed an IPv4 address) key as themselves.
 */
export function addressKey(address: string): string {
  const canonical = canonicalAddress(address);
  if (!isIPv6(canonical)) return canonical;
  const groups = canonical.split(':');
  if (groups.slice(0, 4).every((g) => g === '0')) return canonical === LOOPBACK_V6 ? '::1' : canonical;
  return `${groups.slice(0, 4).join(':')}::/64`;
}

const LOOPBACK_V6 = '0:0:0:0:0:0:0:1';

/** One spelling per address: IPv4 dotted, IPv6 as eight groups without leading zeros, no zone, no port. */
function canonicalAddress(raw: string): string {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address);
  if (withPort) address = withPort[1]!;
  address = address.split('%')[0]!.toLowerCase();
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  // IPv4-mapped (::ffff:a.b.c.d, in any spelling): the IPv4 address.
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [hi, lo] = [Number.parseInt(groups[6]!, 16), Number.parseInt(groups[7]!, 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return groups.join(':');
}

/**
 * Whether an address key (`addressKey`) is the node's own machine: loopback, or no address at
 * all. Behind a proxy that is not trusted (TRUST_PROXY unset) every client seems to come from
 * here, so nothing may be decided about "this network" from it (S44).
 */
export function isOwnMachine(key: string): boolean {
  return key.startsWith('127.') || key === '::1' || key === 'unknown';
}

/** The eight groups, without leading zeros, so that every spelling of an address gives the same key; an IPv4 tail is two groups. */
function expandIPv6(address: string): string[] {
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = tail
    ? `${address.slice(0, tail.index)}${((Number(tail[1]) << 8) | Number(tail[2])).toString(16)}:${((Number(tail[3]) << 8) | Number(tail[4])).toString(16)}`
    : address;
  const [head = '', rest] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Browser origins allowed to call the API and open sockets: the node's own, and those configured. */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins.map(originOf).filter((o): o is string => o !== null));
  }

  /**
   * A request without an Origin header is not a browser calling across sites (curl, a test
   * client, another server): it is allowed, and its token still decides what it may do.
   * `Origin: null` (sandboxed frames, files) is refused.
   */
  allows(origin: string | undefined, hosts: readonly string[]): boolean {
    if (origin === undefined) return true;
    const normalised = originOf(origin);
    if (normalised === null) return false;
    return this.allowed.has(normalised) || this.isSameOrigin(normalised, hosts);
  }

  /** Allowed and from another origin: the request needs CORS headers to be readable. */
  isCrossOrigin(origin: string | undefined, hosts: readonly string[]): boolean {
    if (origin === undefined) return false;
    const normalised = originOf(origin);
    return normalised !== null && !this.isSameOrigin(normalised, hosts);
  }

  private isSameOrigin(origin: string, hosts: readonly string[]): boolean {
    const host = new URL(origin).host;
    return hosts.some((h) => h.toLowerCase() === host);
  }
}

/**
 * S33: the host names a node answers to. A DNS-rebinding page reaches the node under the
 * attacker's own name, so to the browser it is the page's own origin and the origin rules (S12)
 * let it in: the name itself must be known. Known are `localhost`, PUBLIC_URL's name and
 * ALLOWED_HOSTS; an IP address (127.0.0.1, [::1], a LAN address) cannot be rebound, so any is
 * known. `*` in the list turns the check off.
 */
export class HostPolicy {
  private readonly names: ReadonlySet<string> | null;

  constructor(hosts: readonly string[]) {
    this.names = hosts.includes('*') ? null : new Set(['localhost', ...hosts.map(hostnameOf).filter((h): h is string => h !== null)]);
  }

  allows(host: string): boolean {
    if (this.names === null) return true;
    const name = hostnameOf(host);
    return name !== null && (isIP(name.replace(/^\[|\]$/g, '')) !== 0 || this.names.has(name));
  }
}

/** The name of `host` (`name[:port]` or a URL), lowercased, without port or trailing dot; null when it is no host. */
function hostnameOf(host: string): string | null {
  try {
    return new URL(host.includes('://') ? host : `http://${host}`).hostname.replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

/**
 * Refuse a request addressed to a host name the node does not know (S33). Written against
 * Node's own request and response, so that Express and Engine.IO (`io.engine.use`) share it.
 */
export function knownHostsOnly(hosts: HostPolicy, addresses: ClientAddresses) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (addresses.hostsOf(req).every((host) => hosts.allows(host))) return void next();
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({ error: { code: 'forbidden', message: 'this Gavel node does not answer to that host name; its operator can add it to ALLOWED_HOSTS' } }),
    );
  };
}
