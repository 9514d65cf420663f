import type { ConnectionStatus } from '../data/types.js';

const text: Record<Exclude<ConnectionStatus, 'online'>, string> = {
  connecting: 'Connecting to the board…',
  reconnecting:
    'Connection to the board lost — reconnecting… Controls are off; what you see is the last known state.',
};

/** Always in the DOM (tests read data-status); visible only when the link is not live. */
export function ConnectionBanner({ status, notice }: { status: ConnectionStatus; notice?: string | null }) {
  return (
    <div
      className={`banner banner-${status}`}
      data-testid="connection-banner"
      data-status={status}
      role={status === 'online' ? undefined : 'alert'}
      hidden={status === 'online'}
    >
      {status === 'online' ? null : notice ? `${notice} — reconnecting…` : text[status]}
    </div>
  );
}
