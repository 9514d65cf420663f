import { describe, expect, it } from 'vitest';
import { story } from '../test/fixtures.js';
import { eventsToCsv } from './csv.js';

describe('eventsToCsv', () => {
  it('writes a header and one row per event with fixed columns', () => {
    const lines = eventsToCsv(story).trim().split('\n');
    expect(lines[0]).toBe('at,type,client,user,kind,state,cause,latencyMs,fidelity,detail');
    expect(lines).toHaveLength(story.length + 1);
    expect(lines[8]).toBe(
      '1700000011310,detected,c2,user-c2,,offline,ws-pong-timeout,1310,,lastHeardAt 1700000009950',
    );
  });

  it('quotes cells with commas and quotes', () => {
    const csv = eventsToCsv([{ type: 'log', at: 1, level: 'warn', msg: 'a, "b"' }]);
    expect(csv.split('\n')[1]).toBe('1,log,,,,warn,,,,"a, ""b"""');
  });
});
