package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ledger/unsealed/}: whole entries cut from the end of the ledger because no seal that
 * checks out covers them, kept as they lay in the segment for a person to look at. OS2 never
 * acknowledged them (it seals a batch in the same write as its entries), so they were torn by a
 * power loss or not written by OS2; either way they must not be sealed over, and verify reports
 * each file until it is deleted.
 * <p>
 * A file is named for where its bytes began and which indexes its entries would have had:
 * {@code 00000000-4711-entries-12-14.bin} (or {@code ...-seal.bin} for a seal alone).
 */
final class UnsealedTails {

	static final String DIRECTORY = "unsealed";
	private static final Pattern NAME = Pattern.compile("(\\d{8})-(\\d+)-(?:entries-(\\d+)-(\\d+)|seal)\\.bin");

	private final Path directory;

	UnsealedTails(Path ledger) {
		this.directory = ledger.resolve(DIRECTORY);
	}

	/**
	 * Copies the bytes from {@code offset} in {@code segment} to the end of the last segment into
	 * a new file, forced to disk, before the caller cuts them off.
	 *
	 * @param firstEntry the index the first whole entry among them would have had
	 * @param entries how many whole entries they hold
	 */
	Path keep(Segments segments, int segment, long offset, long firstEntry, long entries) throws IOException {
		Files.createDirectories(directory);
		String range = entries == 0 ? "seal" : "entries-" + firstEntry + "-" + (firstEntry + entries - 1);
		Path file = directory.resolve(String.format("%08d-%d-%s.bin", segment, offset, range));
		try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			long at = offset;
			for (int s = segment; s < segments.count(); s++) {
				long end = segments.size(s);
				while (at < end) {
					ByteBuffer bytes = segments.read(s, at, (int) Math.min(end - at, 1 << 20));
					at += bytes.remaining();
					while (bytes.hasRemaining()) {
						out.write(bytes);
					}
				}
				at = 0;
			}
			out.force(true);
		}
		SealKey.forceDirectory(directory);
		return file;
	}

	/** What verify says about the files kept here, or null when there are none. */
	String problem() throws IOException {
		List<String> kept = new ArrayList<>();
		if (Files.isDirectory(directory)) {
			try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
				files.forEach(file -> kept.add(describe(file)));
			}
		}
		if (kept.isEmpty()) {
			return null;
		}
		kept.sort(null);
		return "the ledger cut off " + String.join("; and ", kept) + ". No seal that checks out covered them, so OS2 "
				+ "never acknowledged them: a power loss tore their write, or they were not written by OS2. Look at "
				+ "them (they are records as in a segment), then delete the file" + (kept.size() == 1 ? "" : "s")
				+ "; verify reports " + directory + " until it is empty";
	}

	private static String describe(Path file) {
		Matcher name = NAME.matcher(file.getFileName().toString());
		if (!name.matches()) {
			return file.toString();
		}
		String what = name.group(3) == null ? "a seal" : SealCheck.describe(Long.parseLong(name.group(3)),
				Long.parseLong(name.group(4)) + 1);
		return what + " from " + name.group(1) + ".seg at offset " + name.group(2) + ", kept in " + file;
	}
}
