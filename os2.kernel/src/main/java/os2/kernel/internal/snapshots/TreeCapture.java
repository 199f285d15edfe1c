package os2.kernel.internal.snapshots;

import java.util.List;

/**
 * What a capture stored.
 *
 * @param root the id of the root tree object (SHA-256 hex): what a manifest names
 * @param files regular files captured
 * @param directories directories captured, beneath the root
 * @param links symbolic links captured (as links: their targets, never followed)
 * @param bytes the files' bytes, in all
 * @param filesRead files read, because the stat cache could not vouch for them
 * @param bytesRead the bytes of those
 * @param skipped FIFOs, sockets and devices left out, the first {@link #SKIPPED_SHOWN} as
 *        "path (kind)"
 * @param skippedCount how many were left out in all
 */
public record TreeCapture(String root, long files, long directories, long links, long bytes, long filesRead, long bytesRead,
		List<String> skipped, long skippedCount) {

	/** How many skipped paths are named; the rest are counted. */
	public static final int SKIPPED_SHOWN = 100;

	public TreeCapture {
		skipped = List.copyOf(skipped);
	}
}
