/* pages_package.c — 下载迎检材料: the inspection package of every unit
 * (the office) or of one unit (the office and the unit's clerk; the route
 * table's unit scoping keeps a clerk to its own unit), built into a
 * temporary file beside the store and streamed from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "papers/package.h"
#include "store/blob.h"
#include "web/pages.h"
#include "web/web.h"

/* Builds unit U's package (-1: every unit's) and answers with it. */
static int send_package(struct web *w, int u)
{
	struct kp_error e = {0};
	/* beside the store, where there is room for its files */
	char *dir = blob_spool_dir(store_path(w->s));
	char *tmp = xasprintf("%s/.kaoping-package-XXXXXX", dir);
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return web_error(w, 500, "迎检材料的临时文件无法创建，请稍后重试");
	}
	close(fd);
	struct package_summary sum;
	if (package_build(w->s, &w->c, &(struct package_options){.unit = u, .now = w->now, .sheets = true}, tmp, &sum, &e)) {
		unlink(tmp);
		free(tmp);
		return web_fail(w, &e);
	}
	FILE *f = fopen(tmp, "rb");
	long len = -1;
	if (f && !fseek(f, 0, SEEK_END))
		len = ftell(f);
	if (f)
		fclose(f);
	if (len < 0) {
		unlink(tmp);
		free(tmp);
		return web_error(w, 500, "迎检材料无法读取，请稍后重试");
	}
	/* The transport streams the file and removes it (file_temp). */
	w->res->file = tmp;
	w->res->file_len = (uint64_t)len;
	w->res->file_temp = true;
	w->res->content_type = "application/zip";
	char *top = package_top(&w->c, u), *name = xasprintf("%s.zip", top);
	web_attachment(w, name);
	free(top), free(name);
	return 0;
}

int get_package(struct web *w)
{
	return send_package(w, -1);
}

int get_unit_package(struct web *w)
{
	/* the dispatcher has checked {u} is a unit the caller may see */
	return send_package(w, web_unit(w, w->args[0]));
}
