/* zipw.h — a small zip writer over libzip: entries from files on disk
 * (streamed when the archive is closed, never read whole into memory) and
 * from memory, with UTF-8 names and modification times. */
#ifndef KAOPING_ZIPW_H
#define KAOPING_ZIPW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/util.h"

/* An archive being written (opaque). */
struct zipw;

/* Starts a new archive to be written at PATH when zipw_close succeeds
 * (libzip writes a temporary file beside PATH and renames it into place;
 * nothing is at PATH before). An existing file at PATH is replaced then.
 * KP_EFAIL naming PATH when its folder cannot be written. *Z is freed by
 * zipw_close or zipw_discard. */
int zipw_open(const char *path, struct zipw **z, struct kp_error *e);

/* Adds entry NAME (UTF-8, "a/b/c.pdf", unique in the archive) whose
 * content is the file at FILE. The file is only looked at (stat) now and
 * read, in pieces, by zipw_close: it must stay in place until then. MTIME
 * is the entry's modification time; COMPRESS deflates it, otherwise it is
 * stored as it is (for files that are compressed already: JPEG, PDF, DOCX
 * …). KP_EFAIL naming NAME on failure (nothing added). */
int zipw_add_file(struct zipw *z, const char *name, const char *file, time_t mtime, bool compress,
		  struct kp_error *e);

/* Adds entry NAME with the LEN bytes at DATA: copied now, unless OWN,
 * when DATA (from xmalloc) is the archive's from this call on, freed by
 * zipw_close or zipw_discard (also when this call fails). As zipw_add_file
 * otherwise. */
int zipw_add_data(struct zipw *z, const char *name, void *data, size_t len, bool own, time_t mtime, bool compress,
		  struct kp_error *e);

/* How many entries have been added. */
int64_t zipw_entries(const struct zipw *z);

/* Writes the archive to its path and frees Z. KP_EFAIL with libzip's
 * reason when it cannot be written (a file that went away, a full disk):
 * then nothing is left at the path (nor libzip's temporary file) and Z is
 * freed all the same. */
int zipw_close(struct zipw *z, struct kp_error *e);
/* Gives Z up without writing anything; NULL is allowed. */
void zipw_discard(struct zipw *z);
#endif
