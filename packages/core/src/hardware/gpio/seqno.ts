// The kernel numbers edge events per line (line_seqno, from 1). When its event buffer overflows
// it drops events, and the next one we read skips numbers: that gap is what we report.
export class SeqnoTracker {
  private last = new Map<number, number>();

  /** Events lost on `offset` before this one. */
  missed(offset: number, lineSeqno: number): number {
    const prev = this.last.get(offset) ?? 0;
    this.last.set(offset, lineSeqno);
    // u32 wrap-around is 4 billion edges away; treat a backwards step as no loss.
    return lineSeqno > prev + 1 ? lineSeqno - prev - 1 : 0;
  }
}
