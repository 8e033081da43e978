// SPDX-License-Identifier: Apache-2.0
/*
 * sinsp_example: the smallest useful libsinsp program. Reads a capture (or captures live with
 * "-" as the file), keeps process and file-descriptor state, applies an optional Falco-style
 * condition and prints one line per matching event with a few fields.
 *
 *   cc sinsp_example.c $(pkg-config --cflags --libs libsinsp) -o sinsp_example
 *   ./sinsp_example capture.scap 'evt.type = connect and evt.dir = <'
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <scap/scap.h>
#include <sinsp/fields.h>
#include <sinsp/format.h>
#include <sinsp/sinsp.h>

int main(int argc, char **argv)
{
	SCAP_OPTS(sinsp_open_opts, opts);
	struct sinsp_formatter *fmt;
	struct sinsp_counters c;
	struct sinsp_evt *e;
	struct sinsp *h;
	char err[256], line[4096], name[512];
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s FILE.scap|- [CONDITION]\n", argv[0]);
		return 2;
	}
	if (strcmp(argv[1], "-"))
		opts.filename = argv[1];
	h = sinsp_open(&opts, err, sizeof(err));
	if (!h) {
		fprintf(stderr, "sinsp_example: %s\n", err);
		return 1;
	}
	if (argc == 3 && sinsp_set_filter(h, argv[2], err, sizeof(err))) {
		fprintf(stderr, "sinsp_example: condition: %s\n", err);
		sinsp_close(h);
		return 2;
	}
	fmt = sinsp_formatter_new(h, "*%evt.num %proc.name (%proc.pid) %evt.dir %evt.type", 0, err,
				  sizeof(err));
	if (!fmt) {
		fprintf(stderr, "sinsp_example: %s\n", err);
		sinsp_close(h);
		return 1;
	}
	while ((rc = sinsp_next(h, &e)) == 0 || rc == -EAGAIN) {
		if (rc)
			continue;
		sinsp_format(fmt, e, line, sizeof(line));
		/* field extraction by name */
		sinsp_field_text(h, e, "fd.name", name, sizeof(name));
		printf("%s fd=%s\n", line, name);
	}
	if (rc != -SCAP_ERR_EOF)
		fprintf(stderr, "sinsp_example: %s\n", sinsp_lasterr(h));
	sinsp_get_counters(h, &c);
	fprintf(stderr, "%llu events, %llu matched, %llu threads, %llu fds\n",
		(unsigned long long)c.n_events, (unsigned long long)c.n_matched,
		(unsigned long long)c.n_threads, (unsigned long long)c.n_fds);
	sinsp_formatter_free(fmt);
	sinsp_close(h);
	return rc == -SCAP_ERR_EOF ? 0 : 1;
}
