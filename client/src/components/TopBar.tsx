/** The page header: event, live status, the call link, language and sound. */
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.ts';
import { roleName } from '../i18n/labels.ts';
import { safeHref } from '../linkify.ts';
import { eventState, self } from '../store.ts';
import { LanguageSwitch, SoundToggle } from './Settings.tsx';
import { UserText } from './UserText.tsx';

export function StatusPill() {
  const status = eventState.value?.status;
  if (!status) return null;
  const label = status === 'live' ? t('status.live') : status === 'ended' ? t('status.ended') : t('status.scheduled');
  return (
    <span class={`pill pill--${status}`} data-testid="event-status">
      {status === 'live' && <span class="dot dot--live" aria-hidden="true" />}
      {label}
    </span>
  );
}

export function CallLink() {
  const href = safeHref(eventState.value?.callUrl ?? '');
  if (!href) return null;
  return (
    <a class="button button--call" href={href} target="_blank" rel="noopener noreferrer nofollow">
      <span aria-hidden="true">📹</span> {t('event.joinCall')}
    </a>
  );
}

export function TopBar({ children, sound = true }: { children?: ComponentChildren; sound?: boolean }) {
  const state = eventState.value;
  const me = self.value;
  return (
    <header class="topbar">
      <div class="topbar__title">
        <h1>
          <UserText>{state?.title ?? 'Gavel'}</UserText>
        </h1>
        <div class="topbar__meta">
          <StatusPill />
          {me && (
            <span class="muted small">
              <UserText>{me.name}</UserText> · {roleName(me.role)}
            </span>
          )}
        </div>
      </div>
      <div class="topbar__actions">
        {children}
        <CallLink />
        {sound && <SoundToggle />}
        <LanguageSwitch />
      </div>
    </header>
  );
}
