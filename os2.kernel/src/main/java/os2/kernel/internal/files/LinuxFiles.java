package os2.kernel.internal.files;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;

/**
 * {@link LinuxCalls} as Java methods: names as bytes in, {@code errno} out as the JDK's exceptions
 * (or a {@link PathRefusedException} for a link or non-directory met), each naming the path it was
 * about. The C strings, the {@code statx} buffer and the directory buffer are the calling thread's
 * own, reused from call to call.
 */
final class LinuxFiles {

	private static final int ENOENT = 2;
	private static final int EPERM = 1;
	private static final int EACCES = 13;
	private static final int EEXIST = 17;
	private static final int ENOTDIR = 20;
	private static final int ENOTEMPTY = 39;
	private static final int ELOOP = 40;
	private static final int EOPNOTSUPP = 95;
	private static final int EROFS = 30;

	/** A thread's buffers: each call fills and reads them before it returns, so none is shared. */
	private static final class Buffers {
		final Arena arena = Arena.ofAuto();
		final MemorySegment state = arena.allocate(LinuxCalls.CALL_STATE);
		final MemorySegment statx = arena.allocate(256, 8);
		final MemorySegment name = arena.allocate(4097);
		final MemorySegment second = arena.allocate(4097);
		final MemorySegment entries = arena.allocate(1 << 16, 8);
		final MemorySegment copy = arena.allocate(1 << 16, 8);
	}

	private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

	private LinuxFiles() {
	}

	static int openAt(int directory, byte[] name, int flags, int mode, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		while (true) {
			int fd;
			try {
				fd = (int) LinuxCalls.OPENAT.invokeExact(buffers.state, directory, cString(buffers.name, name), flags, mode);
			} catch (Throwable t) {
				throw unexpected(t);
			}
			if (fd >= 0) {
				return fd;
			}
			int errno = errno(buffers);
			if (errno != LinuxCalls.EINTR) {
				throw error(errno, path);
			}
		}
	}

	/** @return the status of {@code name} in {@code directory} (of {@code directory} itself if null); null if absent */
	static FileStatus statAt(int directory, byte[] name, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int flags = LinuxCalls.AT_SYMLINK_NOFOLLOW | (name == null ? LinuxCalls.AT_EMPTY_PATH : 0);
		int result;
		try {
			result = (int) LinuxCalls.STATX.invokeExact(buffers.state, directory, cString(buffers.name, name == null ? new byte[0] : name),
					flags, LinuxCalls.STATX_WANTED, buffers.statx);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		if (result != 0) {
			int errno = errno(buffers);
			if (errno == ENOENT) {
				return null;
			}
			throw error(errno, path);
		}
		MemorySegment s = buffers.statx;
		if ((s.get(JAVA_INT, 0) & LinuxCalls.STATX_WANTED) != LinuxCalls.STATX_WANTED) {
			throw new FileSystemException(path, null, "its file system does not report inode, size, mtime and ctime");
		}
		int mode = Short.toUnsignedInt(s.get(JAVA_SHORT, 28));
		long device = (Integer.toUnsignedLong(s.get(JAVA_INT, 136)) << 32) | Integer.toUnsignedLong(s.get(JAVA_INT, 140));
		return new FileStatus(mode, s.get(JAVA_LONG, 40), s.get(JAVA_LONG, 32), device, nanos(s, 112), nanos(s, 96));
	}

	/** @return the names in {@code directory} but "." and "..", in the order it gives them */
	static List<byte[]> names(int directory, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		List<byte[]> names = new ArrayList<>();
		MemorySegment entries = buffers.entries;
		long rewound;
		try {
			rewound = (long) LinuxCalls.LSEEK.invokeExact(buffers.state, directory, 0L, 0); // from the first name, every time
		} catch (Throwable t) {
			throw unexpected(t);
		}
		if (rewound < 0) {
			throw error(errno(buffers), path);
		}
		while (true) {
			long read;
			try {
				read = (long) LinuxCalls.GETDENTS64.invokeExact(buffers.state, directory, entries, entries.byteSize());
			} catch (Throwable t) {
				throw unexpected(t);
			}
			if (read < 0) {
				int errno = errno(buffers);
				if (errno == LinuxCalls.EINTR) {
					continue;
				}
				throw error(errno, path);
			}
			if (read == 0) {
				return names;
			}
			// struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated)
			for (long at = 0; at < read;) {
				int length = Short.toUnsignedInt(entries.get(JAVA_SHORT, at + 16));
				long start = at + 19;
				long end = start;
				while (entries.get(JAVA_BYTE, end) != 0) {
					end++;
				}
				byte[] name = entries.asSlice(start, end - start).toArray(JAVA_BYTE);
				if (!isDot(name)) {
					names.add(name);
				}
				at += length;
			}
		}
	}

	static int read(int fd, ByteBuffer into, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		boolean direct = into.isDirect();
		MemorySegment target = direct ? MemorySegment.ofBuffer(into)
				: buffers.copy.asSlice(0, Math.min(into.remaining(), buffers.copy.byteSize()));
		while (true) {
			long read;
			try {
				read = (long) LinuxCalls.READ.invokeExact(buffers.state, fd, target, target.byteSize());
			} catch (Throwable t) {
				throw unexpected(t);
			}
			if (read >= 0) {
				if (direct) {
					into.position(into.position() + (int) read);
				} else {
					into.put(target.asSlice(0, read).asByteBuffer());
				}
				return read == 0 && target.byteSize() > 0 ? -1 : (int) read;
			}
			int errno = errno(buffers);
			if (errno != LinuxCalls.EINTR) {
				throw error(errno, path);
			}
		}
	}

	static int write(int fd, ByteBuffer from, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		MemorySegment source;
		if (from.isDirect()) {
			source = MemorySegment.ofBuffer(from);
		} else {
			source = buffers.copy.asSlice(0, Math.min(from.remaining(), buffers.copy.byteSize()));
			source.copyFrom(MemorySegment.ofBuffer(from.slice(from.position(), (int) source.byteSize())));
		}
		while (true) {
			long written;
			try {
				written = (long) LinuxCalls.WRITE.invokeExact(buffers.state, fd, source, source.byteSize());
			} catch (Throwable t) {
				throw unexpected(t);
			}
			if (written >= 0) {
				from.position(from.position() + (int) written);
				return (int) written;
			}
			int errno = errno(buffers);
			if (errno != LinuxCalls.EINTR) {
				throw error(errno, path);
			}
		}
	}

	/**
	 * Copies what is left of {@code in} to {@code out} in the kernel ({@code copy_file_range}),
	 * through a buffer where the two file systems cannot.
	 *
	 * @return the bytes copied
	 */
	static long copy(int in, int out, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		long copied = 0;
		while (true) {
			long done;
			try {
				done = (long) LinuxCalls.COPY_FILE_RANGE.invokeExact(buffers.state, in, MemorySegment.NULL, out, MemorySegment.NULL,
						1L << 30, 0);
			} catch (Throwable t) {
				throw unexpected(t);
			}
			if (done == 0) {
				return copied;
			}
			if (done > 0) {
				copied += done;
				continue;
			}
			int errno = errno(buffers);
			if (errno == LinuxCalls.EINTR) {
				continue;
			}
			if (errno == LinuxCalls.EXDEV || errno == LinuxCalls.EINVAL || errno == LinuxCalls.ENOSYS
					|| errno == LinuxCalls.EOPNOTSUPP) {
				return copied + copyThroughBuffer(in, out, path);
			}
			throw error(errno, path);
		}
	}

	private static long copyThroughBuffer(int in, int out, String path) throws IOException {
		ByteBuffer buffer = BUFFERS.get().copy.asByteBuffer();
		long copied = 0;
		while (true) {
			buffer.clear();
			if (read(in, buffer, path) < 0) {
				return copied;
			}
			buffer.flip();
			copied += buffer.remaining();
			while (buffer.hasRemaining()) {
				write(out, buffer, path);
			}
		}
	}

	static void makeDirectory(int directory, byte[] name, int mode, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.MKDIRAT.invokeExact(buffers.state, directory, cString(buffers.name, name), mode);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	static void makeLink(byte[] target, int directory, byte[] name, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.SYMLINKAT.invokeExact(buffers.state, cString(buffers.second, target), directory,
					cString(buffers.name, name));
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	static byte[] readLink(int directory, byte[] name, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		long length;
		try {
			length = (long) LinuxCalls.READLINKAT.invokeExact(buffers.state, directory, cString(buffers.name, name),
					buffers.second, buffers.second.byteSize());
		} catch (Throwable t) {
			throw unexpected(t);
		}
		if (length < 0) {
			throw error(errno(buffers), path);
		}
		return buffers.second.asSlice(0, length).toArray(JAVA_BYTE);
	}

	static void unlink(int directory, byte[] name, boolean isDirectory, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.UNLINKAT.invokeExact(buffers.state, directory, cString(buffers.name, name),
					isDirectory ? LinuxCalls.AT_REMOVEDIR : 0);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	static void rename(int directory, byte[] from, byte[] to, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.RENAMEAT.invokeExact(buffers.state, directory, cString(buffers.name, from), directory,
					cString(buffers.second, to));
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	static void changeMode(int fd, int mode, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.FCHMOD.invokeExact(buffers.state, fd, mode);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	/** chmod of {@code name} in {@code directory}, refused (never followed) if it is a link. */
	static void changeModeAt(int directory, byte[] name, int mode, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.FCHMODAT.invokeExact(buffers.state, directory, cString(buffers.name, name), mode,
					LinuxCalls.AT_SYMLINK_NOFOLLOW);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	static void syncFileSystem(int fd, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.SYNCFS.invokeExact(buffers.state, fd);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		check(result, buffers, path);
	}

	static void close(int fd, String path) throws IOException {
		Buffers buffers = BUFFERS.get();
		int result;
		try {
			result = (int) LinuxCalls.CLOSE.invokeExact(buffers.state, fd);
		} catch (Throwable t) {
			throw unexpected(t);
		}
		// after EINTR the descriptor is closed all the same on Linux; trying again could close another's
		if (result != 0 && errno(buffers) != LinuxCalls.EINTR) {
			throw error(errno(buffers), path);
		}
	}

	private static void check(int result, Buffers buffers, String path) throws IOException {
		if (result != 0) {
			throw error(errno(buffers), path);
		}
	}

	static IOException error(int errno, String path) {
		return switch (errno) {
			case ENOENT -> new NoSuchFileException(path);
			case EEXIST -> new FileAlreadyExistsException(path);
			case ENOTEMPTY -> new DirectoryNotEmptyException(path);
			case EACCES, EPERM, EROFS -> new AccessDeniedException(path, null, message(errno));
			case ELOOP, EOPNOTSUPP -> new PathRefusedException(path, Reason.LINK);
			case ENOTDIR -> new PathRefusedException(path, Reason.NOT_DIRECTORY);
			default -> new FileSystemException(path, null, message(errno));
		};
	}

	@SuppressWarnings("restricted") // strerror's string, read up to its NUL
	private static String message(int errno) {
		try {
			MemorySegment text = (MemorySegment) LinuxCalls.STRERROR.invokeExact(errno);
			return text.reinterpret(256).getString(0);
		} catch (Throwable t) {
			return "errno " + errno;
		}
	}

	private static int errno(Buffers buffers) {
		return (int) LinuxCalls.ERRNO_VALUE.get(buffers.state, 0L);
	}

	private static MemorySegment cString(MemorySegment into, byte[] bytes) {
		if (bytes.length >= into.byteSize()) {
			throw new IllegalArgumentException("a name or link target of " + bytes.length + " bytes; Linux takes 4095 at most");
		}
		MemorySegment.copy(bytes, 0, into, JAVA_BYTE, 0, bytes.length);
		into.set(JAVA_BYTE, bytes.length, (byte) 0);
		return into;
	}

	private static long nanos(MemorySegment statx, long offset) {
		// struct statx_timestamp: tv_sec (8), tv_nsec (4), reserved (4)
		return statx.get(JAVA_LONG, offset) * 1_000_000_000L + Integer.toUnsignedLong(statx.get(JAVA_INT, offset + 8));
	}

	private static boolean isDot(byte[] name) {
		return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
	}

	private static RuntimeException unexpected(Throwable t) {
		if (t instanceof Error error) {
			throw error;
		}
		return t instanceof RuntimeException runtime ? runtime : new IllegalStateException("a native call failed", t);
	}
}
