/* SPDX-License-Identifier: Apache-2.0 */
/* placeholder */
#include "suite.h"

const char *const g_fsmeta_syscalls[] = { NULL };

void t_fsmeta(void)
{
}
