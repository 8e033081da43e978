# SPDX-License-Identifier: Apache-2.0
# Warning set for every userspace target: picky but clean with gcc 12 and clang 14.
set(SYSCAP_C_WARNINGS
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2
  -Wpointer-arith -Wundef -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers)
if(SYSCAP_WERROR)
  list(APPEND SYSCAP_C_WARNINGS -Werror)
endif()
add_compile_options("$<$<COMPILE_LANGUAGE:C>:${SYSCAP_C_WARNINGS}>")
