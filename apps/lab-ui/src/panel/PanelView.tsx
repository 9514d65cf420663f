import { useState, type SyntheticEvent } from 'react';
import { panelUrl } from '../data/api.js';
import type { Board, LabClient } from '../data/types.js';

/**
 * The real control panel as a chosen virtual user sees it, framed beside the lab.
 *
 * The lab server serves the board's panel at /panel/USER/ (docs/lab-api.md): same origin as
 * this page, signed in to the board by the lab as that user, with framing allowed for the lab
 * only. So there are no credentials here, and it works whether the board runs in a namespace
 * or on the host side. "Open in new window" shows the same proxied panel in its own window.
 */
export function PanelView({
  board,
  clients,
  avoid = [],
  preferred,
  scrollTo,
}: {
  board: Board | undefined;
  clients: readonly LabClient[];
  /** Users whose links were faulted: a panel as them would keep them online, so not the default. */
  avoid?: readonly string[];
  /** The user to show unless someone picks another (the demo's observer). */
  preferred?: string;
  /** Scroll the panel to the section with this label once it is there ("Who is here"). */
  scrollTo?: string;
}) {
  const users = [...new Set(clients.map((c) => c.user))].sort();
  const [user, setUser] = useState<string>('');
  const fallback =
    (preferred && users.includes(preferred) ? preferred : undefined) ??
    users.find((u) => !avoid.includes(u)) ??
    users[0];
  const chosen = user && users.includes(user) ? user : fallback;
  const running = board?.running === true;
  const url = chosen ? panelUrl(chosen) : undefined;
  const onLoad = (e: SyntheticEvent<HTMLIFrameElement>) => {
    const frame = e.currentTarget;
    if (!scrollTo) return;
    // Same origin (the lab serves the panel), so the page can be scrolled from here once the
    // panel has rendered the section.
    let tries = 0;
    const look = () => {
      const el = frame.contentDocument?.querySelector(`[aria-label="${scrollTo}"]`);
      const win = frame.contentWindow;
      // Scroll the panel's own page only: scrollIntoView would scroll the lab's columns too.
      if (el && win) win.scrollTo(0, el.getBoundingClientRect().top + win.scrollY - 8);
      else if (++tries < 40) setTimeout(look, 250);
    };
    look();
  };
  const open = () => {
    // One named window per user, so "as alice" and "as bob" can sit side by side.
    if (url) window.open(url, `pulseboard-panel-${chosen}`, 'popup,width=900,height=800');
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
        {running && url && (
          <button type="button" className="small" onClick={open}>
            Open in new window
          </button>
        )}
      </header>
      {!running ? (
        <p className="muted">The board is not running.</p>
      ) : !url ? (
        <p className="muted">Add a virtual client: the panel is shown as one of the lab’s users.</p>
      ) : (
        <>
          {/* key: a new user is a new page (and a new board session), not a reused frame. */}
          <iframe
            key={chosen}
            className="panel-frame"
            title={`Control panel as ${chosen}`}
            src={url}
            onLoad={onLoad}
          />
          <p className="muted small">
            Signed in by the lab as <strong>{chosen}</strong>. The panel is one more connection of {chosen}:
            while it is open {chosen} stays online on the board even when their client’s link is cut, so watch
            as another user to see an operator’s cable pull.
          </p>
        </>
      )}
    </section>
  );
}
