/* SPDX-License-Identifier: Apache-2.0 */
/*
 * .scap file layout shared by the reader (engines/savefile) and the writer (dump*.c).
 * A file is a sequence of pcapng-style blocks: u32 type, u32 total length (header, body,
 * padding to 4 bytes and the trailing copy of the length), body, padding, u32 length.
 * Numbers are little-endian (the byte order of every host that writes them). See
 * docs/SCAP-FORMAT.md for every block body.
 */
#ifndef SCAPFILE_FORMAT_H
#define SCAPFILE_FORMAT_H

#include <stdint.h>

#define SF_SHB 0x0A0D0D0Au /* section header */
#define SF_SHB_MAGIC 0x1A2B3C4Du
#define SF_SHB_MAGIC_SWAPPED 0x4D3C2B1Au
#define SF_VERSION_MAJOR 1
#define SF_VERSION_MINOR 2

#define SF_MI 0x201u /* machine info */
#define SF_MI_INT 0x8002ABCDu

#define SF_PL_V1 0x202u /* process list, one id per historical layout */
#define SF_PL_V1_INT 0x8000ABCDu
#define SF_PL_V2 0x207u
#define SF_PL_V2_INT 0x8013ABCDu
#define SF_PL_V3 0x209u
#define SF_PL_V3_INT 0x8014ABCDu
#define SF_PL_V4 0x210u
#define SF_PL_V5 0x211u
#define SF_PL_V6 0x212u
#define SF_PL_V7 0x213u
#define SF_PL_V8 0x214u
#define SF_PL_V9 0x215u

#define SF_FDL 0x203u /* fd list */
#define SF_FDL_INT 0x8001ABCDu
#define SF_FDL_V2 0x218u

#define SF_EV 0x204u /* event: u16 cpu + event with the old 22-byte header (no nparams) */
#define SF_EV_INT 0x8010ABCDu
#define SF_EV_V2 0x216u /* u16 cpu + event */
#define SF_EV_V2_LARGE 0x221u
#define SF_EVF 0x208u /* u16 cpu + u32 flags + old event */
#define SF_EVF_V2 0x217u
#define SF_EVF_V2_LARGE 0x222u

#define SF_IL 0x205u /* interface list */
#define SF_IL_INT 0x8011ABCDu
#define SF_IL_V2 0x219u

#define SF_UL 0x206u /* user list */
#define SF_UL_INT 0x8012ABCDu
#define SF_UL_V2 0x220u

#define SF_UL_USER 0
#define SF_UL_GROUP 1

#define SF_MI_BODY_LEN 180u /* 4 + 8 + 8 + 128 + 4 * 8 */
#define SF_EVT_HDR_LEN 26u
#define SF_EVT_V1_HDR_LEN 22u

/* Block size caps: regular event blocks hold at most 64 KiB (u16 param lengths); large-payload
 * ones and state blocks are capped so a corrupted length cannot ask for unbounded memory. */
#define SF_MAX_EVENT_BLOCK (8u + 65536u)
#define SF_MAX_LARGE_EVENT_BLOCK (64u << 20)
#define SF_MAX_STATE_BLOCK (256u << 20)

#endif /* SCAPFILE_FORMAT_H */
