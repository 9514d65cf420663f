import { useEffect, useState } from 'react';
import type { LabApi } from '../data/api.js';
import { declaredNames, type DeclaredName } from './declaredNames.js';

/** Names declared by GET /api/types/scenario.d.ts, for editor completion (empty on failure). */
export function useScenarioTypes(api: Pick<LabApi, 'scenarioTypes'>): readonly DeclaredName[] {
  const [names, setNames] = useState<readonly DeclaredName[]>([]);
  useEffect(() => {
    let live = true;
    api
      .scenarioTypes()
      .then((dts) => live && setNames(declaredNames(dts)))
      .catch(() => undefined); // completion is a nicety; the editor works without it
    return () => {
      live = false;
    };
  }, [api]);
  return names;
}
