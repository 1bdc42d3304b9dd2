/** The agenda in the console: as everyone sees it, with a moderator's details, or open for editing (issue 15.7). */
import { useRef, useState } from 'preact/hooks';
import { AgendaList } from '../components/AgendaList.tsx';
import { AgendaEditor } from './AgendaEditor.tsx';
import { ts } from './messages.ts';

export function AgendaCard() {
  const [editing, setEditing] = useState(false);
  const open = useRef<HTMLButtonElement>(null);
  if (editing) {
    return (
      <AgendaEditor
        onDone={() => {
          setEditing(false);
          // Back to the button that opened the editor, once it is on the page again.
          requestAnimationFrame(() => open.current?.focus());
        }}
      />
    );
  }
  return (
    <AgendaList
      detailed
      action={
        <button ref={open} type="button" class="button" onClick={() => setEditing(true)}>
          ✎ {ts('agendaEdit.open')}
        </button>
      }
    />
  );
}
