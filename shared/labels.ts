/**
 * The English names of the closed sets people see: the outcome document prints them, and the
 * client's English message table takes them under `role.*`, `region.*`, `contrib.kind.*`,
 * `vote.*` and `vote.result.*` (other languages translate those keys).
 */
import type { ContributionKind, ProposalResult, Region, Role, VoteAnswer } from './constants.ts';

export const ROLE_LABEL: Record<Role, string> = {
  moderator: 'Moderator',
  speaker: 'Speaker',
  noteTaker: 'Note-taker',
  participant: 'Participant',
  stage: 'Stage display',
};

export const REGION_LABEL: Record<Region, string> = { africa: 'Africa', asia: 'Asia', europe: 'Europe', other: 'Other' };

export const KIND_LABEL: Record<ContributionKind, string> = {
  practice: 'Success story or best practice',
  collaboration: 'Opportunity for collaboration',
  need: 'Need',
};

export const ANSWER_LABEL: Record<VoteAnswer, string> = { agree: 'Agree', disagree: 'Disagree', abstain: 'Abstain' };

export const RESULT_LABEL: Record<ProposalResult, string> = { adopted: 'Adopted', amended: 'Adopted as amended', dropped: 'Dropped' };

/**
 * `{ 'region.africa': 'Africa', … }`: a label map under a message-key prefix, typed by its
 * keys so the message table's keys stay checked.
 */
export function labelsUnder<P extends string, K extends string>(prefix: P, labels: Record<K, string>): Record<`${P}.${K}`, string> {
  return Object.fromEntries(Object.entries(labels).map(([key, label]) => [`${prefix}.${key}`, label])) as Record<`${P}.${K}`, string>;
}
