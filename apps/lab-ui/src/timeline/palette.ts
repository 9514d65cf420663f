// Canvas colours per theme. Kept in TS (not CSS) because the canvas cannot read classes; the
// values mirror the CSS custom properties in styles.css.
import type { ClientState } from '../data/types.js';

export interface Palette {
  grid: string;
  text: string;
  state: Record<ClientState, string | undefined>;
  fault: string;
  faultEdge: string;
  dead: string;
  /** Outline behind markers so they stand out from the bars under them. */
  halo: string;
  suspect: string;
  notified: string;
  lineWidth: number;
  markerSize: number;
  font: string;
}

export const palettes: Record<'normal' | 'projector', Palette> = {
  normal: {
    grid: '#d6dae0',
    text: '#2b3440',
    state: {
      starting: '#9aa5b1',
      connected: '#2f9e44',
      suspect: '#f08c00',
      offline: '#e03131',
      stopped: undefined,
    },
    fault: 'rgba(132, 94, 247, 0.18)',
    faultEdge: '#7048e8',
    dead: '#e03131',
    halo: '#ffffff',
    suspect: '#f08c00',
    notified: '#1c7ed6',
    lineWidth: 1,
    markerSize: 6,
    font: '12px system-ui, sans-serif',
  },
  projector: {
    grid: '#000000',
    text: '#000000',
    state: {
      starting: '#555555',
      connected: '#006400',
      suspect: '#b35900',
      offline: '#c00000',
      stopped: undefined,
    },
    fault: 'rgba(80, 0, 160, 0.25)',
    faultEdge: '#4b0082',
    dead: '#c00000',
    halo: '#ffffff',
    suspect: '#b35900',
    notified: '#0033cc',
    lineWidth: 2,
    markerSize: 10,
    font: 'bold 18px system-ui, sans-serif',
  },
};
