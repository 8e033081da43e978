/* SPDX-License-Identifier: Apache-2.0 */
/*
 * File metadata syscalls: the exit events of links and nodes (link, linkat, symlink, symlinkat,
 * mknod, mknodat), permissions and owners (chmod, fchmod, fchmodat, chown, fchown, lchown,
 * fchownat), stat, fstat, access, getdents64, chroot and the fd-to-fd calls splice, sendfile and
 * ioctl, checked parameter by parameter against what the child saw, on success and on failure.
 * Paths are reported as passed (absolute, or relative to the dirfd), as the reference does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <syscap/flags.h>

#include "suite.h"

const char *const g_fsmeta_syscalls[] = {
	"link", "linkat", "symlink", "symlinkat", "mknod", "mknodat", "chmod", "fchmod",
	"fchmodat", "chown", "fchown", "lchown", "fchownat", "stat", "fstat", "access",
	"getdents64", "chroot", "splice", "sendfile", "ioctl", NULL,
};

#define MISSING "/nonexistent/syscap"
#define RW_USR (SCAP_S_IRUSR | SCAP_S_IWUSR)

/* A syscall's result as the exit event reports it: the value, or -errno. */
static int64_t rv(long r)
{
	return r < 0 ? -errno : r;
}

/* The n-th (0-based) event of type from the child. */
static const struct scap_evt_hdr *nth(uint16_t type, int n)
{
	return find_evt(&g_c, type, g_pid, n);
}

/*
 * x = the event find returns (nth(), XF()), which must exist (else the test stops), with the
 * result the child saw in g_sh->v[vi] as parameter 0, and that result must be want.
 */
#define EXPECT_RES(x, find, what, vi, want)                 \
	do {                                                \
		(x) = (find);                               \
		REQUIRE_EVT(x, what);                       \
		CHECK_EQ(g_sh->v[vi], want);                \
		CHECK_EQ(ps64(x, 0), g_sh->v[vi]);          \
	} while (0)

/* How many parameters e carries: a short event would still decode its first ones. */
static int nparams(const struct scap_evt_hdr *e)
{
	struct scap_param p[SCAP_MAX_EVENT_PARAMS];

	return scap_event_params(e, p, SCAP_MAX_EVENT_PARAMS);
}

/* ---- links and nodes ----------------------------------------------------------------------- */

static void c_links(struct shared *sh)
{
	char existing[256], p[256];
	int dfd = open(g_dir, O_RDONLY | O_DIRECTORY);

	sh->v[15] = dfd;
	path_in_dir(existing, sizeof(existing), "existing");
	path_in_dir(p, sizeof(p), "hard1");
	sh->v[0] = rv(syscall(SYS_link, existing, p));
	path_in_dir(p, sizeof(p), "hard2");
	sh->v[1] = rv(syscall(SYS_link, MISSING, p));
	sh->v[2] = rv(syscall(SYS_linkat, dfd, "existing", dfd, "hard3", AT_SYMLINK_FOLLOW));
	sh->v[3] = rv(syscall(SYS_linkat, dfd, "missing", AT_FDCWD, "hard4", AT_EMPTY_PATH));
	path_in_dir(p, sizeof(p), "sym1");
	sh->v[4] = rv(syscall(SYS_symlink, "existing", p));
	sh->v[5] = rv(syscall(SYS_symlink, "x", existing));
	sh->v[6] = rv(syscall(SYS_symlinkat, MISSING, dfd, "sym2")); /* dangling is fine */
	sh->v[7] = rv(syscall(SYS_symlinkat, "x", dfd, "nodir/sym3"));
	path_in_dir(p, sizeof(p), "fifo1");
	sh->v[8] = rv(syscall(SYS_mknod, p, S_IFIFO | 0640, 0));
	path_in_dir(p, sizeof(p), "reg1");
	sh->v[9] = rv(syscall(SYS_mknod, p, 0604, 0)); /* no file type: a regular file */
	sh->v[10] = rv(syscall(SYS_mknod, existing, S_IFIFO | 0600, 0));
	/* EPERM without CAP_MKNOD: the mode and dev are reported all the same */
	sh->v[11] = rv(syscall(SYS_mknodat, dfd, "chr1", S_IFCHR | 0600, makedev(1, 3)));
	sh->v[12] = rv(syscall(SYS_mknodat, dfd, "nodir/fifo2", S_IFIFO | 0600, 0));
}

static void t_links(void)
{
	const struct scap_evt_hdr *x;
	char existing[256], p[256];
	int64_t dfd;

	if (!run(c_links))
		return;
	dfd = g_sh->v[15];
	path_in_dir(existing, sizeof(existing), "existing");
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_LINK_2_X, 0), "link", 0, 0);
	CHECK_EQ(nparams(x), 3);
	CHECK_STR(pstr(x, 1), existing);
	path_in_dir(p, sizeof(p), "hard1");
	CHECK_STR(pstr(x, 2), p);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_LINK_2_X, 1), "failed link", 1, -ENOENT);
	CHECK_STR(pstr(x, 1), MISSING);
	path_in_dir(p, sizeof(p), "hard2");
	CHECK_STR(pstr(x, 2), p);

	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_LINKAT_2_X, 0), "linkat", 2, 0);
	CHECK_EQ(nparams(x), 6);
	CHECK_EQ(ps64(x, 1), dfd);
	CHECK_STR(pstr(x, 2), "existing");
	CHECK_EQ(ps64(x, 3), dfd);
	CHECK_STR(pstr(x, 4), "hard3");
	CHECK_EQ(pu64(x, 5), SCAP_AT_SYMLINK_FOLLOW);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_LINKAT_2_X, 1), "failed linkat", 3, -ENOENT);
	CHECK_EQ(ps64(x, 1), dfd);
	CHECK_STR(pstr(x, 2), "missing");
	CHECK_EQ(ps64(x, 3), SCAP_AT_FDCWD);
	CHECK_STR(pstr(x, 4), "hard4");
	CHECK_EQ(pu64(x, 5), SCAP_AT_EMPTY_PATH);

	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_SYMLINK_X, 0), "symlink", 4, 0);
	CHECK_EQ(nparams(x), 3);
	CHECK_STR(pstr(x, 1), "existing"); /* the target is text, never resolved */
	path_in_dir(p, sizeof(p), "sym1");
	CHECK_STR(pstr(x, 2), p);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_SYMLINK_X, 1), "failed symlink", 5, -EEXIST);
	CHECK_STR(pstr(x, 1), "x");
	CHECK_STR(pstr(x, 2), existing);

	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_SYMLINKAT_X, 0), "symlinkat", 6, 0);
	CHECK_EQ(nparams(x), 4);
	CHECK_STR(pstr(x, 1), MISSING);
	CHECK_EQ(ps64(x, 2), dfd);
	CHECK_STR(pstr(x, 3), "sym2");
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_SYMLINKAT_X, 1), "failed symlinkat", 7, -ENOENT);
	CHECK_STR(pstr(x, 1), "x");
	CHECK_EQ(ps64(x, 2), dfd);
	CHECK_STR(pstr(x, 3), "nodir/sym3");

	/* modes: the permission bits plus the file type, a missing type reported as S_IFREG */
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_MKNOD_X, 0), "mknod", 8, 0);
	CHECK_EQ(nparams(x), 4);
	path_in_dir(p, sizeof(p), "fifo1");
	CHECK_STR(pstr(x, 1), p);
	CHECK_EQ(pu64(x, 2), SCAP_S_IFIFO | RW_USR | SCAP_S_IRGRP);
	CHECK_EQ(pu64(x, 3), 0);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_MKNOD_X, 1), "mknod of a regular file", 9, 0);
	path_in_dir(p, sizeof(p), "reg1");
	CHECK_STR(pstr(x, 1), p);
	CHECK_EQ(pu64(x, 2), SCAP_S_IFREG | RW_USR | SCAP_S_IROTH);
	CHECK_EQ(pu64(x, 3), 0);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_MKNOD_X, 2), "failed mknod", 10, -EEXIST);
	CHECK_STR(pstr(x, 1), existing);
	CHECK_EQ(pu64(x, 2), SCAP_S_IFIFO | RW_USR);
	CHECK_EQ(pu64(x, 3), 0);

	x = nth(SCAP_EVT_SYSCALL_MKNODAT_X, 0);
	REQUIRE_EVT(x, "mknodat");
	CHECK_EQ(nparams(x), 5);
	CHECK(g_sh->v[11] == 0 || g_sh->v[11] == -EPERM);
	CHECK_EQ(ps64(x, 0), g_sh->v[11]);
	CHECK_EQ(ps64(x, 1), dfd);
	CHECK_STR(pstr(x, 2), "chr1");
	CHECK_EQ(pu64(x, 3), SCAP_S_IFCHR | RW_USR);
	/* The reference encodes the user's number (0x103) as if it were a kernel dev_t (20-bit
	 * minor): minor 0x103 keeps its low byte and moves the rest up 12 bits. */
	CHECK_EQ(makedev(1, 3), 0x103);
	CHECK_EQ(pu64(x, 4), 0x100003);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_MKNODAT_X, 1), "failed mknodat", 12, -ENOENT);
	CHECK_EQ(ps64(x, 1), dfd);
	CHECK_STR(pstr(x, 2), "nodir/fifo2");
	CHECK_EQ(pu64(x, 3), SCAP_S_IFIFO | RW_USR);
	CHECK_EQ(pu64(x, 4), 0);
}

/* ---- permissions --------------------------------------------------------------------------- */

static void c_modes(struct shared *sh)
{
	char owned[256];
	int dfd = open(g_dir, O_RDONLY | O_DIRECTORY), fd;

	path_in_dir(owned, sizeof(owned), "modes");
	fd = open(owned, O_RDWR | O_CREAT, 0600);
	sh->v[14] = fd;
	sh->v[15] = dfd;
	sh->v[0] = rv(syscall(SYS_chmod, owned, 04751));
	sh->v[1] = rv(syscall(SYS_chmod, MISSING, S_IFREG | 0644)); /* the type is not reported */
	sh->v[2] = rv(syscall(SYS_fchmod, fd, 02640));
	sh->v[3] = rv(syscall(SYS_fchmod, -1, 0600));
	sh->v[4] = rv(syscall(SYS_fchmodat, dfd, "modes", 01777));
	sh->v[5] = rv(syscall(SYS_fchmodat, AT_FDCWD, MISSING, 0600));
}

static void t_modes(void)
{
	const struct scap_evt_hdr *x;
	char p[256];

	if (!run(c_modes))
		return;
	path_in_dir(p, sizeof(p), "modes");
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_CHMOD_X, 0), "chmod", 0, 0);
	CHECK_EQ(nparams(x), 3);
	CHECK_STR(pstr(x, 1), p);
	CHECK_EQ(pu64(x, 2), SCAP_S_ISUID | SCAP_S_IRUSR | SCAP_S_IWUSR | SCAP_S_IXUSR |
				     SCAP_S_IRGRP | SCAP_S_IXGRP | SCAP_S_IXOTH);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_CHMOD_X, 1), "failed chmod", 1, -ENOENT);
	CHECK_STR(pstr(x, 1), MISSING);
	CHECK_EQ(pu64(x, 2), RW_USR | SCAP_S_IRGRP | SCAP_S_IROTH);

	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_FCHMOD_X, 1, g_sh->v[14], 0), "fchmod", 2, 0);
	CHECK_EQ(nparams(x), 3);
	CHECK_EQ(pu64(x, 2), SCAP_S_ISGID | RW_USR | SCAP_S_IRGRP);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_FCHMOD_X, 1, -1, 0), "failed fchmod", 3, -EBADF);
	CHECK_EQ(pu64(x, 2), RW_USR);

	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_FCHMODAT_X, 0), "fchmodat", 4, 0);
	CHECK_EQ(nparams(x), 4);
	CHECK_EQ(ps64(x, 1), g_sh->v[15]);
	CHECK_STR(pstr(x, 2), "modes");
	CHECK_EQ(pu64(x, 3), SCAP_S_ISVTX | SCAP_S_IRUSR | SCAP_S_IWUSR | SCAP_S_IXUSR |
				     SCAP_S_IRGRP | SCAP_S_IWGRP | SCAP_S_IXGRP | SCAP_S_IROTH |
				     SCAP_S_IWOTH | SCAP_S_IXOTH);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_FCHMODAT_X, 1), "failed fchmodat", 5, -ENOENT);
	CHECK_EQ(ps64(x, 1), SCAP_AT_FDCWD);
	CHECK_STR(pstr(x, 2), MISSING);
	CHECK_EQ(pu64(x, 3), RW_USR);
}

/* ---- owners -------------------------------------------------------------------------------- */

static void c_owners(struct shared *sh)
{
	char owned[256], link[256];
	int dfd = open(g_dir, O_RDONLY | O_DIRECTORY), fd;

	path_in_dir(owned, sizeof(owned), "owned");
	path_in_dir(link, sizeof(link), "owned-link");
	fd = open(owned, O_RDWR | O_CREAT, 0600);
	symlinkat("owned", dfd, "owned-link");
	sh->v[14] = fd;
	sh->v[15] = dfd;
	sh->v[0] = rv(syscall(SYS_chown, owned, 1234, 5678));
	sh->v[1] = rv(syscall(SYS_chown, MISSING, -1, -1)); /* -1: leave unchanged */
	sh->v[2] = rv(syscall(SYS_fchown, fd, 4321, 8765));
	sh->v[3] = rv(syscall(SYS_fchown, -1, 1, 2));
	sh->v[4] = rv(syscall(SYS_lchown, link, 111, 222));
	sh->v[5] = rv(syscall(SYS_lchown, MISSING, 3, 4));
	sh->v[6] = rv(syscall(SYS_fchownat, dfd, "owned-link", 333, 444, AT_SYMLINK_NOFOLLOW));
	sh->v[7] = rv(syscall(SYS_fchownat, fd, "", 555, 666, AT_EMPTY_PATH));
	/* AT_SYMLINK_FOLLOW is no fchownat flag (EINVAL), yet the reference reports it */
	sh->v[8] = rv(syscall(SYS_fchownat, dfd, "owned", 7, 8, AT_SYMLINK_FOLLOW));
}

static void t_owners(void)
{
	const struct scap_evt_hdr *x;
	char owned[256], link[256];
	int64_t fd, dfd;

	if (!run(c_owners))
		return;
	fd = g_sh->v[14];
	dfd = g_sh->v[15];
	path_in_dir(owned, sizeof(owned), "owned");
	path_in_dir(link, sizeof(link), "owned-link");
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_CHOWN_X, 0), "chown", 0, 0);
	CHECK_EQ(nparams(x), 4);
	CHECK_STR(pstr(x, 1), owned);
	CHECK_EQ(pu64(x, 2), 1234);
	CHECK_EQ(pu64(x, 3), 5678);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_CHOWN_X, 1), "failed chown", 1, -ENOENT);
	CHECK_STR(pstr(x, 1), MISSING);
	CHECK_EQ(pu64(x, 2), UINT32_MAX);
	CHECK_EQ(pu64(x, 3), UINT32_MAX);

	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_FCHOWN_X, 1, fd, 0), "fchown", 2, 0);
	CHECK_EQ(nparams(x), 4);
	CHECK_EQ(pu64(x, 2), 4321);
	CHECK_EQ(pu64(x, 3), 8765);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_FCHOWN_X, 1, -1, 0), "failed fchown", 3, -EBADF);
	CHECK_EQ(pu64(x, 2), 1);
	CHECK_EQ(pu64(x, 3), 2);

	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_LCHOWN_X, 0), "lchown", 4, 0);
	CHECK_EQ(nparams(x), 4);
	CHECK_STR(pstr(x, 1), link);
	CHECK_EQ(pu64(x, 2), 111);
	CHECK_EQ(pu64(x, 3), 222);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_LCHOWN_X, 1), "failed lchown", 5, -ENOENT);
	CHECK_STR(pstr(x, 1), MISSING);
	CHECK_EQ(pu64(x, 2), 3);
	CHECK_EQ(pu64(x, 3), 4);

	/* flags: only AT_SYMLINK_FOLLOW and AT_EMPTY_PATH are known, so NOFOLLOW reads as 0 */
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_FCHOWNAT_X, 0), "fchownat", 6, 0);
	CHECK_EQ(nparams(x), 6);
	CHECK_EQ(ps64(x, 1), dfd);
	CHECK_STR(pstr(x, 2), "owned-link");
	CHECK_EQ(pu64(x, 3), 333);
	CHECK_EQ(pu64(x, 4), 444);
	CHECK_EQ(pu64(x, 5), 0);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_FCHOWNAT_X, 1), "fchownat of an fd", 7, 0);
	CHECK_EQ(ps64(x, 1), fd);
	CHECK_STR(pstr(x, 2), "");
	CHECK_EQ(pu64(x, 3), 555);
	CHECK_EQ(pu64(x, 4), 666);
	CHECK_EQ(pu64(x, 5), SCAP_AT_EMPTY_PATH);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_FCHOWNAT_X, 2), "failed fchownat", 8, -EINVAL);
	CHECK_EQ(ps64(x, 1), dfd);
	CHECK_STR(pstr(x, 2), "owned");
	CHECK_EQ(pu64(x, 3), 7);
	CHECK_EQ(pu64(x, 4), 8);
	CHECK_EQ(pu64(x, 5), SCAP_AT_SYMLINK_FOLLOW);
}

/* ---- stat, access, getdents64, chroot ------------------------------------------------------ */

static void c_stats(struct shared *sh)
{
	char existing[256], buf[1024];
	struct stat st;
	int fd, dfd = open(g_dir, O_RDONLY | O_DIRECTORY);

	path_in_dir(existing, sizeof(existing), "existing");
	fd = open(existing, O_RDONLY);
	sh->v[14] = fd;
	sh->v[15] = dfd;
	sh->v[0] = rv(syscall(SYS_stat, existing, &st));
	sh->v[1] = rv(syscall(SYS_stat, MISSING, &st));
	sh->v[2] = rv(syscall(SYS_fstat, fd, &st));
	sh->v[3] = rv(syscall(SYS_fstat, -1, &st));
	sh->v[4] = rv(syscall(SYS_access, g_dir, R_OK | W_OK | X_OK));
	sh->v[5] = rv(syscall(SYS_access, MISSING, F_OK));
	sh->v[6] = rv(syscall(SYS_getdents64, dfd, buf, sizeof(buf)));
	sh->v[7] = rv(syscall(SYS_getdents64, fd, buf, sizeof(buf)));
	/* last: the new root only affects this child, which exits next */
	sh->v[8] = rv(syscall(SYS_chroot, MISSING));
	sh->v[9] = rv(syscall(SYS_chroot, g_dir));
}

static void t_stats(void)
{
	const struct scap_evt_hdr *x;
	char existing[256];
	int64_t fd, dfd;

	if (!run(c_stats))
		return;
	fd = g_sh->v[14];
	dfd = g_sh->v[15];
	path_in_dir(existing, sizeof(existing), "existing");
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_STAT_X, 0), "stat", 0, 0);
	CHECK_EQ(nparams(x), 2);
	CHECK_STR(pstr(x, 1), existing);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_STAT_X, 1), "failed stat", 1, -ENOENT);
	CHECK_STR(pstr(x, 1), MISSING);

	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_FSTAT_X, 1, fd, 0), "fstat", 2, 0);
	CHECK_EQ(nparams(x), 2);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_FSTAT_X, 1, -1, 0), "failed fstat", 3, -EBADF);

	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_ACCESS_X, 0), "access", 4, 0);
	CHECK_EQ(nparams(x), 3);
	CHECK_STR(pstr(x, 1), g_dir);
	CHECK_EQ(pu64(x, 2), SCAP_R_OK | SCAP_W_OK | SCAP_X_OK);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_ACCESS_X, 1), "failed access", 5, -ENOENT);
	CHECK_STR(pstr(x, 1), MISSING);
	CHECK_EQ(pu64(x, 2), SCAP_F_OK);

	x = XF(SCAP_EVT_SYSCALL_GETDENTS64_X, 1, dfd, 0);
	REQUIRE_EVT(x, "getdents64");
	CHECK_EQ(nparams(x), 2);
	CHECK(g_sh->v[6] > 0);
	CHECK_EQ(ps64(x, 0), g_sh->v[6]);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_GETDENTS64_X, 1, fd, 0), "failed getdents64", 7,
		   -ENOTDIR);

	/* the path as passed, not the resulting root */
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_CHROOT_X, 0), "failed chroot", 8, -ENOENT);
	CHECK_EQ(nparams(x), 2);
	CHECK_STR(pstr(x, 1), MISSING);
	EXPECT_RES(x, nth(SCAP_EVT_SYSCALL_CHROOT_X, 1), "chroot", 9, 0);
	CHECK_STR(pstr(x, 1), g_dir);
}

/* ---- sendfile, splice, ioctl --------------------------------------------------------------- */

static void c_copies(struct shared *sh)
{
	char src[256], dst[256];
	struct winsize ws;
	off_t off = 2;
	int64_t out = 0; /* loff_t */
	int p[2], fd, fd2, n = -1;

	path_in_dir(src, sizeof(src), "copy-src");
	path_in_dir(dst, sizeof(dst), "copy-dst");
	fd = open(src, O_RDWR | O_CREAT | O_TRUNC, 0600);
	fd2 = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fd2 < 0 || pipe(p) || write(fd, "0123456789", 10) != 10)
		return;
	sh->v[11] = fd;
	sh->v[12] = fd2;
	sh->v[13] = p[0];
	sh->v[14] = p[1];
	/* the kernel moves *offset past what it sent; the exit event reads it from there */
	sh->v[0] = rv(syscall(SYS_sendfile, p[1], fd, &off, 5));
	sh->v[1] = off;
	lseek(fd, 0, SEEK_SET);
	sh->v[2] = rv(syscall(SYS_sendfile, p[1], fd, NULL, 3));
	sh->v[3] = rv(syscall(SYS_sendfile, p[1], -1, NULL, 4));
	sh->v[4] = rv(syscall(SYS_splice, p[0], NULL, fd2, &out, 4,
			      SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE));
	sh->v[5] = rv(syscall(SYS_splice, -1, NULL, p[1], NULL, 4, 0));
	/* 8 bytes went into the pipe, 4 came out */
	sh->v[6] = rv(syscall(SYS_ioctl, p[0], FIONREAD, &n));
	sh->v[7] = n;
	sh->v[8] = (int64_t)(uintptr_t)&n;
	sh->v[9] = rv(syscall(SYS_ioctl, p[0], TIOCGWINSZ, &ws));
	sh->v[10] = (int64_t)(uintptr_t)&ws;
}

static void t_copies(void)
{
	const struct scap_evt_hdr *x;
	int64_t fd, fd2, rd, wr;

	if (!run(c_copies))
		return;
	fd = g_sh->v[11];
	fd2 = g_sh->v[12];
	rd = g_sh->v[13];
	wr = g_sh->v[14];
	CHECK(fd > 0 && wr > 0);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_SENDFILE_X, 3, fd, 0), "sendfile", 0, 5);
	CHECK_EQ(nparams(x), 5);
	CHECK_EQ(g_sh->v[1], 7);
	CHECK_EQ(pu64(x, 1), g_sh->v[1]);
	CHECK_EQ(ps64(x, 2), wr);
	CHECK_EQ(ps64(x, 3), fd);
	CHECK_EQ(pu64(x, 4), 5);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_SENDFILE_X, 3, fd, 1), "sendfile without offset", 2, 3);
	CHECK_EQ(pu64(x, 1), 0);
	CHECK_EQ(ps64(x, 2), wr);
	CHECK_EQ(pu64(x, 4), 3);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_SENDFILE_X, 3, -1, 0), "failed sendfile", 3, -EBADF);
	CHECK_EQ(pu64(x, 1), 0);
	CHECK_EQ(ps64(x, 2), wr);
	CHECK_EQ(pu64(x, 4), 4);

	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_SPLICE_X, 1, rd, 0), "splice", 4, 4);
	CHECK_EQ(nparams(x), 5);
	CHECK_EQ(ps64(x, 2), fd2);
	CHECK_EQ(pu64(x, 3), 4);
	CHECK_EQ(pu64(x, 4), SCAP_SPLICE_F_MOVE | SCAP_SPLICE_F_NONBLOCK | SCAP_SPLICE_F_MORE);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_SPLICE_X, 1, -1, 0), "failed splice", 5, -EBADF);
	CHECK_EQ(ps64(x, 2), wr);
	CHECK_EQ(pu64(x, 3), 4);
	CHECK_EQ(pu64(x, 4), 0);

	/* the request and the argument (a pointer here) as passed */
	x = XF(SCAP_EVT_SYSCALL_IOCTL_3_X, 1, rd, 0);
	REQUIRE_EVT(x, "ioctl");
	CHECK_EQ(nparams(x), 4);
	CHECK_EQ(g_sh->v[6], 0);
	CHECK_EQ(g_sh->v[7], 4);
	CHECK_EQ(ps64(x, 0), g_sh->v[6]);
	CHECK_EQ(pu64(x, 2), FIONREAD);
	CHECK_EQ(pu64(x, 3), g_sh->v[8]);
	EXPECT_RES(x, XF(SCAP_EVT_SYSCALL_IOCTL_3_X, 1, rd, 1), "failed ioctl", 9, -ENOTTY);
	CHECK_EQ(pu64(x, 2), TIOCGWINSZ);
	CHECK_EQ(pu64(x, 3), g_sh->v[10]);
}

void t_fsmeta(void)
{
	static void (*const parts[])(void) = { t_links, t_modes, t_owners, t_stats, t_copies };

	/* one child per group: g_sh->v holds the results of one group at a time */
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !g_fail[0]; i++)
		parts[i]();
}
