import { useCallback, useEffect, useReducer } from 'react';
import { labApi } from './data/api.js';
import { openLabStream } from './data/stream.js';
import type { StreamMessage } from './data/types.js';
import { initialLabState, labReducer } from './labState.js';

/**
 * The stream has no event for the board starting or stopping (the lab logs it), so those
 * messages, and scenario runs (which may start the board), trigger a GET /api/lab for the
 * board's state.
 */
export function needsSnapshot(messages: readonly StreamMessage[]): boolean {
  return messages.some((m) => m.type === 'scenario' || (m.type === 'log' && /^board\b/.test(m.msg)));
}

/** The live lab: subscribes to /api/stream for as long as the component is mounted. */
export function useLab() {
  const [state, dispatch] = useReducer(labReducer, initialLabState);
  const refresh = useCallback(async () => {
    const lab = await labApi.lab();
    dispatch({ type: 'board', board: lab.board, capabilities: lab.capabilities });
  }, []);
  useEffect(
    () =>
      openLabStream({
        onMessages: (messages) => {
          dispatch({ type: 'messages', messages, at: Date.now() });
          if (needsSnapshot(messages)) refresh().catch(() => undefined); // the stream stays the source of truth
        },
        onStatus: (status) => dispatch({ type: 'status', status }),
      }),
    [refresh],
  );
  return { lab: state, refresh, clearEvents: () => dispatch({ type: 'clear-events' }) };
}
