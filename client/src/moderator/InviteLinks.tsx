/**
 * Invite links for speakers, the stage and moderators, to copy and send; each one can be
 * revoked (S4: its holder's screens are told and disconnected) or replaced by a new one.
 * Fetched only when opened.
 */
import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { InviteLinks as Links } from '../../../shared/api.ts';
import { fetchInviteLinks } from '../api.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { oneLine, t } from '../i18n/index.ts';
import { failureWords, reportFailure } from '../reportFailure.ts';
import { self, session, showToast } from '../store.ts';
import { reissueLink, revokeLink } from './api.ts';
import { ts } from './messages.ts';

type Link = Links['links'][number];
/** What happened to a link in this console: revoked, or replaced (the new URL is in the list). */
type LinkChange = 'revoked' | 'reissued';

/** The stage link as a transparent overlay for a livestream browser source. */
export function overlayUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('overlay', '1');
  return u.href;
}

function CopyRow({ label, sub, url, inputRef }: { label: string; sub?: string; url: string; inputRef?: Ref<HTMLInputElement> }) {
  return (
    <div class="links__row">
      <div>
        <strong>{label}</strong>
        {sub && <span class="muted small"> · {sub}</span>}
      </div>
      <div class="links__copy">
        <input ref={inputRef} type="text" readOnly value={url} aria-label={ts('links.urlOf', { name: label })} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          class="chip-button"
          aria-label={ts('links.copyOf', { name: label })}
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => showToast({ tone: 'info', title: ts('links.copied', { name: label }) }, 3000),
              () => showToast({ tone: 'error', title: ts('links.copyFailed') }),
            )
          }
        >
          {ts('links.copy')}
        </button>
      </div>
    </div>
  );
}

/** One person's link: copy it, revoke it, or replace it; focus follows what the moderator does next. */
function PersonLink({
  link,
  label,
  sub,
  change,
  onChange,
}: {
  link: Link;
  label: string;
  sub?: string;
  change: LinkChange | undefined;
  onChange: (change: LinkChange, url?: string) => void;
}) {
  const urlInput = useRef<HTMLInputElement>(null);
  const reissueButton = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<LinkChange | null>(null);
  const s = session.value;

  useLayoutEffect(() => {
    if (!focusAfter.current || focusAfter.current !== change) return;
    focusAfter.current = null;
    if (change === 'reissued') urlInput.current?.focus();
    else reissueButton.current?.focus();
  }, [change, link.url]);

  if (!s) return null;
  const mayChange = link.personId !== self.value?.id;
  const revoke = async () => {
    try {
      await revokeLink(s.eventId, s.token, link.personId);
      focusAfter.current = 'revoked';
      onChange('revoked');
    } catch (err) {
      reportFailure(ts('links.failed'), err);
    }
  };
  const reissue = async () => {
    try {
      const { url } = await reissueLink(s.eventId, s.token, link.personId);
      focusAfter.current = 'reissued';
      onChange('reissued', url);
    } catch (err) {
      reportFailure(ts('links.failed'), err);
    }
  };

  return (
    <li class="links__person" data-person={link.personId}>
      {change === 'revoked' ? (
        <div class="links__row">
          <strong>{label}</strong>
          <p class="notice small" role="status">
            {ts('links.revoked')}
          </p>
        </div>
      ) : (
        <>
          <CopyRow label={label} sub={sub} url={link.url} inputRef={urlInput} />
          {link.role === 'stage' && <CopyRow label={ts('links.overlay')} url={overlayUrl(link.url)} />}
          {change === 'reissued' && (
            <p class="notice small" role="status">
              {ts('links.reissued', { name: label })}
            </p>
          )}
        </>
      )}
      {mayChange && (
        <div class="button-row links__actions">
          {change === 'revoked' ? (
            <button ref={reissueButton} type="button" class="chip-button" aria-label={ts('links.reissueOf', { name: label })} onClick={() => void reissue()}>
              {ts('links.reissue')}
            </button>
          ) : (
            <>
              <ConfirmAction
                class="chip-button"
                label={ts('links.revokeOf', { name: label })}
                warning={ts('links.revokeWarning', { name: label })}
                confirmLabel={ts('links.revokeConfirm')}
                onConfirm={() => void revoke()}
              >
                {ts('links.revoke')}
              </ConfirmAction>
              <ConfirmAction
                class="chip-button"
                label={ts('links.reissueOf', { name: label })}
                warning={ts('links.reissueWarning', { name: label })}
                confirmLabel={ts('links.reissueConfirm')}
                onConfirm={() => void reissue()}
              >
                {ts('links.reissue')}
              </ConfirmAction>
            </>
          )}
        </div>
      )}
    </li>
  );
}

export function InviteLinks() {
  const [links, setLinks] = useState<Links | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState<Record<string, LinkChange>>({});
  const load = () => {
    const s = session.value;
    if (!s || links) return;
    fetchInviteLinks(s.eventId, s.token).then(setLinks, (err: unknown) => setError(oneLine(failureWords(ts('links.loadFailed'), err))));
  };
  const row = (l: Link, label: string, sub?: string) => (
    <PersonLink
      key={l.personId}
      link={l}
      label={label}
      sub={sub}
      change={changes[l.personId]}
      onChange={(change, url) => {
        setChanges((all) => ({ ...all, [l.personId]: change }));
        if (url) setLinks((all) => all && { ...all, links: all.links.map((other) => (other.personId === l.personId ? { ...other, url } : other)) });
      }}
    />
  );
  return (
    <section class="card" aria-labelledby="links-heading">
      <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
        <summary>
          <h2 id="links-heading" class="inline-heading">
            {ts('links.heading')}
          </h2>
        </summary>
        <p class="muted small">{ts('links.warning')}</p>
        {error && <p class="form-error">{error}</p>}
        {!links && !error && <p class="muted">{t('app.loading')}</p>}
        {links && (
          <ul class="links">
            <li>
              <CopyRow label={ts('links.participants')} url={links.participantUrl} />
            </li>
            {links.links.filter((l) => l.role !== 'moderator').map((l) => (l.role === 'stage' ? row(l, t('role.stage')) : row(l, l.name, l.title)))}
            {links.links.filter((l) => l.role === 'moderator').map((l) => row(l, l.name, t('role.moderator')))}
          </ul>
        )}
      </details>
    </section>
  );
}
