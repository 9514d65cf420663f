/* Test probe for layout.ts / codec.ts: compiled against the installed <linux/gpio.h>.
 *   uapi-probe layout          -> JSON sizes, offsets, ioctl numbers
 *   uapi-probe request < FILE  -> JSON of a struct gpio_v2_line_request encoded by codec.ts
 *   uapi-probe values < FILE   -> JSON of a struct gpio_v2_line_values
 *   uapi-probe chipinfo|info|events -> raw structs filled with known values, on stdout
 */
#include <linux/gpio.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define OFF(s, f) printf("\"%s\":%zu,", #f, offsetof(struct s, f))
#define OFF_LAST(s, f) printf("\"%s\":%zu", #f, offsetof(struct s, f))
#define SIZE(s) printf("\"%s\":%zu,", #s, sizeof(struct s))
#define FLAG(n, last) printf("\"%s\":\"%llu\"%s", #n, (unsigned long long)GPIO_V2_LINE_FLAG_##n, last ? "" : ",")
#define IOCTL(n, last) printf("\"%s\":%lu%s", #n, (unsigned long)(n), last ? "" : ",")

static void layout(void) {
  printf("{\"sizes\":{");
  SIZE(gpiochip_info); SIZE(gpio_v2_line_values); SIZE(gpio_v2_line_attribute);
  SIZE(gpio_v2_line_config_attribute); SIZE(gpio_v2_line_config); SIZE(gpio_v2_line_request);
  SIZE(gpio_v2_line_info);
  printf("\"gpio_v2_line_event\":%zu},\"offsets\":{", sizeof(struct gpio_v2_line_event));
  printf("\"gpiochip_info\":{"); OFF(gpiochip_info, name); OFF(gpiochip_info, label); OFF_LAST(gpiochip_info, lines);
  printf("},\"gpio_v2_line_values\":{"); OFF(gpio_v2_line_values, bits); OFF_LAST(gpio_v2_line_values, mask);
  printf("},\"gpio_v2_line_attribute\":{"); OFF(gpio_v2_line_attribute, id); OFF(gpio_v2_line_attribute, flags);
  OFF(gpio_v2_line_attribute, values); OFF_LAST(gpio_v2_line_attribute, debounce_period_us);
  printf("},\"gpio_v2_line_config_attribute\":{"); OFF(gpio_v2_line_config_attribute, attr);
  OFF_LAST(gpio_v2_line_config_attribute, mask);
  printf("},\"gpio_v2_line_config\":{"); OFF(gpio_v2_line_config, flags); OFF(gpio_v2_line_config, num_attrs);
  OFF_LAST(gpio_v2_line_config, attrs);
  printf("},\"gpio_v2_line_request\":{"); OFF(gpio_v2_line_request, offsets); OFF(gpio_v2_line_request, consumer);
  OFF(gpio_v2_line_request, config); OFF(gpio_v2_line_request, num_lines);
  OFF(gpio_v2_line_request, event_buffer_size); OFF_LAST(gpio_v2_line_request, fd);
  printf("},\"gpio_v2_line_info\":{"); OFF(gpio_v2_line_info, name); OFF(gpio_v2_line_info, consumer);
  OFF(gpio_v2_line_info, offset); OFF(gpio_v2_line_info, num_attrs); OFF(gpio_v2_line_info, flags);
  OFF_LAST(gpio_v2_line_info, attrs);
  printf("},\"gpio_v2_line_event\":{"); OFF(gpio_v2_line_event, timestamp_ns); OFF(gpio_v2_line_event, id);
  OFF(gpio_v2_line_event, offset); OFF(gpio_v2_line_event, seqno); OFF_LAST(gpio_v2_line_event, line_seqno);
  printf("}},\"ioctls\":{");
  IOCTL(GPIO_GET_CHIPINFO_IOCTL, 0); IOCTL(GPIO_V2_GET_LINEINFO_IOCTL, 0); IOCTL(GPIO_V2_GET_LINE_IOCTL, 0);
  IOCTL(GPIO_V2_LINE_GET_VALUES_IOCTL, 0); IOCTL(GPIO_V2_LINE_SET_VALUES_IOCTL, 1);
  printf("},\"flags\":{");
  FLAG(USED, 0); FLAG(ACTIVE_LOW, 0); FLAG(INPUT, 0); FLAG(OUTPUT, 0); FLAG(EDGE_RISING, 0); FLAG(EDGE_FALLING, 0);
  FLAG(OPEN_DRAIN, 0); FLAG(OPEN_SOURCE, 0); FLAG(BIAS_PULL_UP, 0); FLAG(BIAS_PULL_DOWN, 0); FLAG(BIAS_DISABLED, 0);
  FLAG(EVENT_CLOCK_REALTIME, 1);
  printf("},\"attrIds\":{\"FLAGS\":%d,\"OUTPUT_VALUES\":%d,\"DEBOUNCE\":%d}", GPIO_V2_LINE_ATTR_ID_FLAGS,
         GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, GPIO_V2_LINE_ATTR_ID_DEBOUNCE);
  printf(",\"eventIds\":{\"RISING_EDGE\":%d,\"FALLING_EDGE\":%d}", GPIO_V2_LINE_EVENT_RISING_EDGE,
         GPIO_V2_LINE_EVENT_FALLING_EDGE);
  printf(",\"GPIO_MAX_NAME_SIZE\":%d,\"GPIO_V2_LINES_MAX\":%d,\"GPIO_V2_LINE_NUM_ATTRS_MAX\":%d}\n",
         GPIO_MAX_NAME_SIZE, GPIO_V2_LINES_MAX, GPIO_V2_LINE_NUM_ATTRS_MAX);
}

static void request(void) {
  struct gpio_v2_line_request r;
  if (fread(&r, sizeof r, 1, stdin) != 1) { fprintf(stderr, "short read\n"); return; }
  printf("{\"offsets\":[");
  for (unsigned i = 0; i < r.num_lines; i++) printf("%s%u", i ? "," : "", r.offsets[i]);
  printf("],\"consumer\":\"%.*s\",\"flags\":\"%llu\",\"attrs\":[", GPIO_MAX_NAME_SIZE, r.consumer,
         (unsigned long long)r.config.flags);
  for (unsigned i = 0; i < r.config.num_attrs; i++) {
    struct gpio_v2_line_config_attribute *a = &r.config.attrs[i];
    printf("%s{\"id\":%u,\"flags\":\"%llu\",\"debounce\":%u,\"mask\":\"%llu\"}", i ? "," : "", a->attr.id,
           (unsigned long long)a->attr.flags, a->attr.debounce_period_us, (unsigned long long)a->mask);
  }
  printf("],\"num_lines\":%u,\"event_buffer_size\":%u}\n", r.num_lines, r.event_buffer_size);
}

static void values(void) {
  struct gpio_v2_line_values v;
  if (fread(&v, sizeof v, 1, stdin) != 1) { fprintf(stderr, "short read\n"); return; }
  printf("{\"bits\":\"%llu\",\"mask\":\"%llu\"}\n", (unsigned long long)v.bits, (unsigned long long)v.mask);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "layout";
  if (!strcmp(mode, "layout")) layout();
  else if (!strcmp(mode, "request")) request();
  else if (!strcmp(mode, "values")) values();
  else if (!strcmp(mode, "chipinfo")) {
    struct gpiochip_info c = {0};
    strcpy(c.name, "gpiochip3"); strcpy(c.label, "gpio-sim.0-node0"); c.lines = 16;
    fwrite(&c, sizeof c, 1, stdout);
  } else if (!strcmp(mode, "info")) {
    struct gpio_v2_line_info l = {0};
    strcpy(l.name, "GPIO17"); strcpy(l.consumer, "pulseboard"); l.offset = 17;
    l.flags = GPIO_V2_LINE_FLAG_USED | GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_ACTIVE_LOW | GPIO_V2_LINE_FLAG_EDGE_FALLING;
    l.num_attrs = 1; l.attrs[0].id = GPIO_V2_LINE_ATTR_ID_DEBOUNCE; l.attrs[0].debounce_period_us = 5000;
    fwrite(&l, sizeof l, 1, stdout);
  } else if (!strcmp(mode, "events")) {
    struct gpio_v2_line_event e[2] = {{0}};
    e[0].timestamp_ns = 123456789012345ULL; e[0].id = GPIO_V2_LINE_EVENT_RISING_EDGE; e[0].offset = 4; e[0].seqno = 7; e[0].line_seqno = 3;
    e[1].timestamp_ns = 123456789999999ULL; e[1].id = GPIO_V2_LINE_EVENT_FALLING_EDGE; e[1].offset = 5; e[1].seqno = 9; e[1].line_seqno = 1;
    fwrite(e, sizeof e, 1, stdout);
  } else { fprintf(stderr, "unknown mode %s\n", mode); return 2; }
  return 0;
}
