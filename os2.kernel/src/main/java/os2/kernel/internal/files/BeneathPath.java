package os2.kernel.internal.files;

import java.util.ArrayList;
import java.util.List;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;

/**
 * A path as a caller gave it and the names it walks, each one checked to stay beneath the root:
 * lexically, before anything on disk is touched (the disk is checked name by name later).
 *
 * @param given the path as given, for messages
 * @param names its names, none empty, {@code "."} or {@code ".."}; empty for the root
 */
record BeneathPath(String given, List<String> names) {

	BeneathPath {
		names = List.copyOf(names);
	}

	static BeneathPath parse(String given) throws PathRefusedException {
		if (given == null) {
			throw new PathRefusedException("null", Reason.BAD_NAME);
		}
		if (given.startsWith("/")) {
			throw new PathRefusedException(given, Reason.OUTSIDE);
		}
		if (given.indexOf('\0') >= 0) {
			throw new PathRefusedException(given.replace('\0', '?'), Reason.BAD_NAME);
		}
		List<String> names = new ArrayList<>();
		if (!given.isEmpty() && !given.equals(".")) {
			for (String name : given.split("/", -1)) {
				if (name.equals("..")) {
					throw new PathRefusedException(given, Reason.OUTSIDE);
				}
				if (name.isEmpty()) {
					throw new PathRefusedException(given, Reason.BAD_NAME);
				}
				if (!name.equals(".")) {
					names.add(name);
				}
			}
		}
		return new BeneathPath(given, names);
	}

	boolean isRoot() {
		return names.isEmpty();
	}

	/** @return the names of the directory holding the last name */
	List<String> parent() {
		return names.subList(0, names.size() - 1);
	}

	/** @return the last name; refused for the root, which is no name in the tree */
	String leaf() throws PathRefusedException {
		if (isRoot()) {
			throw new PathRefusedException(given, Reason.BAD_NAME);
		}
		return names.getLast();
	}

	/** @return the relative path of {@code name} inside the directory this path names */
	String child(String name) {
		return isRoot() ? name : String.join("/", names) + "/" + name;
	}

	/** @return the names joined again, '/'-separated, "" for the root */
	String relative() {
		return String.join("/", names);
	}
}
