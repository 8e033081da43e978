// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Feature probe: kernel_cap_t is one u64 'val' (Linux 6.3+). */
#include <linux/capability.h>

unsigned long long probe(kernel_cap_t c);
unsigned long long probe(kernel_cap_t c)
{
	return c.val;
}
