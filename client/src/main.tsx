/** Boot: read the route and the token, pick the language, connect, render. */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './App.tsx';
import { watchAlerts } from './alerts.ts';
import { startTicking } from './clock.ts';
import { disconnect } from './connection.ts';
import { directionOf } from './i18n/messages.ts';
import { checkLink, signIn } from './linkSwitch.ts';
import { parseRoute, storeToken, takeToken } from './route.ts';
import { connection, initSettings, lang } from './store.ts';
import './styles.css';

const route = parseRoute(location.pathname, location.search, location.hash);
// A French page is French from its first paint: its table (a chunk of its own) loads while the socket connects.
const settingsReady = initSettings(location.search, navigator.languages ?? [navigator.language]);
// WD21: the document speaks the chosen language and runs in its direction (Arabic right to left).
effect(() => {
  document.documentElement.lang = lang.value;
  document.documentElement.dir = directionOf(lang.value);
});
if (route.overlay) document.documentElement.classList.add('overlay');

const choice = takeToken(route, location, history);
const eventId = route.eventId;
if (eventId && choice.kind === 'ask') void checkLink(eventId, choice.current, choice.offered);
else if (eventId && choice.kind === 'use' && choice.token) signIn(eventId, choice.token);

// A refused token is forgotten: the person registers again (or asks for a new link).
effect(() => {
  if (connection.value === 'unauthorized' && route.eventId) {
    storeToken(route.eventId, null);
    disconnect();
  }
});

startTicking();
watchAlerts();
void settingsReady.then(() => render(<App route={route} />, document.getElementById('app')!));
