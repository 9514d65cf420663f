// The page a person sees when the board is full: who is on it, and when to try again.
// Names are escaped: a user name is data, never markup.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function serverFullPage(connected: readonly string[], retryAfterS: number): string {
  const items = connected.map((name) => `<li>${escapeHtml(name)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pulseboard is full</title></head>
<body><h1>Pulseboard is full</h1>
<p>At most ${connected.length} people can use this board at once. Connected now:</p>
<ul id="connected">${items}</ul>
<p>Try again in ${retryAfterS} seconds.</p></body></html>
`;
}
