/* look.h — how states look on a page: a badge (a coloured word) for
 * workflow states and a light (a coloured dot and a word) for deadlines,
 * both readable in greyscale since the word is always there. */
#ifndef KAOPING_LOOK_H
#define KAOPING_LOOK_H
#include "web/web.h"

/* Prints state LABEL (a Chinese state word as the domain's *_label
 * functions give it: 草稿, 已提交, 已确认, 已退回, 整改中, 已销号, …) as
 * <span class="badge b-TONE">LABEL</span>, the tone chosen from the word
 * (grey: not begun or draft; blue: handed in, waiting; green: done; yellow:
 * due soon or waiting for the office; red: overdue, returned, refused). */
void badge(struct web *w, const char *label);
/* The tone class of LABEL ("b-green", …), for tests and pages that need it. */
const char *badge_tone(const char *label);
#endif
