/** S46, S47: the lobby and the flags, one component for the moderator's console and the note-taker's view. */
import { FlagsList } from './FlagsList.tsx';
import { LobbyPanel } from './LobbyPanel.tsx';

export function StaffPanels() {
  return (
    <div class="staff-panels">
      <LobbyPanel />
      <FlagsList />
    </div>
  );
}
