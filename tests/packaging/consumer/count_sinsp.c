// SPDX-License-Identifier: Apache-2.0
// Consumer of the installed libsinsp-dev: reads a capture file through libsinsp and prints
// "events <n> threads <n>". Built by the packaging tier with `pkg-config --cflags --libs libsinsp`.
#include <errno.h>
#include <stdio.h>

#include <sinsp/sinsp.h>

int main(int argc, char **argv)
{
	char err[256] = "";
	struct sinsp_evt *evt;
	unsigned long n = 0;
	struct sinsp *h;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CAPTURE.scap\n", argv[0]);
		return 2;
	}
	SCAP_OPTS(sinsp_open_opts, o, .filename = argv[1]);
	h = sinsp_open(&o, err, sizeof(err));
	if (!h) {
		fprintf(stderr, "sinsp_open %s: %s\n", argv[1], err);
		return 1;
	}
	while ((rc = sinsp_next(h, &evt)) == 0)
		n++;
	if (rc != -SCAP_ERR_EOF) {
		fprintf(stderr, "sinsp_next: %s (%s)\n", scap_strerror(rc), sinsp_lasterr(h));
		sinsp_close(h);
		return 1;
	}
	printf("events %lu\n", n);
	sinsp_close(h);
	return n > 0 ? 0 : 1;
}
