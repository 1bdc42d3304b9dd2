/**
 * The abuse limits of a node. The defaults are for a public event whose link is shared
 * widely: generous for people (an office behind one NAT address, a fast typist), tight for
 * scripts. Every limit can be raised: `RATE_LIMIT_SCALE` and `MAX_CONNECTIONS_PER_IP` in the
 * environment, or `security` in `createApp` for tests that legitimately run many clients from
 * one address.
 */
import type { Rate } from './rateLimiter.ts';

export interface SecurityRates {
  /** Every packet one socket sends (commands, sync, pings, reactions): the flood guard. */
  socket: Rate;
  /**
   * The same for a moderator's socket: organisers' screens and scripts legitimately send
   * bursts (tidying a queue, a scripted run of the agenda), and a moderator link is trusted.
   */
  moderatorSocket: Rate;
  /** Refused packets one socket may send before it is disconnected as a flood. */
  strikes: Rate;
  chatPerPerson: Rate;
  chatPerIp: Rate;
  /** Raising and lowering hands and points of order (toggling is the abuse). */
  handPerPerson: Rate;
  handPerIp: Rate;
  /** Every other command a participant sends (votes, endorsements, upvotes, questions, contributions, notes). */
  writePerPerson: Rate;
  writePerIp: Rate;
  /** Socket.IO handshakes: each one costs the node a snapshot. */
  handshakePerPerson: Rate;
  handshakePerIp: Rate;
  registerPerIp: Rate;
  /** Wrong event passcodes (S31): per address, and per event from every address together. */
  passcodeFailuresPerIp: Rate;
  passcodeFailuresPerEvent: Rate;
  restPerIp: Rate;
  /** Every HTTP request to a listener but Socket.IO's (pages, assets, the API, the ops routes): S62. */
  requestsPerIp: Rate;
  /** REST calls per bearer token, i.e. per person. */
  restPerToken: Rate;
}

export interface SecurityOptions {
  /** Reverse proxies in front of the node whose `X-Forwarded-For` is believed; 0 uses the peer address. */
  trustProxy: number;
  /** Browser origins allowed besides the node's own (its host, and PUBLIC_URL). */
  allowedOrigins: string[];
  /** Host names the node answers to besides localhost, any IP address and PUBLIC_URL's (S33); `*`: any. */
  allowedHosts: string[];
  /** Socket.IO connections open at once from one address (an IPv6 /64 counts as one). */
  maxConnectionsPerIp: number;
  /** How long a person disconnected for flooding is refused at the handshake. */
  floodPenaltyMs: number;
  /** Sockets one person may hold open at once on a node (tabs and devices); the next handshake is refused. */
  maxSocketsPerPerson: number;
  /** The shortest time between two snapshots to one socket; a `sync` that needs one sooner waits or is refused. */
  snapshotIntervalMs: number;
  rates: SecurityRates;
}

export type SecurityOverrides = Partial<Omit<SecurityOptions, 'rates'>> & { rates?: Partial<SecurityRates> };

export const DEFAULT_SECURITY: SecurityOptions = {
  trustProxy: 0,
  allowedOrigins: [],
  allowedHosts: [],
  maxConnectionsPerIp: 200,
  floodPenaltyMs: 30_000,
  maxSocketsPerPerson: 5,
  snapshotIntervalMs: 5_000,
  rates: {
    // A person's screen sends a few packets a second at most; the burst absorbs a reconnect's catch-up.
    socket: { burst: 100, perSecond: 50 },
    moderatorSocket: { burst: 1000, perSecond: 200 },
    strikes: { burst: 50, perSecond: 5 },
    chatPerPerson: { burst: 10, perSecond: 0.5 },
    chatPerIp: { burst: 60, perSecond: 5 },
    handPerPerson: { burst: 10, perSecond: 0.5 },
    handPerIp: { burst: 60, perSecond: 5 },
    // A person votes, endorses and asks at a human pace; a script does not.
    writePerPerson: { burst: 20, perSecond: 0.5 },
    writePerIp: { burst: 120, perSecond: 10 },
    // A person: all their tabs (5) reconnecting at once and a reload; an office behind one address after a node restart.
    handshakePerPerson: { burst: 6, perSecond: 0.2 },
    handshakePerIp: { burst: 200, perSecond: 5 },
    registerPerIp: { burst: 60, perSecond: 1 },
    // Ten typos is more than a person makes; a guesser gets one more try every 10 s.
    passcodeFailuresPerIp: { burst: 10, perSecond: 0.1 },
    // Guessing from many addresses at once: 100, then one a second for the whole event.
    passcodeFailuresPerEvent: { burst: 100, perSecond: 1 },
    restPerIp: { burst: 300, perSecond: 30 },
    // A page load is a dozen requests: sixty people behind one address loading at once fit.
    requestsPerIp: { burst: 600, perSecond: 100 },
    restPerToken: { burst: 60, perSecond: 10 },
  },
};

/** The defaults with some limits replaced. */
export function securityOptions(overrides: SecurityOverrides = {}): SecurityOptions {
  return { ...DEFAULT_SECURITY, ...overrides, rates: { ...DEFAULT_SECURITY.rates, ...overrides.rates } };
}

/** Every rate multiplied by `factor` (load tests, benchmarks, the integration test harness). */
export function scaledRates(factor: number, rates: SecurityRates = DEFAULT_SECURITY.rates): SecurityRates {
  const scaled = { ...rates };
  for (const name of Object.keys(rates) as Array<keyof SecurityRates>)
    scaled[name] = { burst: rates[name].burst * factor, perSecond: rates[name].perSecond * factor };
  return scaled;
}
