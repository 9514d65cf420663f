import { CliError } from './cli-error.js';

/** The whole of stdin minus one trailing newline (as `echo pw |` or a here-string adds). */
export async function readPassword(stdin: NodeJS.ReadableStream, cmd: string): Promise<string> {
  if ((stdin as NodeJS.ReadStream).isTTY) {
    throw new CliError(`${cmd}: --password-stdin expects the password on a pipe, not a terminal`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text === '') throw new CliError(`${cmd}: the password read from stdin is empty`);
  return text;
}
