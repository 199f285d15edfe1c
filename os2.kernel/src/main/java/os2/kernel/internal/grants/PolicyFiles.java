package os2.kernel.internal.grants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.KernelException;
import os2.kernel.internal.secrets.LockedFile;
import os2.ledger.api.Json;
import os2.ledger.api.LedgerException;

/**
 * The policy's layers on disk: the default shipped with OS2, an optional file the launcher names
 * ({@code os2.policy}), and the user's own {@code $OS2_HOME/etc/policy.json}, which is where
 * {@code grant} and {@code revoke} write. Every OS2 process of the home may change the user's
 * file, so it is a {@link LockedFile}: changed under {@code etc/policy.lock}, read afresh inside
 * the lock, replaced atomically, and stamped so that a reader notices any change with one stat.
 */
final class PolicyFiles {

	private final String defaultPolicy;
	private final Path launcherLayer;
	private final LockedFile userLayer;

	/** @param launcherLayer null when the launcher names none */
	PolicyFiles(String defaultPolicy, Path launcherLayer, Path userLayer) {
		this.defaultPolicy = defaultPolicy;
		this.launcherLayer = launcherLayer;
		this.userLayer = new LockedFile(userLayer, userLayer.resolveSibling("policy.lock"));
	}

	Path userLayer() {
		return userLayer.path();
	}

	/** The user's file as a stat sees it: a different stamp, a different file. */
	LockedFile.Stamp stamp() {
		return userLayer.stamp();
	}

	/**
	 * The policy from its layers, and what was wrong with any of them. A layer that cannot be
	 * read or makes no sense is left out, with its problem said: the grants fail closed (a broken
	 * user file takes away what it granted, never what the default withholds).
	 */
	record Loaded(Policy policy, List<String> problems) {
	}

	/** The default, then the launcher's layer, then the user's, then {@code configured} (Config Admin's, or null), as they are now. */
	Loaded load(String configured) {
		Policy policy = Policy.EMPTY.with(defaultPolicy, "the default policy");
		List<String> problems = new ArrayList<>();
		if (launcherLayer != null) {
			try {
				policy = layer(policy, Files.readString(launcherLayer, StandardCharsets.UTF_8), launcherLayer.toString(), problems);
			} catch (IOException e) {
				problems.add("cannot read the policy " + launcherLayer + ": " + e.getMessage());
			}
		}
		try {
			String user = userLayer.read().orElse(null);
			if (user != null) {
				policy = layer(policy, user, userLayer.path().toString(), problems);
			}
		} catch (IOException e) {
			problems.add("cannot read the policy " + userLayer.path() + ": " + e.getMessage());
		}
		if (configured != null && !configured.isBlank()) {
			policy = layer(policy, configured, "the os2.policy configuration", problems);
		}
		return new Loaded(policy, List.copyOf(problems));
	}

	private static Policy layer(Policy below, String text, String source, List<String> problems) {
		try {
			return below.with(text, source);
		} catch (KernelException broken) {
			problems.add(broken.getMessage().startsWith(source) ? broken.getMessage() : source + ": " + broken.getMessage());
			return below;
		}
	}

	/** Takes the lock on the user's file for one change (see {@link #userLayer(LockedFile.Change)}). */
	LockedFile.Change lock() {
		return userLayer.change();
	}

	/**
	 * The user's layer as it is now, under the lock, as JSON to change.
	 *
	 * @throws KernelException when it is not a policy that is in force (a change written into it
	 *         would not be in force either)
	 */
	@SuppressWarnings("unchecked")
	Map<String, Object> userLayer(LockedFile.Change locked) {
		String text;
		try {
			text = locked.read().orElse("{}");
		} catch (IOException e) {
			throw new KernelException("cannot read the policy " + userLayer.path() + ": " + e.getMessage(), e);
		}
		Policy.EMPTY.with(text, userLayer.path().toString()); // says what is wrong, if anything is
		try {
			return new LinkedHashMap<>((Map<String, Object>) Json.parse(text));
		} catch (LedgerException | ClassCastException broken) {
			throw new KernelException(userLayer.path() + ": " + broken.getMessage(), broken);
		}
	}

	/**
	 * Puts one bundle's entry into {@code layer} (the user's, read under {@code locked}), keeping
	 * everything else in it, and replaces the file.
	 *
	 * @throws KernelException when the file cannot be written; it is then as it was
	 */
	@SuppressWarnings("unchecked")
	void saveBundle(LockedFile.Change locked, Map<String, Object> layer, String bundle, Policy.BundleEntry entry) {
		Map<String, Object> bundles = new LinkedHashMap<>((Map<String, Object>) layer.getOrDefault("bundles", Map.of()));
		bundles.put(bundle, Policy.toJson(entry));
		Map<String, Object> changed = new LinkedHashMap<>(layer);
		changed.put("bundles", bundles);
		try {
			locked.replace(Json.pretty(changed));
		} catch (IOException e) {
			throw new KernelException("cannot write the policy " + userLayer.path() + ": " + e.getMessage(), e);
		}
	}
}
