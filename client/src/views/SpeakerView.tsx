/** A speaker sees everything a participant does, plus a glanceable timer and their own speaking time. */
import { MySpeakingTime } from '../components/MyTurnCard.tsx';
import { ParticipantView } from './ParticipantView.tsx';

export function SpeakerView() {
  return <ParticipantView turnSize="huge" extra={<MySpeakingTime />} />;
}
