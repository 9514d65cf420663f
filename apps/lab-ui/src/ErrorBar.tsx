import { LabApiError } from './data/api.js';

/** The last failed action, in words a person can act on. */
export function ErrorBar({ error, onDismiss }: { error: unknown; onDismiss: () => void }) {
  if (!error) return null;
  const text =
    error instanceof LabApiError
      ? `${error.message} (${error.code}, HTTP ${error.status})`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="error-bar" role="alert">
      {text}{' '}
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
