import { z } from 'zod';

// The board description: which lines exist, what they mean to a person, and where they live.
// Values in this model are *logical* (1 = on / pressed); active-low inversion is the driver's job.

export type LineValue = 0 | 1;
export type LineDirection = 'in' | 'out';

const lineName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes, starting with a letter');

const location = z
  .object({
    /** GPIO chip label (e.g. "pinctrl-bcm2711"), or a /dev/gpiochipN path; falls back to the board's chip. */
    chip: z.string().min(1).optional(),
    /** Line name as the kernel knows it (e.g. "GPIO17"), or its offset on the chip. */
    line: z.union([z.string().min(1), z.number().int().min(0)]),
  })
  .strict();

const lineSchema = z
  .object({
    name: lineName,
    label: z.string().min(1).max(80),
    /** What a person calls the two values ("Open"/"Closed"); the panel shows ON/OFF without it. */
    states: z
      .object({ on: z.string().min(1).max(24), off: z.string().min(1).max(24) })
      .strict()
      .optional(),
    direction: z.enum(['in', 'out']),
    location: location.optional(),
    activeLow: z.boolean().default(false),
    /** Inputs: the chip's internal pull resistor (e.g. a button to ground wants pull-up). */
    bias: z.enum(['pull-up', 'pull-down', 'disabled']).optional(),
    /** Inputs: kernel (or sim) debounce period. */
    debounceMs: z.number().int().min(0).max(1000).optional(),
    /** Outputs: momentary line, pulsed on for this long by a value-1 command. */
    pulseMs: z.number().int().min(1).max(60_000).optional(),
    /** Outputs: dead-man line, returned to safeValue when the session that switched it dies. */
    failsafe: z.boolean().default(false),
    /** Outputs: the value for "all outputs to safe state" and for the failsafe. */
    safeValue: z.union([z.literal(0), z.literal(1)]).default(0),
  })
  .strict()
  .superRefine((line, ctx) => {
    const outputOnly = ['pulseMs', 'failsafe'] as const;
    if (line.direction === 'in') {
      for (const key of outputOnly) {
        if (line[key])
          ctx.addIssue({ code: 'custom', path: [key], message: `only valid for an output line` });
      }
    } else {
      for (const key of ['debounceMs', 'bias'] as const) {
        if (line[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'only valid for an input line' });
      }
    }
  });

export const boardSchema = z
  .object({
    name: lineName,
    /** The board's name for people (the panel's heading); `name` is the identifier. */
    title: z.string().min(1).max(80).optional(),
    description: z.string().optional(),
    driver: z.enum(['sim', 'gpio-cdev']).default('sim'),
    /** Default GPIO chip for lines whose location names none. */
    chip: z.string().min(1).optional(),
    lines: z.array(lineSchema).min(1),
  })
  .strict()
  .superRefine((board, ctx) => {
    const seen = new Map<string, number>();
    board.lines.forEach((line, i) => {
      const first = seen.get(line.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'name'],
          message: `duplicate line name "${line.name}" (first at lines[${first}])`,
        });
      } else seen.set(line.name, i);
      if (board.driver === 'gpio-cdev') {
        if (!line.location) {
          ctx.addIssue({
            code: 'custom',
            path: ['lines', i, 'location'],
            message: 'required by driver gpio-cdev',
          });
        } else if (!line.location.chip && !board.chip) {
          ctx.addIssue({
            code: 'custom',
            path: ['lines', i, 'location', 'chip'],
            message: 'required by driver gpio-cdev (or set the board-level "chip")',
          });
        }
      }
    });
  });

export type Board = z.output<typeof boardSchema>;
export type LineSpec = Board['lines'][number];

export function findLine(board: Board, name: string): LineSpec | undefined {
  return board.lines.find((l) => l.name === name);
}
