// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Feature probe: inode timestamps are read through inode_get_ctime() (Linux 6.6+). */
#include <linux/fs.h>

struct timespec64 probe(const struct inode *i);
struct timespec64 probe(const struct inode *i)
{
	return inode_get_ctime(i);
}
