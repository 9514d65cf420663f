import { z } from 'zod';

// Everything a client may send on /ws. Unknown types and extra fields are refused (strict), so a
// typo fails loudly instead of being ignored.
const id = z.string().max(64).optional();

export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('operate'),
    id,
    line: z.string().min(1).max(64),
    value: z.union([z.literal(0), z.literal(1)]),
  }),
  z.strictObject({
    type: z.literal('lock.take'),
    id,
    lines: z.array(z.string().min(1).max(64)).max(64).optional(),
  }),
  z.strictObject({ type: z.literal('lock.release'), id, lockId: z.string().max(64).optional() }),
  z.strictObject({ type: z.literal('chat'), id, text: z.string().min(1).max(4000) }),
  z.strictObject({ type: z.literal('ping'), id, t: z.number().optional() }),
]);

export type ClientMessage = z.infer<typeof clientMessage>;

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

export function parseClientMessage(raw: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = clientMessage.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid',
    };
  }
  return { ok: true, message: parsed.data };
}
