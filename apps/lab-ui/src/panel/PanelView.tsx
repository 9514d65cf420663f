import { useState } from 'react';
import type { Board, LabClient } from '../data/types.js';

/**
 * The real control panel as a chosen virtual user sees it.
 *
 * Why not simply an iframe: the board sends `X-Frame-Options: DENY` and
 * `frame-ancestors 'none'` (clickjacking defence, apps/server/src/http/security-headers.ts),
 * and browsers drop credentials written into iframe URLs anyway. So the panel opens in its own
 * window beside the lab, where the browser's login prompt works, and we print the virtual
 * user's credentials to type there. "Embed" stays available for a board that allows framing.
 */
export function PanelView({ board, clients }: { board: Board | undefined; clients: readonly LabClient[] }) {
  const users = [...new Set(clients.map((c) => c.user))].sort();
  const [user, setUser] = useState<string>('');
  const [embed, setEmbed] = useState(false);
  const chosen = user && users.includes(user) ? user : users[0];
  const url = board?.running ? board.url : undefined;
  const open = () => {
    if (!url) return;
    // One named window per user, so "as alice" and "as bob" can sit side by side.
    window.open(url, `pulseboard-panel-${chosen ?? 'any'}`, 'popup,width=900,height=800');
  };
  return (
    <section className="panel-view" aria-label="Control panel">
      <header className="section-head">
        <h2>Control panel</h2>
        <label>
          as{' '}
          <select aria-label="Virtual user" value={chosen ?? ''} onChange={(e) => setUser(e.target.value)}>
            {users.length === 0 && <option value="">(no users yet)</option>}
            {users.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
      </header>
      {!url ? (
        <p className="muted">The board is not running.</p>
      ) : (
        <>
          <dl className="panel-creds">
            <dt>URL</dt>
            <dd>
              <code>{url}</code>
            </dd>
            {chosen && (
              <>
                <dt>user</dt>
                <dd>
                  <code>{chosen}</code>
                </dd>
                <dt>password</dt>
                <dd>
                  <code>{labPassword(chosen)}</code>
                </dd>
              </>
            )}
          </dl>
          <p>
            <button type="button" className="primary" onClick={open}>
              Open panel{chosen ? ` as ${chosen}` : ''}
            </button>{' '}
            <label className="small">
              <input type="checkbox" checked={embed} onChange={(e) => setEmbed(e.target.checked)} /> embed
              here
            </label>
          </p>
          <p className="muted small">
            The board refuses to be framed, so the panel opens in its own window: log in there with the
            credentials above. Browsers keep one login per site, so to watch as two users at once use a second
            browser profile or a private window.
            {board &&
              board.host !== 'host' &&
              ` The board runs in namespace ${board.host}; start it on the host side if
            your browser cannot reach ${url}.`}
          </p>
          {embed && (
            <iframe className="panel-frame" title={`Control panel as ${chosen ?? 'a user'}`} src={url} />
          )}
        </>
      )}
    </section>
  );
}

/** Mirrors labPassword() in packages/netlab/src/controller/board.ts (not yet in the lab API). */
export function labPassword(user: string): string {
  return `lab-${user}-pw`;
}
