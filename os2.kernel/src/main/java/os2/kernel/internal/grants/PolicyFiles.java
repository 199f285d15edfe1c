package os2.kernel.internal.grants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import os2.kernel.api.KernelException;
import os2.ledger.api.Json;

/**
 * The policy's layers on disk: the default shipped with OS2, an optional file the launcher names
 * ({@code os2.policy}), and the user's own {@code $OS2_HOME/etc/policy.json}, which is where
 * {@code grant} and {@code revoke} write. Writing replaces the file atomically: a crash leaves
 * the old policy or the new one, never half of one.
 */
final class PolicyFiles {

	private final String defaultPolicy;
	private final Path launcherLayer;
	private final Path userLayer;

	/** @param launcherLayer null when the launcher names none */
	PolicyFiles(String defaultPolicy, Path launcherLayer, Path userLayer) {
		this.defaultPolicy = defaultPolicy;
		this.launcherLayer = launcherLayer;
		this.userLayer = userLayer;
	}

	Path userLayer() {
		return userLayer;
	}

	/**
	 * The policy from its layers, and what was wrong with any of them. A layer that cannot be
	 * read or makes no sense is left out, with its problem said: the grants fail closed (a broken
	 * user file takes away what it granted, never what the default withholds).
	 */
	record Loaded(Policy policy, List<String> problems) {
	}

	/** The default, then the launcher's layer, then the user's, then {@code configured} (Config Admin's, or null). */
	Loaded load(String configured) {
		Policy policy = Policy.EMPTY.with(defaultPolicy, "the default policy");
		List<String> problems = new ArrayList<>();
		if (launcherLayer != null) {
			policy = layer(policy, () -> read(launcherLayer), launcherLayer.toString(), problems);
		}
		if (Files.exists(userLayer)) {
			policy = layer(policy, () -> read(userLayer), userLayer.toString(), problems);
		}
		if (configured != null && !configured.isBlank()) {
			policy = layer(policy, () -> configured, "the os2.policy configuration", problems);
		}
		return new Loaded(policy, List.copyOf(problems));
	}

	private static Policy layer(Policy below, Supplier<String> text, String source, List<String> problems) {
		try {
			return below.with(text.get(), source);
		} catch (KernelException broken) {
			problems.add(broken.getMessage().startsWith(source) ? broken.getMessage() : source + ": " + broken.getMessage());
			return below;
		}
	}

	/** Puts one bundle's entry into the user's layer, keeping everything else in it. */
	@SuppressWarnings("unchecked")
	void saveBundle(String bundle, Policy.BundleEntry entry) {
		Map<String, Object> layer = Files.exists(userLayer) ? new LinkedHashMap<>((Map<String, Object>) Json.parse(read(userLayer)))
				: new LinkedHashMap<>();
		Map<String, Object> bundles = new LinkedHashMap<>((Map<String, Object>) layer.getOrDefault("bundles", Map.of()));
		bundles.put(bundle, Policy.toJson(entry));
		layer.put("bundles", bundles);
		write(Json.pretty(layer));
	}

	private void write(String text) {
		try {
			Files.createDirectories(userLayer.getParent());
			Path temporary = Files.createTempFile(userLayer.getParent(), "policy", ".json.tmp");
			Files.writeString(temporary, text, StandardCharsets.UTF_8);
			try {
				Files.move(temporary, userLayer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException notHere) {
				Files.move(temporary, userLayer, StandardCopyOption.REPLACE_EXISTING);
			}
		} catch (IOException e) {
			throw new KernelException("cannot write the policy " + userLayer + ": " + e.getMessage(), e);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new KernelException("cannot read the policy " + file + ": " + e.getMessage(), e);
		}
	}
}
