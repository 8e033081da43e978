/* SPDX-License-Identifier: Apache-2.0 */
/* Private state-model helpers. */
#ifndef SCAP_STATE_INT_H
#define SCAP_STATE_INT_H

#include <scap/scap_state.h>

/* Remove a thread (keeps the order of the others). 0 or -ENOMEM (index rebuild). */
int state_remove_thread(struct scap_state *st, uint64_t tid);

#endif
