package os2.kernel.internal.files;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library's file calls that the JDK has no way to make relative to a directory descriptor
 * without following links, or that it hides: {@code statx} (inode and ctime), {@code getdents64},
 * {@code mkdirat}, {@code symlinkat}, {@code readlinkat}, {@code fchmodat} without following,
 * {@code syncfs}. Bound once through the FFM API; each handle captures {@code errno}. The flag
 * values are Linux's on x86-64 and AArch64 (which differ for {@code O_DIRECTORY} and
 * {@code O_NOFOLLOW}); on other machines the class refuses to load.
 */
final class LinuxCalls {

	static final int AT_FDCWD = -100;
	static final int AT_SYMLINK_NOFOLLOW = 0x100;
	static final int AT_REMOVEDIR = 0x200;
	static final int AT_EMPTY_PATH = 0x1000;

	static final int O_RDONLY = 0;
	static final int O_WRONLY = 1;
	static final int O_CREAT = 0100;
	static final int O_EXCL = 0200;
	static final int O_NOCTTY = 0400;
	static final int O_NONBLOCK = 04000;
	static final int O_CLOEXEC = 02000000;
	static final int O_DIRECTORY;
	static final int O_NOFOLLOW;

	static {
		switch (System.getProperty("os.arch")) {
			case "amd64", "x86_64" -> {
				O_DIRECTORY = 0200000;
				O_NOFOLLOW = 0400000;
			}
			case "aarch64" -> {
				O_DIRECTORY = 040000;
				O_NOFOLLOW = 0100000;
			}
			default -> throw new ExceptionInInitializerError(
					"OS2 touches workspace files through Linux calls on x86-64 and AArch64 only, not " + System.getProperty("os.arch"));
		}
	}

	/** statx's mask: type, mode, mtime, ctime, inode, size. */
	static final int STATX_WANTED = 0x1 | 0x2 | 0x40 | 0x80 | 0x100 | 0x200;

	static final int EINTR = 4;
	static final int EXDEV = 18;
	static final int EINVAL = 22;
	static final int ENOSYS = 38;
	static final int EOPNOTSUPP = 95;

	private static final Linker LINKER = Linker.nativeLinker();
	private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
	static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
	static final VarHandle ERRNO_VALUE = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

	static final MethodHandle OPENAT = bind("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
			ERRNO, Linker.Option.firstVariadicArg(3));
	static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
	static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
	static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
	static final MethodHandle COPY_FILE_RANGE = bind("copy_file_range",
			FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
	static final MethodHandle STATX = bind("statx",
			FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), ERRNO);
	static final MethodHandle LSEEK = bind("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO);
	static final MethodHandle GETDENTS64 = bind("getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
			ERRNO);
	static final MethodHandle MKDIRAT = bind("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
	static final MethodHandle SYMLINKAT = bind("symlinkat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
			ERRNO);
	static final MethodHandle READLINKAT = bind("readlinkat",
			FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), ERRNO);
	static final MethodHandle UNLINKAT = bind("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
			ERRNO);
	static final MethodHandle RENAMEAT = bind("renameat",
			FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), ERRNO);
	static final MethodHandle FCHMOD = bind("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
	// glibc (2.32 and later) does AT_SYMLINK_NOFOLLOW through an O_PATH descriptor: a link is refused, never followed
	static final MethodHandle FCHMODAT = bind("fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
			ERRNO);
	static final MethodHandle SYNCFS = bind("syncfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
	static final MethodHandle FSYNC = bind("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
	static final MethodHandle STRERROR = bind("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

	private LinuxCalls() {
	}

	@SuppressWarnings("restricted") // the launcher allows native access (--enable-native-access=ALL-UNNAMED)
	private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
		return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
				.orElseThrow(() -> new ExceptionInInitializerError("the C library has no " + name + "; OS2 needs glibc 2.30 or later")),
				descriptor, options);
	}
}
