# SPDX-License-Identifier: Apache-2.0
# Link options that make the shared libraries and the CLI cheaper to start.
#
# SYSCAP_LINK_PACK_RELOCS: -Wl,-z,pack-relative-relocs (DT_RELR, binutils >= 2.38 with
# glibc >= 2.36) when the linker accepts it, otherwise empty. Relative relocations (pointers in
# tables: event and field tables, name arrays) are stored as a bitmap instead of 24 bytes each:
# libscap's .rela.dyn shrinks from about 88 KiB to 1 KiB, all of which ld.so used to read (and
# so keep resident) at startup. Used by libscap, libsinsp and syscap.
include_guard(GLOBAL)
include(CheckLinkerFlag)
check_linker_flag(C "-Wl,-z,pack-relative-relocs" SYSCAP_HAVE_PACK_RELATIVE_RELOCS)
if(SYSCAP_HAVE_PACK_RELATIVE_RELOCS)
  set(SYSCAP_LINK_PACK_RELOCS "-Wl,-z,pack-relative-relocs")
else()
  set(SYSCAP_LINK_PACK_RELOCS "")
endif()
