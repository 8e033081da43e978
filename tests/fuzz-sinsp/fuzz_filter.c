// SPDX-License-Identifier: Apache-2.0
/* libFuzzer: compile arbitrary text as a condition and evaluate it; must never crash or leak. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sinsp/filter.h>

static int f_lookup(void *ud, const char *name, const char *arg, struct sinsp_field_ref *ref)
{
	size_t n = strlen(name);

	/* any "a.b" name is a field; its type comes from the last letter so every type is hit */
	if (!strchr(name, '.') || n < 3)
		return -ENOENT;
	ref->id = (int)n;
	ref->type = (enum sinsp_ftype)(name[n - 1] % 5);
	if (arg)
		ref->argidx = atoi(arg);
	return 0;
}

static int f_extract(void *ud, const void *evt, const struct sinsp_field_ref *ref,
		     struct sinsp_value *out, int max)
{
	int i, n = ref->id % 4;

	for (i = 0; i < n && i < max; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].type = ref->type;
		out[i].s = "/etc/passwd";
		out[i].len = 11;
		out[i].i = -i;
		out[i].u = (uint64_t)i * 80;
		out[i].family = 4;
		out[i].ip[0] = 127;
		out[i].ip[3] = 1;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sinsp_field_provider p = { f_lookup, f_extract, NULL };
	struct sinsp_filter *f = NULL;
	char err[256];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (sinsp_filter_compile(text, &p, &f, err, sizeof(err)) == 0) {
		sinsp_filter_eval(f, NULL);
		sinsp_filter_free(f);
	} else if (!strstr(err, "at position") && !strstr(err, "out of memory")) {
		abort(); /* every compile error must name its position */
	}
	free(text);
	return 0;
}
