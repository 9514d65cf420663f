import { useState } from 'react';
import { ActivityFeed } from './components/ActivityFeed.js';
import { AuditView } from './components/AuditView.js';
import { AwayNotice } from './components/AwayNotice.js';
import { BoardView } from './components/BoardView.js';
import { ChatPanel } from './components/ChatPanel.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { LockBar } from './components/LockBar.js';
import { PresenceList } from './components/PresenceList.js';
import { api } from './data/api.js';
import { useActivity } from './hooks/useActivity.js';
import { useBoard } from './hooks/useBoard.js';
import { useChat } from './hooks/useChat.js';
import { useLiveConnection } from './hooks/useLiveConnection.js';
import { useMe } from './hooks/useMe.js';
import { usePresence } from './hooks/usePresence.js';
import { useServerEvents } from './hooks/useServerEvents.js';

export function App() {
  const { conn, status, rttMs, notice } = useLiveConnection();
  const board = useBoard(conn);
  const presence = usePresence(conn);
  const me = useMe(conn);
  const chat = useChat(conn);
  const activity = useActivity(conn);
  // Only what the server said since the link was last live counts as fact; meanwhile every
  // control is off and every card says its content is the last known.
  const live = status === 'online';
  const [error, setError] = useState<{ line?: string; message: string } | null>(null);
  // A command whose outcome came later (applied late, or failed late) replaces its error.
  useServerEvents(conn, (e) => {
    if (e.type === 'operation' && e.operation.late && e.operation.line === error?.line) setError(null);
  });
  // Commands go over this tab's WebSocket, so they belong to its session: if the tab vanishes,
  // its locks are released and its failsafe lines go safe.
  const run = (p: Promise<unknown>, line?: string) =>
    p.then(
      () => setError(null),
      (err: unknown) =>
        setError({ ...(line ? { line } : {}), message: err instanceof Error ? err.message : String(err) }),
    );

  return (
    <>
      <ConnectionBanner status={status} notice={notice} />
      <header className="top">
        <h1>Pulseboard</h1>
        <span className="muted" data-testid="me">
          {me ? `${me.user} (${me.role})` : ''}
          {rttMs !== null ? ` · ${rttMs} ms` : ''}
        </span>
      </header>
      {error ? (
        <p className="fault" role="alert" data-testid="error">
          {error.message}
        </p>
      ) : null}
      <AwayNotice notice={activity.away} onDismiss={activity.dismissAway} />
      <main className="grid">
        <BoardView
          board={board}
          me={me}
          live={live}
          onSet={(line, value) => run(conn.request({ type: 'operate', line, value }), line)}
        />
        <LockBar
          locks={board?.locks ?? null}
          me={me}
          live={live}
          onTake={() => run(conn.request({ type: 'lock.take' }))}
          onRelease={(id) => run(conn.request({ type: 'lock.release', ...(id ? { lockId: id } : {}) }))}
        />
        <PresenceList presence={presence} me={me} live={live} onDisconnect={(u) => run(api.disconnect(u))} />
        <ChatPanel messages={chat.messages} onSend={chat.send} />
        <ActivityFeed items={activity.items} />
        <AuditView />
      </main>
    </>
  );
}
