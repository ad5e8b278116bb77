/* embedded.h — data files compiled into the binary (see tools/embed.c).
 * The default campaign lives here, so an installed kaoping needs no data dir. */
#ifndef KAOPING_EMBEDDED_H
#define KAOPING_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name; /* repository path, e.g. "data/campaign.json" */
	const char *data; /* NUL-terminated contents */
	size_t len;       /* length without the terminating NUL */
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* Returns the embedded file NAME or NULL when it is not compiled in. */
const struct embedded_file *embedded_find(const char *name);
#endif
