import { useEffect, useRef } from 'react';

/** A ref that always holds the latest value, so callbacks can be stable without stale reads. */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
