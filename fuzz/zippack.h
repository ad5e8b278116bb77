/* zippack.h — for the fuzz targets of the Office readers: a fuzzer mutating
 * a zip mostly breaks its checksums and never reaches the XML inside, so
 * the input is cut at each "\n====\n" into parts, packed here into a zip
 * in memory. */
#ifndef KAOPING_FUZZ_ZIPPACK_H
#define KAOPING_FUZZ_ZIPPACK_H
#include <stddef.h>
#include <stdint.h>

/* The zip (a malloc'd buffer of *LEN bytes, or NULL) of the N parts NAMES[i]:
 * the pieces of IN cut at "\n====\n" in order, the parts past the pieces
 * being DEFAULTS[i] of DLEN[i] bytes (NULL: left out). */
void *zip_pack(const uint8_t *in, size_t n, const char *const *names, const char **defaults, size_t *dlen, int nparts,
	       size_t *len);
#endif
