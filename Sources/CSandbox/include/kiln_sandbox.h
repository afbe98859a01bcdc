#ifndef KILN_SANDBOX_H
#define KILN_SANDBOX_H

#include <stdint.h>

/// Confinement steps for the decoding child, applied in this order before it reads any media.
/// Each returns 0 (or a positive fact) on success and a negative errno when the kernel refuses;
/// the caller decides which refusals it can live without.

/// The parent's side: a pipe whose two ends close on exec (a child started by another thread at the
/// same moment must not hold them open).
int kiln_sandbox_pipe(int descriptors[2]);

/// Kernel resource limits: address space and file size in bytes, CPU in seconds; core dumps off.
int kiln_sandbox_limit(uint64_t address_space_bytes, uint64_t cpu_seconds, uint64_t file_size_bytes);

/// SIGKILL when the parent dies, and every inherited descriptor above stderr closed.
int kiln_sandbox_detach(void);

/// New user, network, IPC and UTS namespaces, the caller's ids mapped to themselves: no network
/// at all, no capability over anything outside. Needs a single-threaded process.
int kiln_sandbox_enter_namespaces(void);

/// Landlock: afterwards only `readable` files can be opened for reading and `writable` files for
/// reading and writing; no other file or folder can be opened, made or removed. Returns the
/// kernel's Landlock ABI version.
int kiln_sandbox_restrict_files(const char *const *readable, int readable_count,
                                const char *const *writable, int writable_count);

/// no_new_privs and a seccomp filter that allows the system calls decoding and encoding make
/// (memory, threads, I/O on open descriptors, time) and fails every other with EPERM: no exec,
/// no socket, no ptrace, no mount, no new executable memory, signals to this process only.
int kiln_sandbox_filter_system_calls(void);

#endif
