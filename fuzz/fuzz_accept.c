/* fuzz_accept.c — libFuzzer target for the Accept-Encoding reader
 * (gz_accepted in src/gz.c), which reads a header any client sends.
 *
 * The input is the header's value. Besides not crashing, the answer must
 * not depend on what follows a comma-separated element that names gzip
 * with no q: "gzip, X" is accepted whatever X is, unless X names gzip
 * again (a later gzip;q=0 may refuse it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/gz.h"

/* Whether S names gzip in any case ("GZip", "x-gzip" too). */
static int names_gzip(const char *s)
{
	for (; *s; s++)
		if ((s[0] | 32) == 'g' && (s[1] | 32) == 'z' && (s[2] | 32) == 'i' && (s[3] | 32) == 'p')
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = malloc(size + 1);
	memcpy(h, data, size);
	h[size] = 0;
	(void)gz_accepted(h);
	if (!names_gzip(h)) {
		char *both = malloc(size + 8);
		memcpy(both, "gzip, ", 6);
		memcpy(both + 6, h, size + 1);
		if (!gz_accepted(both))
			abort(); /* gzip listed plainly, never refused later */
		free(both);
	}
	free(h);
	return 0;
}
