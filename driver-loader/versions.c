// SPDX-License-Identifier: Apache-2.0
/*
 * Upstream (falcosecurity) driver releases and the API/schema versions they implement, so that
 * the loader can pick the newest prebuilt driver our libscap accepts. Facts from the upstream
 * release tags (driver/API_VERSION and driver/SCHEMA_VERSION at each "<x.y.z>+driver" tag).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "loader.h"

#if defined(__has_include) && __has_include(<syscap/version.h>)
#include <syscap/version.h>
#endif

/* version.h is the contract; until it exists CMake passes the numbers read from driver/. */
#ifdef SCAP_API_VERSION_MAJOR
#undef REQ_API_MAJOR
#undef REQ_API_MINOR
#undef REQ_API_PATCH
#undef REQ_SCHEMA_MAJOR
#undef REQ_SCHEMA_MINOR
#undef REQ_SCHEMA_PATCH
#define REQ_API_MAJOR SCAP_API_VERSION_MAJOR
#define REQ_API_MINOR SCAP_API_VERSION_MINOR
#define REQ_API_PATCH SCAP_API_VERSION_PATCH
#define REQ_SCHEMA_MAJOR SCAP_SCHEMA_VERSION_MAJOR
#define REQ_SCHEMA_MINOR SCAP_SCHEMA_VERSION_MINOR
#define REQ_SCHEMA_PATCH SCAP_SCHEMA_VERSION_PATCH
#endif

const uint32_t loader_required_api[3] = { REQ_API_MAJOR, REQ_API_MINOR, REQ_API_PATCH };
const uint32_t loader_required_schema[3] = { REQ_SCHEMA_MAJOR, REQ_SCHEMA_MINOR, REQ_SCHEMA_PATCH };

/* newest first */
static const struct driver_release upstream[] = {
	{ "10.2.0+driver", { 10, 1, 0 }, { 4, 5, 1 } },
	{ "10.1.0+driver", { 10, 0, 0 }, { 4, 5, 0 } },
	{ "10.0.0+driver", { 10, 0, 0 }, { 4, 3, 0 } },
	{ "9.1.0+driver", { 8, 0, 4 }, { 4, 1, 0 } },
	{ "9.0.0+driver", { 8, 0, 4 }, { 4, 0, 1 } },
	{ "8.1.0+driver", { 8, 0, 3 }, { 3, 6, 1 } },
	{ "8.0.0+driver", { 8, 0, 3 }, { 3, 5, 0 } },
	{ "7.3.0+driver", { 8, 0, 3 }, { 2, 22, 1 } },
	{ "7.2.1+driver", { 8, 0, 3 }, { 2, 20, 1 } },
	{ "7.2.0+driver", { 8, 0, 3 }, { 2, 20, 1 } },
	{ "7.1.0+driver", { 8, 0, 3 }, { 2, 19, 6 } },
	{ "7.0.0+driver", { 8, 0, 1 }, { 2, 14, 0 } },
};

const struct driver_release *versions_table(size_t *n)
{
	*n = sizeof(upstream) / sizeof(upstream[0]);
	return upstream;
}

/* libscap's rule: same major, and (minor, patch) at least the required ones */
bool version_compatible(const uint32_t have[3], const uint32_t need[3])
{
	if (have[0] != need[0])
		return false;
	if (have[1] != need[1])
		return have[1] > need[1];
	return have[2] >= need[2];
}

const char *versions_newest_compatible(void)
{
	for (size_t i = 0; i < sizeof(upstream) / sizeof(upstream[0]); i++) {
		if (version_compatible(upstream[i].api, loader_required_api) &&
		    version_compatible(upstream[i].schema, loader_required_schema))
			return upstream[i].version;
	}
	return NULL;
}

int version_parse3(const char *s, uint32_t out[3])
{
	char *end;

	for (int i = 0; i < 3; i++) {
		unsigned long v;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = strtoul(s, &end, 10);
		if (v > 0xfffff)
			return -ERANGE;
		out[i] = (uint32_t)v;
		s = end;
		if (i < 2) {
			if (*s != '.')
				return -EINVAL;
			s++;
		}
	}
	return (*s == '\0' || *s == '+' || *s == '-') ? 0 : -EINVAL;
}
