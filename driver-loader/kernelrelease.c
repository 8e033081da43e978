// SPDX-License-Identifier: Apache-2.0
/*
 * Split a kernel release into "full version" and "full extra version" with the same results as
 * falcosecurity's driverkit, because prebuilt artifact names are made of those two parts.
 *
 * The accepted shape is
 *   MAJOR "." MINOR [ "." | "+" ]? [ SUBLEVEL ]?              numbers without leading zeros
 *   [ SEP1 [ WORD1 ]? ( SEP2 WORD2 )* ]?                      SEP1 in "-.+", SEP2 in ".+~"
 *   [ "+" ALNUM ( "." ALNUM )* ]?                             end of string
 * where WORD1 is digits, or digits* then one letter/dash then letters/digits/dashes, and WORD2
 * the same but also allowing '_' after the first letter. driverkit uses a regular expression
 * with first-match (backtracking) semantics; the search below tries the alternatives in the
 * same order, so the split agrees even for odd releases.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

static bool is_alpha_dash(char c)
{
	return isalpha((unsigned char)c) || c == '-';
}

static bool is_word_char(char c, bool underscore)
{
	return isalnum((unsigned char)c) || c == '-' || (underscore && c == '_');
}

/* The trailing "+x(.y)*" group followed by the end of the string. */
static bool tail_ok(const char *s, size_t p)
{
	if (s[p] == '\0')
		return true;
	if (s[p] != '+')
		return false;
	p++;
	for (;;) {
		size_t start = p;

		while (s[p] && (isalnum((unsigned char)s[p]) || s[p] == '-'))
			p++;
		if (p == start)
			return false;
		if (s[p] == '\0')
			return true;
		if (s[p] != '.')
			return false;
		p++;
	}
}

/*
 * Ends of WORD starting at P, in the order the regular expression tries them: digits only
 * (longest first), then digits* + letter + chars* (longest digit run first, longest tail first).
 * Calls TRY for each end until it returns >= 0.
 */
typedef long (*word_cb)(const char *s, size_t end, bool underscore);

static long each_word_end(const char *s, size_t p, bool underscore, word_cb try)
{
	size_t d = p, q;
	long r;

	while (isdigit((unsigned char)s[d]))
		d++;
	for (q = d; q > p; q--) { /* \d+ */
		r = try(s, q, underscore);
		if (r >= 0)
			return r;
	}
	for (q = d + 1; q-- > p;) { /* \d* [a-zA-Z-] [...]* */
		size_t e, k;

		if (!is_alpha_dash(s[q]))
			continue;
		e = q + 1;
		while (is_word_char(s[e], underscore))
			e++;
		for (k = e + 1; k-- > q + 1;) {
			r = try(s, k, underscore);
			if (r >= 0)
				return r;
		}
	}
	return -1;
}

static long star(const char *s, size_t p);

static long after_word(const char *s, size_t end, bool underscore)
{
	return star(s, end);
}

/* ( [.+~] WORD2 )* greedy; returns where the extra version ends when the tail matches. */
static long star(const char *s, size_t p)
{
	if (s[p] == '.' || s[p] == '+' || s[p] == '~') {
		long r = each_word_end(s, p + 1, true, after_word);

		if (r >= 0)
			return r;
	}
	return tail_ok(s, p) ? (long)p : -1;
}

/* Optional extra version at P; returns its end, or -1 when nothing makes the rest match. */
static long extra_end(const char *s, size_t p)
{
	if (s[p] == '-' || s[p] == '.' || s[p] == '+') {
		long r = each_word_end(s, p + 1, false, after_word);

		if (r >= 0)
			return r;
		r = star(s, p + 1); /* WORD1 absent */
		if (r >= 0)
			return r;
	}
	return tail_ok(s, p) ? (long)p : -1;
}

/* Lengths a "0|[1-9][0-9]*" number at P may take, longest first; returns the count. */
static int number_lengths(const char *s, size_t p, size_t *lens, int max)
{
	size_t d = p;
	int n = 0;

	if (s[p] == '0') {
		lens[0] = 1;
		return 1;
	}
	if (s[p] < '1' || s[p] > '9')
		return 0;
	while (isdigit((unsigned char)s[d]))
		d++;
	for (; d > p && n < max; d--)
		lens[n++] = d - p;
	return n;
}

static unsigned long num_at(const char *s, size_t p, size_t len)
{
	char tmp[32];

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, s + p, len);
	tmp[len] = '\0';
	return strtoul(tmp, NULL, 10);
}

static int set_result(struct kernel_release *kr, const char *s, size_t vend, long xend,
		      unsigned long maj, unsigned long min, unsigned long pat)
{
	if (vend >= sizeof(kr->fullversion) || (size_t)xend - vend >= sizeof(kr->fullextra))
		return -ENAMETOOLONG;
	memcpy(kr->fullversion, s, vend);
	kr->fullversion[vend] = '\0';
	memcpy(kr->fullextra, s + vend, xend - vend);
	kr->fullextra[xend - vend] = '\0';
	kr->major = maj;
	kr->minor = min;
	kr->patch = pat;
	kr->parsed = true;
	return 0;
}

int kr_parse(const char *s, struct kernel_release *kr)
{
	size_t majl[24], minl[24], subl[24];
	int nmaj, nmin, nsub, i, j, k;
	long x;

	memset(kr, 0, sizeof(*kr));
	nmaj = number_lengths(s, 0, majl, 24);
	for (i = 0; i < nmaj; i++) {
		size_t p = majl[i];
		unsigned long maj = num_at(s, 0, p);

		if (s[p] == '.') {
			nmin = number_lengths(s, p + 1, minl, 24);
			for (j = 0; j < nmin; j++) {
				size_t m = p + 1 + minl[j];
				unsigned long min = num_at(s, p + 1, minl[j]);
				int sep;

				/* optional separator (present first), then optional sublevel */
				for (sep = 1; sep >= 0; sep--) {
					size_t q = m;

					if (sep) {
						if (s[m] != '.' && s[m] != '+')
							continue;
						q = m + 1;
					}
					nsub = number_lengths(s, q, subl, 24);
					for (k = 0; k < nsub; k++) {
						x = extra_end(s, q + subl[k]);
						if (x >= 0)
							return set_result(kr, s, q + subl[k], x,
									  maj, min,
									  num_at(s, q, subl[k]));
					}
					x = extra_end(s, q);
					if (x >= 0)
						return set_result(kr, s, q, x, maj, min, 0);
				}
			}
		}
		/* driverkit's pattern always needs ".MINOR": "7" or "7-foo" is not a release */
	}
	return -EINVAL;
}

void kr_string(const struct kernel_release *kr, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", kr->fullversion, kr->fullextra);
}
