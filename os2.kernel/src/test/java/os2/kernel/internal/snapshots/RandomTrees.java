package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Random workspaces from a seed: nested and empty directories, binary files of every size from
 * empty up, files with equal contents, executable and read-only modes, links (relative, absolute,
 * dangling, to directories), and random changes to them. The same seed makes the same tree.
 */
final class RandomTrees {

	// readable by the owner: a regular user's OS2 cannot read a file it may not (and refuses to capture it)
	private static final int[] FILE_MODES = {0644, 0644, 0755, 0600, 0444, 0700, 0640, 0400};
	private static final int[] DIRECTORY_MODES = {0755, 0755, 0700, 0750, 0555};
	private static final String[] NAMES = {"a", "b", "src", "lib", "x.txt", "data.bin", "README", "é", "名前", "sp ace",
			"new\nline", "-dash", ".hidden", "z", "a.b", "a-b", "\uD83D\uDE00"};

	private final Random random;
	private final Path outside;

	/** @param outside a directory outside the workspace, for links to point at */
	RandomTrees(long seed, Path outside) {
		this.random = new Random(seed);
		this.outside = outside;
	}

	void fill(Path root, int depth) throws IOException {
		int count = random.nextInt(depth == 0 ? 4 : 7);
		for (int i = 0; i < count; i++) {
			Path path = root.resolve(freeName(root));
			int kind = random.nextInt(10);
			if (kind < 5) {
				file(path);
			} else if (kind < 8 && depth < 4) {
				Files.createDirectory(path);
				fill(path, depth + 1);
			} else {
				link(path);
			}
		}
	}

	/** Gives every directory beneath {@code root} a random mode, deepest first (a read-only one is filled already). */
	void setDirectoryModes(Path root) throws IOException {
		List<Path> directories = new ArrayList<>();
		try (Stream<Path> all = Files.walk(root)) {
			all.filter(path -> !path.equals(root) && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).forEach(directories::add);
		}
		for (Path directory : directories.reversed()) {
			Files.setPosixFilePermissions(directory, permissions(DIRECTORY_MODES[random.nextInt(DIRECTORY_MODES.length)]));
		}
	}

	/** Makes a few random changes anywhere in the tree: contents, modes, kinds, links, removals, additions. */
	void mutate(Path root) throws IOException {
		makeWritable(root);
		int changes = 1 + random.nextInt(6);
		for (int i = 0; i < changes; i++) {
			List<Path> all = new ArrayList<>();
			try (Stream<Path> paths = Files.walk(root)) {
				paths.filter(path -> !path.equals(root)).forEach(all::add);
			}
			if (all.isEmpty()) {
				fill(root, 2);
				continue;
			}
			Path target = all.get(random.nextInt(all.size()));
			boolean directory = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
			switch (random.nextInt(8)) {
				case 0 -> {
					if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
						// same size, one byte changed
						byte[] bytes = Files.readAllBytes(target);
						if (bytes.length > 0) {
							bytes[random.nextInt(bytes.length)] ^= 1;
							Files.write(target, bytes);
						}
					}
				}
				case 1 -> {
					if (!Files.isSymbolicLink(target)) {
						Files.setPosixFilePermissions(target,
								permissions((directory ? 0700 : 0) | FILE_MODES[random.nextInt(FILE_MODES.length)]));
					}
				}
				case 2 -> remove(target);
				case 3 -> fill(directory ? target : target.getParent(), 3);
				case 4 -> {
					remove(target);
					file(target);
				}
				case 5 -> {
					remove(target);
					Files.createDirectory(target);
					fill(target, 3);
				}
				case 6 -> {
					remove(target);
					link(target);
				}
				default -> {
					if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
						Files.write(target, bytes(random.nextInt(3000)));
					}
				}
			}
		}
	}

	private void file(Path path) throws IOException {
		int size = switch (random.nextInt(5)) {
			case 0 -> 0;
			case 1 -> random.nextInt(16);
			case 2 -> 100_000 + random.nextInt(400_000);
			default -> random.nextInt(5000);
		};
		// a few contents recur, so equal files at different paths are common
		byte[] content = random.nextInt(5) == 0 ? ("shared " + random.nextInt(3)).getBytes() : bytes(size);
		Files.write(path, content);
		Files.setPosixFilePermissions(path, permissions(FILE_MODES[random.nextInt(FILE_MODES.length)]));
	}

	private void link(Path path) throws IOException {
		String target = switch (random.nextInt(4)) {
			case 0 -> "../" + NAMES[random.nextInt(NAMES.length)];
			case 1 -> outside.toString();
			case 2 -> "missing/" + random.nextInt(100);
			default -> NAMES[random.nextInt(NAMES.length)];
		};
		Files.createSymbolicLink(path, Path.of(target));
	}

	private byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}

	private String freeName(Path directory) {
		while (true) {
			String name = NAMES[random.nextInt(NAMES.length)] + (random.nextInt(3) == 0 ? "" : String.valueOf(random.nextInt(20)));
			if (!Files.exists(directory.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
				return name;
			}
		}
	}

	static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission permission : PosixFilePermission.values()) {
			if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
				permissions.add(permission);
			}
		}
		return permissions;
	}

	/** Gives the owner every right on every directory, so a test can change anything (as a regular user too). */
	static void makeWritable(Path root) throws IOException {
		try (Stream<Path> all = Files.walk(root)) {
			for (Path path : all.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
				permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
						PosixFilePermission.OWNER_EXECUTE));
				Files.setPosixFilePermissions(path, permissions);
			}
		}
	}

	static void remove(Path path) throws IOException {
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			makeWritable(path);
			try (Stream<Path> all = Files.walk(path)) {
				for (Path each : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
					Files.delete(each);
				}
			}
		} else {
			Files.deleteIfExists(path);
		}
	}
}
