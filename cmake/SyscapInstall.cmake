# SPDX-License-Identifier: Apache-2.0
# Install rules shared by libscap and libsinsp: the shared library (SONAME policy in docs/ABI.md),
# its public headers, a pkg-config file and a CMake package config with imported targets.
#
#   syscap_install_library(TARGET <shared target> NAME <scap|sinsp>
#                          HEADERS_DIR <dir holding the public headers>
#                          [REQUIRES "<public pkg-config modules>"]
#                          [REQUIRES_PRIVATE "<pkg-config modules>"]
#                          [CMAKE_DEPENDS <packages the config must find first>...])
#
# Produces, relative to the install prefix:
#   ${libdir}/lib<name>.so.<SOVERSION>...        component runtime  (Debian lib<name><SOVERSION>)
#   ${libdir}/lib<name>.so, ${includedir}/<name>/, ${libdir}/pkgconfig/lib<name>.pc,
#   ${libdir}/cmake/lib<name>/                   component dev      (Debian lib<name>-dev)
# find_package(lib<name>) then gives the imported target syscap::<name>.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

function(syscap_install_library)
  cmake_parse_arguments(ARG "" "TARGET;NAME;HEADERS_DIR" "REQUIRES;REQUIRES_PRIVATE;CMAKE_DEPENDS"
                        ${ARGN})
  foreach(_req TARGET NAME HEADERS_DIR)
    if(NOT ARG_${_req})
      message(FATAL_ERROR "syscap_install_library: ${_req} is required")
    endif()
  endforeach()
  # Templates live here so this one file carries the whole install contract (set inside the
  # function: include_guard(GLOBAL) means a second directory would not see file-level variables).
  set(_SYSCAP_CONFIG_TEMPLATE [=[
# SPDX-License-Identifier: Apache-2.0
# CMake package config for @SYSCAP_PKG_NAME@: find_package(@SYSCAP_PKG_NAME@) gives @SYSCAP_PKG_TARGET@.
@PACKAGE_INIT@
include(CMakeFindDependencyMacro)
@SYSCAP_PKG_DEPENDS@
include("${CMAKE_CURRENT_LIST_DIR}/@SYSCAP_PKG_NAME@-targets.cmake")
check_required_components(@SYSCAP_PKG_NAME@)
]=])
  set(_SYSCAP_PC_TEMPLATE [=[
prefix=@CMAKE_INSTALL_PREFIX@
libdir=@CMAKE_INSTALL_FULL_LIBDIR@
includedir=@CMAKE_INSTALL_FULL_INCLUDEDIR@

Name: @SYSCAP_PC_NAME@
Description: @SYSCAP_PC_DESCRIPTION@
Version: @SYSCAP_PC_VERSION@
Requires: @SYSCAP_PC_REQUIRES@
Requires.private: @SYSCAP_PC_REQUIRES_PRIVATE@
Libs: -L${libdir} -l@SYSCAP_PC_LIB@
Cflags: -I${includedir}
]=])
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "syscap_install_library: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "syscap_install_library: ${ARG_TARGET} is not a target")
  endif()
  get_target_property(_type ${ARG_TARGET} TYPE)
  if(NOT _type STREQUAL "SHARED_LIBRARY")
    message(FATAL_ERROR "syscap_install_library: ${ARG_TARGET} must be a SHARED library, is ${_type}")
  endif()
  get_target_property(_soversion ${ARG_TARGET} SOVERSION)
  if(NOT _soversion MATCHES "^[0-9]+$")
    message(FATAL_ERROR "syscap_install_library: ${ARG_TARGET} needs a numeric SOVERSION (docs/ABI.md)")
  endif()
  if(NOT IS_DIRECTORY "${ARG_HEADERS_DIR}")
    message(FATAL_ERROR "syscap_install_library: HEADERS_DIR ${ARG_HEADERS_DIR} does not exist")
  endif()

  set(_lib "lib${ARG_NAME}")
  set(_cmakedir "${CMAKE_INSTALL_LIBDIR}/cmake/${_lib}")
  # The imported target is syscap::<name> whatever the build target is called.
  set_target_properties(${ARG_TARGET} PROPERTIES EXPORT_NAME ${ARG_NAME})

  install(TARGETS ${ARG_TARGET} EXPORT ${_lib}-targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY "${ARG_HEADERS_DIR}/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/${ARG_NAME}"
    COMPONENT dev FILES_MATCHING PATTERN "*.h")
  install(EXPORT ${_lib}-targets NAMESPACE syscap:: DESTINATION "${_cmakedir}"
    FILE ${_lib}-targets.cmake COMPONENT dev)

  # CMake package config.
  set(SYSCAP_PKG_NAME ${_lib})
  set(SYSCAP_PKG_TARGET syscap::${ARG_NAME})
  set(SYSCAP_PKG_DEPENDS "")
  foreach(_dep ${ARG_CMAKE_DEPENDS})
    string(APPEND SYSCAP_PKG_DEPENDS "find_dependency(${_dep} ${PROJECT_VERSION} EXACT)\n")
  endforeach()
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/${_lib}-config.cmake.in" "${_SYSCAP_CONFIG_TEMPLATE}")
  configure_package_config_file("${CMAKE_CURRENT_BINARY_DIR}/${_lib}-config.cmake.in"
    "${CMAKE_CURRENT_BINARY_DIR}/${_lib}-config.cmake" INSTALL_DESTINATION "${_cmakedir}")
  # 0.x: every release keeps SONAME 0 and only adds API, so any 0.y.z >= the requested one works.
  write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/${_lib}-config-version.cmake"
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/${_lib}-config.cmake"
                "${CMAKE_CURRENT_BINARY_DIR}/${_lib}-config-version.cmake"
    DESTINATION "${_cmakedir}" COMPONENT dev)

  # pkg-config file; absolute paths because distributions install under a fixed prefix.
  set(SYSCAP_PC_NAME ${_lib})
  set(SYSCAP_PC_LIB ${ARG_NAME})
  set(SYSCAP_PC_VERSION ${SYSCAP_VERSION_FULL})
  string(REPLACE ";" " " SYSCAP_PC_REQUIRES "${ARG_REQUIRES}")
  string(REPLACE ";" " " SYSCAP_PC_REQUIRES_PRIVATE "${ARG_REQUIRES_PRIVATE}")
  if(ARG_NAME STREQUAL "scap")
    set(SYSCAP_PC_DESCRIPTION "syscap capture library: kmod, eBPF and .scap file engines")
  else()
    set(SYSCAP_PC_DESCRIPTION "syscap state library: processes, file descriptors and filters")
  endif()
  file(CONFIGURE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/${_lib}.pc" CONTENT "${_SYSCAP_PC_TEMPLATE}" @ONLY)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/${_lib}.pc"
    DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT dev)
endfunction()

# The shared kernel/userspace contract (driver/include/uapi/syscap) that the public libscap
# headers include as <syscap/...>; installed once, by libscap, into ${includedir}/syscap/.
function(syscap_install_uapi_headers)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/driver/include/uapi/syscap/"
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/syscap" COMPONENT dev
    FILES_MATCHING PATTERN "*.h" PATTERN "*.def")
endfunction()
