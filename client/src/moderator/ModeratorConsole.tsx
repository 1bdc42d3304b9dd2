/**
 * The moderator's console: run the agenda, the floor and the queue, moderate chat and people,
 * tell everyone (the announcement, the call link), hand out links, registration, the lobby. What the current segment is for comes first, above
 * the fold at 1440×900; chat, notes and people are side tabs (issue 15.5).
 */
import { AnnouncementBanner } from '../components/AnnouncementBanner.tsx';
import { ChatPanel } from '../components/ChatPanel.tsx';
import { Footer } from '../components/Footer.tsx';
import { PresenceCounts } from '../components/PresenceCounts.tsx';
import { ReactionBar } from '../components/Reactions.tsx';
import { ScheduleStatus } from '../components/ScheduleStatus.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { CapturePanel, ContributionsBoard, OutcomePanel, TabBar, TabPanel } from '../contributions/index.ts';
import { AgendaCard } from './AgendaCard.tsx';
import { AnnouncementEditor } from './AnnouncementEditor.tsx';
import { BlocksList } from './BlocksList.tsx';
import { CallLinkEditor } from './CallLinkEditor.tsx';
import { ConsoleSideTabs } from './ConsoleSideTabs.tsx';
import { FloorControls } from './FloorControls.tsx';
import { InviteLinks } from './InviteLinks.tsx';
import { PointsOfOrder } from './PointsOfOrder.tsx';
import { RegistrationSettings } from './RegistrationSettings.tsx';
import { RemovePersonButton, RemovePersonDialog } from './RemovePerson.tsx';
import { RunControls } from './RunControls.tsx';
import { SegmentWork } from './SegmentWork.tsx';
import { StaffPanels } from './StaffPanels.tsx';

export function ModeratorConsole() {
  return (
    <>
      <TopBar sound={false} />
      <main class="page console" id="main" data-view="moderator">
        <AnnouncementBanner />
        <div class="console__status">
          <ScheduleStatus />
          <PresenceCounts />
          <PointsOfOrder />
        </div>
        <StaffPanels />
        <TabBar tabs={['live', 'contributions', 'outcome']} />
        <TabPanel tab="live">
          <RunControls />
          <div class="console__grid">
            <div class="console__col">
              <FloorControls />
              <AgendaCard />
              <AnnouncementEditor />
              <CallLinkEditor />
            </div>
            <SegmentWork />
            <ConsoleSideTabs
              panels={{
                chat: (
                  <>
                    <ChatPanel moderate authorActions={(m) => <RemovePersonButton person={m.author} class="link-button" />} />
                    <ReactionBar />
                  </>
                ),
                notes: <CapturePanel />,
                people: (
                  <>
                    <InviteLinks />
                    <RegistrationSettings />
                    <BlocksList />
                  </>
                ),
              }}
            />
          </div>
        </TabPanel>
        <TabPanel tab="contributions">
          <ContributionsBoard />
        </TabPanel>
        <TabPanel tab="outcome">
          <OutcomePanel />
        </TabPanel>
      </main>
      <RemovePersonDialog />
      <Footer />
    </>
  );
}
