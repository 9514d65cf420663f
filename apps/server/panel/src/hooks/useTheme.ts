import { useEffect, useState } from 'react';

export type Theme = 'auto' | 'light' | 'dark';
const key = 'pulseboard.theme';

function stored(): Theme {
  try {
    const v = localStorage.getItem(key);
    return v === 'light' || v === 'dark' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/** The colour theme: the system's unless this browser chose one (kept in localStorage). */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
    try {
      if (theme === 'auto') localStorage.removeItem(key);
      else localStorage.setItem(key, theme);
    } catch {
      // Storage may be off (private mode): the choice lasts for this page only.
    }
  }, [theme]);
  return [theme, setTheme];
}
