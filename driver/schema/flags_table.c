// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Name tables for flag and enum parameters, expanded from flags.def. */
#include "../include/uapi/syscap/event_table.h"

#define N(str, val) { .name = str, .value = (val) }
#define SCAP_NAMES(table, ...)                                                                \
	const struct scap_name_value scap_names_##table[] = { __VA_ARGS__ { .name = 0 } };
#include "../include/uapi/syscap/flags.def"
#undef SCAP_NAMES
