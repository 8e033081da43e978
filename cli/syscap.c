// SPDX-License-Identifier: Apache-2.0
/* syscap: read a capture or capture live, keep process/fd state, filter with a Falco-style
 * condition, print events sysdig style (text, -p format, JSON) or write them to a capture. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <sinsp/fields.h>
#include <sinsp/format.h>
#include <sinsp/sinsp.h>

#define JSON_DEFAULT_FORMAT                                                                    \
	"*%evt.num %evt.rawtime %evt.time %evt.cpu %proc.name %thread.tid %evt.dir %evt.type " \
	"%evt.args"

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

__attribute__((format(printf, 1, 2))) static void die_msg(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("syscap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fputs("Usage: syscap [OPTIONS] [FILTER]\n"
	      "Show system calls with their process and file descriptor context, from a capture\n"
	      "file or live from the running kernel; FILTER is a Falco-style condition\n"
	      "(e.g. 'proc.name = cat and fd.name startswith /etc').\n"
	      "\n"
	      "  -r, --read FILE        read events from a .scap capture (plain or gzip)\n"
	      "  -w, --write FILE       write matching events, with the initial state, to FILE\n"
	      "  -c, --count N          stop after N matching events\n"
	      "  -M SECONDS             stop after SECONDS of wall-clock time\n"
	      "  -p, --print FORMAT     output format: text with %field (e.g. '%proc.name "
	      "%fd.name');\n"
	      "                         a leading '*' prints events lacking a field too\n"
	      "  -j, --json             one JSON object per event\n"
	      "  -l, --list             list the fields with their descriptions\n"
	      "  -s, --snaplen BYTES    bytes of I/O buffers captured live (default 80)\n"
	      "  -B, --buffer-bytes N   bytes per ring buffer of a live capture: a power of two,\n"
	      "                         K, M or G allowed (default 8M)\n"
	      "      --engine NAME      live engine: bpf, kmod or auto (default auto)\n"
	      "      --bpf-object PATH  eBPF probe object (default: the installed one)\n"
	      "  -A, --all-events       capture every syscall live; without it, a FILTER whose\n"
	      "                         evt.type tests name a few event types captures only\n"
	      "                         those and the ones that keep the process/fd state\n"
	      "      --stats            print capture statistics on stderr at exit\n"
	      "  -h, --help             show this help\n"
	      "      --version          show the version\n"
	      "\n"
	      "Without -r, syscap captures live (root needed). See syscap(1).\n",
	      out);
}

static void list_fields(void)
{
	size_t n, i;
	const struct sinsp_field_info *f = sinsp_fields_list(&n);
	const char *cls = "";

	for (i = 0; i < n; i++) {
		size_t cl = strcspn(f[i].name, ".");
		char name[64];

		if (strncmp(cls, f[i].name, cl) || cls[cl] != '.') {
			printf("%s----------------\nField Class: %.*s\n\n", i ? "\n" : "", (int)cl,
			       f[i].name);
			cls = f[i].name;
		}
		snprintf(name, sizeof(name), "%s%s", f[i].name,
			 f[i].arg == SINSP_FARG_REQUIRED
				 ? (strcmp(f[i].name, "evt.arg") && strcmp(f[i].name, "evt.rawarg")
					    ? "[N]"
					    : ".NAME")
			 : f[i].arg == SINSP_FARG_INDEX ? "[N]"
							: "");
		printf("%-24s %s\n", name, f[i].desc);
	}
}

/* The buffer drops by category, under the reference's names (Falco's metrics use them too). */
/* clang-format off */
#define DROP_CATEGORY(name) { #name, offsetof(struct scap_stats, n_drops_buffer_##name) }
/* clang-format on */
static const struct {
	const char *name;
	size_t off;
} drop_categories[] = {
	DROP_CATEGORY(clone_fork_enter),
	DROP_CATEGORY(clone_fork_exit),
	DROP_CATEGORY(execve_enter),
	DROP_CATEGORY(execve_exit),
	DROP_CATEGORY(connect_enter),
	DROP_CATEGORY(connect_exit),
	DROP_CATEGORY(open_enter),
	DROP_CATEGORY(open_exit),
	DROP_CATEGORY(dir_file_enter),
	DROP_CATEGORY(dir_file_exit),
	DROP_CATEGORY(other_interest_enter),
	DROP_CATEGORY(other_interest_exit),
	DROP_CATEGORY(close_enter),
	DROP_CATEGORY(close_exit),
	DROP_CATEGORY(proc_exit),
};
#undef DROP_CATEGORY

/* At exit: the driver's counters with --stats (always), else only a line about drops.
 * selected: how many syscalls and tracepoints the filter narrowed a live capture to, or 0. */
static void print_stats(struct sinsp *h, int always, unsigned selected)
{
	struct scap_stats st;
	struct sinsp_counters c;

	sinsp_get_counters(h, &c);
	memset(&st, 0, sizeof(st));
	if (scap_get_stats(sinsp_get_scap(h), &st) != 0) {
		if (always)
			fprintf(stderr,
				"Events read: %" PRIu64 ", matched: %" PRIu64 ", threads: %" PRIu64
				", fds: %" PRIu64 "\n",
				c.n_events, c.n_matched, c.n_threads, c.n_fds);
		return;
	}
	if (always) {
		fprintf(stderr,
			"Driver events: %" PRIu64 "\nDriver drops: %" PRIu64 "\n  buffer: %" PRIu64
			"\n  page faults: %" PRIu64 "\n  too large: %" PRIu64 "\n  bug: %" PRIu64
			"\nPreemptions: %" PRIu64 "\nEvents read: %" PRIu64
			"\nEvents matched: %" PRIu64 "\nThreads: %" PRIu64 "\nFds: %" PRIu64 "\n",
			st.n_evts, st.n_drops, st.n_drops_buffer, st.n_drops_pf,
			st.n_drops_max_event_size, st.n_drops_bug, st.n_preemptions, c.n_events,
			c.n_matched, c.n_threads, c.n_fds);
		for (size_t i = 0; i < sizeof(drop_categories) / sizeof(drop_categories[0]); i++) {
			uint64_t n;

			memcpy(&n, (const char *)&st + drop_categories[i].off, sizeof(n));
			if (n)
				fprintf(stderr, "  n_drops_buffer_%s: %" PRIu64 "\n",
					drop_categories[i].name, n);
		}
		if (selected)
			fprintf(stderr,
				"Syscalls and tracepoints captured: %u (from the filter's evt.type "
				"tests and the state set; -A for all)\n",
				selected);
	} else if (st.n_drops) {
		fprintf(stderr,
			"syscap: %" PRIu64 " of %" PRIu64 " events dropped (buffer %" PRIu64
			", page faults %" PRIu64 ", too large %" PRIu64 ")\n",
			st.n_drops, st.n_evts + st.n_drops, st.n_drops_buffer, st.n_drops_pf,
			st.n_drops_max_event_size);
	}
}

static unsigned count_set(const uint8_t *set)
{
	unsigned n = 0;

	for (int i = 0; i < SCAP_SC_MAX; i++)
		n += set[i] != 0;
	return n;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*s)) /* strtoull would take spaces and a sign */
		return -1;
	*out = strtoull(s, &end, 10);
	return (*end || errno) ? -1 : 0;
}

/* A byte count with an optional binary suffix: 4096, 64K, 8M, 1G. */
static int parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMG";
	char num[32], *u;
	size_t n = strlen(s);
	int shift = 0;

	if (!n || n >= sizeof(num))
		return -1;
	memcpy(num, s, n + 1);
	u = strchr(units, toupper((unsigned char)num[n - 1]));
	if (u && *u) {
		shift = 10 * (int)(u - units + 1);
		num[n - 1] = '\0';
	}
	if (parse_u64(num, out) || *out > (UINT64_MAX >> shift))
		return -1;
	*out <<= shift;
	return 0;
}

enum {
	OPT_ENGINE = 256,
	OPT_STATS,
	OPT_VERSION,
	OPT_BPF_OBJECT
};

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "read", required_argument, NULL, 'r' },
		{ "write", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ "print", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "snaplen", required_argument, NULL, 's' },
		{ "buffer-bytes", required_argument, NULL, 'B' },
		{ "engine", required_argument, NULL, OPT_ENGINE },
		{ "bpf-object", required_argument, NULL, OPT_BPF_OBJECT },
		{ "all-events", no_argument, NULL, 'A' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *rfile = NULL, *wfile = NULL, *fmt = NULL, *engine = NULL, *bpfobj = NULL;
	uint64_t count = 0, seconds = 0, snaplen = 0, bufbytes = 0;
	int json = 0, stats = 0, all_events = 0, narrowed = 0, opt, rc, ret = 0;
	static uint8_t sc_set[SCAP_SC_MAX];
	SCAP_OPTS(sinsp_open_opts, oo);
	struct sinsp_formatter *fm = NULL;
	struct scap_dumper *dump = NULL;
	struct sinsp_evt *e;
	struct sinsp *h;
	char err[512], filter[8192], *line;
	size_t linelen = 65536, fl = 0;
	uint64_t printed = 0;
	struct timespec start, now;
	int i;

	while ((opt = getopt_long(argc, argv, "r:w:c:p:jls:B:M:Ah", lopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			rfile = optarg;
			break;
		case 'w':
			wfile = optarg;
			break;
		case 'c':
			if (parse_u64(optarg, &count) || !count) {
				die_msg("-c: '%s' is not a positive number", optarg);
				return 2;
			}
			break;
		case 'M':
			if (parse_u64(optarg, &seconds) || !seconds) {
				die_msg("-M: '%s' is not a positive number of seconds", optarg);
				return 2;
			}
			break;
		case 's':
			if (parse_u64(optarg, &snaplen) || snaplen > 65000) {
				die_msg("-s: '%s' is not a snaplen between 0 and 65000", optarg);
				return 2;
			}
			break;
		case 'B':
			if (parse_size(optarg, &bufbytes) || bufbytes < 4096 ||
			    (bufbytes & (bufbytes - 1))) {
				die_msg("-B: '%s' is not a power of two of at least 4096 bytes",
					optarg);
				return 2;
			}
			break;
		case 'p':
			fmt = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'l':
			list_fields();
			return 0;
		case OPT_ENGINE:
			if (strcmp(optarg, "bpf") && strcmp(optarg, "kmod") &&
			    strcmp(optarg, "auto")) {
				die_msg("--engine: '%s' is not one of bpf, kmod, auto", optarg);
				return 2;
			}
			engine = optarg;
			break;
		case OPT_BPF_OBJECT:
			bpfobj = optarg;
			break;
		case 'A':
			all_events = 1;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("syscap %s\n", SYSCAP_VERSION);
			return 0;
		default:
			fputs("syscap: bad command line; try 'syscap --help'\n", stderr);
			return 2;
		}
	}
	if (rfile && engine) {
		die_msg("--engine selects a live engine and cannot be used with -r");
		return 2;
	}
	/* the filter is every remaining argument, joined by spaces (as sysdig does) */
	filter[0] = 0;
	for (i = optind; i < argc; i++) {
		int n = snprintf(filter + fl, sizeof(filter) - fl, "%s%s", fl ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(filter) - fl) {
			die_msg("filter too long");
			return 2;
		}
		fl += (size_t)n;
	}

	/* conditions and formats are checked before any capture is opened */
	{
		struct sinsp_field_provider p = sinsp_fields_provider(NULL);
		struct sinsp_filter *f = NULL;
		struct sinsp_formatter *tf;

		if (filter[0] && sinsp_filter_compile(filter, &p, &f, err, sizeof(err))) {
			die_msg("filter: %s", err);
			return 2;
		}
		sinsp_filter_free(f);
		if (fmt && !(tf = sinsp_formatter_new(NULL, fmt, 0, err, sizeof(err)))) {
			die_msg("-p: %s", err);
			return 2;
		}
		if (fmt)
			sinsp_formatter_free(tf);
	}
	oo.filename = rfile;
	oo.engine = rfile ? "savefile" : engine ? engine : "auto";
	oo.snaplen = (uint32_t)snaplen;
	oo.buffer_bytes = bufbytes;
	oo.bpf_object = bpfobj;
	/* live: only the syscalls the filter can match, and the state set (as Falco does with
	 * its rules), so that a busy machine's other syscalls cost neither the kernel nor the
	 * rings anything */
	if (!rfile && !all_events && filter[0]) {
		narrowed = sinsp_filter_sc_set(filter, sc_set, err, sizeof(err));
		if (narrowed < 0) {
			die_msg("filter: %s", err[0] ? err : strerror(-narrowed));
			return 2;
		}
		if (narrowed)
			oo.sc_set = sc_set;
	}
	h = sinsp_open(&oo, err, sizeof(err));
	if (!h) {
		if (rfile && strstr(err, rfile))
			die_msg("%s", err);
		else if (rfile)
			die_msg("%s: %s", rfile, err[0] ? err : strerror(errno));
		else
			die_msg("cannot start live capture (engine %s): %s", oo.engine,
				err[0] ? err : strerror(errno));
		return 1;
	}
	if (filter[0] && sinsp_set_filter(h, filter, err, sizeof(err))) {
		die_msg("filter: %s", err);
		sinsp_close(h);
		return 2;
	}
	if (wfile) {
		SCAP_OPTS(scap_dump_opts, dopts, .state = scap_get_state(sinsp_get_scap(h)));

		dump = scap_dump_open(wfile, &dopts, err, sizeof(err));
		if (!dump) {
			die_msg("%s: %s", wfile, err[0] ? err : strerror(errno));
			sinsp_close(h);
			return 1;
		}
	} else {
		fm = sinsp_formatter_new(h,
					 fmt	? fmt
					 : json ? JSON_DEFAULT_FORMAT
						: NULL,
					 json ? SINSP_FMT_JSON | (fmt ? 0 : SINSP_FMT_JSON_PARAMS)
					      : 0,
					 err, sizeof(err));
		if (!fm) {
			die_msg("-p: %s", err);
			sinsp_close(h);
			return 2;
		}
	}
	line = malloc(linelen);
	if (!line) {
		die_msg("out of memory");
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!g_stop) {
		rc = sinsp_next(h, &e);
		if (seconds) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((uint64_t)(now.tv_sec - start.tv_sec) >= seconds)
				break;
		}
		if (rc == -EAGAIN)
			continue;
		if (rc == -SCAP_ERR_EOF)
			break;
		if (rc) {
			const char *m = sinsp_lasterr(h);

			die_msg("%s%s%s", rfile ? rfile : "live capture", rfile ? ": " : ": ",
				m && m[0] ? m : scap_strerror(rc));
			ret = 1;
			break;
		}
		if (dump) {
			if (scap_dump(dump, sinsp_evt_raw(e), sinsp_evt_cpu(e),
				      sinsp_evt_flags(e))) {
				die_msg("%s: %s", wfile, scap_dump_error(dump));
				ret = 1;
				break;
			}
		} else if (sinsp_format(fm, e, line, linelen)) {
			fputs(line, stdout);
			fputc('\n', stdout);
			if (ferror(stdout)) {
				ret = errno == EPIPE ? 0 : 1;
				if (ret)
					die_msg("writing output: %s", strerror(errno));
				break;
			}
		} else {
			continue; /* lacks a field of the format: not counted */
		}
		if (count && ++printed >= count)
			break;
	}
	if (fflush(stdout) && errno != EPIPE && !ret) {
		die_msg("writing output: %s", strerror(errno));
		ret = 1;
	}
	if (dump && scap_dump_close(dump) && !ret) {
		die_msg("%s: write failed", wfile);
		ret = 1;
	}
	if (!rfile || stats)
		print_stats(h, stats, narrowed ? count_set(sc_set) : 0);
	free(line);
	sinsp_formatter_free(fm);
	sinsp_close(h);
	return ret;
}
