import { useEffect, useState } from 'react';

export type View = 'board' | 'audit';

/** Other hashes (the skip link's #content) leave the view as it is. */
function fromHash(current: View = 'board'): View {
  if (location.hash === '#audit') return 'audit';
  if (location.hash === '#board' || location.hash === '') return 'board';
  return current;
}

/** Which view is shown, kept in the URL's hash so Back works and a view can be linked. */
export function useView(): View {
  const [view, setView] = useState<View>(() => fromHash());
  useEffect(() => {
    const onHash = () => setView((v) => fromHash(v));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return view;
}
