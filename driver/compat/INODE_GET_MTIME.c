// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Feature probe: inode_get_mtime() exists (Linux 6.7+). */
#include <linux/fs.h>

struct timespec64 probe(const struct inode *i);
struct timespec64 probe(const struct inode *i)
{
	return inode_get_mtime(i);
}
