/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Build-time names. Kbuild passes SC_DEVICE_NAME and SC_DRIVER_VERSION from config.mk (or the
 * make command line); the module name itself is KBUILD_MODNAME, chosen by obj-m.
 */
#ifndef SYSCAP_KMOD_CONFIG_H
#define SYSCAP_KMOD_CONFIG_H

#ifndef SC_DEVICE_NAME
#define SC_DEVICE_NAME KBUILD_MODNAME
#endif

#ifndef SC_DRIVER_VERSION
#define SC_DRIVER_VERSION "0.0.0-unknown"
#endif

#endif /* SYSCAP_KMOD_CONFIG_H */
