/** Reading a request's body or query: parsed with its schema, or refused `bad_request` saying what is wrong. */
import { z } from 'zod';
import { describeZodError } from '../shared/protocol.ts';
import { ClientError } from './errors.ts';

export function parseRequest<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ClientError('bad_request', describeZodError(result.error));
  return result.data;
}

/** `?offset&limit` of a paged list: the directory, the lobby. */
export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
