/**
 * The moderator's script for the seed event at a compressed clock: the welcome remarks, the
 * panel (each panelist given the floor, then yielding it), two plenaries (the queue opens,
 * hands go up, the floor goes to the next hand a few times), all hands lowered between
 * segments, then the end. Each step waits for its time and for the previous step's ack, as
 * a moderator would; the time each command was emitted is kept, by seq, for the latency of
 * commands that carry no text.
 */
import type { DirectorPlan } from './messages.ts';
import type { SimulatedPerson } from './person.ts';
import { now } from './stamp.ts';

const PANELISTS = ['adel-karoui', 'charles-senessie', 'mark-kosmo', 'niloufar-rahim', 'peter-kwok', 'sihana-bejtullahu', 'yohannes-assefa'];
const WELCOME = 'antonio-vitorino';
export const MODERATOR = 'kemo-camara';
export const ROSTER_IDS = [MODERATOR, WELCOME, ...PANELISTS];

export interface DirectorHooks {
  floorOpened(segment: number, at: number): void;
}

export interface DirectorResult {
  stamps: Array<[seq: number, emitAt: number, sender: number]>;
  refusals: string[];
}

export async function direct(
  plan: DirectorPlan,
  startAt: number,
  roles: Map<string, SimulatedPerson>,
  hooks: DirectorHooks,
  deadline: number,
): Promise<DirectorResult> {
  const stamps: DirectorResult['stamps'] = [];
  const refusals: string[] = [];
  const person = (id: string) => {
    const p = roles.get(id);
    if (!p) throw new Error(`the director has no client for ${id}`);
    return p;
  };
  const moderator = person(MODERATOR);

  async function step(atSeconds: number, who: SimulatedPerson, type: string, payload: object = {}): Promise<number | null> {
    const due = startAt + atSeconds * 1000;
    if (now() > deadline) return null;
    if (due > now()) await new Promise((resolve) => setTimeout(resolve, due - now()));
    const { ack, emitAt } = await who.send({ type, payload });
    if (!ack.ok || ack.seq === undefined) {
      refusals.push(`${type}: ${ack.error?.code ?? '?'}`);
      return null;
    }
    stamps.push([ack.seq, emitAt, who.spec.index]);
    return ack.seq;
  }

  const [intro, panel, plenary1, plenary2] = plan.segmentsSeconds;
  await step(0, moderator, 'event.start');
  // Hands are for the plenaries: the queue stays closed through the remarks and the panel.
  await step(0.1, moderator, 'queue.setOpen', { open: false });
  await step(0.3, moderator, 'floor.give', { personId: WELCOME });
  await step(intro - 0.5, person(WELCOME), 'floor.end');
  await step(intro, moderator, 'agenda.next');

  const turn = panel / PANELISTS.length;
  for (const [i, id] of PANELISTS.entries()) {
    await step(intro + i * turn + 0.2, moderator, 'floor.give', { personId: id });
    await step(intro + (i + 1) * turn - 0.3, person(id), 'floor.end');
  }

  let start = intro + panel;
  for (const [k, length] of [plenary1, plenary2].entries()) {
    await step(start, moderator, 'agenda.next');
    const opened = await step(start + 0.2, moderator, 'queue.setOpen', { open: true });
    if (opened !== null) hooks.floorOpened(2 + k, now());
    // The first turn once the two-second burst of hands is in, then evenly spaced turns.
    const first = Math.min(2.5, length / 2);
    const spacing = (length - first - 0.8) / plan.plenaryTurns;
    for (let t = 0; t < plan.plenaryTurns; t++) await step(start + first + t * spacing, moderator, 'floor.giveNext');
    await step(start + length - 0.6, moderator, 'floor.end');
    await step(start + length - 0.4, moderator, 'queue.lowerAll');
    await step(start + length - 0.2, moderator, 'queue.setOpen', { open: false });
    start += length;
  }
  await step(start + 0.3, moderator, 'event.end');
  return { stamps, refusals };
}
