/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file fields.h
 * @brief Falco/sysdig event fields (evt.*, proc.*, thread.*, fd.*, user.*, group.*,
 * container.*): the list with descriptions, extraction by name, and the provider that lets
 * conditions (filter.h) use them.
 */
#ifndef SINSP_FIELDS_H
#define SINSP_FIELDS_H

#include <stddef.h>

#include <sinsp/filter.h>
#include <sinsp/sinsp.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Argument a field takes. */
enum sinsp_field_arg {
	SINSP_FARG_NONE = 0, /**< no argument */
	SINSP_FARG_INDEX, /**< optional numeric index: proc.aname[2] */
	SINSP_FARG_REQUIRED, /**< required: evt.arg.NAME or evt.arg[N] */
};

/** Description of one field. */
struct sinsp_field_info {
	const char *name; /**< "proc.name" */
	enum sinsp_ftype type; /**< value type */
	enum sinsp_field_arg arg; /**< argument kind */
	const char *desc; /**< one-line description */
};

/** All fields, in display order; *n receives the count. */
SINSP_API const struct sinsp_field_info *sinsp_fields_list(size_t *n);

/** The provider for sinsp_filter_compile() over this handle's events (evt is a sinsp_evt). */
SINSP_API struct sinsp_field_provider sinsp_fields_provider(struct sinsp *h);

/**
 * Render field @p field (e.g. "fd.name", "proc.aname[1]", "evt.arg.fd") of @p e as text, the
 * way sysdig prints it ("<NA>" when the event has no such value).
 * @return 0, -ENOENT for an unknown field, -EINVAL for a bad argument.
 */
SINSP_API int sinsp_field_text(struct sinsp *h, const struct sinsp_evt *e, const char *field,
			       char *buf, size_t len);

/**
 * Render a resolved field reference (from the provider's lookup) as text.
 * @return the number of values found (0 when "<NA>" was written) or a negative errno.
 */
SINSP_API int sinsp_field_ref_text(struct sinsp *h, const struct sinsp_evt *e,
				   const struct sinsp_field_ref *ref, char *buf, size_t len);

/**
 * Text of every parameter of @p e as sysdig's evt.args shows it ("fd=3(<f>/etc/passwd) ...").
 * @return the length of the full text (like snprintf).
 */
SINSP_API int sinsp_evt_args_text(struct sinsp *h, const struct sinsp_evt *e, char *buf,
				  size_t len);

#ifdef __cplusplus
}
#endif
#endif
