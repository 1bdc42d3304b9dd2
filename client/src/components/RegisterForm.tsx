/**
 * Registration: six short fields, done in well under 30 seconds, and the event's passcode
 * when the organisers set one (S6). The token stays in this browser. With the lobby on, the
 * form says beforehand that a moderator lets people in (S46); a network blocked by a removal
 * is told so (S44).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RegistrationInfo } from '../../../shared/api.ts';
import { LIMITS, REGION_LIST, type Region } from '../../../shared/constants.ts';
import { COUNTRY_CODES, countryName } from '../../../shared/countries.ts';
import { ApiError, registerForEvent } from '../api.ts';
import { oneLine, t } from '../i18n/index.ts';
import { regionName } from '../i18n/labels.ts';
import { failureWords } from '../reportFailure.ts';
import { lobby, locale } from '../store.ts';

type Problem = { kind: 'passcode' | 'other'; text: string } | null;

/** Set by a page that sends the person here on purpose ("Register again"): the form takes the focus when it appears. */
let focusWhenShown = false;
export function focusRegisterFormWhenShown(): void {
  focusWhenShown = true;
}

/**
 * J5: the country from the list of ISO codes, each named in the reader's language and sorted
 * as they sort (a select: typing a name's first letters finds it), so one country is one value.
 */
function CountrySelect() {
  const readerLocale = locale.value;
  const countries = useMemo(() => {
    const collator = new Intl.Collator(readerLocale);
    return COUNTRY_CODES.map((code) => ({ code, name: countryName(code, readerLocale) })).sort((a, b) => collator.compare(a.name, b.name));
  }, [readerLocale]);
  return (
    <select id="register-country" name="country" required autoComplete="country">
      <option value="">{t('register.choose')}</option>
      {countries.map(({ code, name }) => (
        <option key={code} value={code}>
          {name}
        </option>
      ))}
    </select>
  );
}

export function RegisterForm({
  eventId,
  registration,
  onRegistered,
}: {
  eventId: string;
  registration: RegistrationInfo;
  onRegistered: (token: string) => void;
}) {
  const [problem, setProblem] = useState<Problem>(null);
  const [busy, setBusy] = useState(false);
  // The settings can change while the page is open: the server's answer has the last word.
  const [closed, setClosed] = useState(!registration.open);
  const [needsPasscode, setNeedsPasscode] = useState(registration.passcode);
  const passcodeInput = useRef<HTMLInputElement>(null);
  const closedNotice = useRef<HTMLParagraphElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    if (!focusWhenShown) return;
    focusWhenShown = false;
    (closed ? closedNotice : nameInput).current?.focus();
  }, []);

  useLayoutEffect(() => {
    if (problem?.kind === 'passcode') passcodeInput.current?.focus();
  }, [problem]);

  const wasClosed = useRef(closed);
  useLayoutEffect(() => {
    // Closed while the person was filling the form in: take them to the reason their form went away.
    if (closed && !wasClosed.current) closedNotice.current?.focus();
    wasClosed.current = closed;
  }, [closed]);

  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const passcode = form.get('passcode');
    setBusy(true);
    setProblem(null);
    try {
      const { token, waiting } = await registerForEvent(eventId, {
        name: text('name'),
        community: text('community'),
        region: text('region') as Region,
        country: text('country'),
        organisation: text('organisation'),
        consentToBeNamed: form.get('consent') === 'on',
        consentToStage: form.get('consentStage') === 'on',
        ...(typeof passcode === 'string' ? { passcode: passcode.trim() } : {}),
      });
      // The lobby's page at once, rather than "Loading…" until the socket says the same.
      if (waiting) lobby.value = 'waiting';
      onRegistered(token);
      return;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'forbidden') {
        setClosed(true);
      } else if (err instanceof ApiError && err.code === 'unauthorized') {
        setProblem({ kind: 'passcode', text: needsPasscode ? t('register.passcodeWrong') : t('register.passcodeNeeded') });
        setNeedsPasscode(true);
      } else if (err instanceof ApiError && err.code === 'blocked') {
        setProblem({ kind: 'other', text: t('register.blocked') });
      } else {
        // The refusal's code in the reader's words (WD1), never the server's English.
        setProblem({ kind: 'other', text: oneLine(failureWords(t('register.failed'), err)) });
      }
    }
    setBusy(false);
  }

  if (closed) {
    return (
      <section class="card register" aria-labelledby="register-heading">
        <h2 id="register-heading">{t('register.heading')}</h2>
        <p class="notice" role="status" tabIndex={-1} ref={closedNotice}>
          {t('register.closed')}
        </p>
      </section>
    );
  }

  return (
    <form class="card register" onSubmit={submit} aria-labelledby="register-heading">
      <h2 id="register-heading">{t('register.heading')}</h2>
      <p class="muted">{t('register.intro')}</p>
      <label class="field">
        <span>{t('register.name')}</span>
        <input ref={nameInput} name="name" required maxLength={LIMITS.name} autoComplete="name" />
      </label>
      <label class="field">
        <span>{t('register.community')}</span>
        <input name="community" required maxLength={LIMITS.community} placeholder={t('register.communityHint')} />
      </label>
      <label class="field">
        <span>{t('register.region')}</span>
        <select name="region" required>
          <option value="">{t('register.choose')}</option>
          {REGION_LIST.map((r) => (
            <option key={r} value={r}>
              {regionName(r)}
            </option>
          ))}
        </select>
      </label>
      <label class="field" for="register-country">
        <span>{t('register.country')}</span>
        <CountrySelect />
      </label>
      <label class="field">
        <span>
          {t('register.organisation')} <span class="muted">{t('register.optional')}</span>
        </span>
        <input name="organisation" maxLength={LIMITS.organisation} autoComplete="organization" />
      </label>
      <fieldset class="consents" aria-describedby="consent-hint">
        <legend>{t('register.consentQuestion')}</legend>
        <label class="check">
          <input type="checkbox" name="consentStage" />
          <span>{t('register.consentStage')}</span>
        </label>
        <label class="check">
          <input type="checkbox" name="consent" />
          <span>{t('register.consent')}</span>
        </label>
        <p id="consent-hint" class="muted">
          {t('register.consentHint')}
        </p>
      </fieldset>
      {needsPasscode && (
        <label class="field">
          <span>{t('register.passcode')}</span>
          <input
            ref={passcodeInput}
            name="passcode"
            required
            maxLength={LIMITS.passcode}
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            aria-invalid={problem?.kind === 'passcode'}
            aria-describedby={problem?.kind === 'passcode' ? 'register-passcode-hint register-problem' : 'register-passcode-hint'}
          />
          <span class="muted small field__hint" id="register-passcode-hint">
            {t('register.passcodeHint')}
          </span>
        </label>
      )}
      {registration.lobby && (
        <p class="notice small" data-testid="register-lobby">
          {t('register.lobby')}
        </p>
      )}
      {problem && (
        <p class="form-error" role="alert" id="register-problem">
          {problem.text}
        </p>
      )}
      <button type="submit" class="button button--primary button--big" disabled={busy}>
        {busy ? t('register.joining') : t('register.submit')}
      </button>
      <p class="muted small">{t('register.privacy')}</p>
    </form>
  );
}
