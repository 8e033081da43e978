/* SPDX-License-Identifier: Apache-2.0 */
/* Compiled condition tree shared by the parser and the evaluator. */
#ifndef SINSP_FILTER_INTERNAL_H
#define SINSP_FILTER_INTERNAL_H

#include <sinsp/filter.h>

enum fnode_kind {
	FN_AND,
	FN_OR,
	FN_NOT,
	FN_CHECK
};

enum fop {
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_CONTAINS,
	OP_ICONTAINS,
	OP_STARTSWITH,
	OP_ENDSWITH,
	OP_GLOB,
	OP_IN,
	OP_INTERSECTS,
	OP_PMATCH,
	OP_EXISTS,
};

struct fnode {
	enum fnode_kind kind;
	struct fnode *l, *r;
	/* FN_CHECK */
	struct sinsp_field_ref ref;
	char *argbuf; /* storage behind ref.arg */
	char *namebuf; /* field name, alive as long as the filter (providers may point in) */
	enum fop op;
	struct sinsp_value *lits; /* literal operand(s), typed like the field */
	char **litstr; /* owned text behind string literals */
	size_t nlits;
};

struct sinsp_filter {
	struct fnode *root;
	struct sinsp_field_provider p;
};

void sinsp_fnode_free(struct fnode *n);

#endif
