/**
 * Points of order at the top of the console, each with its note, until the moderator gives the
 * floor or dismisses it (issue 15.2); a distinct sound when one arrives, once the moderator has
 * turned it on (a click, as browsers require before a page may play sound).
 */
import { useEffect, useRef } from 'preact/hooks';
import { SoundToggle } from '../components/Settings.tsx';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { alarm } from '../sound.ts';
import { queue, soundOn } from '../store.ts';
import { ts } from './messages.ts';

export function PointsOfOrder() {
  const points = queue.value?.hands.filter((h) => h.kind === 'pointOfOrder') ?? [];
  const heard = useRef<Set<number> | null>(null);
  const seqs = points.map((p) => p.raisedSeq);
  useEffect(() => {
    // Those on screen when the console opened are not news; each later one sounds once.
    const known = heard.current;
    heard.current = new Set(seqs);
    if (known && soundOn.value && seqs.some((s) => !known.has(s))) alarm();
  }, [seqs.join(',')]);

  return (
    <section class={`points-of-order${points.length ? ' points-of-order--active' : ''}`} aria-labelledby="poo-heading" data-testid="points-of-order">
      <div class="points-of-order__head">
        <h2 id="poo-heading" class={points.length ? '' : 'sr-only'}>
          {ts('poo.heading', { n: points.length })}
        </h2>
        <SoundToggle hint={ts('poo.sound')} />
      </div>
      {points.length > 0 && (
        <ul class="points-of-order__list" role="alert">
          {points.map((p) => (
            <li key={p.raisedSeq} class="points-of-order__item">
              <p>
                <strong>
                  <UserText>{p.person.name}</UserText>
                </strong>
                {p.topic && (
                  <>
                    {': “'}
                    <UserText>{p.topic}</UserText>
                    {'”'}
                  </>
                )}
              </p>
              <div class="button-row">
                <button
                  type="button"
                  class="button button--primary"
                  onClick={() => void sendCommand({ type: 'floor.give', payload: { personId: p.person.id, kind: 'pointOfOrder' } })}
                >
                  {ts('poo.give')}
                </button>
                <button
                  type="button"
                  class="button"
                  onClick={() => void sendCommand({ type: 'queue.remove', payload: { personId: p.person.id, kind: 'pointOfOrder' } })}
                >
                  {ts('poo.dismiss')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
