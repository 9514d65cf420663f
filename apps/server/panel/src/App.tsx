import { useState } from 'react';
import { ActivityFeed } from './components/ActivityFeed.js';
import { AuditView } from './components/AuditView.js';
import { AwayNotice } from './components/AwayNotice.js';
import { BoardView } from './components/BoardView.js';
import { ChatPanel } from './components/ChatPanel.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { LockBar } from './components/LockBar.js';
import { PresenceList } from './components/PresenceList.js';
import { TopBar } from './components/TopBar.js';
import { api } from './data/api.js';
import { useActivity } from './hooks/useActivity.js';
import { useAnnouncer } from './hooks/useAnnouncer.js';
import { useBoard } from './hooks/useBoard.js';
import { useChat } from './hooks/useChat.js';
import { useLiveConnection } from './hooks/useLiveConnection.js';
import { useMe } from './hooks/useMe.js';
import { usePendingSince } from './hooks/usePendingSince.js';
import { usePresence } from './hooks/usePresence.js';
import { useServerEvents } from './hooks/useServerEvents.js';
import { useTheme } from './hooks/useTheme.js';
import { useView } from './hooks/useView.js';

export function App() {
  const { conn, status, rttMs, notice } = useLiveConnection();
  const board = useBoard(conn);
  const pendingSince = usePendingSince(conn);
  const presence = usePresence(conn);
  const me = useMe(conn);
  const chat = useChat(conn);
  const activity = useActivity(conn);
  const said = useAnnouncer(conn);
  const view = useView();
  const [theme, setTheme] = useTheme();
  const [draft, setDraft] = useState<{ text: string; n: number } | null>(null);
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
  const ask = (holder: string) =>
    setDraft((d) => ({ text: `@${holder} may I take control of the board?`, n: (d?.n ?? 0) + 1 }));

  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <ConnectionBanner status={status} notice={notice} />
      <TopBar
        boardTitle={board ? (board.title ?? board.board) : null}
        me={me}
        rttMs={rttMs}
        view={view}
        theme={theme}
        onTheme={setTheme}
      />
      <div className="page" id="content">
        {error ? (
          <div className="alert alert-bad" role="alert" data-testid="error">
            <span>{error.message}</span>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        <AwayNotice notice={activity.away} onDismiss={activity.dismissAway} />
        {view === 'audit' ? (
          <main>
            <AuditView lines={board?.lines ?? []} />
          </main>
        ) : (
          <main className="layout">
            <div className="main-col">
              <LockBar
                locks={board?.locks ?? null}
                me={me}
                live={live}
                onTake={() => run(conn.request({ type: 'lock.take' }))}
                onRelease={(id) => run(conn.request({ type: 'lock.release', ...(id ? { lockId: id } : {}) }))}
                onAsk={ask}
              />
              <BoardView
                board={board}
                me={me}
                live={live}
                pendingSince={pendingSince}
                onSet={(line, value) => run(conn.request({ type: 'operate', line, value }), line)}
              />
            </div>
            <aside className="side-col" aria-label="People, chat and activity">
              <PresenceList
                presence={presence}
                me={me}
                live={live}
                onDisconnect={(u) => run(api.disconnect(u))}
              />
              <ChatPanel messages={chat.messages} onSend={chat.send} draft={draft} live={live} />
              <ActivityFeed items={activity.items} />
            </aside>
          </main>
        )}
      </div>
      {/* Always mounted, so screen readers hear each change; the parity mark repeats equal words. */}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        {said.text}
        {said.n % 2 ? '\u200b' : ''}
      </div>
    </>
  );
}
