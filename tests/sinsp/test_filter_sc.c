// SPDX-License-Identifier: Apache-2.0
/* What a live capture must select for a condition: sinsp_filter_sc_set() and the state set. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sinsp/sinsp.h>

static uint8_t g_set[SCAP_SC_MAX];
static char g_err[256];

static int sc_set(const char *cond)
{
	g_err[0] = 0;
	return sinsp_filter_sc_set(cond, g_set, g_err, sizeof(g_err));
}

static int n_selected(void)
{
	int n = 0;

	for (int i = 0; i < SCAP_SC_MAX; i++)
		n += g_set[i] != 0;
	return n;
}

static void test_state_set(void **st)
{
	static const int in[] = { SCAP_SC_OPEN,	 SCAP_SC_OPENAT, SCAP_SC_CLOSE,	   SCAP_SC_CLONE,
				  SCAP_SC_EXECVE, SCAP_SC_DUP2,	  SCAP_SC_SOCKET,   SCAP_SC_CONNECT,
				  SCAP_SC_CHDIR,  SCAP_SC_SETUID, SCAP_SC_SCHED_PROCESS_EXIT };
	static const int out[] = { SCAP_SC_GETPPID, SCAP_SC_READ, SCAP_SC_WRITE,
				   SCAP_SC_SCHED_SWITCH, SCAP_SC_UNKNOWN };

	(void)st;
	memset(g_set, 7, sizeof(g_set));
	sinsp_state_sc_set(g_set);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(g_set[in[i]], 1);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		assert_int_equal(g_set[out[i]], 0);
}

static void test_one_type(void **st)
{
	uint8_t state[SCAP_SC_MAX];
	int n_state = 0;

	(void)st;
	sinsp_state_sc_set(state);
	for (int i = 0; i < SCAP_SC_MAX; i++)
		n_state += state[i];
	assert_int_equal(sc_set("evt.type = getppid"), 1);
	assert_int_equal(g_set[SCAP_SC_GETPPID], 1);
	assert_int_equal(g_set[SCAP_SC_GETPID], 0);
	assert_int_equal(g_set[SCAP_SC_READ], 0);
	assert_int_equal(g_set[SCAP_SC_OPENAT], 1); /* state */
	assert_int_equal(n_selected(), n_state + 1);
	/* a name nothing produces selects nothing: the state set alone */
	assert_int_equal(sc_set("evt.type = nosuchcall"), 1);
	assert_int_equal(n_selected(), n_state);
}

/* Names of events that are not their syscall's name, and tracepoints' events. */
static void test_event_names(void **st)
{
	(void)st;
	assert_int_equal(sc_set("evt.type in (pread, procexit, switch, signaldeliver)"), 1);
	assert_int_equal(g_set[SCAP_SC_PREAD64], 1);
	assert_int_equal(g_set[SCAP_SC_PWRITE64], 0);
	assert_int_equal(g_set[SCAP_SC_SCHED_PROCESS_EXIT], 1);
	assert_int_equal(g_set[SCAP_SC_SCHED_SWITCH], 1);
	assert_int_equal(g_set[SCAP_SC_SIGNAL_DELIVER], 1);
	assert_int_equal(sc_set("evt.type = sendfile"), 1);
	assert_int_equal(g_set[SCAP_SC_SENDFILE], 1);
	assert_int_equal(g_set[SCAP_SC_SENDFILE64], 1); /* its 32-bit twin reports the same event */
}

static void test_logic(void **st)
{
	(void)st;
	assert_int_equal(sc_set("evt.type = read and proc.name = cat"), 1);
	assert_int_equal(g_set[SCAP_SC_READ], 1);
	assert_int_equal(g_set[SCAP_SC_WRITE], 0);
	assert_int_equal(sc_set("(evt.type = read or evt.type in (write, pwrite)) and fd.num = 1"),
			 1);
	assert_int_equal(g_set[SCAP_SC_READ], 1);
	assert_int_equal(g_set[SCAP_SC_WRITE], 1);
	assert_int_equal(g_set[SCAP_SC_PWRITE64], 1);
	assert_int_equal(g_set[SCAP_SC_PREAD64], 0);
	/* and: the types both sides allow */
	assert_int_equal(sc_set("evt.type in (read, write) and evt.type in (write, pread)"), 1);
	assert_int_equal(g_set[SCAP_SC_WRITE], 1);
	assert_int_equal(g_set[SCAP_SC_READ], 0);
	assert_int_equal(g_set[SCAP_SC_PREAD64], 0);
	/* anything a branch or a negation leaves open selects everything */
	assert_int_equal(sc_set("evt.type = read or proc.name = cat"), 0);
	assert_int_equal(g_set[SCAP_SC_GETPPID], 1);
	assert_int_equal(sc_set("not evt.type = read"), 0);
	assert_int_equal(sc_set("evt.type != read"), 0);
	assert_int_equal(sc_set("evt.type startswith re"), 0);
	assert_int_equal(sc_set("proc.name = cat"), 0);
	assert_int_equal(g_set[SCAP_SC_UNKNOWN], 0);
	assert_int_equal(n_selected(), SCAP_SC_MAX - 1);
}

static void test_errors(void **st)
{
	(void)st;
	assert_int_equal(sc_set(""), 0);
	assert_int_equal(sc_set(NULL), 0);
	assert_int_equal(sc_set("evt.type ="), -EINVAL);
	assert_true(g_err[0] != 0);
	assert_int_equal(sc_set("no.such.field = 1"), -EINVAL);
	assert_non_null(strstr(g_err, "no.such.field"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_set),   cmocka_unit_test(test_one_type),
		cmocka_unit_test(test_event_names), cmocka_unit_test(test_logic),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
