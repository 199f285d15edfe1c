package os2.shell.internal.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The jars the owner trusted, in {@code $OS2_HOME/etc/trusted-jars}: one per line,
 * {@code SHA256 NAME VERSION} (the name and version are what the jar said it was when it was
 * trusted, for whoever reads the file; only the hash decides), {@code #} comments. Written only by
 * an administrator session ({@code trust}), whole (a new file moved into place); read again
 * whenever it changed, so a decision made in one OS2 process holds in the others at once.
 */
public final class TrustedJars {

	public static final String FILE = "trusted-jars";

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	/** One trusted jar. */
	public record Trusted(String sha256, String name, String version) {
	}

	private final Path file;
	private Object readStamp;
	private Map<String, Trusted> trusted = Map.of();

	public TrustedJars(Path home) {
		this.file = home.resolve("etc").resolve(FILE);
	}

	public Path file() {
		return file;
	}

	public static boolean isSha256(String text) {
		return SHA256.matcher(text).matches();
	}

	public synchronized boolean contains(String sha256) {
		return current().containsKey(sha256);
	}

	public synchronized List<Trusted> all() {
		return List.copyOf(current().values());
	}

	/** Adds {@code jar}; false if it was trusted already. */
	public synchronized boolean add(Trusted jar) throws IOException {
		Map<String, Trusted> now = new LinkedHashMap<>(current());
		if (now.putIfAbsent(jar.sha256(), jar) != null) {
			return false;
		}
		write(now);
		return true;
	}

	/** Removes the jar with this hash; the entry removed, or null if it was not trusted. */
	public synchronized Trusted remove(String sha256) throws IOException {
		Map<String, Trusted> now = new LinkedHashMap<>(current());
		Trusted removed = now.remove(sha256);
		if (removed != null) {
			write(now);
		}
		return removed;
	}

	private Map<String, Trusted> current() {
		Object stamp = stamp();
		if (stamp == null || !stamp.equals(readStamp)) {
			trusted = read();
			readStamp = stamp;
		}
		return trusted;
	}

	/** The file's identity and time, or null if it is missing or cannot be read. */
	private Object stamp() {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
		} catch (IOException missing) {
			return null;
		}
	}

	private Map<String, Trusted> read() {
		Map<String, Trusted> read = new LinkedHashMap<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException none) {
			return read;
		} catch (IOException unreadable) {
			return read; // nothing trusted: a jar is refused rather than run on a file OS2 cannot read
		}
		for (String line : lines) {
			String[] words = line.strip().split("\\s+");
			if (words.length >= 1 && isSha256(words[0])) {
				read.put(words[0], new Trusted(words[0], words.length > 1 ? words[1] : "", words.length > 2 ? words[2] : ""));
			}
		}
		return read;
	}

	private void write(Map<String, Trusted> jars) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# Jars trusted to run as Java in OS2, with the owner's full authority: SHA256 NAME VERSION.");
		lines.add("# Changed with ./os2 --admin -c 'trust ...' (every change is in the ledger).");
		jars.values().forEach(jar -> lines.add(jar.sha256() + " " + jar.name() + " " + jar.version()));
		Files.createDirectories(file.getParent());
		Path staging = Files.createTempFile(file.getParent(), ".trusted-jars-", ".tmp");
		try {
			Files.write(staging, lines, StandardCharsets.UTF_8);
			Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(staging);
		}
		readStamp = null;
	}
}
