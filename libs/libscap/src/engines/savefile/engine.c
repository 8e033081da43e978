// SPDX-License-Identifier: Apache-2.0
/* The "savefile" engine: replays a .scap capture (plain or gzip) through the engine vtable. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_state.h>

#include "engine.h"
#include "scapfile_reader.h"

struct savefile_priv {
	struct sf_reader *r;
};

/* Reader errors as the public codes: malformed input is SCAP_ERR_CORRUPT. */
static int map_err(int ret)
{
	if (ret == -EBADMSG)
		return -SCAP_ERR_CORRUPT;
	if (ret == -ENOTSUP)
		return -SCAP_ERR_UNSUPPORTED;
	return ret;
}

static int sf_open(struct scap *h, const struct scap_open_opts *opts)
{
	struct savefile_priv *p = scap_engine_priv(h);
	struct scap_state *st;
	char err[512] = "";
	int ret;

	if (!opts->filename || !opts->filename[0]) {
		scap_seterr(h, "savefile: no capture file given");
		return -EINVAL;
	}
	st = scap_state_new();
	if (!st) {
		scap_seterr(h, "savefile: out of memory");
		return -ENOMEM;
	}
	/* the handle owns the state from here, also on failure */
	scap_set_state(h, st, true);
	if (!strcmp(opts->filename, "-")) {
		int fd = dup(STDIN_FILENO);

		if (fd < 0) {
			ret = -errno;
			scap_seterr(h, "savefile: standard input: %s", strerror(errno));
			return ret;
		}
		ret = sf_reader_open_fd(&p->r, fd, st, err, sizeof(err));
	} else {
		ret = sf_reader_open_path(&p->r, opts->filename, st, err, sizeof(err));
	}
	if (ret) {
		scap_seterr(h, "%s: %s", opts->filename, err);
		return map_err(ret);
	}
	return 0;
}

static void sf_close(struct scap *h)
{
	struct savefile_priv *p = scap_engine_priv(h);

	if (p) {
		sf_reader_close(p->r);
		p->r = NULL;
	}
}

static int sf_next(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu, uint32_t *flags)
{
	struct savefile_priv *p = scap_engine_priv(h);
	const uint8_t *e;
	uint16_t c;
	uint32_t f;
	int ret = sf_reader_next(p->r, &e, &c, &f);

	if (ret == SF_EOF)
		return -SCAP_ERR_EOF;
	if (ret < 0) {
		scap_seterr(h, "%s", sf_reader_error(p->r));
		return map_err(ret);
	}
	*evt = (const struct scap_evt_hdr *)e;
	*cpu = c;
	*flags = f;
	return 0;
}

const struct scap_engine_ops scap_engine_savefile = {
	.name = "savefile",
	.priv_size = sizeof(struct savefile_priv),
	.open = sf_open,
	.close = sf_close,
	.next = sf_next,
};
