import { describe, expect, it } from 'vitest';
import { ROLE_LIST } from '../../shared/constants.ts';
import { canSend, SERVER_ONLY } from '../../shared/permissions.ts';
import { COMMAND_TYPES, type CommandType } from '../../shared/protocol.ts';
import { EventDriver, PEOPLE, type PersonKey, SAMPLE_PAYLOADS } from '../support/eventDriver.ts';

/** The commands of the event core (E, A, Q, F, P, C) a participant may send. */
const PARTICIPANT_CORE: CommandType[] = ['queue.raise', 'queue.pointOfOrder', 'queue.lower', 'floor.end', 'chat.send'];
const CORE_PREFIXES = ['event.', 'agenda.', 'queue.', 'floor.', 'panel.', 'chat.'];
const isCore = (t: CommandType) => CORE_PREFIXES.some((p) => t.startsWith(p));

/** Commands with a sample payload: all of the core, and whatever else has one. */
const SAMPLED = COMMAND_TYPES.filter((t) => SAMPLE_PAYLOADS[t] !== undefined);

const BY_ROLE: Record<(typeof ROLE_LIST)[number], PersonKey> = { moderator: 'mod', speaker: 'ana', noteTaker: 'nia', participant: 'amara', stage: 'screen' };

describe('roles', () => {
  it('R1: moderators send everything the server does not reserve; participants a few commands; the stage nothing', () => {
    expect([...SERVER_ONLY].filter(isCore)).toEqual(['event.create']);
    const allowed = (role: (typeof ROLE_LIST)[number]) => COMMAND_TYPES.filter((t) => canSend(role, t)).sort();
    expect(allowed('moderator')).toEqual(COMMAND_TYPES.filter((t) => !SERVER_ONLY.has(t)).sort());
    expect(allowed('participant').filter(isCore)).toEqual([...PARTICIPANT_CORE].sort());
    expect(allowed('speaker')).toEqual(allowed('participant'));
    expect(allowed('noteTaker')).toEqual(allowed('participant'));
    for (const t of allowed('participant')) expect(canSend('moderator', t)).toBe(true);
    expect(allowed('stage')).toEqual([]);
  });

  it('R1: every command of the event core has a sample payload here', () => {
    expect(COMMAND_TYPES.filter((t) => isCore(t) && !SAMPLE_PAYLOADS[t])).toEqual([]);
  });

  it('R2: the reducer refuses every command a role may not send, and changes nothing', () => {
    const driver = EventDriver.live();
    let refused = 0;
    for (const role of ROLE_LIST) {
      for (const type of SAMPLED) {
        if (canSend(role, type)) continue;
        driver.refuse(BY_ROLE[role], type, SAMPLE_PAYLOADS[type] as never, 'forbidden');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(SAMPLED.length * 2);
  });

  it('R3: only the system actor creates events, and the system sends nothing else', () => {
    const driver = EventDriver.created();
    for (const type of SAMPLED) {
      if (SERVER_ONLY.has(type)) {
        driver.refuse('mod', type, SAMPLE_PAYLOADS[type] as never, 'forbidden');
      } else {
        driver.refuse('system', type, SAMPLE_PAYLOADS[type] as never, 'forbidden');
      }
    }
    expect(PEOPLE.system.role).toBe('system');
  });

  it('R4: a participant lowers only their own hand and ends only their own turn', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('ravi', 'queue.lower', {});
    expect(driver.queue()).toEqual(['amara']);
    driver.must('mod', 'floor.giveNext', {});
    driver.refuse('ravi', 'floor.end', {}, 'forbidden');
    driver.refuse('cam', 'floor.end', {}, 'forbidden');
    driver.must('amara', 'floor.end', {});
  });
});
