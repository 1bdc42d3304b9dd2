/**
 * The outcome document: a pure function of the event's state (O1). `buildOutcome` gives the
 * data; `outcomeMarkdown` and `outcomeHtml` lay it out for moderators or for the public.
 */
import type { EventState } from '../state.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { type Audience, buildOutcome } from './model.ts';

export function outcomeMarkdown(state: EventState, audience: Audience): string {
  return renderMarkdown(buildOutcome(state, audience));
}

export function outcomeHtml(state: EventState, audience: Audience): string {
  return renderHtml(buildOutcome(state, audience));
}

export { escapeHtml, escapeMarkdown } from './format.ts';
export type { Audience, OutcomeDocument } from './model.ts';
export { buildOutcome, UNNAMED } from './model.ts';
