// SPDX-License-Identifier: Apache-2.0
/* The two event-table facts the reader needs, from the shared schema tables. */
#include <syscap/event_table.h>

#include "scapfile_reader.h"

int sf_evt_info(uint16_t type, uint32_t *nparams, int *large)
{
	if (type >= SCAP_EVT_MAX)
		return -1;
	*nparams = scap_event_table[type].nparams;
	*large = !!(scap_event_table[type].flags & SCAP_EF_LARGE_PAYLOAD);
	return 0;
}

int sf_evt_info_len_quirk(uint16_t type)
{
	return type == SCAP_EVT_NOTIFICATION_E || type == SCAP_EVT_INFRASTRUCTURE_EVENT_E;
}
