/**
 * Event templates: the JSON file an organiser writes, and its translation into the
 * `event.create` setup that goes into the ledger. Pure: the server supplies nothing but the file.
 */

import { z } from 'zod';
import { DEFAULTS, LIMITS, REGION_LIST, SEGMENT_KIND_LIST } from './constants.ts';
import { defaultQuestionsMs, panelistShareMs } from './panel.ts';
import { type EventSetup, text } from './protocol.ts';
import { ANONYMOUS_ID } from './reducer/questions.ts';
import defaultTemplateJson from './templates/diaspora-covid19.json' with { type: 'json' };

const MINUTE = 60_000;

/** The person id of an event's stage display; no roster person may take it (S35). */
export const STAGE_ID = 'stage';
const key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes, starting with a letter');
const minutes = z
  .number()
  .positive('must be more than zero')
  .max(LIMITS.maxDurationMs / MINUTE);

export const TemplateSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be lowercase letters, digits and dashes')
      .optional(),
    title: text(LIMITS.title, 1),
    description: text(LIMITS.bio).default(''),
    callUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(LIMITS.url)]).default(''),
    scheduledStart: z.iso.datetime({ offset: true }).nullable().default(null),
    people: z
      .array(
        z.strictObject({
          // The stage display's credential and link would be replaced by this person's (S35).
          key: key
            .refine((k) => k !== STAGE_ID, `"${STAGE_ID}" is kept for the stage display: choose another key`)
            // Who an anonymous question's asker is to everyone else (QA8): nobody's key.
            .refine((k) => k !== ANONYMOUS_ID, `"${ANONYMOUS_ID}" is kept for anonymous questions: choose another key`),
          name: text(LIMITS.name, 1),
          role: z.enum(['moderator', 'speaker', 'noteTaker']),
          title: text(LIMITS.title).default(''),
          organisation: text(LIMITS.organisation).default(''),
          community: text(LIMITS.community).default(''),
          region: z.enum(REGION_LIST).default('other'),
          country: text(LIMITS.country).default(''),
          bio: text(LIMITS.bio).default(''),
        }),
      )
      .max(LIMITS.roster)
      .refine((people) => people.some((p) => p.role === 'moderator'), 'must include at least one moderator')
      .refine((people) => new Set(people.map((p) => p.key)).size === people.length, 'keys must be unique'),
    segments: z
      .array(
        z.strictObject({
          title: text(LIMITS.title, 1),
          format: text(LIMITS.title).default(''),
          kind: z.enum(SEGMENT_KIND_LIST),
          durationMin: minutes,
          speakingLimitMin: minutes.optional(),
          speakers: z.array(key).max(LIMITS.roster).default([]),
          /** A panel's time kept for questions after the panelists' turns; by default a fifth of it (P4). */
          questionsMin: z
            .number()
            .min(0)
            .max(LIMITS.maxDurationMs / MINUTE)
            .optional(),
        }),
      )
      .min(1, 'must have at least one segment')
      .max(LIMITS.segments),
    /** O2: the smallest group of registrants whose community and country the stage and the public outcome show. */
    privacy: z.strictObject({ k: z.number().int().min(1).max(1000) }).default({ k: DEFAULTS.anonymityK }),
  })
  .superRefine((t, ctx) => {
    const keys = new Set(t.people.map((p) => p.key));
    for (const [i, s] of t.segments.entries()) {
      for (const [j, k] of s.speakers.entries()) {
        if (!keys.has(k)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'speakers', j], message: `"${k}" is not the key of anyone in people` });
      }
      if (s.questionsMin !== undefined && s.questionsMin >= s.durationMin) {
        ctx.addIssue({ code: 'custom', path: ['segments', i, 'questionsMin'], message: 'must leave the panelists some of the segment: less than durationMin' });
      }
    }
  });
export type Template = z.infer<typeof TemplateSchema>;

/** The seed event: the Global Diaspora Virtual Exchange on COVID-19 Response. */
export const DEFAULT_TEMPLATE: Template = TemplateSchema.parse(defaultTemplateJson);

/**
 * Turn a template into the setup stamped into the ledger. Panelists share the panel's time
 * less its time for questions evenly (to the second, P4) unless edited later; plenaries
 * default to 2 minutes a turn; other segments give a speaker the whole segment.
 */
export function setupFromTemplate(template: Template): EventSetup {
  return {
    title: template.title,
    description: template.description,
    callUrl: template.callUrl,
    scheduledStartAt: template.scheduledStart === null ? null : Date.parse(template.scheduledStart),
    privacy: template.privacy,
    roster: template.people.map((p) => ({
      id: p.key,
      name: p.name,
      role: p.role,
      title: p.title,
      organisation: p.organisation,
      community: p.community,
      region: p.region,
      country: p.country,
      bio: p.bio,
    })),
    segments: template.segments.map((s, i) => {
      const plannedMs = Math.round(s.durationMin * MINUTE);
      const defaultLimit = s.kind === 'plenary' ? DEFAULTS.plenarySpeakingLimitMs : s.kind === 'panel' ? DEFAULTS.speakingLimitMs : plannedMs;
      const questionsMs = s.questionsMin === undefined ? defaultQuestionsMs(plannedMs) : Math.round(s.questionsMin * MINUTE);
      const share = panelistShareMs(plannedMs, questionsMs, s.speakers.length);
      return {
        id: `s${i + 1}`,
        title: s.title,
        format: s.format,
        kind: s.kind,
        plannedMs,
        speakingLimitMs: s.speakingLimitMin ? Math.round(s.speakingLimitMin * MINUTE) : defaultLimit,
        panel: s.kind === 'panel' ? s.speakers.map((personId) => ({ personId, allocationMs: share })) : [],
      };
    }),
  };
}
