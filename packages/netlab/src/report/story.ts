import type { Fault, FaultKind, LabEvent } from '../types.js';

// The story of one fault, as a presenter tells it: the fault, the server's suspicion, its
// verdict (with the cause), every other client told, every failsafe output back to safe and the
// lock freed, each at its time after the fault (T+). Pure: the lab UI's story view and the HTML
// report both draw from it, so they cannot tell two different stories.

export type StepKind = 'fault' | 'suspect' | 'dead' | 'told' | 'safe' | 'lock-freed' | 'healed';

export interface StoryStep {
  kind: StepKind;
  /** Epoch ms (the lab host's clock). */
  at: number;
  /** Ms after the fault started (T+). */
  dt: number;
  /** Who or what the step is about: a client id, an observer id, a line name. */
  who: string;
  /** Plain words: "alice is dead (heartbeat-timeout)". */
  text: string;
  /** For `told`: what the client was told (suspect or dead). */
  state?: 'suspect' | 'offline';
}

export interface FaultStory {
  faultId: string;
  kind: FaultKind;
  fidelity: Fault['fidelity'];
  targets: string[];
  /** Users of the targets, for captions. */
  users: string[];
  startedAt: number;
  endedAt?: number;
  /** Steps in time order (fault first). */
  steps: StoryStep[];
}

/** How long after its start a step still belongs to a fault's story, unless a later fault claims it. */
export const STORY_HORIZON_MS = 30_000;

/** What each fault kind is called in plain words. */
export const faultWords: Record<FaultKind, string> = {
  'cable-pull': 'cable pulled',
  'power-off': 'powered off',
  blackhole: 'link goes silent',
  rst: 'connection reset',
  fin: 'connection closed',
  loss: 'packet loss',
  delay: 'delay',
  bandwidth: 'slow link',
  partition: 'network split',
};

/** "T+0.71 s", "T−0.20 s", "T+0": the time after the fault, as one axis reads it. */
export function fmtT(dt: number): string {
  if (Math.abs(dt) < 0.5) return 'T+0';
  const s = (Math.abs(dt) / 1000).toFixed(Math.abs(dt) < 10_000 ? 2 : 1);
  return `T${dt < 0 ? '−' : '+'}${s} s`;
}

const order: Record<StepKind, number> = {
  fault: 0,
  suspect: 1,
  dead: 2,
  'lock-freed': 3,
  told: 4,
  safe: 5,
  healed: 6,
};

/** The optional fault id a lab event may carry (the engine's attribution, when it has one). */
const faultIdOf = (e: LabEvent): string | undefined => {
  const id = (e as { faultId?: unknown }).faultId;
  return typeof id === 'string' ? id : undefined;
};

export function faultStories(events: readonly LabEvent[]): FaultStory[] {
  const faults = new Map<string, Fault>();
  const clientUser = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'fault') faults.set(e.fault.id, { ...faults.get(e.fault.id), ...e.fault });
    else if (e.type === 'client') clientUser.set(e.client.id, e.client.user);
  }
  const stories = new Map<string, FaultStory>();
  const list = [...faults.values()]
    .filter((f) => f.kind !== 'partition' || f.targets.length > 0)
    .sort((a, b) => a.startedAt - b.startedAt);
  for (const f of list) {
    const users = [...new Set(f.targets.map((t) => clientUser.get(t) ?? t))];
    const story: FaultStory = {
      faultId: f.id,
      kind: f.kind,
      fidelity: f.fidelity,
      targets: [...f.targets],
      users,
      startedAt: f.startedAt,
      steps: [
        {
          kind: 'fault',
          at: f.startedAt,
          dt: 0,
          who: f.targets.join(', '),
          text: `${faultWords[f.kind]}: ${describeTargets(f.targets, clientUser)}`,
        },
      ],
    };
    if (f.endedAt !== undefined && f.endedAt > f.startedAt) {
      story.endedAt = f.endedAt;
      story.steps.push({
        kind: 'healed',
        at: f.endedAt,
        dt: f.endedAt - f.startedAt,
        who: '',
        text: 'fault healed',
      });
    }
    stories.set(f.id, story);
  }

  /** The story a step about `clientIds` at `at` belongs to: the engine's word, else the latest fault on them. */
  const storyFor = (clientIds: string[], at: number, id?: string): FaultStory | undefined => {
    if (id) return stories.get(id);
    let best: FaultStory | undefined;
    for (const s of stories.values()) {
      if (s.startedAt > at || at - s.startedAt > STORY_HORIZON_MS) continue;
      if (!s.targets.some((t) => clientIds.includes(t))) continue;
      if (!best || s.startedAt > best.startedAt) best = s;
    }
    return best;
  };
  const clientsOfUser = (user: string) =>
    [...clientUser.entries()].filter(([, u]) => u === user).map(([id]) => id);
  const add = (s: FaultStory | undefined, step: Omit<StoryStep, 'dt'>) => {
    if (s) s.steps.push({ ...step, dt: step.at - s.startedAt });
  };

  for (const e of events) {
    switch (e.type) {
      case 'detected': {
        const dead = e.state === 'offline';
        add(storyFor([e.clientId], e.detectedAt, faultIdOf(e)), {
          kind: dead ? 'dead' : 'suspect',
          at: e.detectedAt,
          who: e.clientId,
          text: `${e.user} ${dead ? 'is dead' : 'is suspect'} (${e.cause})`,
        });
        break;
      }
      case 'notified':
        add(storyFor([e.aboutClientId], e.at, faultIdOf(e)), {
          kind: 'told',
          at: e.at,
          who: e.observerId,
          state: e.state,
          text: `${clientUser.get(e.observerId) ?? e.observerId} (${e.observerId}) told ${e.user} is ${e.state}`,
        });
        break;
      case 'failsafe':
        add(storyFor(clientsOfUser(e.user), e.at, faultIdOf(e)), {
          kind: 'safe',
          at: e.at,
          who: e.line,
          text:
            e.result === 'confirmed'
              ? `${e.line} back to safe (${e.value})`
              : `${e.line} failed to go safe: ${e.error ?? 'driver error'}`,
        });
        break;
      case 'lock':
        if (e.change === 'session-dead')
          add(storyFor(clientsOfUser(e.user), e.at, faultIdOf(e)), {
            kind: 'lock-freed',
            at: e.at,
            who: 'lock',
            text: `control lock freed (${e.user} held it)`,
          });
        break;
      default:
        break;
    }
  }
  const out = [...stories.values()];
  for (const s of out) s.steps.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
  return out;
}

function describeTargets(targets: string[], users: Map<string, string>): string {
  if (targets.length === 0) return 'nobody';
  const named = targets.map((t) => (users.has(t) ? `${users.get(t)} (${t})` : t));
  return named.length > 3 ? `${named.slice(0, 3).join(', ')} and ${named.length - 3} more` : named.join(', ');
}

/** The headline numbers of a story: first dead, slowest told, slowest safe (ms after the fault). */
export function storyTimes(s: FaultStory): { deadMs?: number; toldMs?: number; safeMs?: number } {
  const last = (k: StepKind) => {
    const xs = s.steps.filter((x) => x.kind === k).map((x) => x.dt);
    return xs.length ? Math.max(...xs) : undefined;
  };
  const dead = s.steps.find((x) => x.kind === 'dead');
  return { deadMs: dead?.dt, toldMs: last('told'), safeMs: last('safe') };
}
