import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// gpio-sim (drivers/gpio/gpio-sim.c): a simulated GPIO chip made through configfs, driven
// from sysfs. Runs inside the test VM, where the kernel has CONFIG_GPIO_SIM. Each line's
// `value` attribute reads what a consumer drives; writing `pull` sets what an input reads
// (and what a line falls back to when released).

const configfs = '/sys/kernel/config/gpio-sim';

export type Pull = 'pull-up' | 'pull-down';

export interface GpioSimOptions {
  /** Chip label (what board files name it by). */
  label: string;
  /** Line names, one per line, in offset order. */
  lines: string[];
}

export class GpioSim {
  /** e.g. "gpiochip1": the chip's /dev name. */
  readonly chipName: string;
  /** e.g. "gpio-sim.0": the platform device. */
  readonly devName: string;
  private readonly dir: string;

  private constructor(
    readonly id: string,
    readonly options: GpioSimOptions,
  ) {
    this.dir = join(configfs, id);
    this.devName = read(join(this.dir, 'dev_name'));
    this.chipName = read(join(this.dir, 'bank0', 'chip_name'));
  }

  static available(): boolean {
    return existsSync(configfs);
  }

  /** Makes a live chip with one bank of named lines. `id` must be unique among live chips. */
  static create(id: string, options: GpioSimOptions): GpioSim {
    if (!GpioSim.available()) throw new Error(`gpio-sim: ${configfs} missing (not in the test VM?)`);
    const dir = join(configfs, id);
    mkdirSync(dir);
    const bank = join(dir, 'bank0');
    mkdirSync(bank);
    writeFileSync(join(bank, 'label'), options.label);
    writeFileSync(join(bank, 'num_lines'), String(options.lines.length));
    options.lines.forEach((name, offset) => {
      mkdirSync(join(bank, `line${offset}`));
      writeFileSync(join(bank, `line${offset}`, 'name'), name);
    });
    writeFileSync(join(dir, 'live'), '1');
    return new GpioSim(id, options);
  }

  get devPath(): string {
    return `/dev/${this.chipName}`;
  }

  offset(line: string | number): number {
    if (typeof line === 'number') return line;
    const offset = this.options.lines.indexOf(line);
    if (offset < 0) throw new Error(`gpio-sim ${this.id}: no line ${line}`);
    return offset;
  }

  /** The line's physical level: what an output drives, or what an input reads. */
  value(line: string | number): 0 | 1 {
    return read(this.attr(line, 'value')) === '1' ? 1 : 0;
  }

  pull(line: string | number, pull: Pull): void {
    writeFileSync(this.attr(line, 'pull'), pull);
  }

  /** Drives an input (through its pull): 1 = high. */
  drive(line: string | number, level: 0 | 1): void {
    this.pull(line, level ? 'pull-up' : 'pull-down');
  }

  get live(): boolean {
    return read(join(this.dir, 'live')) === '1';
  }

  /** live=0 removes the chip from the kernel (as unplugging an expander would). */
  setLive(live: boolean): void {
    writeFileSync(join(this.dir, 'live'), live ? '1' : '0');
  }

  /** Takes the chip down and deletes its configfs tree. */
  remove(): void {
    if (!existsSync(this.dir)) return;
    if (this.live) this.setLive(false);
    const bank = join(this.dir, 'bank0');
    for (const entry of readdirSync(bank)) {
      if (entry.startsWith('line')) rmdirSync(join(bank, entry));
    }
    rmdirSync(bank);
    rmdirSync(this.dir);
  }

  private attr(line: string | number, name: 'value' | 'pull'): string {
    return join('/sys/devices/platform', this.devName, this.chipName, `sim_gpio${this.offset(line)}`, name);
  }
}

function read(path: string): string {
  return readFileSync(path, 'utf8').trim();
}
