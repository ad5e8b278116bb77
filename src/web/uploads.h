/* uploads.h — the upload forms' one file field and what they say about
 * it (the types accepted and the limits the server was started with), and
 * the files a form sent, taken the same way by every upload handler. */
#ifndef KAOPING_UPLOADS_H
#define KAOPING_UPLOADS_H
#include <stdbool.h>
#include <stddef.h>

#include "web/web.h"

/* The kinds of file a form takes, in the words of the pages: evidence,
 * ledger and case files (web_say's file-type refusal says the same). */
#define WEB_FILE_TYPES_ZH \
	"PDF、Word/WPS、Excel/WPS、PowerPoint/WPS、图片（JPG、PNG、GIF、HEIC）、视频（MP4、MOV、AVI）"

/* What a form's file field takes. */
enum web_upload_kind {
	/* evidence, ledger and case files: several at once (input "file")
	 * and a phone camera's photo (input "photo"), the types evidence_type
	 * accepts, each file at most web_file_max, together web_files_max */
	UPLOAD_FILES,
	/* one score sheet (.csv or .xlsx), at most WEB_SHEET_MAX bytes */
	UPLOAD_SHEET,
};

/* The largest score sheet a page takes (within the server's limit). */
#define WEB_SHEET_MAX (2u * 1024 * 1024)

/* The bytes the files of one form may take together, as the server was
 * started (`--max-upload-mb`), and the most one file may take. */
size_t web_files_max(const struct web *w);
size_t web_file_max(const struct web *w);

/* Writes the file field of an upload form of KIND: the input(s) with the
 * accept list, the button BUTTON beside them (NULL: none, the form has its
 * own), REQUIRED as the form needs, and a note saying the types and the
 * limits as the server enforces them, with the refusal beside the field
 * (web_field_error "file" and "file_name") when the form comes back. */
void web_upload_field(struct web *w, enum web_upload_kind kind, const char *button, bool required);

/* The files of the request sent by the inputs "file" and "photo", an
 * input left empty skipped, into PARTS (room for every upload of the
 * request, the caller's); returns their number. The parts stay the
 * request's: a handler that keeps a file takes its blob over. */
int web_files_posted(const struct web *w, struct web_upload **parts);
/* The same files as two lists, as the domain takes them: their names and
 * their received blobs (*NAMES and *FILES new arrays, NULL-terminated,
 * which the caller frees; what they point to stays the request's). */
int web_files_lists(const struct web *w, const char ***names, struct blob ***files);

/* The upload of FIELD in the request, or NULL. */
const struct web_upload *web_upload_of(const struct web *w, const char *field);
/* The bytes of upload F whole into *DATA (caller frees; NUL-terminated,
 * *LEN bytes): 0, or -1 when its copy cannot be read. */
int web_upload_bytes(const struct web_upload *f, unsigned char **data, size_t *len);
/* A file sent back with a preview's 确认 (nothing is kept on the server
 * between the two steps): LEN bytes at DATA as base64 (a new string), and
 * back: the bytes (caller frees) and *LEN, or NULL when B64 is no base64
 * or holds more than MAX bytes. */
char *web_base64(const void *data, size_t len);
unsigned char *web_unbase64(const char *b64, size_t max, size_t *len);
#endif
