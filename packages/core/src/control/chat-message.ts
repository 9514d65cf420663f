// One chat message as stored and as broadcast. Types only, no Node import: the panel compiles
// against it in the browser.
export interface ChatMessage {
  id: number;
  user: string;
  /** Plain text exactly as posted; clients must render it as text, never as HTML. */
  text: string;
  /** Epoch ms. */
  at: number;
}
