/* Synthetic residents for benchmarks and the demo: made-up names and resident ID
 * numbers with valid GB 11643 check characters. Never a real person's data. */
#ifndef ONEDOOR_SYNTHETIC_H
#define ONEDOOR_SYNTHETIC_H

#include <stdio.h>
#include <string.h>

/* Writes an 18-character ID (plus NUL) for sequence number n into out[19]:
 * 371502 + a birth date in 1950..1999 + a 3-digit sequence + the check character. */
static inline void od_synthetic_id(unsigned long n, char out[19]) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char checks[] = "10X98765432";
  unsigned year = 1950 + (unsigned)(n % 50);
  unsigned month = 1 + (unsigned)((n / 50) % 12);
  unsigned day = 1 + (unsigned)((n / 600) % 28);
  unsigned seq = (unsigned)((n / 16800) % 1000);
  snprintf(out, 19, "371502%04u%02u%02u%03u", year, month, day, seq);
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (out[i] - '0') * w[i];
  out[17] = checks[sum % 11];
  out[18] = '\0';
}

/* A made-up two- or three-character name from common surname and given-name pools. */
static inline void od_synthetic_name(unsigned long n, char* out, size_t len) {
  static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
  static const char* given[] = {"明", "华", "芳", "伟", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"};
  const char* s = surnames[n % 12];
  const char* g1 = given[(n / 12) % 15];
  const char* g2 = given[(n / 180) % 15];
  if (n % 3 == 0) snprintf(out, len, "%s%s", s, g1);
  else snprintf(out, len, "%s%s%s", s, g1, g2);
}

#endif
