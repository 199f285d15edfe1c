package os2.shell.internal.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Decides whether a bundle's code may run. The distribution's own bundles are those the launcher
 * installed from its own directory ({@code launch.bundles}); no other bundle may carry one of
 * their names. Any other bundle runs if the owner trusted its jar's SHA-256 ({@link TrustedJars}),
 * or if it carries no code ({@link JarContent}); else it is refused. Only a core or trusted bundle
 * holds the grants the policy gives its name: a code-free jar runs untrusted, with nothing granted.
 */
public final class BundleTrust {

	/** The framework property holding the distribution's jars, comma-separated (the bnd launcher's). */
	public static final String LAUNCH_BUNDLES = "launch.bundles";

	/** Why a bundle may run, or why not. */
	public enum Verdict {
		CORE("core", true), TRUSTED("trusted", true), NO_CODE("no-code", true), UNTRUSTED("untrusted", false),
		CLAIMS_CORE_NAME("claims-core-name", false), BY_REFERENCE("by-reference", false),
		UNREADABLE("unreadable", false);

		private final String recorded;
		private final boolean allowed;

		Verdict(String recorded, boolean allowed) {
			this.recorded = recorded;
			this.allowed = allowed;
		}

		/** As the ledger and {@code trust list} say it. */
		public String recorded() {
			return recorded;
		}

		public boolean allowed() {
			return allowed;
		}
	}

	/**
	 * @param sha256 the jar's, empty for the system bundle or a jar that could not be read
	 * @param code why the jar counts as code, empty if it does not
	 */
	public record Decision(Verdict verdict, String sha256, Optional<String> code) {

		public boolean allowed() {
			return verdict.allowed();
		}
	}

	/** A jar as read once: its hash and whether it is code. */
	private record Read(long lastModified, String sha256, Optional<String> code) {
	}

	private final Set<String> coreLocations;
	private final Set<String> coreNames;
	private final TrustedJars trusted;
	private final Map<Long, Read> reads = new ConcurrentHashMap<>();

	public BundleTrust(List<Path> coreJars, TrustedJars trusted) {
		this.trusted = trusted;
		Set<String> locations = new HashSet<>();
		Set<String> names = new HashSet<>();
		for (Path jar : coreJars) {
			locations.add("reference:file:" + jar);
			locations.add(jar.toString());
			symbolicName(jar).ifPresent(names::add);
		}
		this.coreLocations = Set.copyOf(locations);
		this.coreNames = Set.copyOf(names);
	}

	/** The distribution's jars as the launcher lists them ({@value #LAUNCH_BUNDLES}). */
	public static List<Path> coreJars(String launchBundles) {
		if (launchBundles == null || launchBundles.isBlank()) {
			return List.of();
		}
		return java.util.Arrays.stream(launchBundles.split(",")).map(String::strip).filter(s -> !s.isEmpty())
				.map(Path::of).toList();
	}

	public boolean isCore(Bundle bundle) {
		return bundle.getBundleId() == 0 || coreLocations.contains(bundle.getLocation());
	}

	public Decision decide(Bundle bundle) {
		if (isCore(bundle)) {
			return new Decision(Verdict.CORE, "", Optional.empty());
		}
		if (bundle.getLocation().startsWith("reference:")) {
			// Felix reads such a bundle's classes from that file for as long as it runs: a hash
			// taken once would not hold for what is loaded later
			return new Decision(Verdict.BY_REFERENCE, "", Optional.of("it runs from " + bundle.getLocation()));
		}
		Optional<Read> read = read(bundle);
		if (read.isEmpty()) {
			return new Decision(Verdict.UNREADABLE, "", Optional.of("its jar could not be read"));
		}
		String sha256 = read.get().sha256();
		if (bundle.getSymbolicName() != null && coreNames.contains(bundle.getSymbolicName())) {
			return new Decision(Verdict.CLAIMS_CORE_NAME, sha256, read.get().code());
		}
		if (read.get().code().isEmpty()) {
			// it runs either way; trusted, the grants given to its name hold for it (os2.kernel's VouchedJars)
			return new Decision(trusted.contains(sha256) ? Verdict.TRUSTED : Verdict.NO_CODE, sha256, Optional.empty());
		}
		return new Decision(trusted.contains(sha256) ? Verdict.TRUSTED : Verdict.UNTRUSTED, sha256, read.get().code());
	}

	/** The one line that says why a refused bundle does not run, and what to do. */
	public static String refusal(Bundle bundle, Decision decision) {
		String what = bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + ")";
		return switch (decision.verdict()) {
			case CLAIMS_CORE_NAME -> "os2: refused " + what + ": " + bundle.getSymbolicName()
					+ " is the name of one of OS2's own bundles, and only OS2's distribution may install it";
			case UNREADABLE -> "os2: refused " + what + ": its jar could not be read, so it cannot be trusted";
			case BY_REFERENCE -> "os2: refused " + what + ": it was installed by reference, so the file it runs from"
					+ " could change after it was trusted; install a copy (drop the jar into deploy/)";
			default -> "os2: not started " + what + ": it holds Java code (" + decision.code().orElse("") + "), and Java"
					+ " code runs with your full authority; if you trust this jar, ./os2 --admin -c 'trust add "
					+ decision.sha256() + "'";
		};
	}

	private Optional<Read> read(Bundle bundle) {
		long lastModified = bundle.getLastModified();
		Read known = reads.get(bundle.getBundleId());
		if (known != null && known.lastModified() == lastModified) {
			return Optional.of(known);
		}
		Optional<Path> jar = BundleJar.of(bundle);
		if (jar.isEmpty()) {
			return Optional.empty();
		}
		try {
			Read read = new Read(lastModified, BundleJar.sha256(jar.get()), JarContent.code(jar.get()));
			reads.put(bundle.getBundleId(), read);
			return Optional.of(read);
		} catch (IOException | RuntimeException unreadable) {
			return Optional.empty();
		}
	}

	private static Optional<String> symbolicName(Path jar) {
		try (JarFile file = new JarFile(jar.toFile(), false)) {
			String name = file.getManifest() == null ? null
					: file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
			return name == null ? Optional.empty() : Optional.of(name.split(";")[0].strip());
		} catch (IOException unreadable) {
			return Optional.empty();
		}
	}
}
