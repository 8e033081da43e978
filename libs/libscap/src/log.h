/* SPDX-License-Identifier: Apache-2.0 */
/* Internal logging: every message goes through the callback set with scap_set_print(). */
#ifndef SCAP_LOG_H
#define SCAP_LOG_H

#include <scap/scap.h>

__attribute__((format(printf, 2, 3))) void scap_log(enum scap_log_level level, const char *fmt,
						    ...);

#define pr_warn(fmt, ...) scap_log(SCAP_LOG_WARN, "libscap: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) scap_log(SCAP_LOG_INFO, "libscap: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) scap_log(SCAP_LOG_DEBUG, "libscap: " fmt, ##__VA_ARGS__)

#endif /* SCAP_LOG_H */
