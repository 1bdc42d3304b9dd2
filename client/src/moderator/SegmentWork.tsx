/**
 * The middle of the console: what the current segment is for comes first (issue 15.5), so it
 * is on screen without scrolling at 1440×900. A panel: its turns, then the questions; agreeing
 * on a way forward: the vote and the proposals; a plenary: the queue. The rest follows: every
 * list holds every part (each shows itself only when it has something to show).
 */
import type { JSX } from 'preact';
import { QuestionsPanel, VotePanel } from '../contributions/index.ts';
import { ProposalsManager } from '../contributions/ProposalsManager.tsx';
import { status } from '../store.ts';
import { type SegmentFocus, segmentFocus } from './consoleLayout.ts';
import { ModeratorQueue } from './ModeratorQueue.tsx';
import { PanelTurns } from './PanelTurns.tsx';
import { ModerationSwitch, PendingQuestions } from './QuestionModeration.tsx';

type Part = 'panel' | 'questions' | 'vote' | 'proposals' | 'queue';

const ORDER: Record<SegmentFocus, readonly Part[]> = {
  panel: ['panel', 'vote', 'questions', 'queue', 'proposals'],
  wayForward: ['vote', 'proposals', 'queue', 'questions', 'panel'],
  plenary: ['queue', 'vote', 'questions', 'proposals', 'panel'],
  other: ['queue', 'vote', 'questions', 'proposals', 'panel'],
};

const PARTS: Record<Part, () => JSX.Element | null> = {
  panel: () => (status.value === 'live' ? <PanelTurns /> : null),
  questions: () => <QuestionsPanel moderation={{ pending: <PendingQuestions />, toggle: <ModerationSwitch /> }} />,
  vote: () => <VotePanel />,
  proposals: () => <ProposalsManager />,
  queue: () => <ModeratorQueue />,
};

export function SegmentWork() {
  const focus = segmentFocus.value;
  return (
    <div class="console__col console__work" data-focus={focus}>
      {ORDER[focus].map((part) => {
        const Part = PARTS[part];
        return <Part key={part} />;
      })}
    </div>
  );
}
