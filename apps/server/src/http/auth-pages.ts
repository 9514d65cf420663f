import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { contentSecurityPolicy } from './security-headers.js';

// The pages a person sees when signing in goes wrong (their browser asked for JSON-less HTML):
// a wrong password, a lockout with its wait, and "signed out" after Switch user. The panel's
// stylesheet is behind the sign-in, so each page carries its own small style, allowed by its hash.

export type AuthPageKind = 'required' | 'failed' | 'locked' | 'signed-out';

/** A browser navigating asks for text/html; fetch() and API clients do not, and keep JSON. */
export function wantsHtml(req: IncomingMessage): boolean {
  return String(req.headers.accept ?? '').includes('text/html');
}

const style = `:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:light-dark(#f4f6f8,#0e1115);color:light-dark(#161a20,#e8ebef)}
main{max-width:30rem;margin:1.5rem;padding:2rem;border-radius:14px;background:light-dark(#fff,#161a20);border:1px solid light-dark(#d3d9e0,#2f3640)}
h1{font-size:1.375rem;margin:0 0 .75rem}p{margin:0 0 .75rem}.muted{color:light-dark(#555d6a,#a3acb9);font-size:.875rem}
a.btn{display:inline-block;margin-top:.5rem;padding:.55rem 1rem;border-radius:6px;background:light-dark(#1d5fd0,#86aeff);color:light-dark(#fff,#0b1220);font-weight:600;text-decoration:none}
a.btn:focus-visible{outline:2px solid light-dark(#1d5fd0,#86aeff);outline-offset:2px}code{font-size:.875rem}`;

const styleHash = createHash('sha256').update(style).digest('base64');

/** The site's policy with this page's one inline style allowed (by hash, not 'unsafe-inline'). */
export const authPageCsp = contentSecurityPolicy.replace(
  "style-src 'self'",
  `style-src 'sha256-${styleHash}'`,
);

const text: Record<AuthPageKind, (retryAfterS: number) => { title: string; body: string }> = {
  required: () => ({
    title: 'Sign in to Pulseboard',
    body: `<p>This board needs you to sign in. Your browser asks for your user name and password in its own window.</p>
<p class="muted">Closed that window? Use the button to get it back.</p>
<a class="btn" href="./">Sign in</a>`,
  }),
  failed: () => ({
    title: 'That did not work',
    body: `<p>The user name or password was not accepted. Check both (passwords are case-sensitive) and try again.</p>
<p class="muted">Forgot it? An admin can set a new one on the board with <code>pulseboard users passwd NAME</code>.</p>
<a class="btn" href="./">Try again</a>`,
  }),
  locked: (s) => ({
    title: 'Too many attempts',
    body: `<p>Too many wrong passwords came from this address, so signing in is paused for <strong>${s} seconds</strong>.</p>
<p class="muted">This protects the board from guessing. Wait, then try again with the right password.</p>
<a class="btn" href="./">Try again</a>`,
  }),
  'signed-out': () => ({
    title: 'You are signed out',
    body: `<p>Sign in again as yourself or as another user. Your browser asks for the user name and password.</p>
<a class="btn" href="./">Sign in</a>`,
  }),
};

export function authPage(kind: AuthPageKind, retryAfterS = 0): string {
  const { title, body } = text[kind](retryAfterS);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Pulseboard</title><style>${style}</style></head>
<body><main data-page="${kind}"><h1>${title}</h1>
${body}</main></body></html>
`;
}
