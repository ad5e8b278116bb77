/* hash.c — SHA-256 as lower-case hex, through libsodium. */
#include "core/hash.h"

#include <sodium.h>
#include <string.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((struct sha256_stream *)0)->state),
	       "sha256_stream holds libsodium's state");

void sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

void sha256_begin(struct sha256_stream *h)
{
	crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)h->state);
}

void sha256_add(struct sha256_stream *h, const void *data, size_t n)
{
	crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)h->state, data, n);
}

void sha256_end(struct sha256_stream *h, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final((crypto_hash_sha256_state *)(void *)h->state, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}
