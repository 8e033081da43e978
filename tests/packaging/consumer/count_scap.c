// SPDX-License-Identifier: Apache-2.0
// Consumer of the installed libscap-dev: reads a capture file with scap_open("savefile") and
// scap_next() and prints "events <n>". Built by the packaging tier through CMake find_package.
#include <stdio.h>

#include <scap/scap.h>

int main(int argc, char **argv)
{
	const struct scap_evt_hdr *evt;
	char err[256] = "";
	unsigned long n = 0;
	struct scap *h;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CAPTURE.scap\n", argv[0]);
		return 2;
	}
	SCAP_OPTS(scap_open_opts, o, .filename = argv[1]);
	h = scap_open("savefile", &o, err, sizeof(err));
	if (!h) {
		fprintf(stderr, "scap_open %s: %s\n", argv[1], err);
		return 1;
	}
	while ((rc = scap_next(h, &evt, NULL, NULL)) == 0)
		n++;
	if (rc != -SCAP_ERR_EOF) {
		fprintf(stderr, "scap_next: %s (%s)\n", scap_strerror(rc), scap_lasterr(h));
		scap_close(h);
		return 1;
	}
	printf("events %lu\n", n);
	scap_close(h);
	return n > 0 ? 0 : 1;
}
