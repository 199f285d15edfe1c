package os2.plugins.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.dylibso.chicory.runtime.HostFunction;

import os2.kernel.api.Capabilities;
import os2.kernel.api.Invocation;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;

/**
 * {@code wasm run [--nondeterministic] [--seed N] [--interpreter] MODULE.wasm [ARGS...]} runs a WASI command
 * module of the workspace on Chicory (see {@link WasiRun}); {@code wasm inspect MODULE.wasm}
 * prints its imports, exports and memory limits. The guest's environment is what {@code --env}
 * gives, nothing else. Every run puts the module's SHA-256, its arguments, environment, seed and
 * mode on record, so a re-execution can be checked byte for byte.
 */
@Component(property = Tool.NAME_PROPERTY + "=" + WasmTool.NAME)
public final class WasmTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "wasm";

	private static final String BUNDLE = "os2.plugins.wasm";

	private final Capabilities capabilities;

	@Activate
	public WasmTool(@Reference Capabilities capabilities) {
		this.capabilities = capabilities;
	}

	static final String USAGE = "wasm run [--nondeterministic] [--seed N] [--interpreter] MODULE.wasm [ARGS...]"
			+ " | wasm inspect MODULE.wasm";

	@Override
	public ToolDescription description() {
		return new ToolDescription(NAME, "run a WASI module on Chicory: deterministic, with the workspace as /work and nothing else",
				USAGE, List.of());
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> arguments = invocation.arguments();
		if (arguments.isEmpty()) {
			throw new UsageError("usage: " + USAGE);
		}
		return switch (arguments.getFirst()) {
			case "run" -> run(invocation, arguments.subList(1, arguments.size()), output);
			case "inspect" -> inspect(invocation, arguments.subList(1, arguments.size()), output);
			default -> throw new UsageError("wasm: there is no subcommand '" + arguments.getFirst() + "'; usage: " + USAGE);
		};
	}

	private static RunResult inspect(Invocation invocation, List<String> arguments, Output output) {
		if (arguments.size() != 1) {
			throw new UsageError("usage: wasm inspect MODULE.wasm");
		}
		output.stdout(ModuleDescription.of(ModuleFile.load(invocation.workspace(), arguments.getFirst())));
		return RunResult.exited(0);
	}

	private RunResult run(Invocation invocation, List<String> arguments, Output output) throws InterruptedException {
		boolean deterministic = true;
		boolean compiled = true;
		long seed = 0;
		int at = 0;
		while (at < arguments.size() && arguments.get(at).startsWith("--")) {
			switch (arguments.get(at)) {
				case "--nondeterministic" -> deterministic = false;
				case "--interpreter" -> compiled = false;
				case "--seed" -> {
					if (at + 1 >= arguments.size()) {
						throw new UsageError("wasm run: --seed needs a number, e.g. wasm run --seed 7 MODULE.wasm");
					}
					seed = seed(arguments.get(++at));
				}
				default -> throw new UsageError("wasm run: no option " + arguments.get(at) + "; usage: " + USAGE);
			}
			at++;
		}
		if (at >= arguments.size()) {
			throw new UsageError("usage: " + USAGE);
		}
		String name = arguments.get(at);
		ModuleFile file = ModuleFile.load(invocation.workspace(), name);
		List<String> argv = new ArrayList<>(arguments.subList(at, arguments.size()));
		WasiRun.Settings settings = new WasiRun.Settings(invocation.workspace(), argv, invocation.environment(),
				invocation.stdin(), invocation.budget().memoryBytes(), deterministic, seed, compiled);

		Map<String, Object> record = new LinkedHashMap<>();
		record.put("module", file.path().toString());
		record.put("sha256", file.sha256());
		record.put("arguments", argv);
		record.put("environment", invocation.environment());
		record.put("deterministic", deterministic);
		record.put("seed", deterministic ? seed : "SecureRandom");
		record.put("runtime", compiled ? "Chicory 1.7.5, compiled" : "Chicory 1.7.5, interpreter");
		output.note(record);
		// wasm run's host functions beyond WASI are this bundle's: os2.plugins.wasm needs the grant
		HostFunction[] extra = HostFunctionsByGrant.granted(file.module(), "wasm", BUNDLE, capabilities, output);
		try (GuestInterrupt stopping = GuestInterrupt.whenCancelled(invocation.cancellation())) {
			return RunResult.exited(WasiRun.run(name, file.module(), settings, output, extra));
		}
	}

	private static long seed(String text) {
		try {
			return Long.parseLong(text);
		} catch (NumberFormatException e) {
			throw new UsageError("wasm run: --seed takes a whole number, not '" + text + "'");
		}
	}
}
