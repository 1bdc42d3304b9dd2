/** The contributions, notes, questions, vote and outcome parts of the client, as the views mount them. */
import './contributions.css';

export { CapturePanel, ContributionsBoard } from './lazy.tsx';
export { QuestionOnScreen } from './OnScreen.tsx';
export { OutcomePanel } from './OutcomePanel.tsx';
export { QuestionsPanel } from './QuestionsPanel.tsx';
export { TabBar, TabPanel } from './Tabs.tsx';
export { VotePanel } from './VotePanel.tsx';
