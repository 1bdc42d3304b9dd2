/** Language switch and the "you have the floor" sound toggle. */
import { t } from '../i18n/index.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/messages.ts';
import { chime, unlockSound } from '../sound.ts';
import { lang, setLanguage, setSound, showToast, soundOn } from '../store.ts';

/** The other language's words are fetched on first use: offline, the switch goes back and says why. */
async function choose(select: HTMLSelectElement): Promise<void> {
  if (await setLanguage(select.value as Language)) return;
  select.value = lang.value;
  showToast({ tone: 'error', title: t('error.offline') });
}

export function LanguageSwitch() {
  return (
    <label class="select-inline">
      <span class="sr-only">{t('settings.language')}</span>
      <span aria-hidden="true" class="select-inline__icon">
        🌐
      </span>
      <select value={lang.value} onChange={(e) => void choose(e.currentTarget)} aria-label={t('settings.language')}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The sound on or off for this device; `hint` says what it sounds for (the floor, by default). */
export function SoundToggle({ hint = t('settings.soundHint') }: { hint?: string }) {
  const on = soundOn.value;
  return (
    <button
      type="button"
      class="chip-button"
      aria-pressed={on}
      title={hint}
      onClick={() => {
        setSound(!on);
        if (!on) {
          unlockSound();
          chime();
        }
      }}
    >
      <span aria-hidden="true">{on ? '🔔' : '🔕'}</span> {on ? t('settings.soundOn') : t('settings.soundOff')}
    </button>
  );
}
