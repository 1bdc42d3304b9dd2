/** The floor: give it to the next in line or to anyone, end or pause the turn, set the time per turn. */
import { useState } from 'preact/hooks';
import { NowSpeaking } from '../components/NowSpeaking.tsx';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatDuration } from '../format.ts';
import { t } from '../i18n/index.ts';
import { currentSegment, floor, nextOnPanel, queue, roster, status } from '../store.ts';
import { ts } from './messages.ts';

const PRESETS_MIN = [1, 2, 3, 5];
/** More time for the speaker now (F12). */
const EXTRA_SECONDS = [30, 60];

function GiveToAnyone() {
  const [choice, setChoice] = useState('');
  const q = queue.value;
  const people = roster.value.filter((p) => p.role !== 'stage');
  const speaking = floor.value?.current?.person.id;
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!choice) return;
        const [personId = '', kind] = choice.split('|');
        void sendCommand({ type: 'floor.give', payload: kind === 'hand' || kind === 'pointOfOrder' ? { personId, kind } : { personId } }).then(
          (ack) => ack.ok && setChoice(''),
        );
      }}
    >
      <label class="field">
        <span>{ts('floor.giveTo')}</span>
        <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
          <option value="">{t('register.choose')}</option>
          {q && q.hands.length > 0 && (
            <optgroup label={t('queue.heading')}>
              {q.hands.map((h, i) => (
                <option key={`${h.person.id}|${h.kind}`} value={`${h.person.id}|${h.kind}`}>
                  {i + 1}. <UserText>{h.person.name}</UserText>
                  {h.kind === 'pointOfOrder' ? ` (${t('queue.kind.pointOfOrder')})` : ''}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={ts('floor.programme')}>
            {people
              .filter((p) => p.id !== speaking)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  <UserText>{p.name}</UserText>
                  {p.title ? (
                    <>
                      {' '}
                      — <UserText>{p.title}</UserText>
                    </>
                  ) : (
                    ''
                  )}
                </option>
              ))}
          </optgroup>
        </select>
      </label>
      <button type="submit" class="button" disabled={!choice}>
        {ts('floor.give')}
      </button>
    </form>
  );
}

function TurnLimit() {
  const segment = currentSegment.value;
  const [custom, setCustom] = useState('');
  if (!segment) return null;
  const set = (limitMs: number) => void sendCommand({ type: 'floor.setLimit', payload: { limitMs } });
  return (
    <fieldset class="turn-limit">
      <legend>
        {ts('floor.timePerTurn')}: <strong>{formatDuration(segment.speakingLimitMs)}</strong>
      </legend>
      <div class="button-row">
        {PRESETS_MIN.map((m) => (
          <button key={m} type="button" class="chip-button" aria-pressed={segment.speakingLimitMs === m * 60_000} onClick={() => set(m * 60_000)}>
            {ts('floor.minutes', { n: m })}
          </button>
        ))}
        <form
          class="inline-form inline-form--tight"
          onSubmit={(e) => {
            e.preventDefault();
            const minutes = Number(custom);
            if (minutes > 0) set(Math.round(minutes * 60_000));
            setCustom('');
          }}
        >
          <label>
            <span class="sr-only">{ts('floor.customMinutes')}</span>
            <input
              type="number"
              min="0.25"
              step="0.25"
              max="120"
              inputMode="decimal"
              placeholder={ts('floor.customPlaceholder')}
              value={custom}
              onInput={(e) => setCustom(e.currentTarget.value)}
              class="input-small"
              aria-label={ts('floor.customMinutes')}
            />
          </label>
          <button type="submit" class="chip-button" disabled={!custom}>
            {ts('floor.set')}
          </button>
        </form>
      </div>
    </fieldset>
  );
}

/**
 * The primary action: in a panel segment, the floor to the panelist the panel order calls next,
 * queue or no queue, with the queue's first as a second, labelled action (P5); elsewhere, the
 * floor to the queue's first (F1).
 */
function GiveNext({ live }: { live: boolean }) {
  const next = queue.value?.hands[0];
  const panelist = live ? nextOnPanel.value : null;
  const giveNext = () => void sendCommand({ type: 'floor.giveNext', payload: {} });
  if (!panelist) {
    return (
      <button type="button" class="button button--primary button--big" disabled={!live || !next} onClick={giveNext} data-testid="give-next">
        {next ? ts('floor.giveNextName', { name: next.person.name }) : ts('floor.giveNext')}
        {next?.kind === 'pointOfOrder' ? ` (${t('queue.kind.pointOfOrder')})` : ''}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        class="button button--primary button--big"
        onClick={() => void sendCommand({ type: 'floor.give', payload: { personId: panelist.personId } })}
        data-testid="give-next"
      >
        {ts('floor.giveNextPanelist', { name: panelist.name })}
      </button>
      {next && (
        <button type="button" class="button floor-controls__queue" onClick={giveNext} data-testid="give-next-from-queue">
          {ts('floor.fromQueue', { name: next.person.name })}
          {next.kind === 'pointOfOrder' ? ` (${t('queue.kind.pointOfOrder')})` : ''}
        </button>
      )}
    </>
  );
}

export function FloorControls() {
  const f = floor.value;
  const live = status.value === 'live';
  const turn = f?.current ?? null;
  return (
    <NowSpeaking>
      <div class="floor-controls">
        <GiveNext live={live} />
        {turn && (
          <div class="button-row">
            <button type="button" class="button" onClick={() => void sendCommand({ type: 'floor.end', payload: {} })}>
              ■ {ts('floor.endTurn')}
            </button>
            <button
              type="button"
              class="button"
              aria-pressed={turn.pausedAt !== null}
              onClick={() => void sendCommand({ type: turn.pausedAt === null ? 'floor.pause' : 'floor.resume', payload: {} })}
            >
              {turn.pausedAt === null ? `❚❚ ${ts('floor.pauseTurn')}` : `▶ ${ts('floor.resumeTurn')}`}
            </button>
            {turn.allottedMs > 0 &&
              EXTRA_SECONDS.map((seconds) => (
                <button
                  key={seconds}
                  type="button"
                  class="button"
                  aria-label={ts('floor.extendLabel', { name: turn.person.name, time: formatDuration(seconds * 1000) })}
                  onClick={() => void sendCommand({ type: 'floor.extend', payload: { deltaMs: seconds * 1000 } })}
                >
                  +{formatDuration(seconds * 1000)}
                </button>
              ))}
          </div>
        )}
        {!turn && f?.last && live && (
          <button type="button" class="link-button" onClick={() => void sendCommand({ type: 'floor.restoreLast', payload: {} })}>
            ↺ {ts('floor.restoreLast', { name: f.last.person.name })}
          </button>
        )}
        {live && <GiveToAnyone />}
        {live && <TurnLimit />}
      </div>
    </NowSpeaking>
  );
}
