import { describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

// Only the refusals: anything accepted goes on to build a kernel or boot a VM.
describe('pulseboard-vm arguments', () => {
  it('kernel: an unknown option or architecture is refused, not taken for a path', async () => {
    await expect(main(['kernel', '--arc', 'arm64'])).rejects.toThrow(/Unknown option '--arc'/);
    await expect(main(['kernel', '--arch', 'riscv'])).rejects.toThrow(
      '--arch must be x86_64 or arm64, not riscv',
    );
    await expect(main(['kernel', '--arch'])).rejects.toThrow(/--arch <value>/);
  });

  it('run: bad numbers and a missing command are refused', async () => {
    await expect(main(['run', '--memory', 'lots', '--', 'true'])).rejects.toThrow(
      '--memory must be a positive integer',
    );
    await expect(main(['run', '--arch', 'arm64', '--', 'true'])).rejects.toThrow(
      '--arch arm64 needs --root and --init',
    );
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['run'])).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^pulseboard-vm run: no command\n/);
    } finally {
      stderr.mockRestore();
    }
  });
});
