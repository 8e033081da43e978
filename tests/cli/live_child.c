// SPDX-License-Identifier: Apache-2.0
/* Child of the live test: prints its pid; for each "ping" line on stdin writes one byte to
 * /dev/null (the test sees the capture is live); on "go" opens /etc/hostname, connects to
 * 127.0.0.1:PORT and writes one line there. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	char buf[256], go[8];
	int fd, s;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	printf("%d\n", (int)getpid());
	fflush(stdout);
	for (;;) {
		if (!fgets(go, sizeof(go), stdin))
			return 1;
		if (strncmp(go, "ping", 4))
			break;
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || write(fd, "x", 1) != 1)
			return 1;
		close(fd);
	}
	fd = open("/etc/hostname", O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
		return 1;
	close(fd);
	s = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)))
		return 1;
	if (write(s, "hello from the live test\n", 25) != 25)
		return 1;
	close(s);
	return 0;
}
