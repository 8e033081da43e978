// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness: the event decoder (check, parameter table, typed accessors, printing) on
 * arbitrary bytes taken as one event.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap.h>
#include <scap/scap_event.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct scap_evt_hdr *e;
	struct scap_param params[32];
	char line[8192];
	uint8_t *copy;
	int n;

	if (size < SCAP_EVT_HDR_SIZE || size > (1u << 20))
		return 0;
	/* an exact-size copy so reads past the input are caught */
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	e = (const struct scap_evt_hdr *)copy;
	if (scap_event_check(e, size) == 0) {
		n = scap_event_params(e, params, 32);
		if (n > 0) {
			const struct scap_event_info *info = scap_event_get_info(e->type);

			for (int i = 0; i < n && i < 32; i++) {
				int64_t s;
				uint64_t u;

				if (!info || (uint32_t)i >= info->nparams)
					continue;
				scap_param_s64(&params[i], info->params[i].type, &s);
				scap_param_u64(&params[i], info->params[i].type, &u);
				scap_param_format(line, sizeof(line), &info->params[i], &params[i]);
			}
		}
		scap_event_format_args(line, sizeof(line), e);
	}
	free(copy);
	return 0;
}
