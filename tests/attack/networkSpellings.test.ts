/**
 * S44: a removal blocks the network the person registered from. The key is the per-address
 * limit key (`addressKey`), and the node's own machine is exempt (`isOwnMachine`). Different
 * spellings of the same address, as a trusted proxy may forward them, must give the same key;
 * and only loopback may count as "own machine".
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { addressKey, isOwnMachine } from '../../server/security/network.ts';
import { cleanUpAfterEach, type Node, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
cleanUpAfterEach(() => node);

describe('address keys (unit)', () => {
  it('every spelling of an IPv4-mapped address is the IPv4 address', () => {
    // 203.0.113.5 as ::ffff:cb00:7105 and in full form.
    expect(addressKey('::ffff:cb00:7105')).toBe('203.0.113.5');
    expect(addressKey('0:0:0:0:0:ffff:203.0.113.5')).toBe('203.0.113.5');
  });

  it('an IPv6 address with an embedded IPv4 tail keys as its canonical spelling', () => {
    // The same address: 2001:0:3:4:5:6:102:304.
    expect(addressKey('2001::3:4:5:6:1.2.3.4')).toBe(addressKey('2001:0:3:4:5:6:102:304'));
  });

  it('only loopback is the node’s own machine, not the whole ::/64', () => {
    expect(isOwnMachine(addressKey('::1'))).toBe(true);
    // IPv4-compatible / SIIT-translated / unmapped hex forms are somebody's network.
    expect(isOwnMachine(addressKey('::ffff:0:cb00:7105'))).toBe(false);
    expect(isOwnMachine(addressKey('::cb00:7105'))).toBe(false);
  });
});

describe('proxies that forward the client port (Azure App Service, IIS ARR)', () => {
  it('an address with its port keys as the address: otherwise every connection is a new network', () => {
    expect(addressKey('203.0.113.5:51234')).toBe('203.0.113.5');
    expect(addressKey('[2001:db8:1:2::1]:51234')).toBe('2001:db8:1:2::/64');
  });
});

describe('through a node behind a trusted proxy', () => {
  it('a removed person’s IPv4 network stays blocked when the proxy forwards it as a mapped IPv6 address in hex', async () => {
    node = await startNode(new MemoryAuthStore(), 'spelling');
    const troll = await node.registeredFrom('203.0.113.5', { name: 'Troll' });
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: troll.personId, reason: 'spam' }));
    expect((await node.registerFrom('203.0.113.5')).status).toBe(403);
    expect((await node.registerFrom('::ffff:203.0.113.5')).status).toBe(403);
    expect((await node.registerFrom('::ffff:cb00:7105')).status, '::ffff:cb00:7105 is 203.0.113.5').toBe(403);
    expect((await node.registerFrom('0:0:0:0:0:ffff:203.0.113.5')).status, 'full form of ::ffff:203.0.113.5').toBe(403);
  });

  it('a person registered from a ::/64 address (not loopback) is blocked when removed', async () => {
    node = await startNode(new MemoryAuthStore(), 'zero64');
    const troll = await node.registeredFrom('::ffff:0:cb00:7105', { name: 'Troll' });
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: troll.personId, reason: 'spam' }));
    expect((await node.registerFrom('::ffff:0:cb00:7105')).status).toBe(403);
  });
});
