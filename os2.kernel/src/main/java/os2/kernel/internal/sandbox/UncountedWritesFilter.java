package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;

/**
 * A seccomp program for bwrap's {@code --seccomp FD} that refuses the system calls by which a
 * sandboxed program could fill the disk without the supervisor seeing it, and allows every other.
 * The supervisor counts the bytes a run writes by the kernel's {@code write_bytes} (see
 * {@link ProcIo}), which two ways around do not show:
 * <ul>
 * <li>fallocate(2) reserves blocks without writing a byte: it fails with EOPNOTSUPP, as on a file
 * system that cannot allocate, and glibc's posix_fallocate then writes the blocks itself, which
 * counts;</li>
 * <li>io_uring performs fallocate (and writes) as operations that are not system calls, which
 * seccomp never sees: io_uring_setup(2) fails with ENOSYS, as on a kernel without io_uring, and
 * programs fall back to ordinary calls.</li>
 * </ul>
 * bwrap reads the program as an array of {@code struct sock_filter} in the machine's byte order.
 * <p>
 * Not covered: a JVM on an architecture other than x86-64 or AArch64 gets no program, and its runs
 * keep the gap. A program that calls fallocate(2) itself (util-linux's {@code fallocate}, say) gets
 * the error and no fallback, so it cannot punch holes or keep a file's size either.
 */
final class UncountedWritesFilter {

	private static final int INSTRUCTION_BYTES = 8;

	// offsets in struct seccomp_data (linux/seccomp.h): int nr; __u32 arch; ...
	private static final int NR = 0;
	private static final int ARCH = 4;

	// linux/bpf_common.h
	private static final int LOAD = 0x20; // BPF_LD | BPF_W | BPF_ABS
	private static final int JUMP_IF_EQUAL = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
	private static final int RETURN = 0x06; // BPF_RET | BPF_K

	// linux/seccomp.h: SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO; errnos from asm-generic/errno*.h
	private static final int ALLOW = 0x7fff0000;
	private static final int NOT_SUPPORTED = 0x00050000 | 95; // EOPNOTSUPP
	private static final int NO_SUCH_CALL = 0x00050000 | 38; // ENOSYS

	/**
	 * A system call convention: its AUDIT_ARCH_* (linux/audit.h) and its numbers for fallocate and
	 * io_uring_setup.
	 */
	private record Abi(int arch, int[] fallocate, int[] ioUringSetup) {
	}

	// asm/unistd_64.h; x32 (asm/unistd_x32.h) shares the arch and sets __X32_SYSCALL_BIT in nr
	private static final Abi X86_64 = new Abi(0xC000003E, new int[] { 285, 0x40000000 | 285 },
			new int[] { 425, 0x40000000 | 425 });
	// asm/unistd_32.h
	private static final Abi I386 = new Abi(0x40000003, new int[] { 324 }, new int[] { 425 });
	// asm-generic/unistd.h
	private static final Abi AARCH64 = new Abi(0xC00000B7, new int[] { 47 }, new int[] { 425 });
	// the kernel's arch/arm/tools/syscall.tbl (no header for it on an x86-64 host)
	private static final Abi ARM = new Abi(0x40000028, new int[] { 352 }, new int[] { 425 });

	private static Path file;
	/** The file's inode as written: once a cleaner removed it, another user may plant one of that name. */
	private static Object fileKey;

	private UncountedWritesFilter() {
	}

	/**
	 * A file holding the program for this JVM's architecture, for a shell to open on bwrap's
	 * descriptor ({@link EntryShell}); empty where there is no program, or no file could be written
	 * (the run then goes without, as on an architecture without one). Written once per JVM, into a
	 * file of its own in the temporary directory that only its user may read or replace, and written
	 * again, under a new name, should a cleaner of that directory have removed it (a file or link
	 * someone put in its place is never used).
	 */
	static synchronized Optional<Path> file() {
		if (file != null && stillOurs(file, fileKey)) {
			return Optional.of(file);
		}
		Optional<byte[]> program = forThisMachine();
		if (program.isEmpty()) {
			return Optional.empty();
		}
		try {
			Path written = Files.createTempFile("os2-seccomp-", ".bpf",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.write(written, program.get());
			written.toFile().deleteOnExit();
			file = written;
			fileKey = Files.readAttributes(written, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			return Optional.of(written);
		} catch (IOException | UnsupportedOperationException e) {
			return Optional.empty();
		}
	}

	/** Whether {@code path} is still the very file written (not a link, nor another file put in its place). */
	private static boolean stillOurs(Path path, Object key) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			return attributes.isRegularFile() && attributes.fileKey() != null && attributes.fileKey().equals(key);
		} catch (IOException gone) {
			return false;
		}
	}

	/** The program for this JVM's {@code os.arch}; empty for an architecture it does not know. */
	static Optional<byte[]> forThisMachine() {
		return forArchitecture(System.getProperty("os.arch"));
	}

	/**
	 * Each 64-bit kernel also takes the calls of its 32-bit ABI, which number fallocate otherwise:
	 * those of 32-bit programs, and on x86-64 those of a 64-bit one that uses {@code int 0x80}.
	 */
	static Optional<byte[]> forArchitecture(String osArch) {
		return switch (osArch) {
			case "amd64", "x86_64" -> Optional.of(program(X86_64, I386));
			case "aarch64" -> Optional.of(program(AARCH64, ARM));
			default -> Optional.empty();
		};
	}

	/**
	 * Loads the arch, then per ABI: its check, the call's number, a comparison with each call it
	 * refuses. Then ALLOW (an arch none of them is, a call none of those is) and the two refusals.
	 */
	private static byte[] program(Abi... abis) {
		int length = 1 + Arrays.stream(abis).mapToInt(abi -> 2 + abi.fallocate().length + abi.ioUringSetup().length).sum()
				+ 3;
		int allow = length - 3;
		int notSupported = length - 2;
		int noSuchCall = length - 1;
		ByteBuffer program = ByteBuffer.allocate(length * INSTRUCTION_BYTES).order(ByteOrder.nativeOrder());
		load(program, ARCH);
		for (Abi abi : abis) {
			int refused = abi.fallocate().length + abi.ioUringSetup().length;
			int check = index(program);
			jumpIfEqual(program, abi.arch(), check + 1, check + 2 + refused);
			load(program, NR);
			int last = index(program) + refused - 1;
			// past the last comparison the accumulator holds the call's number, not the arch: the next
			// ABI's check would compare the wrong thing, so it is a verdict
			for (int number : abi.fallocate()) {
				jumpIfEqual(program, number, notSupported, index(program) == last ? allow : index(program) + 1);
			}
			for (int number : abi.ioUringSetup()) {
				jumpIfEqual(program, number, noSuchCall, index(program) == last ? allow : index(program) + 1);
			}
		}
		instruction(program, RETURN, 0, 0, ALLOW);
		instruction(program, RETURN, 0, 0, NOT_SUPPORTED);
		instruction(program, RETURN, 0, 0, NO_SUCH_CALL);
		return program.array();
	}

	private static int index(ByteBuffer program) {
		return program.position() / INSTRUCTION_BYTES;
	}

	private static void load(ByteBuffer program, int offset) {
		instruction(program, LOAD, 0, 0, offset);
	}

	/** Jumps are forward and relative to the next instruction; these programs are far too short to overflow a byte. */
	private static void jumpIfEqual(ByteBuffer program, int value, int whenEqual, int otherwise) {
		int next = index(program) + 1;
		instruction(program, JUMP_IF_EQUAL, whenEqual - next, otherwise - next, value);
	}

	private static void instruction(ByteBuffer program, int code, int jumpIfTrue, int jumpIfFalse, int k) {
		program.putShort((short) code).put((byte) jumpIfTrue).put((byte) jumpIfFalse).putInt(k);
	}
}
