/* light.c — the deadline light of one thing due (see light.h). */
#include "core/light.h"

#include <assert.h>
#include <string.h>

static const char *const keys[] = {"grey", "green", "yellow", "red"};
static const char *const labels[] = {"已完成", "按期推进", "即将到期", "已逾期"};

const char *light_key(enum light l)
{
	assert(l >= LIGHT_GREY && l <= LIGHT_RED);
	return keys[l];
}

const char *light_label(enum light l)
{
	assert(l >= LIGHT_GREY && l <= LIGHT_RED);
	return labels[l];
}

int light_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, keys[i]))
			return i;
	return -1;
}

enum light light_at(bool done, int32_t due, int32_t today, int window)
{
	if (done)
		return LIGHT_GREY;
	if (today > due)
		return LIGHT_RED;
	return due - today <= window ? LIGHT_YELLOW : LIGHT_GREEN;
}

