// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Feature probe: the sched_switch tracepoint passes prev_state last (Linux 5.18+). */
#include <linux/mm.h>
#include <linux/sched.h>
#include <trace/events/sched.h>

static void probe_switch(void *data, bool preempt, struct task_struct *prev,
			 struct task_struct *next, unsigned int prev_state)
{
}

int probe(void);
int probe(void)
{
	return register_trace_sched_switch(probe_switch, NULL);
}
