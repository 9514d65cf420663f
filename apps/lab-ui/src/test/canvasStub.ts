// jsdom has no canvas and no matchMedia; uPlot needs both at import and construction time.
// Import this module before anything that imports uPlot. Calls are recorded so tests can
// check what was painted.
export interface CanvasCall {
  fn: string;
  args: unknown[];
}

export const canvasCalls: CanvasCall[] = [];

export function recordingContext(calls: CanvasCall[] = canvasCalls): CanvasRenderingContext2D {
  const target: Record<string, unknown> = { canvas: null };
  return new Proxy(target, {
    get(t, prop: string) {
      if (prop in t) return t[prop];
      if (prop === 'measureText') return (s: string) => ({ width: s.length * 6 });
      return (...args: unknown[]) => {
        calls.push({ fn: prop, args });
      };
    },
    set(t, prop: string, value) {
      t[prop] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

if (!window.matchMedia) {
  window.matchMedia = ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
}
HTMLCanvasElement.prototype.getContext = function () {
  return recordingContext();
} as unknown as typeof HTMLCanvasElement.prototype.getContext;
