package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where this JVM's own cgroup is in the hierarchy of a controller ({@code pids}, {@code memory}),
 * which is where a run's cgroup for it goes: in cgroup v1, the mount of the hierarchy that has the
 * controller; in cgroup v2, the one hierarchy, where the JVM's cgroup must hand the controller down
 * to its children ({@code cgroup.subtree_control}). v1 is preferred where both are mounted: a
 * controller is in one hierarchy or the other, never both at once.
 */
final class CgroupDirectories {

	private static final Path MOUNTS = Path.of("/proc/self/mountinfo");
	private static final Path MEMBERSHIP = Path.of("/proc/self/cgroup");

	private CgroupDirectories() {
	}

	/** This JVM's cgroup in the hierarchy of {@code controller}, if there is one it can be used in. */
	static Optional<Path> of(String controller) {
		try {
			List<String> mounts = Files.readAllLines(MOUNTS);
			List<String> membership = Files.readAllLines(MEMBERSHIP);
			Optional<Path> v1 = v1Directory(controller, mounts, membership);
			return v1.isPresent() ? v1 : v2Directory(controller, mounts, membership);
		} catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	private static Optional<Path> v1Directory(String controller, List<String> mounts, List<String> membership) {
		for (String mount : mounts) {
			String[] fields = mountFields(mount);
			if (fields != null && fields[0].equals("cgroup") && Arrays.asList(fields[3].split(",")).contains(controller)) {
				for (String line : membership) {
					String[] member = line.split(":", 3);
					if (member.length == 3 && Arrays.asList(member[1].split(",")).contains(controller)) {
						return Optional.of(within(fields[2], fields[1], member[2]));
					}
				}
			}
		}
		return Optional.empty();
	}

	private static Optional<Path> v2Directory(String controller, List<String> mounts, List<String> membership)
			throws IOException {
		for (String mount : mounts) {
			String[] fields = mountFields(mount);
			if (fields != null && fields[0].equals("cgroup2")) {
				for (String line : membership) {
					if (line.startsWith("0::")) {
						Path directory = within(fields[2], fields[1], line.substring(3));
						String handedDown = Files.readString(directory.resolve("cgroup.subtree_control"));
						return Arrays.asList(handedDown.strip().split(" ")).contains(controller) ? Optional.of(directory)
								: Optional.empty();
					}
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * From a mountinfo line (proc(5)): file system type, the root of the mount within its file
	 * system, mount point, super options; null for a line of another shape.
	 */
	private static String[] mountFields(String line) {
		int separator = line.indexOf(" - ");
		if (separator < 0) {
			return null;
		}
		String[] before = line.substring(0, separator).split(" ");
		String[] after = line.substring(separator + 3).split(" ");
		if (before.length < 5 || after.length < 3) {
			return null;
		}
		return new String[] { after[0], before[3], before[4], after[2] };
	}

	/** Where a cgroup path is under a mount whose root is {@code mountRoot}. */
	private static Path within(String mountPoint, String mountRoot, String cgroupPath) {
		String relative = !mountRoot.equals("/") && cgroupPath.startsWith(mountRoot)
				? cgroupPath.substring(mountRoot.length())
				: cgroupPath;
		return Path.of(mountPoint, relative.startsWith("/") ? relative.substring(1) : relative);
	}
}
