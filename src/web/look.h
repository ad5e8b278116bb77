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

/* The audit log's action code in Chinese (case.open → 立案, auth.login →
 * 登录 …; "其他操作" for a code the table does not know). */
const char *audit_action_label(const char *action);
/* Prints the <option>s of the audit page's action filter: 全部, then each
 * action by its Chinese label (the code as the value), SELECTED chosen. */
void audit_action_options(struct web *w, const char *selected);
/* Appends to B (unescaped: print it with %h) an audit entry's stored
 * subject or detail worded in Chinese: "log-in from 127.0.0.1" →
 * 登录（来自 127.0.0.1）, the domain's English fragments ("18 units, 23
 * criteria", "level 1, open, deadline …") by a phrase table; Chinese text
 * and names pass as they are. */
void audit_words(struct strbuf *b, const char *text);
#endif
