// SPDX-License-Identifier: Apache-2.0
/* SHA-256 of downloaded artifacts and detached signatures, with OpenSSL's libcrypto. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "loader.h"

int sha256_file(int fd, char hex[65])
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	off_t off = 0;
	int rc = 0;

	if (!ctx)
		return -ENOMEM;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		rc = -EIO;
		goto out;
	}
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, buf, n);
		off += n;
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
		rc = -EIO;
		goto out;
	}
	for (unsigned int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* "<64 hex digits>" optionally followed by whitespace and a file name (sha256sum format) */
int sha256_parse(const char *text, size_t len, char hex[65])
{
	size_t i = 0, n = 0;

	while (i < len && isspace((unsigned char)text[i]))
		i++;
	for (; i < len && isxdigit((unsigned char)text[i]); i++, n++) {
		if (n < 64)
			hex[n] = (char)tolower((unsigned char)text[i]);
	}
	if (n != 64 || (i < len && !isspace((unsigned char)text[i])))
		return -EINVAL;
	hex[64] = '\0';
	return 0;
}

static bool looks_base64(const unsigned char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isalnum(s[i]) && s[i] != '+' && s[i] != '/' && s[i] != '=' && !isspace(s[i]))
			return false;
	}
	return true;
}

static unsigned char *b64_decode(const unsigned char *in, size_t n, size_t *outlen)
{
	unsigned char *clean = malloc(n + 1), *out;
	size_t c = 0;
	int len;

	if (!clean)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!isspace(in[i]))
			clean[c++] = in[i];
	}
	out = malloc(c / 4 * 3 + 4);
	if (!out || c % 4) {
		free(clean);
		free(out);
		return NULL;
	}
	len = EVP_DecodeBlock(out, clean, (int)c);
	free(clean);
	if (len < 0) {
		free(out);
		return NULL;
	}
	*outlen = (size_t)len;
	return out;
}

static unsigned char *read_all(int fd, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;

	if (fstat(fd, &st) < 0)
		return NULL;
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		return NULL;
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, buf + got, st.st_size - got, got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return NULL;
		}
		got += n;
	}
	*len = got;
	return buf;
}

int signature_verify(int fd, const char *keypath, const unsigned char *sig, size_t siglen,
		     char *err, size_t errlen)
{
	unsigned char *data = NULL, *decoded = NULL;
	size_t dlen = 0, declen = 0;
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	const EVP_MD *md;
	int rc = -EBADMSG, id;
	FILE *f;

	f = fopen(keypath, "re");
	if (!f) {
		snprintf(err, errlen, "cannot read public key %s: %s", keypath, strerror(errno));
		return -errno;
	}
	key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!key) {
		snprintf(err, errlen, "%s is not a PEM public key", keypath);
		return -EINVAL;
	}
	data = read_all(fd, &dlen);
	if (!data) {
		snprintf(err, errlen, "cannot read the downloaded file back");
		rc = -EIO;
		goto out;
	}
	/* signatures come raw or base64-encoded (as many signing tools print them) */
	if (looks_base64(sig, siglen)) {
		decoded = b64_decode(sig, siglen, &declen);
		if (decoded) {
			size_t pad = 0;

			/* EVP_DecodeBlock counts '=' padding as zero bytes */
			for (size_t i = siglen; i > 0 && (sig[i - 1] == '=' || isspace(sig[i - 1]));
			     i--)
				pad += sig[i - 1] == '=';
			declen -= pad;
			sig = decoded;
			siglen = declen;
		}
	}
	id = EVP_PKEY_get_id(key);
	md = (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448) ? NULL : EVP_sha256();
	ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) != 1) {
		snprintf(err, errlen, "cannot use public key %s for verification", keypath);
		rc = -EINVAL;
		goto out;
	}
	if (EVP_DigestVerify(ctx, sig, siglen, data, dlen) == 1) {
		rc = 0;
	} else {
		snprintf(err, errlen, "the signature does not match the file and the key %s",
			 keypath);
		rc = -EBADMSG;
	}
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	free(data);
	free(decoded);
	return rc;
}
