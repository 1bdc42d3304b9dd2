/** Which screen: no event → a pointer; no token → register; then the view of the person's role. */
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { ConnectionBanner } from './components/ConnectionBanner.tsx';
import { LiveRegion } from './components/LiveRegion.tsx';
import { ReactionBursts } from './components/Reactions.tsx';
import { SessionEnded } from './components/SessionEnded.tsx';
import { SwitchPerson } from './components/SwitchPerson.tsx';
import { Toasts } from './components/Toasts.tsx';
import { WaitingRoom } from './components/WaitingRoom.tsx';
import { t } from './i18n/index.ts';
import { linkQuestion, signIn } from './linkSwitch.ts';
import type { Route } from './route.ts';
import { storeToken } from './route.ts';
import { connection, eventState, lobby, role, self, serverNotice, session } from './store.ts';
import { ParticipantView } from './views/ParticipantView.tsx';
import { SpeakerView } from './views/SpeakerView.tsx';
import { Welcome } from './views/Welcome.tsx';

/** The moderator console is its own chunk: participants never download it. */
const ModeratorConsole = signal<ComponentType | null>(null);
function loadModeratorConsole(): void {
  if (ModeratorConsole.value) return;
  void import('./moderator/ModeratorConsole.tsx').then((m) => (ModeratorConsole.value = m.ModeratorConsole));
}

/** The stage display is its own chunk too: it runs on one projector per event, never on a participant's phone. */
const StageDisplay = signal<ComponentType<{ overlay: boolean }> | null>(null);
function loadStageDisplay(): void {
  if (StageDisplay.value) return;
  void import('./views/StageDisplay.tsx').then((m) => (StageDisplay.value = m.StageDisplay));
}

function Loading() {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {t('app.loading')}
    </p>
  );
}

function RoleView({ overlay }: { overlay: boolean }) {
  const r = role.value;
  useEffect(() => {
    if (r === 'moderator') loadModeratorConsole();
    if (r === 'stage') loadStageDisplay();
  }, [r]);
  switch (r) {
    case 'moderator': {
      const Console = ModeratorConsole.value;
      return Console ? <Console /> : <Loading />;
    }
    case 'speaker':
      return <SpeakerView />;
    case 'stage': {
      const Stage = StageDisplay.value;
      return Stage ? <Stage overlay={overlay} /> : <Loading />;
    }
    case 'participant':
    case 'noteTaker':
    case null:
      return <ParticipantView />;
  }
}

export function App({ route }: { route: Route }) {
  const eventId = route.eventId;
  if (!eventId) {
    return (
      <main class="page page--narrow" id="main">
        <h1>Gavel</h1>
        <p>{t('app.noEvent')}</p>
      </main>
    );
  }
  const s = session.value;
  const signedIn = s !== null && connection.value !== 'unauthorized';
  const question = linkQuestion.value;
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <ConnectionBanner />
      {question === 'checking' ? (
        <Loading />
      ) : question ? (
        <SwitchPerson question={question} />
      ) : !signedIn ? (
        <Welcome
          eventId={eventId}
          onRegistered={(token) => {
            storeToken(eventId, token);
            signIn(eventId, token);
          }}
        />
      ) : connection.value === 'closed' && serverNotice.value ? (
        <SessionEnded />
      ) : lobby.value ? (
        <WaitingRoom />
      ) : eventState.value && self.value ? (
        <RoleView overlay={route.overlay} />
      ) : (
        <Loading />
      )}
      <ReactionBursts />
      <Toasts />
      <LiveRegion />
    </>
  );
}
