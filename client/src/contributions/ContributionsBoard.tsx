/**
 * The contributions board: post, filter, endorse; moderators feature, edit, hide and merge.
 * Every text a person typed is rendered as text nodes and safe links, never as HTML.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { CONTRIBUTION_KIND_LIST, type ContributionKind, LIMITS } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import { byStanding, visibleContributions } from '../../../shared/reducer/contributions.ts';
import type { Contribution } from '../../../shared/state.ts';
import { withScheme } from '../../../shared/text.ts';
import { ChatText } from '../components/ChatPanel.tsx';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatTimeOfDay } from '../format.ts';
import { plural, t } from '../i18n/index.ts';
import { countryOf, kindLabel } from '../i18n/labels.ts';
import { EXTERNAL_LINK, safeHref } from '../linkify.ts';
import { RemovePersonButton } from '../moderator/RemovePerson.tsx';
import { eventState, locale, role, self, showToast } from '../store.ts';
import { contributions } from './state.ts';

function tagsFrom(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function CharsLeft({ id, value, max }: { id: string; value: string; max: number }) {
  const left = max - value.length;
  return (
    <span id={id} class={`small ${left < max / 10 ? 'form-error' : 'muted'}`} aria-live={left < max / 10 ? 'polite' : 'off'}>
      {t('contrib.charsLeft', { n: left })}
    </span>
  );
}

interface Draft {
  kind: ContributionKind;
  title: string;
  text: string;
  tags: string;
  link: string;
}

const EMPTY: Draft = { kind: 'practice', title: '', text: '', tags: '', link: '' };

/** The fields shared by posting and editing. */
function DraftFields({ draft, set, idPrefix, withKind }: { draft: Draft; set: (d: Draft) => void; idPrefix: string; withKind: boolean }) {
  return (
    <>
      {withKind && (
        <fieldset class="contrib-form__kinds">
          <legend>{t('contrib.kindLegend')}</legend>
          {CONTRIBUTION_KIND_LIST.map((kind) => (
            <label key={kind} class="check">
              <input type="radio" name={`${idPrefix}-kind`} value={kind} checked={draft.kind === kind} onChange={() => set({ ...draft, kind })} />
              <span>{kindLabel(kind)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <label class="field">
        <span>{t('contrib.title')}</span>
        <input
          type="text"
          required
          maxLength={LIMITS.contributionTitle}
          value={draft.title}
          aria-describedby={`${idPrefix}-title-left`}
          onInput={(e) => set({ ...draft, title: e.currentTarget.value })}
        />
        <CharsLeft id={`${idPrefix}-title-left`} value={draft.title} max={LIMITS.contributionTitle} />
      </label>
      <label class="field">
        <span>{t('contrib.text')}</span>
        <textarea
          required
          rows={5}
          maxLength={LIMITS.contributionText}
          value={draft.text}
          aria-describedby={`${idPrefix}-text-left`}
          onInput={(e) => set({ ...draft, text: e.currentTarget.value })}
        />
        <CharsLeft id={`${idPrefix}-text-left`} value={draft.text} max={LIMITS.contributionText} />
      </label>
      <label class="field">
        <span>{t('contrib.tags')}</span>
        <input type="text" value={draft.tags} placeholder={t('contrib.tagsHint')} onInput={(e) => set({ ...draft, tags: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{t('contrib.link')}</span>
        <input
          type="text"
          inputMode="url"
          autoComplete="url"
          spellcheck={false}
          autoCapitalize="off"
          maxLength={LIMITS.url}
          value={draft.link}
          placeholder="www.example.org"
          aria-invalid={!linkOk(draft.link)}
          onInput={(e) => {
            const input = e.currentTarget;
            // The form's own check, in the reader's language: a bare host name is fine (K10), "not a link" is not.
            input.setCustomValidity(linkOk(input.value) ? '' : t('contrib.linkInvalid'));
            set({ ...draft, link: input.value });
          }}
        />
      </label>
    </>
  );
}

/** What the link rule (K10) accepts: empty, or an http(s) address once a bare host name has its scheme. */
function linkOk(typed: string): boolean {
  const link = withScheme(typed);
  return link === '' || safeHref(link) !== null;
}

function PostForm() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const r = role.value;
  if (!r || !canSend(r, 'contributions.post')) return null;
  return (
    <section class="card contrib-form" aria-labelledby="contrib-new-heading">
      <h2 id="contrib-new-heading">{t('contrib.newHeading')}</h2>
      <form
        class="stack"
        data-testid="contribution-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const ack = await sendCommand({
            type: 'contributions.post',
            payload: { kind: draft.kind, title: draft.title.trim(), text: draft.text.trim(), tags: tagsFrom(draft.tags), link: withScheme(draft.link) },
          });
          if (ack.ok) {
            setDraft(EMPTY);
            showToast({ tone: 'info', title: t('contrib.posted') }, 4000);
          }
        }}
      >
        <DraftFields draft={draft} set={setDraft} idPrefix="contrib-new" withKind />
        <p class="muted small">{t('contrib.fromRegistration')}</p>
        <button type="submit" class="button button--primary">
          {t('contrib.post')}
        </button>
      </form>
    </section>
  );
}

function EditForm({ c, onDone }: { c: Contribution; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>({ kind: c.kind, title: c.title, text: c.text, tags: c.tags.join(', '), link: c.link });
  return (
    <form
      class="stack contrib__edit"
      onSubmit={async (e) => {
        e.preventDefault();
        const ack = await sendCommand({
          type: 'contributions.edit',
          payload: { contributionId: c.id, title: draft.title.trim(), text: draft.text.trim(), tags: tagsFrom(draft.tags), link: withScheme(draft.link) },
        });
        if (ack.ok) onDone();
      }}
    >
      <DraftFields draft={draft} set={setDraft} idPrefix={`contrib-edit-${c.id}`} withKind={false} />
      <div class="button-row">
        <button type="submit" class="button button--primary">
          {t('contrib.save')}
        </button>
        <button type="button" class="button button--quiet" onClick={onDone}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Feature, hide with a reason, merge into another: one command each. */
function ModerateItem({ c, others }: { c: Contribution; others: Contribution[] }) {
  const [reason, setReason] = useState('');
  const [into, setInto] = useState('');
  return (
    <details class="contrib__moderate">
      <summary>{t('contrib.moderate')}</summary>
      <div class="stack">
        <button
          type="button"
          class="chip-button"
          aria-pressed={c.featured}
          onClick={() => void sendCommand({ type: 'contributions.feature', payload: { contributionId: c.id, featured: !c.featured } })}
        >
          ★ {c.featured ? t('contrib.unfeature') : t('contrib.feature')}
        </button>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void sendCommand({ type: 'contributions.hide', payload: { contributionId: c.id, reason: reason.trim() } });
          }}
        >
          <label class="field">
            <span>{t('contrib.hideReason')}</span>
            <input type="text" required maxLength={LIMITS.reason} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button button--danger" aria-label={t('contrib.hideLabel', { title: c.title })}>
            {t('contrib.hide')}
          </button>
        </form>
        {/* A spammer's posts go all at once with their author (S50). */}
        <RemovePersonButton person={c.author} />
        {others.length > 0 && (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (into) void sendCommand({ type: 'contributions.merge', payload: { contributionId: c.id, intoId: Number(into) } });
            }}
          >
            <label class="field">
              <span>{t('contrib.mergeInto')}</span>
              <select value={into} onChange={(e) => setInto(e.currentTarget.value)}>
                <option value="" />
                {others.map((o) => (
                  <option key={o.id} value={String(o.id)}>
                    #{o.id} <UserText>{o.title}</UserText>
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="button" disabled={!into} aria-label={t('contrib.mergeLabel', { title: c.title })}>
              {t('contrib.merge')}
            </button>
          </form>
        )}
      </div>
    </details>
  );
}

function ContributionItem({ c, moderate, others, onTag }: { c: Contribution; moderate: boolean; others: Contribution[]; onTag: (tag: string) => void }) {
  const [editing, setEditing] = useState(false);
  const me = self.value;
  const mine = c.author.id === me?.id;
  const endorsed = !!me && c.endorsers.includes(me.id);
  const href = safeHref(c.link);
  const lastEdit = c.edits.at(-1);
  const canEndorse = !!role.value && canSend(role.value, 'contributions.endorse') && !mine;
  return (
    <li class={`contrib${c.featured ? ' contrib--featured' : ''}`} data-contribution-id={c.id}>
      <article aria-labelledby={`contrib-${c.id}-title`}>
        <div class="contrib__head">
          <span class={`badge contrib__kind contrib__kind--${c.kind}`}>{kindLabel(c.kind)}</span>
          {c.featured && <span class="badge badge--live">★ {t('contrib.featured')}</span>}
        </div>
        <h3 id={`contrib-${c.id}-title`} class="contrib__title">
          <UserText>{c.title}</UserText>
        </h3>
        <p class="contrib__meta muted small">
          {t('contrib.by', { name: c.author.name })}
          {[c.author.community, c.author.country && countryOf(c.author.country)].filter(Boolean).map((x) => (
            <Fragment key={x}>
              {' · '}
              <UserText>{x}</UserText>
            </Fragment>
          ))}
          {' · '}
          <time dateTime={new Date(c.postedAt).toISOString()}>{formatTimeOfDay(c.postedAt, locale.value)}</time>
          {lastEdit && (
            <span title={t('contrib.editedBy', { name: lastEdit.byName })}>
              {' · '}
              {t('contrib.edited')}
            </span>
          )}
        </p>
        {editing ? (
          <EditForm c={c} onDone={() => setEditing(false)} />
        ) : (
          <>
            <p class="contrib__text">
              <ChatText text={c.text} />
            </p>
            {(c.tags.length > 0 || href) && (
              <p class="contrib__extras">
                {c.tags.map((tag) => (
                  <button key={tag} type="button" class="chip-button contrib__tag" onClick={() => onTag(tag)}>
                    #<UserText>{tag}</UserText>
                  </button>
                ))}
                {href && (
                  <a href={href} target={EXTERNAL_LINK.target} rel={EXTERNAL_LINK.rel} class="contrib__link">
                    {c.link}
                  </a>
                )}
              </p>
            )}
          </>
        )}
        <div class="contrib__actions">
          <button
            type="button"
            class="chip-button"
            data-testid="endorse"
            aria-pressed={endorsed}
            disabled={!canEndorse || endorsed}
            aria-label={endorsed ? t('contrib.endorsedLabel', { title: c.title }) : t('contrib.endorseLabel', { title: c.title })}
            onClick={() => void sendCommand({ type: 'contributions.endorse', payload: { contributionId: c.id } })}
          >
            {t('contrib.endorse')}
          </button>
          <span class="muted small" data-testid="endorsements">
            {plural(c.endorsers.length, 'contrib.endorsements.one', 'contrib.endorsements.other')}
          </span>
          {(mine || moderate) && !editing && (
            <button type="button" class="link-button" aria-label={t('contrib.editLabel', { title: c.title })} onClick={() => setEditing(true)}>
              {t('contrib.edit')}
            </button>
          )}
        </div>
        {moderate && <ModerateItem c={c} others={others} />}
      </article>
    </li>
  );
}

type Order = 'top' | 'new';

export function ContributionsBoard() {
  const [kind, setKind] = useState<ContributionKind | ''>('');
  const [community, setCommunity] = useState('');
  const [tag, setTag] = useState('');
  const [order, setOrder] = useState<Order>('new');
  const state = eventState.value;
  if (!state) return null;
  const moderate = role.value === 'moderator';
  const all = visibleContributions(state);
  const shown = visibleContributions(state, { kind: kind || undefined, community: community || undefined, tag: tag || undefined });
  const sorted = order === 'top' ? [...shown].sort(byStanding) : [...shown].reverse();
  const communities = [...new Set(all.map((c) => c.author.community).filter(Boolean))].sort();
  const tags = [...new Set(all.flatMap((c) => c.tags))].sort();
  const hidden = contributions.value.filter((c) => c.hidden !== null).length;
  return (
    <div class="contrib-board" data-testid="contributions">
      <section class="card" aria-labelledby="contrib-heading">
        <div class="card__head">
          <h2 id="contrib-heading">{t('contrib.heading')}</h2>
          <span class="muted small" aria-live="polite">
            {t('contrib.shown', { n: shown.length, total: all.length })}
          </span>
        </div>
        <p class="muted">{t('contrib.intro')}</p>
        <form class="inline-form contrib-board__filters" aria-label={t('contrib.filters')} onSubmit={(e) => e.preventDefault()}>
          <label class="field">
            <span>{t('contrib.filterKind')}</span>
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as ContributionKind | '')}>
              <option value="">{t('contrib.all')}</option>
              {CONTRIBUTION_KIND_LIST.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('contrib.filterCommunity')}</span>
            <select value={community} onChange={(e) => setCommunity(e.currentTarget.value)}>
              <option value="">{t('contrib.all')}</option>
              {communities.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('contrib.filterTag')}</span>
            <select value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
              <option value="">{t('contrib.all')}</option>
              {tags.map((x) => (
                <option key={x} value={x}>
                  #{x}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('contrib.sort')}</span>
            <select value={order} onChange={(e) => setOrder(e.currentTarget.value as Order)}>
              <option value="new">{t('contrib.sortNew')}</option>
              <option value="top">{t('contrib.sortTop')}</option>
            </select>
          </label>
        </form>
        {sorted.length === 0 ? (
          <p class="muted">{all.length === 0 ? t('contrib.empty') : t('contrib.emptyFiltered')}</p>
        ) : (
          <ul class="contrib-list">
            {sorted.map((c) => (
              <ContributionItem key={c.id} c={c} moderate={moderate} others={moderate ? all.filter((o) => o.id !== c.id) : []} onTag={setTag} />
            ))}
          </ul>
        )}
        {moderate && hidden > 0 && <p class="muted small">{plural(hidden, 'contrib.hiddenCount.one', 'contrib.hiddenCount.other')}</p>}
      </section>
      <PostForm />
    </div>
  );
}
