/**
 * S46: a waiting token is let in nowhere but GET and DELETE /api/me; new routes answer
 * malformed bodies with 400, never 500.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { cleanUpAfterEach, type Node, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
cleanUpAfterEach(() => node);

describe('a waiting token on every REST route', () => {
  it('answers 403 waiting everywhere but /api/me', async () => {
    node = await startNode(new MemoryAuthStore(), 'waiting-rest');
    await node.setLobby(true);
    const me = await node.registeredFrom('198.51.100.60');
    const other = await node.registeredFrom('198.51.100.61');
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/chat'],
      ['GET', '/people'],
      ['GET', '/links'],
      ['GET', '/lobby'],
      ['GET', '/flags'],
      ['GET', '/blocks'],
      ['DELETE', `/blocks/${other.personId}`],
      ['POST', '/lobby/admit', { personIds: [me.personId] }],
      ['POST', '/lobby/admit', { all: true }],
      ['POST', '/lobby/decline', { personId: other.personId }],
      ['PUT', '/registration', { open: true, lobby: false }],
      ['POST', `/people/${other.personId}/revoke`],
      ['POST', `/links/${other.personId}/reissue`],
      ['GET', '/outcome.md'],
      ['GET', '/outcome.html'],
      ['GET', '/export.json'],
      ['DELETE', `/people/${other.personId}`],
    ];
    const wrong: string[] = [];
    for (const [method, path, body] of routes) {
      const res = await node.api(path, me.token, { method, body });
      const text = await res.text();
      if (res.status !== 403 || !text.includes('"waiting"')) wrong.push(`${method} ${path}: ${res.status} ${text.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
    expect((await node.lobby()).total).toBe(2);
  });

  it('malformed bodies on the lobby routes are 400s', async () => {
    node = await startNode(new MemoryAuthStore(), 'malformed');
    await node.setLobby(true);
    const bad: Array<[string, string, string]> = [
      ['POST', '/lobby/admit', 'null'],
      ['POST', '/lobby/admit', '"all"'],
      ['POST', '/lobby/admit', '{"personIds":[],"all":true}'],
      ['POST', '/lobby/admit', '{"personIds":"p1"}'],
      ['POST', '/lobby/admit', '{"all":false}'],
      ['POST', '/lobby/admit', '{"personIds":[null]}'],
      ['POST', '/lobby/decline', '[]'],
      ['POST', '/lobby/decline', '{"personId":{"$ne":1}}'],
      ['PUT', '/registration', '{"open":true,"lobby":"yes"}'],
      ['PUT', '/registration', '{"lobby":true}'],
    ];
    const { server } = node;
    const statuses: string[] = [];
    for (const [method, path, body] of bad) {
      const res = await fetch(`${server.url}/api/events/${server.eventId}${path}`, {
        method,
        headers: { authorization: `Bearer ${server.tokenOf('kemo-camara')}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 400) statuses.push(`${method} ${path} ${body}: ${res.status}`);
    }
    expect(statuses).toEqual([]);
  });
});
