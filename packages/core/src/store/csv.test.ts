import { describe, expect, it } from 'vitest';
import { escapeCsvField } from './csv.js';

describe('escapeCsvField (OWASP CSV injection)', () => {
  it.each([
    ["-1+cmd|' /C calc'!A0", `'-1+cmd|' /C calc'!A0`], // issue 12 row 6: "-" then a digit
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1+1', "'+1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\r=1', `"'\r=1"`],
    ['-', "'-"],
    ['-2e', "'-2e"],
  ])('defuses %j', (field, expected) => {
    expect(escapeCsvField(field)).toBe(expected);
  });

  it.each(['-1', '+2.5', '-0.25', '1e3', '-1E-3', '42', 'pump', 'a-b'])('leaves %j alone', (field) => {
    expect(escapeCsvField(field)).toBe(field);
  });

  it('quotes separators and doubles quotes', () => {
    // A semicolon-separated reading would make "=cmd" a cell of its own.
    expect(escapeCsvField('a;=cmd|x')).toBe('"a;=cmd|x"');
    expect(escapeCsvField('a,"b"')).toBe('"a,""b"""');
    expect(escapeCsvField('two\nlines')).toBe('"two\nlines"');
  });
});
