package os2.shell.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;

/**
 * The jar a bundle's classes are loaded from, as the framework holds it: for a bundle installed by
 * reference ({@code reference:file:...}, the distribution's), that file; for one installed from a
 * stream (a jar from {@code deploy/}), Felix's copy in its bundle cache,
 * {@code bundleN/versionR.S/bundle.jar}, the latest revision. What is hashed is what runs, not a
 * file in {@code deploy/} that may have changed since. Empty when it cannot be found: then nobody
 * can have trusted it.
 */
public final class BundleJar {

	private static final String REFERENCE = "reference:file:";

	private BundleJar() {
	}

	public static Optional<Path> of(Bundle bundle) {
		String location = bundle.getLocation();
		if (location.startsWith(REFERENCE)) {
			return regularFile(Path.of(location.substring(REFERENCE.length())));
		}
		java.io.File data = bundle.getDataFile("");
		if (data == null) {
			return Optional.empty();
		}
		Path archive = data.toPath().getParent();
		try (Stream<Path> revisions = Files.list(archive)) {
			return revisions.filter(path -> path.getFileName().toString().matches("version\\d+\\.\\d+"))
					.max(Comparator.comparing(BundleJar::revisionNumbers)).flatMap(revision -> regularFile(
							revision.resolve("bundle.jar")));
		} catch (IOException unreadable) {
			return Optional.empty();
		}
	}

	/** {@code version3.1} → 3 * 2^32 + 1: the refresh count first, then the revision. */
	private static long revisionNumbers(Path revision) {
		String[] numbers = revision.getFileName().toString().substring("version".length()).split("\\.");
		return (Long.parseLong(numbers[0]) << 32) + Long.parseLong(numbers[1]);
	}

	private static Optional<Path> regularFile(Path path) {
		return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
	}

	/** The SHA-256 of the bundle's jar ({@link #of}), or empty if it cannot be found or read. */
	public static Optional<String> sha256(Bundle bundle) {
		try {
			Optional<Path> jar = of(bundle);
			return jar.isEmpty() ? Optional.empty() : Optional.of(sha256(jar.get()));
		} catch (IOException unreadable) {
			return Optional.empty();
		}
	}

	/** The file's SHA-256, lower-case hex, as {@code sha256sum} prints it. */
	public static String sha256(Path jar) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
		try (InputStream in = Files.newInputStream(jar, LinkOption.NOFOLLOW_LINKS)) {
			byte[] buffer = new byte[65536];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}
}
