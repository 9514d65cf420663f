// Minimal text/event-stream parser: enough for `event:` + `data:` frames separated by blank lines.
export class SseParser {
  private buf = '';
  constructor(private readonly onEvent: (type: string, data: string) => void) {}

  push(chunk: string): void {
    this.buf += chunk.replace(/\r\n/g, '\n');
    let i: number;
    while ((i = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) this.onEvent(type, data.join('\n'));
    }
  }
}
