/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file format.h
 * @brief Event output: sysdig's default line, "%field" format strings, JSON objects.
 */
#ifndef SINSP_FORMAT_H
#define SINSP_FORMAT_H

#include <stddef.h>

#include <sinsp/sinsp.h>

#ifdef __cplusplus
extern "C" {
#endif

/** sysdig's default line: number, time, CPU, process, thread, direction, type, arguments. */
#define SINSP_DEFAULT_FORMAT \
	"*%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args"

/** Formatter flags. */
enum sinsp_format_flags {
	SINSP_FMT_JSON = 1 << 0, /**< one JSON object with every %field of the format */
	SINSP_FMT_JSON_PARAMS = 1 << 1, /**< JSON: add "evt.params": {name: text, ...} */
};

struct sinsp_formatter;

/**
 * Compile a format. Text is copied as is, "%field" (and "%field[arg]") is replaced by the
 * field's text, "%%" is a percent sign. As in sysdig, an event lacking any of the fields is
 * skipped unless the format starts with '*'. @p fmt NULL means SINSP_DEFAULT_FORMAT.
 * @return the formatter, or NULL with errno set and a message naming the position in @p err.
 */
SINSP_API struct sinsp_formatter *sinsp_formatter_new(struct sinsp *h, const char *fmt,
						      unsigned flags, char *err, size_t errlen);

/**
 * Format @p e into @p buf (always NUL-terminated).
 * @return 1 when the event is to be printed, 0 when it lacks a field (and the format does not
 *         start with '*').
 */
SINSP_API int sinsp_format(struct sinsp_formatter *f, const struct sinsp_evt *e, char *buf,
			   size_t len);

/** Free a formatter (NULL is fine). */
SINSP_API void sinsp_formatter_free(struct sinsp_formatter *f);

#ifdef __cplusplus
}
#endif
#endif
