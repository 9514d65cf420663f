import { useEffect, useReducer } from 'react';
import { openLabStream } from './data/stream.js';
import { initialLabState, labReducer } from './labState.js';

/** The live lab: subscribes to /api/stream for as long as the component is mounted. */
export function useLab() {
  const [state, dispatch] = useReducer(labReducer, initialLabState);
  useEffect(
    () =>
      openLabStream({
        onMessages: (messages) => dispatch({ type: 'messages', messages }),
        onStatus: (status) => dispatch({ type: 'status', status }),
      }),
    [],
  );
  return { lab: state, clearEvents: () => dispatch({ type: 'clear-events' }) };
}
