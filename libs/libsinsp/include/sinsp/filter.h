/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file filter.h
 * @brief Falco-style conditions: compile a condition string once, evaluate it per event.
 *
 * The compiler does not know any field itself: it asks a field provider to resolve names
 * (at compile time) and to extract values (at evaluation time). libsinsp's own provider
 * (sinsp_fields_provider()) serves evt.*, proc.*, thread.*, fd.*, user.*, group.* and
 * container.* fields; tests and other tools can plug in their own.
 *
 * Grammar (keywords are lower case, as in Falco):
 *   expr    := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | "(" expr ")" | check
 *   check   := FIELD "exists"
 *            | FIELD cmp VALUE          cmp: = == != < <= > >= contains icontains
 *                                            startswith endswith glob
 *            | FIELD lop "(" VALUE ("," VALUE)* ")"     lop: in intersects pmatch
 *   FIELD   := name ("[" arg "]")?     e.g. proc.name, proc.aname[2], evt.arg.fd, evt.arg[0]
 *   VALUE   := bare word | "double quoted" | 'single quoted'   (backslash escapes in quotes)
 */
#ifndef SINSP_FILTER_H
#define SINSP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SINSP_API
#define SINSP_API __attribute__((visibility("default")))
#endif

/** Value types a field can have; they decide how literals are parsed and compared. */
enum sinsp_ftype {
	SINSP_FT_STR = 0, /**< text; compared byte-wise */
	SINSP_FT_INT, /**< signed 64-bit number */
	SINSP_FT_UINT, /**< unsigned 64-bit number (also times, ports, ids) */
	SINSP_FT_BOOL, /**< true/false (literals: true, false, 1, 0) */
	SINSP_FT_IPADDR, /**< IPv4 or IPv6 address (literal in dotted / colon form) */
};

/** One extracted value. Strings are not necessarily NUL-terminated: use len. */
struct sinsp_value {
	enum sinsp_ftype type;
	const char *s; /**< SINSP_FT_STR: text */
	size_t len; /**< SINSP_FT_STR: length in bytes */
	int64_t i; /**< SINSP_FT_INT and SINSP_FT_BOOL (0/1) */
	uint64_t u; /**< SINSP_FT_UINT */
	uint8_t family; /**< SINSP_FT_IPADDR: 4 or 6 */
	uint8_t ip[16]; /**< SINSP_FT_IPADDR: address in network order (first 4 bytes for IPv4) */
};

/** A field reference resolved by the provider at compile time. */
struct sinsp_field_ref {
	int id; /**< provider's field id */
	enum sinsp_ftype type; /**< value type of the field */
	int argidx; /**< numeric argument ("[2]"), -1 when none */
	const char *arg; /**< textual argument ("[NAME]" or a ".NAME" suffix), NULL when none */
};

/** Largest number of values a single field may return (list fields such as proc.aname). */
#define SINSP_FIELD_MAX_VALUES 64

/** Field provider: how the compiler resolves names and the evaluator fetches values. */
struct sinsp_field_provider {
	/**
	 * Resolve @p name (without the bracket argument) with optional bracket argument @p arg
	 * (NULL when absent). Fill ref->id, ref->type and, for an argument, ref->argidx/ref->arg.
	 * ref->arg on input points at storage owned by the compiled filter, and @p name stays
	 * valid as long as the filter (a provider may point ref->arg into it). Return 0, or
	 * -ENOENT for an unknown field, -EINVAL for a bad/missing argument.
	 */
	int (*lookup)(void *ud, const char *name, const char *arg, struct sinsp_field_ref *ref);
	/**
	 * Extract the value(s) of @p ref for event @p evt into @p out (at most @p max).
	 * Return the number of values (0 = field not available for this event) or -errno.
	 * Returned strings stay valid until the next extract call.
	 */
	int (*extract)(void *ud, const void *evt, const struct sinsp_field_ref *ref,
		       struct sinsp_value *out, int max);
	void *ud; /**< passed to both callbacks */
};

/** A compiled condition. */
struct sinsp_filter;

/**
 * Compile @p text against provider @p p.
 * @return 0 and *out, or a negative errno (-EINVAL for any syntax error, unknown field or
 *         bad literal; -ENOMEM); the message in @p err names the position (1-based column) and
 * token.
 */
SINSP_API int sinsp_filter_compile(const char *text, const struct sinsp_field_provider *p,
				   struct sinsp_filter **out, char *err, size_t errlen);

/** Evaluate a compiled condition for @p evt: 1 when it matches, 0 when not. */
SINSP_API int sinsp_filter_eval(const struct sinsp_filter *f, const void *evt);

/** Free a compiled condition (NULL is fine). */
SINSP_API void sinsp_filter_free(struct sinsp_filter *f);

/**
 * Split a field spelling at @p s: "name", "name[arg]". Writes the name and argument (without
 * brackets, empty string when absent) into the given buffers.
 * @return the number of characters consumed, 0 when @p s does not start with a field name,
 *         or -EINVAL for an unterminated bracket or a too long name/argument.
 */
SINSP_API int sinsp_field_split(const char *s, char *name, size_t namelen, char *arg,
				size_t arglen);

#ifdef __cplusplus
}
#endif
#endif
