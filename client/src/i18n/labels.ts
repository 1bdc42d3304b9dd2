/**
 * The closed sets in the reader's language: each value is a message key under its prefix,
 * whose English words come from `shared/labels.ts`.
 */
import type { ContributionKind, ProposalResult, Region, Role, VoteAnswer } from '../../../shared/constants.ts';
import { countryName } from '../../../shared/countries.ts';
import { locale } from '../store.ts';
import { t } from './index.ts';

export const roleName = (role: Role): string => t(`role.${role}`);
export const regionName = (region: Region): string => t(`region.${region}`);
export const kindLabel = (kind: ContributionKind): string => t(`contrib.kind.${kind}`);
export const answerLabel = (answer: VoteAnswer): string => t(`vote.${answer}`);
export const resultLabel = (result: ProposalResult): string => t(`vote.result.${result}`);
/** A registration's country in the reader's language (J5): a code by its name, older free text as typed. */
export const countryOf = (country: string): string => countryName(country, locale.value);
