// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Feature probe: vm_flags is read-only and changed through vm_flags_clear() (Linux 6.3+). */
#include <linux/mm.h>

void probe(struct vm_area_struct *vma);
void probe(struct vm_area_struct *vma)
{
	vm_flags_clear(vma, VM_MAYWRITE);
}
