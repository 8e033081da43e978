/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the driver suite's test files share (driver_suite.c holds the definitions, the test table
 * and main). A test runs a child function with run(), finds the child's events with X() / XF()
 * and checks them with the harness.h macros.
 */
#ifndef SYSCAP_TESTS_DRIVERS_SUITE_H
#define SYSCAP_TESTS_DRIVERS_SUITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

extern struct scap *g_h;     /* the open engine */
extern struct shared *g_sh;  /* shared with the child: what it did */
extern char g_dir[128];      /* scratch directory of this run; holds a file "existing" */
extern const char *g_engine; /* engine under test ("bpf", "kmod") */
extern struct captured g_c;  /* the events of the last run() */
extern int64_t g_pid;        /* the child of the last run() */
extern char g_comm[32];      /* this program's comm (the children inherit it) */
extern char g_skip[256];     /* set by a test that cannot run here: reported as SKIP */

/* Runs fn in a child and keeps its events in g_c; false (and a failure) when it did not finish. */
bool run(child_fn fn);
/* The first event of type from the test child. */
const struct scap_evt_hdr *X(uint16_t type);
/* The n-th event of type from the test child whose parameter pi equals val. */
const struct scap_evt_hdr *XF(uint16_t type, unsigned pi, int64_t val, int n);
/* g_dir/name */
void path_in_dir(char *buf, size_t len, const char *name);
/* Whether a cgroups parameter's "name=path" (name: nlen bytes) agrees with the text of
 * /proc/<pid>/cgroup in proc: the v1 line of that controller, else the v2 cgroup or an ancestor. */
bool cgroup_matches(const char *proc, const char *name, size_t nlen, const char *path);

/* Tests in the other files (suite_*.c). */
void t_fsmeta(void);
void t_process_misc(void);

/* The syscalls those tests use, added to the interest set (NULL-terminated lists). */
extern const char *const g_fsmeta_syscalls[];
extern const char *const g_process_misc_syscalls[];

#endif /* SYSCAP_TESTS_DRIVERS_SUITE_H */
