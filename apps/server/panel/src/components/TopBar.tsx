import type { Me } from '../data/types.js';
import type { Theme } from '../hooks/useTheme.js';
import type { View } from '../hooks/useView.js';
import { LogoMark } from './icons.js';

interface Props {
  boardTitle: string | null;
  me: Me | null;
  rttMs: number | null;
  view: View;
  theme: Theme;
  onTheme: (t: Theme) => void;
}

/** The bar on every view: the product and board, the views, the theme, and who is signed in. */
export function TopBar({ boardTitle, me, rttMs, view, theme, onTheme }: Props) {
  return (
    <header className="topbar">
      <div className="brand">
        <LogoMark />
        <h1>Pulseboard</h1>
        {boardTitle ? <span className="brand-board">{boardTitle}</span> : null}
      </div>
      <nav className="tabs" aria-label="Views">
        <a className="tab" href="#board" aria-current={view === 'board' ? 'page' : undefined}>
          Board
        </a>
        <a
          className="tab"
          href="#audit"
          aria-current={view === 'audit' ? 'page' : undefined}
          data-testid="nav-audit"
        >
          Audit log
        </a>
      </nav>
      <div className="topbar-end">
        <label className="visually-hidden" htmlFor="theme">
          Theme
        </label>
        <select id="theme" className="input" value={theme} onChange={(e) => onTheme(e.target.value as Theme)}>
          <option value="auto">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
        <span className="me">
          {me ? (
            <span className="avatar avatar-small" aria-hidden="true">
              {me.user.slice(0, 1)}
            </span>
          ) : null}
          <span data-testid="me">{me ? `${me.user} (${me.role})` : ''}</span>
          {rttMs !== null ? (
            <span className="me-rtt" title="Round trip to the board">
              {rttMs} ms
            </span>
          ) : null}
        </span>
        <a
          className="btn btn-small btn-quiet"
          href={me ? `signout?from=${encodeURIComponent(me.user)}` : 'signout'}
          data-testid="switch-user"
        >
          Switch user
        </a>
      </div>
    </header>
  );
}
