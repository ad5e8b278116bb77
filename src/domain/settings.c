/* settings.c — declared per-campaign settings with ranges and defaults. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "store/sql.h"
#include "domain/messages.h"
#include "domain/settings.h"

/* unit_sees_assessor's values 0 .. 2 by name (workflow_assessor_floor reads them) */
static const char *const clerk_view[] = {"final", "submitted", "always"};

const struct setting_def setting_defs[] = {
	/* -- deadlines -- */
	{"due_window_days", 0, 90, 7, "截止前多少天起亮黄灯（天）", NULL, NULL},

	/* -- supervision rules -- */
	{"case_score_below", 0, 100, 60, "得分率低于此值（%）提出督办", NULL, NULL},
	{"case_overdue_days", 1, 365, 7, "整改逾期超过此天数提出督办、逐级升级", NULL, NULL},
	{"case_complaints", 1, 10000, 3, "期间内群众意见达到此件数提出督办", NULL, NULL},
	{"case_complaint_days", 1, 366, 90, "统计群众意见的期间（天）", NULL, NULL},
	{"case_deadline_days", 1, 365, 30, "新立督办事项的默认整改期限（天）", NULL, NULL},

	/* -- spot checks -- */
	{"draw_inspectors", 2, 20, 2, "每个被抽查单位配备的检查人员数", NULL, NULL},

	/* -- what a unit's clerk sees -- */
	{"unit_sees_assessor", 0, 2, 0,
	 "单位联络员可见的测评分数：final 仅办公室确认后的分数，submitted 测评人员提交后，always 含草稿",
	 clerk_view, NULL},
	/* -- the papers that leave the office (催办单, 督办通知书, 测评表) -- */
	{"paper_office", 0, 200, 0, "文书的发文机关；留空时为领导小组名称加“办公室”", NULL, ""},
	{"paper_contact", 0, 100, 0, "文书末尾的联系人", NULL, "XX"},
	{"paper_phone", 0, 100, 0, "文书末尾的联系电话", NULL, "XX"},
	{"paper_number_reminder", 0, 200, 0, "催办单文号格式，{年} 为年份、{号} 为序号", NULL, "创建办催〔{年}〕{号}号"},
	{"paper_number_case", 0, 200, 0, "督办通知书文号格式，{年} 为年份、{号} 为督办事项编号", NULL,
	 "创建办督〔{年}〕{号}号"},

	/* -- the outbound hook (messages.c): per event, a command (words split on
	 * spaces, no shell; the event as JSON on its input) or an http(s) URL
	 * the event is posted to as JSON; empty: none -- */
	{"hook_self_returned", 0, 1000, 0, "自评被退回时调用的命令或 URL（留空不调用）", NULL, ""},
	{"hook_case_opened", 0, 1000, 0, "立案时调用的命令或 URL", NULL, ""},
	{"hook_case_reported", 0, 1000, 0, "单位报告整改时调用的命令或 URL", NULL, ""},
	{"hook_case_returned", 0, 1000, 0, "整改被退回时调用的命令或 URL", NULL, ""},
	{"hook_case_escalated", 0, 1000, 0, "督办升级时调用的命令或 URL", NULL, ""},
	{"hook_case_closed", 0, 1000, 0, "督办销号时调用的命令或 URL", NULL, ""},
	{"hook_due_3", 0, 1000, 0, "截止前 3 天提醒时调用的命令或 URL", NULL, ""},
	{"hook_due_1", 0, 1000, 0, "截止前 1 天提醒时调用的命令或 URL", NULL, ""},
	{"hook_due_passed", 0, 1000, 0, "逾期提醒时调用的命令或 URL", NULL, ""},
	{"hook_draw", 0, 1000, 0, "单位被随机抽中（公开）时调用的命令或 URL", NULL, ""},
	{"hook_reminder", 0, 1000, 0, "办公室催办时调用的命令或 URL", NULL, ""},
	{"messages_keep_days", 0, 3650, 180, "已读站内消息和已结束的外发记录保留天数（超过即删除；0 为永久保留）", NULL, NULL},
	{"hook_attempts", 1, 20, 5, "外发通知最多尝试次数", NULL, NULL},
	{"hook_retry_seconds", 0, 86400, 60, "外发通知失败后首次重试的等待秒数（之后每次加倍，最长一天）", NULL, NULL},

	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct setting_def *settings_find(const char *key)
{
	for (const struct setting_def *d = setting_defs; d->key; d++)
		if (!strcmp(d->key, key))
			return d;
	return NULL;
}

const char *settings_value_name(const struct setting_def *d, int64_t v)
{
	return d->names && v >= d->min && v <= d->max ? d->names[v - d->min] : NULL;
}

int settings_get_text(store *s, int64_t campaign, const char *key, char **val, struct kp_error *e)
{
	const struct setting_def *d = settings_find(key);
	if (!d || !d->text) {
		fprintf(stderr, "kaoping: text setting %s is not declared\n", key);
		abort();
	}
	*val = NULL;
	store_stmt *st = store_sql(s, SQL_SETTING_GET);
	st_bind_int(st, 1, campaign);
	st_bind_text(st, 2, key);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	*val = xstrdup(rc > 0 ? st_text(st, 0) : d->text);
	st_reset(st);
	return 0;
}

int settings_get(store *s, int64_t campaign, const char *key, int64_t *val, struct kp_error *e)
{
	const struct setting_def *d = settings_find(key);
	if (!d || d->text) {
		fprintf(stderr, "kaoping: setting %s is not declared\n", key);
		abort();
	}
	*val = d->def;
	store_stmt *st = store_sql(s, SQL_SETTING_GET);
	st_bind_int(st, 1, campaign);
	st_bind_text(st, 2, key);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc > 0)
		*val = strtoll(st_text(st, 0), NULL, 10);
	st_reset(st);
	return 0;
}

int settings_set(store *s, int64_t campaign, const char *key, const char *value, const char *by,
		struct kp_error *e)
{
	const struct setting_def *d = settings_find(key);
	if (!d)
		return kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "key", 0, 0, "no setting \"%s\"", key);
	char *end;
	errno = 0;
	long long v = d->min - 1;
	if (d->text) {
		size_t len = strlen(value);
		bool control = false;
		for (const char *p = value; *p; p++)
			control |= (unsigned char)*p < 0x20 || *p == 0x7f;
		if (!utf8_valid(value, len) || control)
			return kp_fail(e, KP_EINPUT, "%s: give text on one line (UTF-8)", key);
		if (!strncmp(key, "hook_", 5) && messages_hook_check(value, e)) /* a command or a URL */
			return e->code;
		if (len > (size_t)d->max)
			return kp_fail(e, KP_EINPUT, "%s: at most %lld bytes, not %zu", key,
					   (long long)d->max, len);
		char *now = now_utc_iso(), *detail = xasprintf("%s = %s", key, value);
		store_stmt *st = store_sql(s, SQL_SETTING_SET);
		st_bind_int(st, 1, campaign);
		st_bind_text(st, 2, key);
		st_bind_text(st, 3, value);
		st_bind_text(st, 4, by);
		st_bind_text(st, 5, now);
		int rc = st_exec(st, e) || store_counter_bump(s, COUNTER_PROGRESS, e) ||
			 audit_log(s, by, "setting.set", key, detail, e);
		free(detail);
		free(now);
		return rc;
	}
	if (d->names) {
		for (int64_t i = d->min; i <= d->max; i++)
			if (!strcmp(value, settings_value_name(d, i)))
				v = i;
		if (v < d->min) {
			struct strbuf names = {0};
			for (int64_t i = d->min; i <= d->max; i++)
				sb_addf(&names, "%s%s", i > d->min ? ", " : "", settings_value_name(d, i));
			kp_fail(e, KP_EINPUT, "%s: give one of %s, not \"%s\"", key, sb_str(&names), value);
			sb_free(&names);
			return e->code;
		}
	} else {
		v = strtoll(value, &end, 10);
		if (!*value || *end || errno || v < d->min || v > d->max)
			return kp_fail(e, KP_EINPUT, "%s: give a whole number from %lld to %lld, not \"%s\"", key,
				       (long long)d->min, (long long)d->max, value);
	}
	char *now = now_utc_iso(), num[24], *detail;
	snprintf(num, sizeof num, "%lld", v);
	store_stmt *st = store_sql(s, SQL_SETTING_SET);
	st_bind_int(st, 1, campaign);
	st_bind_text(st, 2, key);
	st_bind_text(st, 3, num);
	st_bind_text(st, 4, by);
	st_bind_text(st, 5, now);
	int rc = st_exec(st, e) || store_counter_bump(s, COUNTER_PROGRESS, e);
	detail = xasprintf("%s = %s", key, d->names ? value : num);
	if (!rc)
		rc = audit_log(s, by, "setting.set", key, detail, e);
	free(detail);
	free(now);
	return rc;
}

int settings_set_committed(store *s, int64_t campaign, const char *key, const char *value, const char *by,
			  struct kp_error *e)
{
	if (store_begin(s, e))
		return e->code;
	if (settings_set(s, campaign, key, value, by, e) || store_commit(s, e)) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}
