# SPDX-License-Identifier: Apache-2.0
# The bpf engine: live capture through the CO-RE probe (bpf/), loaded with Debian's libbpf.
# libscap.so takes only libbpf's headers and dlopen()s libbpf.so.1 when a bpf engine is opened
# (libbpf_dl.c), so that its other users never load libbpf and libelf; libscap.a links libbpf,
# for static programs that run where no shared libbpf exists (the VM tests' initramfs).
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(LIBBPF QUIET IMPORTED_TARGET libbpf>=1.0) # 1.0 is libbpf.so.1
endif()
if(LIBBPF_FOUND)
  list(APPEND SCAP_SOURCES "${CMAKE_CURRENT_LIST_DIR}/bpf_engine.c"
       "${CMAKE_CURRENT_LIST_DIR}/bpf_probe.c" "${CMAKE_CURRENT_LIST_DIR}/bpf_ring.c"
       "${CMAKE_CURRENT_LIST_DIR}/libbpf_dl.c" "${CMAKE_CURRENT_LIST_DIR}/trace_event.c")
  list(APPEND SCAP_ENGINES bpf)
  list(APPEND SCAP_SHARED_INCLUDES $<TARGET_PROPERTY:PkgConfig::LIBBPF,INTERFACE_INCLUDE_DIRECTORIES>)
  list(APPEND SCAP_SHARED_DEFS SCAP_LIBBPF_DLOPEN) # dlopen: SCAP_SHARED_LIBS (CMakeLists.txt)
  list(APPEND SCAP_STATIC_LIBS PkgConfig::LIBBPF)
else()
  message(STATUS "libscap: libbpf >= 1.0 not found (libbpf-dev): the bpf engine is not built")
endif()
