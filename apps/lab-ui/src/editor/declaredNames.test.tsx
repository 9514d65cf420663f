import { describe, expect, it } from 'vitest';
import { declaredNames } from './declaredNames.js';

const DTS = `/** The scenario API. */
export interface Lab {
  /** Adds clients. */
  addClients(kind: ClientKind, count?: number): Promise<LabClient[]>;
  readonly board: Board;
  fault?: (kind: FaultKind) => Promise<Fault>;
}
export type ClientKind = 'tcp' | 'ws';
export declare function scenario(name: string, body: (lab: Lab) => Promise<void>): Scenario;
declare const DEFAULT_TIMEOUT_MS: number;
export interface ClientHandle { readonly id: string; readonly kind: ClientKind }
/* if (x) { */
`;

describe('declaredNames', () => {
  it('finds top-level declarations and interface members', () => {
    const names = declaredNames(DTS);
    expect(names.map((n) => [n.label, n.type])).toEqual([
      ['Lab', 'interface'],
      ['addClients', 'method'],
      ['board', 'property'],
      ['fault', 'property'],
      ['ClientKind', 'type'],
      ['scenario', 'function'],
      ['DEFAULT_TIMEOUT_MS', 'variable'],
      ['ClientHandle', 'interface'],
      ['id', 'property'],
      ['kind', 'property'],
    ]);
    expect(names.find((n) => n.label === 'addClients')!.info).toBe('Adds clients.');
    expect(names.find((n) => n.label === 'scenario')!.detail).toContain('(name: string');
  });
});
