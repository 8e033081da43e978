// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Feature probe: struct class devnode() gets a const struct device (Linux 6.2+ and backports). */
#include <linux/device.h>

static char *probe_devnode(const struct device *dev, umode_t *mode)
{
	return NULL;
}

void probe(struct class *c);
void probe(struct class *c)
{
	c->devnode = probe_devnode;
}
