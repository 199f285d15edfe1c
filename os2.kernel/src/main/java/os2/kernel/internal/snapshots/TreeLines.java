package os2.kernel.internal.snapshots;

/** A snapshot's entry as {@code snapshot show --files} prints it: kind, mode, size, path (and a link's target). */
final class TreeLines {

	private TreeLines() {
	}

	static String line(TreeEntry entry) {
		String mode = String.format("%04o", entry.mode());
		return switch (entry.kind()) {
			case DIRECTORY -> "d " + mode + " " + entry.path() + "/";
			case SYMLINK -> "l      " + entry.path() + " -> " + entry.target();
			default -> "f " + mode + " " + entry.path() + "  (" + entry.size() + " bytes, " + entry.hash().substring(0, 12) + ")";
		};
	}
}
