/* hash.h — SHA-256 as lower-case hex, the one digest helper of the audit
 * chain, API token hashes and evidence file names. Pure. */
#ifndef KAOPING_HASH_H
#define KAOPING_HASH_H
#include <stddef.h>

/* Lower-case hex SHA-256 of the N bytes at S into OUT (65 bytes with NUL). */
void sha256_hex(const char *s, size_t n, char out[65]);

/* A SHA-256 over a stream of pieces, for files too large to hold. */
struct sha256_stream {
	unsigned char state[128]; /* libsodium's crypto_hash_sha256_state, opaque here */
};
void sha256_begin(struct sha256_stream *h);
void sha256_add(struct sha256_stream *h, const void *data, size_t n);
/* Ends the stream: lower-case hex into OUT (65 bytes with NUL). */
void sha256_end(struct sha256_stream *h, char out[65]);
#endif
