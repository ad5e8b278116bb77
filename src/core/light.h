/* light.h — the deadline light (红黄绿灯) of one thing due: done, on track,
 * due soon or overdue, from day numbers alone. Pure. */
#ifndef KAOPING_LIGHT_H
#define KAOPING_LIGHT_H
#include <stdbool.h>
#include <stdint.h>

enum light {
	LIGHT_GREY,   /* done */
	LIGHT_GREEN,  /* not done, due later than the window */
	LIGHT_YELLOW, /* not done, due within the window (today included) */
	LIGHT_RED,    /* not done, past its day */
};

/* "grey", "green", … for URLs, JSON and CSS; 已完成, 按期推进, 即将到期,
 * 已逾期 for people. */
const char *light_key(enum light l);
const char *light_label(enum light l);
/* Parses a light key; -1 when S is none of them. */
int light_parse(const char *s);

/* The light of something due on day DUE, as of day TODAY (both day
 * numbers in the campaign's zone), done or not, with a yellow window of
 * WINDOW days. */
enum light light_at(bool done, int32_t due, int32_t today, int window);

#endif
