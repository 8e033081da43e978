// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* ppm_sc tables: dedicated events per syscall, names, and native number maps. */
#include "../include/uapi/syscap/sc.h"

const struct scap_syscall_info scap_syscall_table[SCAP_SC_MAX] = {
#define SCAP_SYSCALL(sc, enter, exit, fl)                                                     \
	[SCAP_SC_##sc] = { .enter_event = SCAP_EVT_##enter, .exit_event = SCAP_EVT_##exit,      \
			   .flags = (fl) },
#include "../include/uapi/syscap/syscalls.def"
#undef SCAP_SYSCALL
};

const char *const scap_sc_names[SCAP_SC_MAX] = {
#define SCAP_SC(name, code, str) [code] = str,
#include "../include/uapi/syscap/sc.def"
#undef SCAP_SC
};

#define SCAP_NATIVE(nr, kname, sc) [nr] = SCAP_SC_##sc,
const __u16 scap_native_x86_64[SCAP_NATIVE_MAX] = {
#include "../include/uapi/syscap/native_x86_64.def"
	/* not syscalls: the ia32-only socket calls (sc.h) */
	[SCAP_NR_IA32_SEND] = SCAP_SC_SEND,
	[SCAP_NR_IA32_RECV] = SCAP_SC_RECV,
};

const __u16 scap_native_aarch64[SCAP_NATIVE_MAX] = {
#include "../include/uapi/syscap/native_aarch64.def"
};
#undef SCAP_NATIVE
