/** Live chat: a window of the last messages in state; older pages are served from the ledger. */
import { LIMITS } from '../constants.ts';
import type { ChatMessage, EventState } from '../state.ts';
import { type EntryOf, type Outcome, personOf, reject } from './common.ts';

export function sendChat(state: EventState, entry: EntryOf<'chat.send'>): Outcome {
  if (state.chat.muted.includes(entry.actor.id)) return reject('muted', 'a moderator has muted you in the chat');
  if (entry.actor.role === 'system') return reject('forbidden', 'the system does not chat');
  const message: ChatMessage = {
    id: entry.seq,
    author: personOf(entry.actor),
    role: entry.actor.role,
    text: entry.command.payload.text,
    at: entry.at,
    deleted: false,
  };
  const window = state.chat.messages.length >= LIMITS.chatWindow ? state.chat.messages.slice(1 - LIMITS.chatWindow) : state.chat.messages;
  return { ...state, chat: { ...state.chat, messages: [...window, message], total: state.chat.total + 1 } };
}

/**
 * Delete a message: its text is gone for everyone and a placeholder stays (C3). A message
 * older than the window is deleted in the server's history pages; the node checks it exists.
 */
export function deleteChat(state: EventState, entry: EntryOf<'chat.delete'>): Outcome {
  const { messageId } = entry.command.payload;
  const message = state.chat.messages.find((m) => m.id === messageId);
  if (message?.deleted) return reject('conflict', 'that message is already deleted');
  if (!message) {
    // Only when messages have scrolled out of the window can an unknown id be an older one.
    const scrolledOut = state.chat.total > state.chat.messages.length;
    const oldest = state.chat.messages[0]?.id ?? state.seq + 1;
    if (!scrolledOut || messageId >= oldest) return reject('not_found', 'no such message');
    return withoutPinOf(state, messageId);
  }
  const messages = state.chat.messages.map((m) => (m.id === messageId ? asDeleted(m) : m));
  return withoutPinOf({ ...state, chat: { ...state.chat, messages } }, messageId);
}

/** A deleted message never stays pinned, even once it scrolled out of the window (CP2). */
function withoutPinOf(state: EventState, messageId: number): EventState {
  return state.chat.pinned?.id === messageId ? { ...state, chat: { ...state.chat, pinned: null } } : state;
}

/**
 * CP1: a moderator pins a message of the window above the chat, replacing the one pinned. The
 * state keeps a copy, so the pin outlives the window; a deleted message cannot be pinned.
 */
export function pinChat(state: EventState, entry: EntryOf<'chat.pin'>): Outcome {
  const { messageId } = entry.command.payload;
  const message = state.chat.messages.find((m) => m.id === messageId);
  if (!message) return reject('not_found', 'no such message in the chat window');
  if (message.deleted) return reject('conflict', 'a deleted message cannot be pinned');
  if (state.chat.pinned?.id === messageId) return reject('conflict', 'that message is pinned already');
  return { ...state, chat: { ...state.chat, pinned: message } };
}

/** CP1: unpinning takes the pinned message off every screen; nothing pinned: `conflict`. */
export function unpinChat(state: EventState, _entry: EntryOf<'chat.unpin'>): Outcome {
  if (state.chat.pinned === null) return reject('conflict', 'no message is pinned');
  return { ...state, chat: { ...state.chat, pinned: null } };
}

/** A deleted message: a placeholder that keeps its author and time, not its text (C3). */
export function asDeleted(m: ChatMessage): ChatMessage {
  return { ...m, text: '', deleted: true };
}

export function muteInChat(state: EventState, entry: EntryOf<'chat.mute'>): Outcome {
  const { personId, muted } = entry.command.payload;
  const isMuted = state.chat.muted.includes(personId);
  if (muted === isMuted) return reject('conflict', muted ? 'that person is already muted' : 'that person is not muted');
  if (state.roster.some((p) => p.id === personId && p.role === 'moderator')) return reject('forbidden', 'a moderator cannot be muted');
  const list = muted ? [...state.chat.muted, personId] : state.chat.muted.filter((id) => id !== personId);
  return { ...state, chat: { ...state.chat, muted: list } };
}
