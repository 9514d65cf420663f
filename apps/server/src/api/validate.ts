import { PulseboardError } from '@pulseboard/core';
import type { z } from 'zod';

/** zod parse that fails as BAD_REQUEST naming the first problem. */
export function parseBody<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new PulseboardError('BAD_REQUEST', `${where}${issue?.message ?? 'invalid body'}`);
}
