// Byte layout of the Linux GPIO character device uAPI v2 (<linux/gpio.h>), written out by hand
// so the driver needs no compiler at run time. layout.test.ts compiles a C probe against the
// installed kernel header and checks every number here; do not edit one without the other.

export const GPIO_MAX_NAME_SIZE = 32;
export const GPIO_V2_LINES_MAX = 64;
export const GPIO_V2_LINE_NUM_ATTRS_MAX = 10;

export const lineFlag = {
  USED: 1n << 0n,
  ACTIVE_LOW: 1n << 1n,
  INPUT: 1n << 2n,
  OUTPUT: 1n << 3n,
  EDGE_RISING: 1n << 4n,
  EDGE_FALLING: 1n << 5n,
  OPEN_DRAIN: 1n << 6n,
  OPEN_SOURCE: 1n << 7n,
  BIAS_PULL_UP: 1n << 8n,
  BIAS_PULL_DOWN: 1n << 9n,
  BIAS_DISABLED: 1n << 10n,
  EVENT_CLOCK_REALTIME: 1n << 11n,
} as const;

export const attrId = { FLAGS: 1, OUTPUT_VALUES: 2, DEBOUNCE: 3 } as const;
export const eventId = { RISING_EDGE: 1, FALLING_EDGE: 2 } as const;

/** sizeof(struct ...) */
export const sizes = {
  gpiochip_info: 68,
  gpio_v2_line_values: 16,
  gpio_v2_line_attribute: 16,
  gpio_v2_line_config_attribute: 24,
  gpio_v2_line_config: 272,
  gpio_v2_line_request: 592,
  gpio_v2_line_info: 256,
  gpio_v2_line_event: 48,
} as const;

/** offsetof(struct ..., field) for every field the driver reads or writes. */
export const offsets = {
  gpiochip_info: { name: 0, label: 32, lines: 64 },
  gpio_v2_line_values: { bits: 0, mask: 8 },
  gpio_v2_line_attribute: { id: 0, flags: 8, values: 8, debounce_period_us: 8 },
  gpio_v2_line_config_attribute: { attr: 0, mask: 16 },
  gpio_v2_line_config: { flags: 0, num_attrs: 8, attrs: 32 },
  gpio_v2_line_request: {
    offsets: 0,
    consumer: 256,
    config: 288,
    num_lines: 560,
    event_buffer_size: 564,
    fd: 588,
  },
  gpio_v2_line_info: { name: 0, consumer: 32, offset: 64, num_attrs: 68, flags: 72, attrs: 80 },
  gpio_v2_line_event: { timestamp_ns: 0, id: 8, offset: 12, seqno: 16, line_seqno: 20 },
} as const;

// asm-generic/ioctl.h encoding (x86, arm, arm64, riscv): dir:2 | size:14 | type:8 | nr:8.
// powerpc, mips and sparc use a different split; the driver refuses to run there.
const IOC_WRITE = 1;
const IOC_READ = 2;
const ioc = (dir: number, type: number, nr: number, size: number): number =>
  ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
const GPIO_IOC_MAGIC = 0xb4;

export const ioctls = {
  GPIO_GET_CHIPINFO_IOCTL: ioc(IOC_READ, GPIO_IOC_MAGIC, 0x01, sizes.gpiochip_info),
  GPIO_V2_GET_LINEINFO_IOCTL: ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x05, sizes.gpio_v2_line_info),
  GPIO_V2_GET_LINE_IOCTL: ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x07, sizes.gpio_v2_line_request),
  GPIO_V2_LINE_GET_VALUES_IOCTL: ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x0e, sizes.gpio_v2_line_values),
  GPIO_V2_LINE_SET_VALUES_IOCTL: ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x0f, sizes.gpio_v2_line_values),
} as const;

export const supportedArch = ['x64', 'arm', 'arm64', 'riscv64'] as const;
