/** Invite links for speakers and the stage, to copy and send. Fetched only when opened. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { fetchInviteLinks, type InviteLinks as Links } from '../api.ts';
import { t } from '../i18n/index.ts';
import { session, showToast } from '../store.ts';

/** The stage link as a transparent overlay for a livestream browser source. */
export function overlayUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('overlay', '1');
  return u.href;
}

function CopyRow({ label, sub, url }: { label: string; sub?: string; url: string }) {
  return (
    <li class="links__row">
      <div>
        <strong>{label}</strong>
        {sub && <span class="muted small"> · {sub}</span>}
      </div>
      <div class="links__copy">
        <input type="text" readOnly value={url} aria-label={t('links.urlOf', { name: label })} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          class="chip-button"
          aria-label={t('links.copyOf', { name: label })}
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => showToast({ tone: 'info', title: t('links.copied', { name: label }) }, 3000),
              () => showToast({ tone: 'error', title: t('links.copyFailed') }),
            )
          }
        >
          {t('links.copy')}
        </button>
      </div>
    </li>
  );
}

export function InviteLinks() {
  const [links, setLinks] = useState<Links | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    const s = session.value;
    if (!s || links) return;
    fetchInviteLinks(s.eventId, s.token).then(setLinks, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <section class="card" aria-labelledby="links-heading">
      <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
        <summary>
          <h2 id="links-heading" class="inline-heading">
            {t('links.heading')}
          </h2>
        </summary>
        <p class="muted small">{t('links.warning')}</p>
        {error && <p class="form-error">{error}</p>}
        {!links && !error && <p class="muted">{t('app.loading')}</p>}
        {links && (
          <ul class="links">
            <CopyRow label={t('links.participants')} url={links.participantUrl} />
            {links.links
              .filter((l) => l.role !== 'moderator')
              .map((l) =>
                l.role === 'stage' ? (
                  <Fragment key={l.personId}>
                    <CopyRow label={t('role.stage')} url={l.url} />
                    <CopyRow label={t('links.overlay')} url={overlayUrl(l.url)} />
                  </Fragment>
                ) : (
                  <CopyRow key={l.personId} label={l.name} sub={l.title} url={l.url} />
                ),
              )}
            {links.links
              .filter((l) => l.role === 'moderator')
              .map((l) => (
                <CopyRow key={l.personId} label={l.name} sub={t('role.moderator')} url={l.url} />
              ))}
          </ul>
        )}
      </details>
    </section>
  );
}
