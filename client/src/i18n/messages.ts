/**
 * Every text Gavel shows, in one table per language. English is built in (and the fallback);
 * other languages are chunks of their own (`messages.fr.ts`, `messages.es.ts`, `messages.pt.ts`),
 * loaded by `loadLanguage` when picked, so a participant downloads one language. Each is typed
 * against English (`TranslatedTables`), so a missing or extra key, error code or staff word fails
 * the type check; tests/client/i18n.test.ts also checks the placeholders match.
 */
import type { ErrorCode } from '../../../shared/constants.ts';
import { labelsUnder, REGION_LABEL, ROLE_LABEL } from '../../../shared/labels.ts';
import { CONTRIBUTIONS_EN } from '../contributions/messages.ts';
import type { StaffKey } from '../moderator/staffWords.ts';

export const LANGUAGES = ['en', 'fr', 'es', 'pt', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Each language by its own name, as the picker shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español', pt: 'Português', ar: 'العربية' };

/** WD21: the languages written right to left; the page's `dir` follows the chosen language. */
const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set<Language>(['ar']);

export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(lang) ? 'rtl' : 'ltr';
}

/** Titles of refusals, one for every error code this build knows (a newer server may send one it does not: `translateCode`). */
export type CodeTable = Record<ErrorCode, string>;

/** Titles of refusals by error code; the server's own message is shown under them. */
const enCodes: CodeTable = {
  bad_request: 'That request was not valid',
  unknown_command: 'Unknown action',
  unauthorized: 'You are not signed in',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'That cannot be done now',
  not_started: 'The event has not started',
  already_started: 'The event has already started',
  ended: 'The event has ended',
  segment_started: 'That segment has started',
  queue_closed: 'The queue is closed',
  already_in_queue: 'Already in the queue',
  not_in_queue: 'Not in the queue',
  no_floor: 'Nobody has the floor',
  floor_taken: 'Someone has the floor',
  balanced_order: 'Balanced order is on',
  muted: 'You are muted',
  blocked: 'Registrations from your network are blocked',
  waiting: 'You are in the lobby',
  rate_limited: 'Slow down',
  too_large: 'Too long',
  event_full: 'The event is full',
  unavailable: 'Not saved',
  internal: 'Something went wrong',
  already_endorsed: 'Already endorsed',
  already_voted: 'Already voted',
  voting_closed: 'Voting is closed',
};

const en = {
  'error.refused': 'Not done',
  'connection.throttled': 'Too many actions: slow down',
  'connection.tooManyConnections': 'Open in too many tabs or devices: close one and this one connects',
  'app.loading': 'Loading…',
  'app.noEvent': 'Open the link of your event to take part (it looks like /e/event-name/).',
  'app.skip': 'Skip to content',
  'link.heading': 'This link signs in someone else',
  'link.question': 'You are signed in as {current}. Continue as {offered}?',
  'link.keep': 'Stay signed in as {name}',
  'link.switch': 'Continue as {name}',
  'action.cancel': 'Cancel',
  'action.dismiss': 'Dismiss',
  'action.close': 'Close',
  'error.offline': 'You are offline: try again in a moment.',
  'error.timeout': 'The server did not answer in time: try again.',
  'error.badReply': 'The server sent an unexpected answer.',
  'error.retryIn': 'Too many requests: try again in {seconds} s.',
  'error.retrySoon': 'Too many requests: wait a moment and try again.',
  'error.tryAgain': 'Nothing was changed: try again in a moment.',

  'connection.reconnecting': 'Reconnecting…',
  'connection.restarting': 'The server is restarting: reconnecting…',
  'connection.revoked': 'This link has been revoked. Ask the organisers for a new one.',
  'connection.removed': 'You have been removed from this event.',
  'connection.deleted': 'Your registration was deleted. You can register again.',
  'connection.registerAgain': 'Register again',
  'connection.removedReason': 'Reason: {reason}',
  'connection.declined': 'A moderator did not let you in to this event. If you think this is a mistake, ask the organisers.',

  'lobby.waitingHeading': 'You are in the lobby',
  'lobby.waitingText': 'A moderator will let you in shortly.',
  'lobby.keepOpen': 'You can keep this page open: the event opens here by itself as soon as you are let in. There is no need to reload.',
  'lobby.admittedNow': 'You are in: opening the event…',

  'status.live': 'Live',
  'status.scheduled': 'Not started',
  'status.ended': 'Ended',
  'status.notStartedLong': 'The event has not started yet',
  'status.endedLong': 'The event has ended. Thank you for taking part!',
  'status.whatNow': 'What happens now: the organisers publish the outcome document.',
  'status.outcomeLink': 'Read the outcome document',
  'status.outcomePending': 'Its link will appear here once published.',
  'status.boardOpen': 'The contributions board stays open.',

  'settings.language': 'Language',
  'settings.soundOn': 'Sound on',
  'settings.soundOff': 'Sound off',
  'settings.soundHint': 'Play a chime when you are given the floor',

  'event.joinCall': 'Join the call',

  'welcome.noSuchEvent': 'There is no event at this address. Check the link you were sent.',
  'welcome.unreachable': 'Gavel cannot be reached right now. Check your connection and reload the page.',
  'welcome.linkInvalid': 'This sign-in link is no longer valid. Register below, or ask the organisers for a new link.',

  'register.heading': 'Join the event',
  'register.intro': 'Tell us who you are: it takes half a minute.',
  'register.name': 'Your name',
  'register.community': 'Community of origin',
  'register.communityHint': 'e.g. Senegalese diaspora',
  'register.region': 'Region of that community',
  'register.choose': 'Choose…',
  'register.country': 'Country where you live',
  'register.organisation': 'Organisation',
  'register.optional': '(optional)',
  'register.consentQuestion': 'Others in the event see your name. Outside it:',
  'register.consentStage': 'Name me on the projected stage and the livestream',
  'register.consent': 'Name me in the published outcome document',
  'register.consentHint':
    'If you leave a box unticked you appear there as “A participant” with your region. Your community and country are shown in public only where at least a few registrants share them.',
  'register.submit': 'Join',
  'register.joining': 'Joining…',
  'register.failed': 'Registration failed. Please try again.',
  'register.privacy':
    'This browser remembers you for this event. Your details are shown only to the organisers and, if you agree, on the stage and in the outcome document.',
  'register.passcode': 'Event passcode',
  'register.passcodeHint': 'The organisers sent it with your invitation.',
  'register.passcodeWrong': 'That passcode is not right. Check your invitation and try again.',
  'register.passcodeNeeded': 'This event now needs a passcode: enter the one from your invitation.',
  'register.lobby': 'A moderator lets people in: after you press Join, you wait a moment in the lobby until they do.',
  'register.blocked': 'New registrations from your network are blocked for this event. If this is a mistake, ask the organisers.',
  'register.closed': 'Registration for this event is closed. If you were invited, ask the organisers for your link.',

  'me.heading': 'My registration',
  'me.intro': 'What Gavel holds about you for this event.',
  'me.consentStage': 'Named on the stage and the livestream',
  'me.consent': 'Named in the outcome document',
  'me.yes': 'Yes',
  'me.no': 'No',
  'me.delete': 'Delete my registration',
  'me.deleteWarning':
    'You will show as “Former participant” everywhere and this browser will be signed out. What you said and did stays in the record. This cannot be undone.',
  'me.deleteConfirm': 'Yes, delete it',
  'me.deleted': 'Your registration has been deleted.',
  'me.loadFailed': 'Your registration could not be loaded',
  'me.deleteFailed': 'Your registration could not be deleted',

  ...labelsUnder('region', REGION_LABEL),

  ...labelsUnder('role', ROLE_LABEL),

  'person.you': 'you',

  'agenda.heading': 'Agenda',
  'agenda.now': 'Now',
  'agenda.done': 'Done',
  'agenda.notHeld': 'Not held',
  'agenda.speakers': 'Speakers: {names}',
  'agenda.timezone': 'Times in your time zone ({zone}).',
  'agenda.startedAt': 'Started {time}',
  'agenda.took': 'took {duration}',
  'agenda.allotted': 'Now {duration}',
  'agenda.goto': 'Go to “{title}”',

  'timer.turnLabel': 'Speaking time',
  'timer.segmentLabel': 'Segment time',
  'timer.left': 'left',
  'timer.warn': 'almost up',
  'timer.over': 'over time',
  'timer.paused': 'paused',

  'floor.heading': 'On the floor',
  'floor.nobody': 'Nobody has the floor.',
  'floor.nextUp': 'Next: {name}.',
  'floor.youHaveTheFloor': 'You have the floor',
  'floor.yourTurnEnded': 'Your turn has ended.',
  'floor.allotted': 'Allotted {duration}',
  'floor.spoken': 'spoken {duration}',
  'floor.yield': 'Yield the floor',
  'floor.callBody': 'The moderator has given you the floor. Your time runs from now.',
  'floor.startSpeaking': 'Start speaking',
  'floor.notReady': 'I’m not ready',
  'queue.soundOffer': 'Hear a chime when it is your turn?',
  'floor.kind.pointOfOrder': 'Point of order',
  'floor.kind.panel': 'Panel',
  'floor.kind.invited': 'Invited',

  'speaker.yourTime': 'Your speaking time',
  'speaker.panelAllotted': 'Allotted in this panel',
  'speaker.panelSpoken': 'Spoken in this panel',
  'speaker.perTurn': 'Time per turn',
  'speaker.spokenTotal': 'Spoken today',
  'speaker.turns.one': '{n} turn',
  'speaker.turns.other': '{n} turns',

  'queue.heading': 'Queue',
  'queue.open': 'Open',
  'queue.closed': 'Closed',
  'queue.empty': 'No hands raised.',
  'queue.more': 'And {n} more.',
  'queue.yoursBelow': 'Your hand is further down.',
  'queue.raiseHeading': 'Ask to speak',
  'queue.raise': 'Raise hand',
  'queue.lower': 'Lower hand',
  'queue.topicLabel': 'Topic (optional)',
  'queue.topicPlaceholder': 'What would you like to say?',
  'queue.youAre': 'You are {ordinal} in the queue',
  'queue.yourTopic': 'Your topic: {topic}',
  'queue.handLowered': 'Your hand is lowered.',
  'queue.closedForYou': 'The queue is closed for now.',
  'queue.pointOfOrder': 'Point of order',
  'queue.pointOfOrderNote': 'What is it about?',
  'queue.pointOfOrderSend': 'Raise a point of order',
  'queue.pointOfOrderWaiting': 'Your point of order is waiting: “{note}”.',
  'queue.withdraw': 'Withdraw',
  'queue.kind.pointOfOrder': 'Point of order',
  'queue.kind.restored': 'Restored',
  'queue.rule.firstCome': 'Order: points of order, then first come.',
  'queue.rule.balanced': 'Balanced order: points of order, then people who have not spoken yet, then the regions heard least.',
  'queue.moved.ahead': 'Moved up: {why}',
  'queue.moved.behind': 'Moved down: {why}',
  'queue.why.notSpoken': 'people who have not spoken yet come first',
  'queue.why.region': 'the regions heard least come first',

  'ordinal.one': '{n}st',
  'ordinal.two': '{n}nd',
  'ordinal.few': '{n}rd',
  'ordinal.other': '{n}th',

  'chat.heading': 'Chat',
  'chat.empty': 'No messages yet. Say hello!',
  'chat.inputLabel': 'Message',
  'chat.placeholder': 'Write a message… (Enter to send)',
  'chat.send': 'Send',
  'chat.count': '{n} / {max}',
  'chat.tooLong': 'Too long: {n} characters over the {max} limit. Shorten it to send it.',
  'chat.more': 'Show more',
  'chat.less': 'Show less',
  'chat.deleted': 'Message removed by a moderator',
  'chat.delete': 'Delete',
  'chat.deleteFrom': 'Delete the message from {name}',
  'chat.mute': 'Mute',
  'chat.unmute': 'Unmute',
  'chat.muteName': 'Mute {name} in the chat',
  'chat.unmuteName': 'Unmute {name} in the chat',
  'chat.mutedBadge': 'muted',
  'chat.youAreMuted': 'A moderator has muted you in the chat.',
  'chat.loadEarlier': 'Load earlier messages',
  'chat.loadFailed': 'Earlier messages could not be loaded',
  'chat.pinned': 'Pinned',
  'chat.pin': 'Pin',
  'chat.unpin': 'Unpin',
  'chat.pinFrom': 'Pin the message from {name} above the chat',
  'chat.unpinLabel': 'Unpin the pinned message',

  'bios.heading': 'Speakers',
  'bios.none': 'No biography.',

  'reaction.group': 'Reactions',
  'reaction.applause': 'Applause',
  'reaction.heart': 'Heart',
  'reaction.plusOne': 'Plus one',
  'reaction.laugh': 'Laugh',

  'schedule.startsAt': 'Starts at {time}',
  'schedule.notStarted': 'Not started yet',
  'schedule.endedAt': 'Ended at {time}',
  'schedule.onTime': 'On schedule',
  'schedule.late': 'Running {duration} late',
  'schedule.early': '{duration} ahead of schedule',
  'schedule.endsAround': 'Ends around {time} ({duration} left)',

  'presence.online': '{n} online',

  'announce.label': 'Announcement',

  'stage.startingSoon': 'Starting soon',
  'stage.ended': 'Thank you!',
  'stage.floorOpen': 'The floor is open',
  'stage.unnamed': 'A participant',
  'stage.nextUp': 'Next up',
  'stage.panelOrder': 'Panel order',
  'stage.panel.speaking': 'speaking',
  'stage.panel.next': 'next',
  'stage.panel.spoke': 'spoke',
  'stage.originalText': 'Proposed:',

  'footer.signOut': 'Sign out on this device',
  'footer.signOutWarning': 'This browser forgets your sign-in. You will need your link, or to register again, to come back.',
  'footer.signOutConfirm': 'Yes, sign out',
  ...CONTRIBUTIONS_EN,
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;

/**
 * WD24: the plural categories beyond `one` and `other` that `Intl.PluralRules` gives some
 * languages (Arabic uses all four). A language that needs them gives them per counted message.
 */
export type ExtraPluralCategory = 'zero' | 'two' | 'few' | 'many';
export type ExtraPlurals = Partial<Record<ExtraPluralCategory, string>>;

/** The `other` key of each counted pair `x.one` / `x.other` (ordinals are not counts). */
export type CountedOf<K extends string> = Exclude<
  { [Key in K]: Key extends `${infer Base}.other` ? (`${Base}.one` extends K ? Key : never) : never }[K],
  'ordinal.other'
>;
export type CountedKey = CountedOf<MessageKey>;
export type CountedStaffKey = CountedOf<StaffKey>;

/** One language: its messages and its refusal titles, and the staff screens' words but in English (their own chunk, `moderator/messages.ts`). */
export interface LanguageTables {
  messages: Record<MessageKey, string>;
  codes: CodeTable;
  staff?: Record<StaffKey, string>;
  /** WD24: a counted message's extra forms, by its `other` key; missing ones read as `other`. */
  plurals?: Partial<Record<CountedKey, ExtraPlurals>>;
  staffPlurals?: Partial<Record<CountedStaffKey, ExtraPlurals>>;
}

/** A language other than English: every message, every error code's title and every staff word, or `tsc` fails (WD10). */
export interface TranslatedTables extends LanguageTables {
  staff: Record<StaffKey, string>;
}

export const ENGLISH: LanguageTables = { messages: en, codes: enCodes };
