package os2.plugins.wasm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.api.WorkspaceTree;

/**
 * WASI's file functions kept beneath the workspace, whatever links a sandboxed program planted in
 * it (issue 18, rule 2). Chicory's own resolution is lexical only: it would follow a link
 * {@code /work/link -> /etc} out of the workspace, and open a FIFO and block the JVM's thread. So
 * each {@code path_*} function first resolves the guest's path against the workspace with
 * {@link WorkspaceTree#stat} (one {@code lstat} per component, no link followed) and answers an
 * errno itself when the path passes through a link, leaves the workspace, or names something it
 * must not open; otherwise it hands the call to Chicory, which then resolves the same names.
 *
 * <p>
 * The rule: a link is never followed, whether on the way or at the end of a path; the guest can
 * only see one in a listing, {@code lstat} it, read its text and unlink it. A guest cannot make a
 * link ({@code path_symlink} is refused), nor move or hard-link one, so the links in the workspace
 * are only those a sandboxed run left, and they stay where they are. Only regular files and
 * directories are opened: a FIFO, socket or device is refused before anything opens it.
 * {@code fd_readdir} is answered here (Chicory's follows links to give an entry's type), and the
 * other functions that act on a descriptor by its path ({@code fd_filestat_get},
 * {@code fd_filestat_set_times}) re-check that path first.
 *
 * <p>
 * The check and Chicory's own by-path action are two steps: a link swapped in between would be
 * followed. That needs something else to write the workspace while the guest runs; the guest
 * itself cannot (see above), and no sandboxed process of the workspace runs while a wasm or pyvm
 * run does (runs in one workspace take turns, issue 18 rule 3).
 *
 * <p>
 * Chicory keeps its descriptor table to itself, so this keeps its own: each descriptor's path
 * relative to the workspace, as Chicory records it (the preopen is {@code ""}), added on
 * {@code path_open}, moved by {@code fd_renumber}, dropped by {@code fd_close}. A path relative
 * to a descriptor it does not know is refused. One per WASI instance; not for two threads at once.
 *
 * <p>
 * The same table says which descriptors are files of the workspace, so the bytes a guest writes to
 * them are counted against the run's {@link WriteBudget} and a write past it refused with
 * {@code EFBIG} before Chicory writes anything: {@code fd_write} and {@code fd_pwrite} (the
 * lengths of their iovecs), {@code fd_allocate} and {@code fd_filestat_set_size} (what the file
 * grows by). A stream (stdin, stdout, stderr, wherever the guest renumbers them) is the run's
 * output, bounded by its output budget; a file renumbered onto 1 is still a file.
 */
public final class SymlinkSafeWasi {

	/**
	 * The descriptor of the one preopened directory: Chicory numbers stdin, stdout and stderr 0 to
	 * 2, then the directories in the order given.
	 */
	public static final int PREOPEN = 3;

	// WASI preview 1 errno values (Chicory's WasiErrno is not public)
	static final int ESUCCESS = 0;
	static final int EACCES = 2;
	static final int EBADF = 8;
	static final int EFBIG = 22;
	static final int EINVAL = 28;
	static final int EIO = 29;
	static final int ENOENT = 44;
	static final int ENOTDIR = 54;
	static final int ENOTCAPABLE = 76;

	private static final long LOOKUP_SYMLINK_FOLLOW = 1;

	// WASI filetype values
	private static final byte UNKNOWN = 0;
	private static final byte DIRECTORY = 3;
	private static final byte REGULAR_FILE = 4;
	private static final byte SYMBOLIC_LINK = 7;

	/** What a descriptor of the guest names: a path relative to the workspace, and whether it is a directory. */
	private record Opened(String path, boolean directory) {
	}

	/** A guest's path resolved beneath the workspace: its relative path and what is there, or the errno to answer. */
	private record Resolved(String path, Optional<WorkspaceEntry> entry, int errno) {

		static Resolved refused(int errno) {
			return new Resolved(null, Optional.empty(), errno);
		}

		boolean isLink() {
			return entry.map(e -> e.kind() == Kind.SYMLINK).orElse(false);
		}
	}

	private final WorkspaceTree tree;
	private final Supplier<WriteBudget> budget;
	private final Map<Integer, Opened> opened = new HashMap<>();

	private SymlinkSafeWasi(WorkspaceTree tree, Supplier<WriteBudget> budget) {
		this.tree = tree;
		this.budget = budget;
		opened.put(PREOPEN, new Opened("", true));
	}

	/**
	 * Chicory's WASI functions for a run whose only preopened directory ({@link #PREOPEN}) is
	 * {@code workspace}, with every function that takes a path or acts on one checked first, and
	 * every write to a file counted against {@code budget}.
	 *
	 * @param budget the budget of the run under way: asked at each write, as a persistent
	 *        interpreter (pyvm's) serves one run after another
	 */
	public static HostFunction[] guarding(HostFunction[] wasi, Path workspace, Supplier<WriteBudget> budget) {
		SymlinkSafeWasi guard;
		try {
			guard = new SymlinkSafeWasi(WorkspaceTree.open(workspace), budget);
		} catch (IOException e) {
			throw new IllegalStateException("the workspace " + workspace + " cannot be opened safely: " + e.getMessage(), e);
		}
		HostFunction[] functions = wasi.clone();
		for (int i = 0; i < functions.length; i++) {
			functions[i] = guard.guard(functions[i]);
		}
		return functions;
	}

	private HostFunction guard(HostFunction chicory) {
		return switch (chicory.name()) {
			case "path_open" -> wrap(chicory, this::pathOpen);
			case "path_filestat_get" -> wrap(chicory, (instance, a) -> {
				// lstat of a link is harmless (it is what lets a guest see and remove one); following it is not
				boolean follow = (a[1] & LOOKUP_SYMLINK_FOLLOW) != 0;
				return leafCheck(resolve(instance, a[0], a[2], a[3]), follow ? Leaf.NO_LINK : Leaf.ANY);
			});
			case "path_filestat_set_times" -> wrap(chicory, (instance, a) -> leafCheck(resolve(instance, a[0], a[2], a[3]), Leaf.NO_LINK));
			case "path_readlink", "path_unlink_file", "path_remove_directory", "path_create_directory" ->
				// none of these follows the last name, so a link there is harmless; one on the way is not
				wrap(chicory, (instance, a) -> leafCheck(resolve(instance, a[0], a[1], a[2]), Leaf.ANY));
			case "path_rename" -> wrap(chicory, (instance, a) -> firstRefusal(
					leafCheck(resolve(instance, a[0], a[1], a[2]), Leaf.NO_LINK),
					leafCheck(resolve(instance, a[3], a[4], a[5]), Leaf.NO_LINK)));
			case "path_link" -> wrap(chicory, (instance, a) -> firstRefusal(
					leafCheck(resolve(instance, a[0], a[2], a[3]), Leaf.NO_LINK),
					leafCheck(resolve(instance, a[4], a[5], a[6]), Leaf.NO_LINK)));
			case "path_symlink" -> refuseAlways(chicory);
			case "fd_close" -> after(chicory, (instance, a) -> opened.remove((int) a[0]));
			case "fd_renumber" -> after(chicory, (instance, a) -> renumber((int) a[0], (int) a[1]));
			case "fd_filestat_get", "fd_filestat_set_times" -> wrap(chicory, (instance, a) -> descriptorCheck((int) a[0]));
			case "fd_readdir" -> readdir(chicory);
			case "fd_write" -> writes(chicory, 3); // fd_write(fd, iovs, iovs_len, nwritten)
			case "fd_pwrite" -> writes(chicory, 4); // fd_pwrite(fd, iovs, iovs_len, offset, nwritten)
			case "fd_allocate" -> grows(chicory, SymlinkSafeWasi::allocatedEnd);
			case "fd_filestat_set_size" -> grows(chicory, a -> a[1]); // fd_filestat_set_size(fd, size)
			default -> {
				if (chicory.name().startsWith("path_")) {
					yield refuseAlways(chicory); // one this does not know how to check: none in preview 1 today
				}
				yield chicory;
			}
		};
	}

	/** What may be at the end of a path. */
	private enum Leaf {
		/** Anything: the function does not follow or open the last name. */
		ANY,
		/** Anything but a link: the function would follow it, or move it. */
		NO_LINK
	}

	/** Checks one call; the errno to answer, or {@link #ESUCCESS} to hand it to Chicory. */
	@FunctionalInterface
	private interface Check {
		int errno(Instance instance, long[] arguments) throws IOException;
	}

	@FunctionalInterface
	private interface Then {
		void accept(Instance instance, long[] arguments);
	}

	private static HostFunction wrap(HostFunction chicory, Check check) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(), (instance, arguments) -> {
			int errno;
			try {
				errno = check.errno(instance, arguments);
			} catch (IOException e) {
				errno = EIO;
			}
			return errno == ESUCCESS ? chicory.handle().apply(instance, arguments) : new long[] { errno };
		});
	}

	private static HostFunction after(HostFunction chicory, Then then) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(), (instance, arguments) -> {
			long[] result = chicory.handle().apply(instance, arguments);
			if (result[0] == ESUCCESS) {
				then.accept(instance, arguments);
			}
			return result;
		});
	}

	private static HostFunction refuseAlways(HostFunction chicory) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(),
				(instance, arguments) -> new long[] { ENOTCAPABLE });
	}

	private static int firstRefusal(int first, int second) {
		return first != ESUCCESS ? first : second;
	}

	/**
	 * {@code path_open(fd, lookupflags, path, path_len, oflags, rights, inheriting, fdflags, fd_out)}:
	 * only a regular file, a directory or a name not there yet (to be made a file); the descriptor
	 * Chicory gives is recorded with its path.
	 */
	private long[] pathOpen(HostFunction chicory, Instance instance, long[] a) throws IOException {
		Resolved resolved = resolve(instance, a[0], a[2], a[3]);
		int errno = leafCheck(resolved, Leaf.NO_LINK);
		if (errno == ESUCCESS && resolved.entry().map(e -> e.kind() == Kind.OTHER).orElse(false)) {
			errno = EACCES; // a FIFO would block the thread, a device could stream forever
		}
		if (errno != ESUCCESS) {
			return new long[] { errno };
		}
		long[] result = chicory.handle().apply(instance, a);
		if (result[0] == ESUCCESS) {
			int fd = instance.memory().readInt((int) a[8]);
			boolean directory = resolved.entry().map(e -> e.kind() == Kind.DIRECTORY).orElse(false);
			opened.put(fd, new Opened(resolved.path(), directory));
		}
		return result;
	}

	@FunctionalInterface
	private interface Handler {
		long[] apply(HostFunction chicory, Instance instance, long[] arguments) throws IOException;
	}

	private static HostFunction wrap(HostFunction chicory, Handler handler) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(), (instance, arguments) -> {
			try {
				return handler.apply(chicory, instance, arguments);
			} catch (IOException e) {
				return new long[] { EIO };
			}
		});
	}

	/**
	 * {@code fd_write} or {@code fd_pwrite} ({@code fd, iovs, iovs_len, ...}, the count of bytes
	 * written at argument {@code nwritten}): to a file of the workspace, the iovecs' lengths must
	 * fit in what is left of the budget, or nothing is written; what Chicory then wrote is counted.
	 */
	private HostFunction writes(HostFunction chicory, int nwritten) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(), (instance, a) -> {
			if (!isFile((int) a[0])) {
				return chicory.handle().apply(instance, a); // a stream: the run's output, with a budget of its own
			}
			WriteBudget files = budget.get();
			if (files.refuses(requested(instance.memory(), (int) a[1], (int) a[2]))) {
				return new long[] { EFBIG };
			}
			long[] result = chicory.handle().apply(instance, a);
			if (result[0] == ESUCCESS) {
				files.count(Integer.toUnsignedLong(instance.memory().readInt((int) a[nwritten])));
			}
			return result;
		});
	}

	/**
	 * The bytes {@code count} iovecs at {@code iovs} ask to write: each a {@code __wasi_ciovec_t}
	 * {buf: u32, buf_len: u32}, little-endian, read as Chicory reads them.
	 */
	private static long requested(Memory memory, int iovs, int count) {
		long bytes = 0;
		for (int i = 0; i < count; i++) {
			bytes += Integer.toUnsignedLong(memory.readInt(iovs + i * 8 + 4));
		}
		return bytes;
	}

	/**
	 * {@code fd_allocate} or {@code fd_filestat_set_size} on a file of the workspace: what the
	 * file would grow by to reach {@code size} must fit in what is left of the budget, and is
	 * counted once Chicory made it so. A size Chicory refuses by itself (negative) is left to it.
	 */
	private HostFunction grows(HostFunction chicory, ToLongFunction<long[]> size) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(), (instance, a) -> {
			Opened file = opened.get((int) a[0]);
			long wanted = size.applyAsLong(a);
			if (file == null || file.directory() || wanted < 0) {
				return chicory.handle().apply(instance, a);
			}
			long growth = Math.max(0, wanted - currentSize(file));
			WriteBudget files = budget.get();
			if (files.refuses(growth)) {
				return new long[] { EFBIG };
			}
			long[] result = chicory.handle().apply(instance, a);
			if (result[0] == ESUCCESS) {
				files.count(growth);
			}
			return result;
		});
	}

	/**
	 * {@code fd_allocate(fd, offset, len)}: the size it makes the file at least; -1 for what
	 * Chicory refuses ({@code EINVAL}), the largest size for a sum past it (refused, as too big).
	 */
	private static long allocatedEnd(long[] a) {
		long offset = a[1];
		long length = a[2];
		if (offset < 0 || length <= 0) {
			return -1;
		}
		return offset > Long.MAX_VALUE - length ? Long.MAX_VALUE : offset + length;
	}

	private boolean isFile(int fd) {
		Opened descriptor = opened.get(fd);
		return descriptor != null && !descriptor.directory();
	}

	/**
	 * The size of the file a descriptor was opened on, by its path, no link followed; 0 when that
	 * path no longer names a file (unlinked, moved), so the whole new size is counted.
	 */
	private long currentSize(Opened file) {
		try {
			return tree.stat(file.path()).filter(e -> e.kind() == Kind.FILE).map(WorkspaceEntry::size).orElse(0L);
		} catch (IOException e) {
			return 0;
		}
	}

	private void renumber(int from, int to) {
		if (from == to) {
			return;
		}
		Opened moved = opened.remove(from);
		if (moved == null) {
			opened.remove(to);
		} else {
			opened.put(to, moved);
		}
	}

	private static int leafCheck(Resolved resolved, Leaf leaf) {
		if (resolved.errno() != ESUCCESS) {
			return resolved.errno();
		}
		return leaf == Leaf.NO_LINK && resolved.isLink() ? ENOTCAPABLE : ESUCCESS;
	}

	/**
	 * For a function that acts on a descriptor by its path: the path must still lead to something
	 * through no link (the guest may have renamed a directory with a link in it to where one of
	 * its open directories was). A descriptor this does not know is a stream: Chicory's to answer.
	 */
	private int descriptorCheck(int fd) throws IOException {
		Opened descriptor = opened.get(fd);
		if (descriptor == null) {
			return ESUCCESS;
		}
		try {
			return tree.stat(descriptor.path()).map(e -> e.kind() == Kind.SYMLINK ? ENOTCAPABLE : ESUCCESS).orElse(ESUCCESS);
		} catch (PathRefusedException e) {
			return errno(e);
		} catch (NoSuchFileException e) {
			return ESUCCESS; // gone: Chicory finds nothing there either
		}
	}

	/**
	 * Resolves the guest's path ({@code length} bytes at {@code address}) from descriptor
	 * {@code fd} to a path relative to the workspace, refusing one that leaves it or passes
	 * through a link. A {@code ..} is taken lexically, as Chicory does, which is what the kernel
	 * would do only because the name before it was just found to be a real directory.
	 */
	private Resolved resolve(Instance instance, long fd, long address, long length) throws IOException {
		Opened base = opened.get((int) fd);
		if (base == null) {
			return Resolved.refused(EBADF);
		}
		if (!base.directory()) {
			return Resolved.refused(ENOTDIR);
		}
		String raw = instance.memory().readString((int) address, (int) length);
		if (raw.indexOf('\0') >= 0) {
			return Resolved.refused(EINVAL);
		}
		if (raw.startsWith("/")) {
			return Resolved.refused(ENOTCAPABLE);
		}
		Deque<String> names = new ArrayDeque<>();
		if (!base.path().isEmpty()) {
			names.addAll(List.of(base.path().split("/")));
		}
		try {
			for (String name : raw.split("/")) {
				if (name.isEmpty() || name.equals(".")) {
					continue;
				}
				if (!name.equals("..")) {
					names.addLast(name);
					continue;
				}
				if (names.isEmpty()) {
					return Resolved.refused(ENOTCAPABLE);
				}
				Optional<WorkspaceEntry> before = tree.stat(String.join("/", names));
				if (before.isEmpty()) {
					return Resolved.refused(ENOENT);
				}
				if (before.get().kind() != Kind.DIRECTORY) {
					return Resolved.refused(before.get().kind() == Kind.SYMLINK ? ENOTCAPABLE : ENOTDIR);
				}
				names.removeLast();
			}
			String path = String.join("/", names);
			return new Resolved(path, tree.stat(path), ESUCCESS);
		} catch (PathRefusedException e) {
			return Resolved.refused(errno(e));
		} catch (NoSuchFileException e) {
			return Resolved.refused(ENOENT);
		}
	}

	private static int errno(PathRefusedException e) {
		return switch (e.reason()) {
			case LINK, OUTSIDE -> ENOTCAPABLE;
			case NOT_DIRECTORY -> ENOTDIR;
			case BAD_NAME -> EINVAL;
			default -> EACCES;
		};
	}

	/**
	 * {@code fd_readdir(fd, buf, buf_len, cookie, used_out)} for a directory of the workspace,
	 * answered here from {@link WorkspaceTree#list}: each entry is what {@code lstat} says (a link
	 * is a link, its target never looked at), in a stable order. Each entry is a 24-byte header
	 * (next cookie, inode, name length, type) and the name; the last one is cut at the buffer's end,
	 * which tells the guest to call again from its cookie.
	 */
	private HostFunction readdir(HostFunction chicory) {
		return new HostFunction(chicory.module(), chicory.name(), chicory.functionType(), (instance, a) -> {
			Opened directory = opened.get((int) a[0]);
			if (directory == null) {
				return chicory.handle().apply(instance, a); // a stream: Chicory says it is not a directory
			}
			if (!directory.directory()) {
				return new long[] { ENOTDIR };
			}
			long cookie = a[3];
			if (cookie < 0) {
				return new long[] { EINVAL };
			}
			List<Entry> entries;
			try {
				entries = entries(directory.path());
			} catch (PathRefusedException e) {
				return new long[] { errno(e) };
			} catch (NoSuchFileException e) {
				return new long[] { ENOENT };
			} catch (IOException e) {
				return new long[] { EIO };
			}
			Memory memory = instance.memory();
			int buffer = (int) a[1];
			int length = (int) a[2];
			int used = 0;
			for (long i = cookie; i < entries.size() && used < length; i++) {
				Entry entry = entries.get((int) i);
				byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
				ByteBuffer bytes = ByteBuffer.allocate(24 + name.length).order(ByteOrder.LITTLE_ENDIAN);
				bytes.putLong(i + 1).putLong(entry.inode()).putInt(name.length).put(entry.type()).put(new byte[3]).put(name);
				int written = Math.min(bytes.capacity(), length - used);
				memory.write(buffer + used, bytes.array(), 0, written);
				used += written;
			}
			memory.writeI32((int) a[4], used);
			return new long[] { ESUCCESS };
		});
	}

	private record Entry(String name, long inode, byte type) {
	}

	private List<Entry> entries(String directory) throws IOException {
		List<WorkspaceEntry> listed = tree.list(directory); // refuses a link on the way or at the end
		Path host = directory.isEmpty() ? tree.root() : tree.root().resolve(directory);
		List<Entry> entries = new ArrayList<>(listed.size() + 2);
		long self = inode(host);
		entries.add(new Entry(".", self, DIRECTORY));
		entries.add(new Entry("..", self, DIRECTORY)); // the guest skips it; its parent is not the guest's business
		for (WorkspaceEntry entry : listed) {
			long inode;
			try {
				inode = inode(host.resolve(entry.name()));
			} catch (NoSuchFileException gone) {
				continue;
			}
			entries.add(new Entry(entry.name(), inode, type(entry.kind())));
		}
		return entries;
	}

	/** The inode number, which the guest's libc wants (it asks again by path if it is 0); the name is not followed. */
	private static long inode(Path path) throws IOException {
		return ((Number) java.nio.file.Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
	}

	private static byte type(Kind kind) {
		return switch (kind) {
			case FILE -> REGULAR_FILE;
			case DIRECTORY -> DIRECTORY;
			case SYMLINK -> SYMBOLIC_LINK;
			case OTHER -> UNKNOWN;
		};
	}
}
