/* SPDX-License-Identifier: Apache-2.0 */
/* placeholder */
#include "suite.h"

const char *const g_process_misc_syscalls[] = { NULL };

void t_process_misc(void)
{
}
