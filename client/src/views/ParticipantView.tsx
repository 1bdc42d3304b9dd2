/** The participant's screen (and the base of the speaker's and the note-taker's): floor, hand, queue, agenda, chat, bios. */
import type { ComponentChildren } from 'preact';
import { floorCall } from '../alerts.ts';
import { AgendaList } from '../components/AgendaList.tsx';
import { AnnouncementBanner } from '../components/AnnouncementBanner.tsx';
import { ChatPanel } from '../components/ChatPanel.tsx';
import { EventStatusNotice } from '../components/EventStatusNotice.tsx';
import { Footer } from '../components/Footer.tsx';
import { HandButton } from '../components/HandButton.tsx';
import { HandQueue } from '../components/HandQueue.tsx';
import { MyTurnCard } from '../components/MyTurnCard.tsx';
import { NowBar } from '../components/NowBar.tsx';
import { NowSpeaking } from '../components/NowSpeaking.tsx';
import { ReactionBar } from '../components/Reactions.tsx';
import { SpeakerBios } from '../components/SpeakerBios.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { CapturePanel, ContributionsBoard, QuestionOnScreen, QuestionsPanel, TabBar, TabPanel, VotePanel } from '../contributions/index.ts';
import { lazy } from '../lazy.tsx';
import { myTurn, role, roster, status } from '../store.ts';

const LazyFloorCall = lazy(() => import('../components/FloorDialog.tsx').then((m) => m.FloorCall), { quiet: true });

/** "You have the floor" over whatever the person is looking at, until they answer (issue 16). */
function FloorDialog() {
  const call = floorCall.value;
  return call && myTurn.value ? <LazyFloorCall key={call} /> : null;
}

const LazyStaffPanels = lazy(() => import('../moderator/StaffPanels.tsx').then((m) => m.StaffPanels), { quiet: true });

/** Note-takers let people in from the lobby and see the flags too (S46, S47): only they download the panels. */
function NoteTakerPanels() {
  return role.value === 'noteTaker' ? <LazyStaffPanels /> : null;
}

/** What runs the event: after the end none of it shows, only the ended block says what happens now (E6). */
function LiveEvent({ turnSize, extra }: { turnSize: 'large' | 'huge'; extra?: ComponentChildren }) {
  return (
    <>
      <MyTurnCard size={turnSize} />
      <NowSpeaking>
        <ReactionBar />
      </NowSpeaking>
      <QuestionOnScreen />
      <VotePanel />
      {extra}
      <CapturePanel />
      <HandButton />
      <QuestionsPanel />
      <HandQueue />
    </>
  );
}

export function ParticipantView({ turnSize = 'large', extra }: { turnSize?: 'large' | 'huge'; extra?: ComponentChildren }) {
  return (
    <>
      <TopBar />
      <main class="page layout" id="main" data-view="participant">
        <NowBar />
        <AnnouncementBanner />
        <div class="layout__main">
          <TabBar tabs={['live', 'contributions']} />
          <TabPanel tab="live">
            <EventStatusNotice />
            <NoteTakerPanels />
            {status.value === 'ended' ? (
              <>
                {/* A vote left open at the end still takes answers until a moderator closes it (V). */}
                <VotePanel />
                {extra}
                {/* Notes are still edited after the end (N3): the outcome document is made of them. */}
                <CapturePanel />
              </>
            ) : (
              <LiveEvent turnSize={turnSize} extra={extra} />
            )}
            <div class="slot-agenda">
              <AgendaList />
            </div>
          </TabPanel>
          <TabPanel tab="contributions">
            <ContributionsBoard />
          </TabPanel>
        </div>
        <aside class="layout__side">
          <div class="slot-chat">
            <ChatPanel />
          </div>
          <div class="slot-bios">
            <SpeakerBios people={roster.value} />
          </div>
        </aside>
      </main>
      <Footer />
      <FloorDialog />
    </>
  );
}
