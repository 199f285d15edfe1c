package os2.plugins.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.dylibso.chicory.runtime.HostFunction;

import os2.kernel.api.Arguments;
import os2.kernel.api.Capabilities;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
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

	@Override
	public ToolDescription description() {
		Parameter module = Parameter.one("MODULE", Type.TEXT, "a .wasm file in the workspace");
		return ToolDescription.of(NAME, "run a WASI module on Chicory: deterministic, with the workspace as /work and nothing else",
				List.of(),
				Form.sub("run", module, Parameter.rest("ARGS", "the module's arguments")).with(
						Option.flag("--nondeterministic", "real clocks and randomness instead of fixed ones"),
						Option.value("--seed", "N", Type.TEXT, "the seed of the fixed randomness (default 0)"),
						Option.flag("--interpreter", "interpret the module instead of compiling it to JVM bytecode")),
				Form.sub("inspect", module).as(CommandClass.READ_ONLY)).readingInput();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		String name = arguments.parameter("MODULE").orElseThrow();
		if (arguments.subcommand().equals("inspect")) {
			output.stdout(ModuleDescription.of(ModuleFile.load(invocation.workspace(), name)));
			return RunResult.exited(0);
		}
		return run(invocation, arguments, name, output);
	}

	private RunResult run(Invocation invocation, Arguments arguments, String name, Output output) throws InterruptedException {
		boolean deterministic = !arguments.flag("--nondeterministic");
		boolean compiled = !arguments.flag("--interpreter");
		long seed = seed(arguments.value("--seed").orElse("0"));
		ModuleFile file = ModuleFile.load(invocation.workspace(), name);
		List<String> argv = new ArrayList<>();
		argv.add(name);
		argv.addAll(arguments.parameters("ARGS"));
		WasiRun.Settings settings = new WasiRun.Settings(invocation.workspace(), argv, invocation.environment(),
				invocation.stdin(), invocation.budget().memoryBytes(), invocation.budget().fileBytes(), deterministic, seed, compiled);

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
			return WasiRun.run(name, file.module(), settings, output, extra);
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
