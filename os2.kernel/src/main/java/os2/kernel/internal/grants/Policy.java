package os2.kernel.internal.grants;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import os2.kernel.api.Budget;
import os2.kernel.api.KernelException;
import os2.ledger.api.Json;
import os2.ledger.api.LedgerException;

/**
 * Who may do what: each bundle's grants (by symbolic name, optionally only when signed by a
 * given signer), which services are guarded, whether host processes are sandboxed, and the
 * default budget of a run. Read from JSON:
 *
 * <pre>
 * {
 *   "sandbox": "bubblewrap" | "none",
 *   "budgets": {"tokens": 2000, "wall-time": 600, "cpu-time": 300, "memory": BYTES,
 *               "output": BYTES, "processes": 256, "file-size": BYTES},
 *   "token-encoding": "o200k_base" | "cl100k_base",
 *   "checkpoints": "never" | "writes" | "always",
 *   "guarded": ["os2.kernel.api.Sandbox", ...],
 *   "bundles": {"os2.plugins.python": {"grants": ["proc:python3", ...], "signer": "CN=..."}}
 * }
 * </pre>
 *
 * A later layer replaces what it names: top-level keys, budget kinds, and each bundle's entry
 * as a whole (so a layer can take a grant away).
 */
record Policy(String sandbox, Budget budget, String tokenEncoding, String checkpoints, List<String> guarded,
		Map<String, BundleEntry> bundles) {

	/** When the kernel snapshots a workspace before a run: never, before runs of forms that may write, or before every run. */
	static final List<String> CHECKPOINTS = List.of("never", "writes", "always");

	/** One bundle's entry: its grants, and the signer its jar must carry for them to apply (or empty). */
	record BundleEntry(List<Permission> grants, String signer) {
	}

	static final Policy EMPTY = new Policy("bubblewrap", Budget.DEFAULT, "o200k_base", "never", List.of(), Map.of());

	Policy {
		if (!sandbox.equals("bubblewrap") && !sandbox.equals("none")) {
			throw new KernelException("the policy's \"sandbox\" is \"bubblewrap\" or \"none\", not \"" + sandbox + "\"");
		}
		if (!CHECKPOINTS.contains(checkpoints)) {
			throw new KernelException("the policy's \"checkpoints\" is \"never\", \"writes\" or \"always\", not \"" + checkpoints
					+ "\"");
		}
		guarded = List.copyOf(guarded);
		bundles = Map.copyOf(bundles);
	}

	/** This policy with {@code layer} (JSON text from {@code source}, for messages) laid over it. */
	Policy with(String layerJson, String source) {
		Map<String, Object> layer = object(parse(layerJson, source), source);
		String newSandbox = layer.containsKey("sandbox") ? text(layer.get("sandbox"), source + ": sandbox") : sandbox;
		Budget newBudget = layer.containsKey("budgets") ? budgets(object(layer.get("budgets"), source + ": budgets"), source)
				: budget;
		String newEncoding = layer.containsKey("token-encoding")
				? text(layer.get("token-encoding"), source + ": token-encoding")
				: tokenEncoding;
		String newCheckpoints = layer.containsKey("checkpoints") ? text(layer.get("checkpoints"), source + ": checkpoints")
				: checkpoints;
		List<String> newGuarded = layer.containsKey("guarded") ? strings(layer.get("guarded"), source + ": guarded")
				: guarded;
		Map<String, BundleEntry> newBundles = new TreeMap<>(bundles);
		if (layer.containsKey("bundles")) {
			for (Map.Entry<String, Object> entry : object(layer.get("bundles"), source + ": bundles").entrySet()) {
				newBundles.put(entry.getKey(), bundleEntry(entry.getValue(), source + ": bundles." + entry.getKey()));
			}
		}
		for (String key : layer.keySet()) {
			if (!List.of("sandbox", "budgets", "token-encoding", "checkpoints", "guarded", "bundles").contains(key)) {
				throw new KernelException(source + ": unknown key \"" + key + "\"; a policy has sandbox, budgets, "
						+ "token-encoding, checkpoints, guarded and bundles");
			}
		}
		return new Policy(newSandbox, newBudget, newEncoding, newCheckpoints, newGuarded, newBundles);
	}

	/** One bundle's entry as JSON, for the user's policy file. */
	static Map<String, Object> toJson(BundleEntry entry) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("grants", entry.grants().stream().map(Permission::toString).toList());
		if (!entry.signer().isEmpty()) {
			json.put("signer", entry.signer());
		}
		return json;
	}

	private static Object parse(String json, String source) {
		try {
			return Json.parse(json);
		} catch (LedgerException broken) {
			throw new KernelException(source + ": " + broken.getMessage());
		}
	}

	private static BundleEntry bundleEntry(Object value, String where) {
		Map<String, Object> entry = object(value, where);
		List<Permission> grants = new ArrayList<>();
		for (String grant : strings(entry.getOrDefault("grants", List.of()), where + ".grants")) {
			try {
				grants.add(Permission.parse(grant));
			} catch (KernelException bad) {
				throw new KernelException(where + ": " + bad.getMessage());
			}
		}
		String signer = entry.containsKey("signer") ? text(entry.get("signer"), where + ".signer") : "";
		return new BundleEntry(List.copyOf(grants), signer);
	}

	private Budget budgets(Map<String, Object> json, String source) {
		long tokens = number(json, "tokens", budget.tokens(), source);
		long wall = number(json, "wall-time", budget.wallTime().toSeconds(), source);
		long cpu = number(json, "cpu-time", budget.cpuTime().toSeconds(), source);
		long memory = number(json, "memory", budget.memoryBytes(), source);
		long output = number(json, "output", budget.outputBytes(), source);
		long processes = number(json, "processes", budget.processes(), source);
		long fileSize = number(json, "file-size", budget.fileBytes(), source);
		try {
			return new Budget(tokens, Duration.ofSeconds(wall), Duration.ofSeconds(cpu), memory, output, (int) processes,
					fileSize);
		} catch (KernelException bad) {
			throw new KernelException(source + ": budgets: " + bad.getMessage());
		}
	}

	private static long number(Map<String, Object> json, String key, long fallback, String source) {
		Object value = json.get(key);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Long number)) {
			throw new KernelException(source + ": budgets." + key + " must be a whole number, not " + Json.canonical(value));
		}
		return number;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object value, String where) {
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new KernelException(where + " must be a JSON object");
	}

	private static List<String> strings(Object value, String where) {
		if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return list.stream().map(String.class::cast).toList();
		}
		throw new KernelException(where + " must be a list of strings");
	}

	private static String text(Object value, String where) {
		if (value instanceof String string) {
			return string;
		}
		throw new KernelException(where + " must be a string");
	}
}
