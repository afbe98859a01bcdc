#define _GNU_SOURCE
#include "kiln_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

// Landlock rights newer than the oldest headers Kiln builds with (Linux 6.1's).
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

int kiln_sandbox_pipe(int descriptors[2]) { return pipe2(descriptors, O_CLOEXEC) == 0 ? 0 : -errno; }

int kiln_sandbox_limit(uint64_t address_space_bytes, uint64_t cpu_seconds, uint64_t file_size_bytes) {
    struct rlimit address_space = {address_space_bytes, address_space_bytes};
    // The soft CPU limit sends SIGXCPU; the hard one, a second later, SIGKILL.
    struct rlimit cpu = {cpu_seconds, cpu_seconds + 1};
    struct rlimit file_size = {file_size_bytes, file_size_bytes};
    struct rlimit no_core = {0, 0};
    if (setrlimit(RLIMIT_AS, &address_space) != 0 || setrlimit(RLIMIT_CPU, &cpu) != 0 ||
        setrlimit(RLIMIT_FSIZE, &file_size) != 0 || setrlimit(RLIMIT_CORE, &no_core) != 0) {
        return -errno;
    }
    return 0;
}

int kiln_sandbox_detach(void) {
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return -errno;
    // The parent may have died before the request above took effect.
    if (getppid() != parent) _exit(1);
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) return -errno;
    return 0;
}

static int write_text(const char *path, const char *text) {
    int descriptor = open(path, O_WRONLY | O_CLOEXEC);
    if (descriptor < 0) return -errno;
    ssize_t length = (ssize_t)strlen(text);
    int result = write(descriptor, text, (size_t)length) == length ? 0 : -errno;
    close(descriptor);
    return result;
}

int kiln_sandbox_enter_namespaces(void) {
    uid_t user = geteuid();
    gid_t group = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS) != 0) return -errno;
    // Unmapped ids could create no file; each maps to itself, and only itself.
    char map[64];
    int result = write_text("/proc/self/setgroups", "deny");
    if (result != 0) return result;
    snprintf(map, sizeof map, "%u %u 1", (unsigned)user, (unsigned)user);
    if ((result = write_text("/proc/self/uid_map", map)) != 0) return result;
    snprintf(map, sizeof map, "%u %u 1", (unsigned)group, (unsigned)group);
    return write_text("/proc/self/gid_map", map);
}

static int add_file_rule(int ruleset, const char *path, uint64_t allowed) {
    int descriptor = open(path, O_PATH | O_CLOEXEC);
    if (descriptor < 0) return -errno;
    struct landlock_path_beneath_attr rule = {.allowed_access = allowed, .parent_fd = descriptor};
    int result = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0 ? 0 : -errno;
    close(descriptor);
    return result;
}

int kiln_sandbox_restrict_files(const char *const *readable, int readable_count,
                                const char *const *writable, int writable_count) {
    int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) return -errno;
    uint64_t handled = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
                       LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                       LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                       LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                       LANDLOCK_ACCESS_FS_MAKE_SYM;
    uint64_t writing = LANDLOCK_ACCESS_FS_WRITE_FILE;
    if (abi >= 2) handled |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) {
        handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
        writing |= LANDLOCK_ACCESS_FS_TRUNCATE;
    }
    if (abi >= 5) handled |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    struct landlock_ruleset_attr attributes = {.handled_access_fs = handled};
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attributes, sizeof attributes, 0);
    if (ruleset < 0) return -errno;
    int result = 0;
    for (int index = 0; index < readable_count && result == 0; index++) {
        result = add_file_rule(ruleset, readable[index], LANDLOCK_ACCESS_FS_READ_FILE);
    }
    for (int index = 0; index < writable_count && result == 0; index++) {
        result = add_file_rule(ruleset, writable[index], LANDLOCK_ACCESS_FS_READ_FILE | writing);
    }
    if (result == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) result = -errno;
    if (result == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) result = -errno;
    close(ruleset);
    return result == 0 ? abi : result;
}

// The filter ----------------------------------------------------------------------------------

#if defined(__x86_64__)
#define KILN_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define KILN_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "the decoding sandbox knows the system calls of x86_64 and aarch64 only"
#endif

/// What decoding, encoding and Swift's runtime ask of the kernel once the input and outputs are
/// named: memory, threads and their synchronisation, I/O on descriptors and on the files Landlock
/// leaves reachable, time, and this process's own signals.
static const int allowed_calls[] = {
    SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_pwrite64, SYS_lseek, SYS_close,
    SYS_openat, SYS_fstat, SYS_newfstatat, SYS_statx, SYS_fcntl, SYS_dup, SYS_dup3, SYS_ftruncate,
    SYS_fsync, SYS_fdatasync, SYS_fadvise64, SYS_readlinkat, SYS_faccessat, SYS_faccessat2, SYS_getdents64,
    SYS_ppoll, SYS_munmap, SYS_mremap, SYS_madvise, SYS_brk, SYS_mincore, SYS_futex, SYS_set_robust_list,
    SYS_get_robust_list, SYS_rseq, SYS_set_tid_address, SYS_membarrier, SYS_rt_sigaction,
    SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_sigaltstack, SYS_exit, SYS_exit_group, SYS_gettid, SYS_getpid,
    SYS_getppid, SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid, SYS_getrandom, SYS_clock_gettime,
    SYS_clock_getres, SYS_clock_nanosleep, SYS_nanosleep, SYS_gettimeofday, SYS_sched_yield,
    SYS_sched_getaffinity, SYS_sched_getparam, SYS_sched_getscheduler, SYS_prlimit64, SYS_getrusage,
    SYS_uname, SYS_sysinfo, SYS_times, SYS_getcwd, SYS_pipe2, SYS_restart_syscall,
#if defined(__x86_64__)
    SYS_open, SYS_stat, SYS_lstat, SYS_dup2, SYS_poll, SYS_readlink, SYS_access, SYS_getrlimit,
    SYS_arch_prctl, SYS_time,
#endif
};

#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define REFUSE BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define LOAD_ARGUMENT(index) LOAD(args[index])

int kiln_sandbox_filter_system_calls(void) {
    enum { calls = sizeof allowed_calls / sizeof allowed_calls[0] };
    struct sock_filter program[calls * 2 + 64];
    unsigned count = 0;
#define EMIT(instruction) (program[count++] = (struct sock_filter)instruction)
    pid_t self = getpid();

    // Another architecture's numbers mean other calls: kill at once.
    EMIT(LOAD(arch));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, KILN_AUDIT_ARCH, 1, 0));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    EMIT(LOAD(nr));
#if defined(__x86_64__)
    // x32 calls share the numbers' low bits.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
#endif
    for (unsigned index = 0; index < calls; index++) {
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)allowed_calls[index], 0, 1));
        EMIT(ALLOW);
    }

    // Memory may be mapped and protected, never executable: nothing new can be run.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mmap, 1, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 0, 4));
    EMIT(LOAD_ARGUMENT(2));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1));
    EMIT(REFUSE);
    EMIT(ALLOW);

    // Signals go to this process only (abort and the runtime's own).
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kill, 1, 0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_tgkill, 0, 4));
    EMIT(LOAD_ARGUMENT(0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)self, 0, 1));
    EMIT(ALLOW);
    EMIT(REFUSE);

    // clone3 passes its flags in memory a filter cannot read: "not here" makes the C library use clone.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));

    // Threads, not processes: a clone that would make a process is refused.
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4));
    EMIT(LOAD_ARGUMENT(0));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1));
    EMIT(ALLOW);
    EMIT(REFUSE);

    EMIT(REFUSE);
#undef EMIT

    struct sock_fprog filter = {.len = (unsigned short)count, .filter = program};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) != 0) return -errno;
    return 0;
}
