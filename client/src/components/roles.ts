import type { Region, Role } from '../../../shared/constants.ts';
import { t } from '../i18n/index.ts';

export function roleName(role: Role): string {
  switch (role) {
    case 'moderator':
      return t('role.moderator');
    case 'speaker':
      return t('role.speaker');
    case 'noteTaker':
      return t('role.noteTaker');
    case 'participant':
      return t('role.participant');
    case 'stage':
      return t('role.stage');
  }
}

export function regionName(region: Region): string {
  switch (region) {
    case 'africa':
      return t('region.africa');
    case 'asia':
      return t('region.asia');
    case 'europe':
      return t('region.europe');
    case 'other':
      return t('region.other');
  }
}
