/* look.c — state badges: one table from the Chinese state words the
 * domain prints to the colour a reader expects, so every page shows the
 * same state in the same colour. */
#include "web/look.h"

#include <string.h>

static const struct {
	const char *label, *tone;
} tones[] = {
	{"草稿", "b-grey"},      {"未开始", "b-grey"},  {"待检查", "b-grey"},     {"未完成", "b-grey"},
	{"已提交", "b-blue"},    {"已报告", "b-blue"},  {"待处理", "b-yellow"},   {"待确认", "b-yellow"},
	{"整改中", "b-yellow"},  {"即将到期", "b-yellow"}, {"已确认", "b-green"}, {"已完成", "b-green"},
	{"已销号", "b-green"},   {"已办结", "b-green"}, {"已检查", "b-green"},    {"按期推进", "b-green"},
	{"有效", "b-green"},     {"已退回", "b-red"},   {"退回", "b-red"},        {"已逾期", "b-red"},
	{"逾期提交", "b-red"},   {"未按期完成", "b-red"}, {"已驳回", "b-grey"},   {"不予受理", "b-grey"},
	{"已过期", "b-grey"},    {"已吊销", "b-grey"},  {"已撤回", "b-grey"},     {"已停用", "b-grey"},
};

const char *badge_tone(const char *label)
{
	for (size_t i = 0; label && i < sizeof tones / sizeof *tones; i++)
		if (!strcmp(tones[i].label, label))
			return tones[i].tone;
	return "b-grey";
}

void badge(struct web *w, const char *label)
{
	out(w, "<span class=\"badge %a\">%h</span>", badge_tone(label), label);
}
