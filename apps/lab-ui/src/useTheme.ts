import { useEffect, useState } from 'react';

const KEY = 'pulseboard-lab:projector';

/** Large-type, high-contrast mode for projectors; remembered across reloads. */
export function useTheme() {
  const [projector, setProjector] = useState(() => localStorage.getItem(KEY) === '1');
  useEffect(() => {
    document.documentElement.dataset.theme = projector ? 'projector' : 'normal';
    localStorage.setItem(KEY, projector ? '1' : '0');
  }, [projector]);
  return { projector, setProjector, toggleProjector: () => setProjector((p) => !p) };
}
