/**
 * Live chat. Text only: links become safe links, nothing typed is ever read as HTML
 * (text nodes and anchors built by Preact; no innerHTML anywhere). A deleted message leaves
 * a placeholder for everyone; moderators delete, mute, pin and unpin from here. The pinned
 * message stands above the list (CP1) until it is unpinned or deleted (CP2).
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import type { ChatMessage } from '../../../shared/state.ts';
import { fetchChatPage } from '../api.ts';
import { sendCommand } from '../connection.ts';
import { formatTimeOfDay } from '../format.ts';
import { t } from '../i18n/index.ts';
import { EXTERNAL_LINK, linkify } from '../linkify.ts';
import { reportFailure } from '../reportFailure.ts';
import { chat, isMuted, locale, olderChat, olderChatMore, role, self, session } from '../store.ts';
import { UserText } from './UserText.tsx';

export function ChatText({ text }: { text: string }) {
  return (
    <bdi>
      {linkify(text).map((segment, i) =>
        segment.kind === 'link' ? (
          <a key={i} href={segment.href} target={EXTERNAL_LINK.target} rel={EXTERNAL_LINK.rel}>
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </bdi>
  );
}

function roleBadge(message: ChatMessage): string | null {
  if (message.role === 'moderator') return t('role.moderator');
  if (message.role === 'speaker') return t('role.speaker');
  return null;
}

/** More moderator actions on a message's author, supplied by the console so that their code stays in its chunk. */
type AuthorActions = (message: ChatMessage) => ComponentChildren;

function unpin(): void {
  void sendCommand({ type: 'chat.unpin', payload: {} });
}

/** The message a moderator pinned, above the chat for everyone (CP1); moderators unpin it here. */
function PinnedMessage({ moderate }: { moderate: boolean }) {
  const pinned = chat.value?.pinned ?? null;
  if (!pinned) return null;
  return (
    <section class="chat__pinned" aria-labelledby="chat-pinned-label" data-testid="pinned-message">
      <div class="chat__meta">
        <span class="badge badge--pinned" id="chat-pinned-label">
          <span aria-hidden="true">📌</span> {t('chat.pinned')}
        </span>
        <span class="chat__author">
          <UserText>{pinned.author.name}</UserText>
        </span>
        <time class="chat__time" dateTime={new Date(pinned.at).toISOString()}>
          {formatTimeOfDay(pinned.at, locale.value)}
        </time>
      </div>
      <p class="chat__text">
        <ChatText text={pinned.text} />
      </p>
      {moderate && (
        <div class="chat__actions">
          <button
            type="button"
            class="link-button"
            aria-label={t('chat.unpinLabel')}
            onClick={() => {
              unpin();
              // This button leaves with the pin: keep the keyboard in the chat.
              document.getElementById('chat-log')?.focus();
            }}
          >
            {t('chat.unpin')}
          </button>
        </div>
      )}
    </section>
  );
}

/** Past this many characters or lines a message is folded to a few lines (WD3), so one message never fills the pane. */
const FOLD_CHARACTERS = 360;
const FOLD_LINES = 6;

function MessageText({ id, text }: { id: number; text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > FOLD_CHARACTERS || text.split('\n').length > FOLD_LINES;
  const textId = `chat-text-${id}`;
  return (
    <>
      <p class={`chat__text${long && !open ? ' chat__text--folded' : ''}`} id={textId}>
        <ChatText text={text} />
      </p>
      {long && (
        <button type="button" class="link-button chat__fold" aria-expanded={open} aria-controls={textId} onClick={() => setOpen(!open)}>
          {open ? t('chat.less') : t('chat.more')}
        </button>
      )}
    </>
  );
}

function MessageItem({ message, moderate, muted, authorActions }: { message: ChatMessage; moderate: boolean; muted: boolean; authorActions?: AuthorActions }) {
  const badge = roleBadge(message);
  const isPinned = chat.value?.pinned?.id === message.id;
  // Only messages of the live window can be pinned (CP1): an older page's are not in the state.
  const pinnable = chat.value?.messages.some((m) => m.id === message.id) ?? false;
  const isModerator = message.role === 'moderator';
  return (
    <li class={`chat__msg${message.author.id === self.value?.id ? ' chat__msg--mine' : ''}`} data-message-id={message.id}>
      <div class="chat__meta">
        <span class="chat__author">
          <UserText>{message.author.name}</UserText>
        </span>
        {badge && <span class="badge badge--role">{badge}</span>}
        {muted && <span class="badge badge--closed">{t('chat.mutedBadge')}</span>}
        <time class="chat__time" dateTime={new Date(message.at).toISOString()}>
          {formatTimeOfDay(message.at, locale.value)}
        </time>
      </div>
      {message.deleted ? <p class="chat__text chat__text--deleted">{t('chat.deleted')}</p> : <MessageText id={message.id} text={message.text} />}
      {moderate && (
        <div class="chat__actions">
          {!message.deleted && (
            <button
              type="button"
              class="link-button"
              aria-label={t('chat.deleteFrom', { name: message.author.name })}
              onClick={() => void sendCommand({ type: 'chat.delete', payload: { messageId: message.id } })}
            >
              {t('chat.delete')}
            </button>
          )}
          {!message.deleted && pinnable && (
            <button
              type="button"
              class="link-button"
              aria-label={isPinned ? t('chat.unpinLabel') : t('chat.pinFrom', { name: message.author.name })}
              onClick={() => (isPinned ? unpin() : void sendCommand({ type: 'chat.pin', payload: { messageId: message.id } }))}
            >
              {isPinned ? t('chat.unpin') : t('chat.pin')}
            </button>
          )}
          {!isModerator && (
            <button
              type="button"
              class="link-button"
              aria-label={muted ? t('chat.unmuteName', { name: message.author.name }) : t('chat.muteName', { name: message.author.name })}
              onClick={() => void sendCommand({ type: 'chat.mute', payload: { personId: message.author.id, muted: !muted } })}
            >
              {muted ? t('chat.unmute') : t('chat.mute')}
            </button>
          )}
          {authorActions?.(message)}
        </div>
      )}
    </li>
  );
}

async function loadEarlier(): Promise<void> {
  const s = session.value;
  const window = chat.value?.messages ?? [];
  const oldest = olderChat.value[0]?.id ?? window[0]?.id;
  if (!s || oldest === undefined) return;
  try {
    const page = await fetchChatPage(s.eventId, s.token, oldest);
    olderChat.value = [...page.messages, ...olderChat.value];
    olderChatMore.value = page.more;
  } catch (err) {
    reportFailure(t('chat.loadFailed'), err);
  }
}

/**
 * The length the server counts (its `text` bound): line ends as one character, ends trimmed.
 * (The server also drops unpaired bidi controls, so it never counts more than this.)
 */
const countedLength = (text: string): number => text.replace(/\r\n?/g, '\n').trim().length;

function Composer() {
  const [text, setText] = useState('');
  const r = role.value;
  if (!r || !canSend(r, 'chat.send')) return null;
  if (isMuted.value) return <p class="notice">{t('chat.youAreMuted')}</p>;
  const length = countedLength(text);
  // WD2: pasted text is never cut; past the bound it is refused here, with what to do.
  const over = length > LIMITS.chatText;
  const send = async () => {
    const body = text.trim();
    if (!body || over) return;
    const ack = await sendCommand({ type: 'chat.send', payload: { text: body } });
    if (ack.ok) setText('');
  };
  return (
    <form
      class="chat__composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label class="sr-only" for="chat-input">
        {t('chat.inputLabel')}
      </label>
      <textarea
        id="chat-input"
        rows={2}
        value={text}
        aria-invalid={over}
        aria-describedby="chat-count"
        placeholder={t('chat.placeholder')}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" class="button button--primary" disabled={over}>
        {t('chat.send')}
      </button>
      <p class={`chat__count small${over ? ' chat__count--over' : ''}`} id="chat-count" data-testid="chat-count">
        {over ? t('chat.tooLong', { n: length - LIMITS.chatText, max: LIMITS.chatText }) : t('chat.count', { n: length, max: LIMITS.chatText })}
      </p>
    </form>
  );
}

export function ChatPanel({ moderate = false, authorActions }: { moderate?: boolean; authorActions?: AuthorActions }) {
  const c = chat.value;
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const count = (c?.messages.length ?? 0) + olderChat.value.length;
  const lastId = c?.messages[c.messages.length - 1]?.id;

  // Follow new messages only when the reader is at the bottom already.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  if (!c) return null;
  const muted = new Set(c.muted);
  const older = olderChat.value.filter((m) => !c.messages.some((w) => w.id === m.id));
  const canLoadMore = olderChatMore.value !== false && c.total > count;
  return (
    <section class="card chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t('chat.heading')}</h2>
      <PinnedMessage moderate={moderate} />
      <ol
        class="chat__list"
        id="chat-log"
        ref={list}
        // A list that announces what is added (not role="log": its items would no longer be a list's, axe: listitem).
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby="chat-heading"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard to scroll it (axe: scrollable-region-focusable)
        tabIndex={0}
        data-testid="chat"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {canLoadMore && (
          <li class="chat__more">
            <button type="button" class="link-button" onClick={() => void loadEarlier()}>
              {t('chat.loadEarlier')}
            </button>
          </li>
        )}
        {c.messages.length === 0 && older.length === 0 && <li class="muted chat__empty">{t('chat.empty')}</li>}
        {[...older, ...c.messages].map((m) => (
          <MessageItem key={m.id} message={m} moderate={moderate} muted={muted.has(m.author.id)} authorActions={authorActions} />
        ))}
      </ol>
      <Composer />
    </section>
  );
}
