/**
 * The words only staff screens show: the lobby, the flags and blocked networks, invite links,
 * registration settings, removing someone, the agenda, announcement and call link editors. They
 * load with those screens, so a participant's page never downloads them (its 60 KB budget);
 * French has them in its own chunk (`STAFF_FR`). Typed like the main table: a missing or extra
 * French key fails the type check.
 */
import { fill, loadedTables, type Vars } from '../i18n/translate.ts';
import { lang } from '../store.ts';

const en = {
  'agendaEdit.open': 'Edit agenda',
  'agendaEdit.heading': 'Edit the agenda',
  'agendaEdit.done': 'Done',
  'agendaEdit.hint': 'Segments not yet started can be moved, retimed or removed.',
  'agendaEdit.lockedRunning': 'Running now, so it cannot be edited: change its time with +1 min / −1 min.',
  'agendaEdit.lockedStarted': 'Already started, so it cannot be edited.',
  'agendaEdit.ended': 'The event has ended: its agenda can no longer change.',
  'agendaEdit.moveUp': 'Move “{title}” earlier',
  'agendaEdit.moveDown': 'Move “{title}” later',
  'agendaEdit.minutesLabel': 'Minutes for “{title}”',
  'agendaEdit.setMinutes': 'Set',
  'agendaEdit.setMinutesLabel': 'Set the minutes for “{title}”',
  'agendaEdit.minutesFormat': 'Write a whole number of minutes, from 1 to {max}.',
  'agendaEdit.remove': 'Remove',
  'agendaEdit.removeLabel': 'Remove “{title}”',
  'agendaEdit.removeConfirm': 'Yes, remove it',
  'agendaEdit.add': 'Add a segment',
  'agendaEdit.newTitle': 'Title',
  'agendaEdit.newKind': 'Kind',
  'agendaEdit.newMinutes': 'Minutes',
  'agendaEdit.addButton': 'Add to the agenda',
  'agendaEdit.kind.remarks': 'Remarks',
  'agendaEdit.kind.panel': 'Panel',
  'agendaEdit.kind.plenary': 'Plenary',
  'agendaEdit.kind.break': 'Break',
  'agendaEdit.kind.other': 'Other',
  'agendaEdit.scheduleLabel': 'Scheduled start ({zone})',
  'agendaEdit.scheduleSave': 'Set the start',
  'agendaEdit.scheduleClear': 'Clear the start',
  'agendaEdit.scheduleNone': 'No scheduled start: times count from the actual start.',
  'agendaEdit.scheduleLocked': 'The event has started: its scheduled start no longer changes.',
  'agendaEdit.scheduleFormat': 'Pick a date and a time.',
  'remove.button': 'Remove from event',
  'remove.open': 'Remove {name} from the event',
  'remove.heading': 'Remove {name} from the event?',
  'remove.explain':
    'Their hand goes down, their turn ends, their link stops working and they are told they were removed, with your reason. They cannot come back with this link.',
  'remove.reason': 'Reason, shown to them',
  'remove.confirm': 'Remove {name}',
  'remove.done': '{name} was removed from the event',
  'remove.purge': 'Also delete everything they posted: contributions, questions, notes and chat messages',
  'remove.confirmPurge': 'Remove {name} and delete everything they posted',
  'remove.donePurge': '{name} was removed and everything they posted deleted',
  'remove.blocked': 'New registrations from their network are blocked.',
  'remove.undoBlock': 'Undo block',
  'remove.blockLifted': 'New registrations from {name}’s network are accepted again, with a flag.',
  'staffLobby.heading': 'Lobby',
  'staffLobby.count.one': '{n} person waiting to be let in',
  'staffLobby.count.other': '{n} people waiting to be let in',
  'staffLobby.nobody': 'Nobody is waiting.',
  'staffLobby.admit': 'Admit',
  'staffLobby.admitOf': 'Admit {name}',
  'staffLobby.admitAll': 'Admit all',
  'staffLobby.decline': 'Decline',
  'staffLobby.declineOf': 'Decline {name}',
  'staffLobby.declineWarning': '{name} is not let in: their registration is erased, and their page says so.',
  'staffLobby.declineConfirm': 'Yes, decline',
  'staffLobby.admitted.one': '{n} person let in',
  'staffLobby.admitted.other': '{n} people let in',
  'staffLobby.declined': '{name} was not let in',
  'staffLobby.registeredAt': 'registered at {time}',
  'staffLobby.more': 'The first {shown} of {total} are shown; “Admit all” lets all of them in.',
  'staffLobby.loadFailed': 'The lobby could not be loaded',
  'staffLobby.failed': 'That could not be done',
  'flag.removed': 'same network as {name}, removed',
  'flag.muted': 'same network as {name}, muted',
  'flags.heading': 'Flagged registrations',
  'flags.count': '{n} flagged',
  'flags.hint': 'A flag is a hint, not a verdict: someone else on the same network (an office, a family, a campus) is flagged too.',
  'flags.none': 'No registration is flagged.',
  'flags.loadFailed': 'The flagged registrations could not be loaded',
  'blocks.heading': 'Blocked networks',
  'blocks.hint': 'New registrations from the network of someone removed are refused. The address itself is never shown.',
  'blocks.none': 'No network is blocked.',
  'blocks.removedAt': 'removed at {time}',
  'blocks.reason': 'Reason: {reason}',
  'blocks.unblock': 'Unblock',
  'blocks.unblockOf': 'Unblock the network of {name}',
  'blocks.lifted': 'Unblocked: new registrations from this network are accepted again, with a flag.',
  'blocks.loadFailed': 'The blocked networks could not be loaded',
  'blocks.liftFailed': 'The block could not be lifted',
  'links.heading': 'Invite links',
  'links.warning': 'Each link signs its holder in: send it only to that person.',
  'links.participants': 'Participants (registration)',
  'links.overlay': 'Stage overlay (livestream)',
  'links.copy': 'Copy',
  'links.copyOf': 'Copy the link for {name}',
  'links.urlOf': 'Link for {name}',
  'links.copied': 'Link for {name} copied',
  'links.copyFailed': 'Copy failed: select the link and copy it by hand',
  'links.revoke': 'Revoke',
  'links.revokeOf': 'Revoke the link for {name}',
  'links.revokeWarning': 'The link for {name} stops working now and its open screens are disconnected.',
  'links.revokeConfirm': 'Yes, revoke it',
  'links.revoked': 'Revoked: this link no longer works.',
  'links.reissue': 'New link',
  'links.reissueOf': 'Replace the link for {name} with a new one',
  'links.reissueWarning': 'The current link for {name} stops working now and its open screens are disconnected.',
  'links.reissueConfirm': 'Yes, make a new link',
  'links.reissued': 'New link for {name}: copy it and send it.',
  'links.failed': 'The link could not be changed',
  'links.loadFailed': 'The invite links could not be loaded',
  'regset.heading': 'Registration',
  'regset.isOpen': 'Open',
  'regset.isClosed': 'Closed',
  'regset.passcodeOn': 'Participants need the passcode to register.',
  'regset.passcodeOff': 'No passcode: anyone with the link can register.',
  'regset.close': 'Close registration',
  'regset.open': 'Open registration',
  'regset.passcode': 'Passcode',
  'regset.newPasscode': 'New passcode',
  'regset.setPasscode': 'Set passcode',
  'regset.removePasscode': 'Remove passcode',
  'regset.lobby': 'Lobby: a moderator or note-taker lets each new registration in',
  'regset.lobbyHint': 'Turning the lobby off lets everyone waiting in.',
  'regset.passcodeHint': '4 to 100 characters. Send it to your invitees with the link.',
  'regset.saved': 'Registration settings saved',
  'regset.failed': 'The registration settings could not be saved',
  'regset.loadFailed': 'The registration settings could not be loaded',
  'announce.heading': 'Announcement to everyone',
  'announce.inputLabel': 'Text of the announcement',
  'announce.hint': 'Shown as a banner on every screen and on the stage until you clear it. {max} characters at most.',
  'announce.post': 'Post the announcement',
  'announce.replace': 'Replace the announcement',
  'announce.clear': 'Clear the announcement',
  'announce.current': 'Shown now:',
  'announce.none': 'No announcement is shown.',
  'callLink.heading': 'Call link',
  'callLink.inputLabel': 'Call link (Zoom, Jitsi, Teams…)',
  'callLink.hint': 'Speakers and participants get a “Join the call” button. The stage never shows the link.',
  'callLink.save': 'Save the link',
  'callLink.remove': 'Remove the link',
  'callLink.none': 'No call link yet.',
  'callLink.current': 'Now:',
  'callLink.invalid': 'Enter an address that starts with https:// ({max} characters at most).',
} satisfies Record<string, string>;

export type StaffKey = keyof typeof en;
export const STAFF_EN: Record<StaffKey, string> = en;

/** `t()` for the staff words: in the reader's language once its chunk is in, else English. */
export function ts(key: StaffKey, vars?: Vars): string {
  const template = loadedTables(lang.value)?.staff?.[key] ?? en[key];
  return vars ? fill(template, vars) : template;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** Pick `one` or `other` of a counted staff message pair, by the reader's language's rules. */
export function tsPlural(n: number, one: StaffKey, other: StaffKey, vars: Vars = {}): string {
  let rules = pluralRules.get(lang.value);
  if (!rules) {
    rules = new Intl.PluralRules(lang.value);
    pluralRules.set(lang.value, rules);
  }
  return ts(rules.select(n) === 'one' ? one : other, { n, ...vars });
}
