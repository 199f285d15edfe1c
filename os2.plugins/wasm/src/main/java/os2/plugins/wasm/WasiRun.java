package os2.plugins.wasm;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;

/**
 * One run of a WASI command module, compiled to JVM bytecode (or interpreted): its arguments and
 * an explicit environment, the workspace preopened read-write as {@value #GUEST_WORKSPACE} and
 * nothing else of the host (no link in it followed: {@link SymlinkSafeWasi}), its standard streams the run's, its memory capped,
 * what it writes to files counted against its file-size budget ({@link WriteBudget}), its exit code
 * returned. Both compiled and interpreted code stop when the thread is interrupted. In deterministic mode (the
 * default) its clocks are a {@link VirtualClock} and {@code random_get} a generator with a fixed
 * seed, so a re-execution gives the same bytes; otherwise the host's clock and a SecureRandom.
 */
final class WasiRun {

	static final String GUEST_WORKSPACE = "/work";

	/** The status of a run that trapped (an unreachable, an out-of-bounds access): as a shell shows an abort. */
	static final int TRAPPED = 134;

	private static final int PAGE_BYTES = 64 * 1024;

	/**
	 * @param arguments the guest's argv, its own name first
	 * @param memoryBytes the most memory the guest may have
	 * @param fileBytes the most the guest may write to files in all ({@link WriteBudget})
	 * @param seed {@code random_get}'s seed in deterministic mode
	 * @param compiled whether the module is compiled to JVM bytecode first (Chicory's compiler) or
	 *        interpreted: compiled code ran a CPU-bound module ~90 times as fast here
	 */
	record Settings(Path workspace, List<String> arguments, Map<String, String> environment, InputStream stdin,
			long memoryBytes, long fileBytes, boolean deterministic, long seed, boolean compiled) {
	}

	private WasiRun() {
	}

	/**
	 * Runs the module's {@code _start} to its end.
	 *
	 * @return its exit code: {@code proc_exit}'s, 0 when {@code _start} returns, {@link #TRAPPED}
	 *         after a trap (said on stderr in one line); or stopped by its {@code file-size} limit
	 *         when it was refused a write past its budget, whatever it did then
	 * @throws InterruptedException when the run is stopped (its time is up, or its caller left)
	 */
	static RunResult run(String name, WasmModule module, Settings settings, Output output) throws InterruptedException {
		return run(name, module, settings, output, new HostFunction[0]);
	}

	/** As {@link #run(String, WasmModule, Settings, Output)}, with host functions beyond WASI ({@code extra}). */
	static RunResult run(String name, WasmModule module, Settings settings, Output output, HostFunction[] extra)
			throws InterruptedException {
		return run(name, module, settings, output, extra, GuestMemory.SHARED);
	}

	/** As {@link #run(String, WasmModule, Settings, Output, HostFunction[])}, its guest's memory taken from {@code guests}. */
	static RunResult run(String name, WasmModule module, Settings settings, Output output, HostFunction[] extra,
			GuestMemory guests) throws InterruptedException {
		WriteBudget files = new WriteBudget(settings.fileBytes(), "wasm: " + name, output);
		return files.ended(status(name, module, settings, output, extra, guests, files));
	}

	private static int status(String name, WasmModule module, Settings settings, Output output, HostFunction[] extra,
			GuestMemory guests, WriteBudget files) throws InterruptedException {
		int maxPages = (int) Math.min(Memory.RUNTIME_MAX_PAGES, Math.max(1, settings.memoryBytes() / PAGE_BYTES));
		int initialPages = declaredInitialPages(module);
		if (!exportsStart(module)) {
			throw new KernelException("wasm: " + name + " exports no _start, so it is no WASI command; 'wasm inspect "
					+ name + "' lists what it exports");
		}
		if (initialPages > Memory.RUNTIME_MAX_PAGES) {
			// a Java array holds at most 2 GiB: more would overflow, not fail
			throw new KernelException("wasm: " + name + " starts with " + initialPages + " pages of memory (64 KiB each),"
					+ " more than the " + Memory.RUNTIME_MAX_PAGES + " (2 GiB) a guest can have here");
		}
		if (initialPages > maxPages) {
			throw new KernelException("wasm: " + name + " starts with " + initialPages + " pages of memory (64 KiB each),"
					+ " more than its budget's " + maxPages + "; the policy's budgets.memory sets it");
		}
		WasiOptions.Builder options = WasiOptions.builder()
				.withStdout(new OutputStreamTo(output, Output.Stream.STDOUT))
				.withStderr(new OutputStreamTo(output, Output.Stream.STDERR))
				.withStdin(settings.stdin())
				.withArguments(settings.arguments())
				.withDirectory(GUEST_WORKSPACE, settings.workspace())
				.withRandom(settings.deterministic() ? new Random(settings.seed()) : new SecureRandom());
		settings.environment().forEach(options::withEnvironment);
		try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build();
				GuestMemory.Account memory = guests.open(name, output)) {
			// Chicory's path functions would follow a link the workspace holds out of it: checked first
			HostFunction[] safe = SymlinkSafeWasi.guarding(wasi.toHostFunctions(), settings.workspace(), () -> files);
			HostFunction[] functions = settings.deterministic() ? new VirtualClock().answering(safe) : safe;
			// building the instance runs its start function and then, as Chicory does for a WASI
			// command, its _start: calling _start again would run the program twice
			Instance.Builder instance = Instance.builder(module)
					.withImportValues(ImportValues.builder().addFunction(functions).addFunction(extra).build())
					.withMemoryLimits(new MemoryLimits(initialPages, maxPages))
					.withMemoryFactory(memory::memory);
			if (settings.compiled()) {
				instance.withMachineFactory(MachineFactoryCompiler.compile(module));
			}
			instance.build();
			return 0;
		} catch (WasiExitException exit) {
			return exit.exitCode();
		} catch (ChicoryInterruptedException stopped) {
			throw new InterruptedException("the run was stopped");
		} catch (ChicoryException trap) {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("the run was stopped");
			}
			output.stderr("wasm: " + name + " trapped: " + trap.getMessage() + "\n");
			return TRAPPED;
		}
	}

	private static boolean exportsStart(WasmModule module) {
		for (int i = 0; i < module.exportSection().exportCount(); i++) {
			if (module.exportSection().getExport(i).name().equals("_start")) {
				return true;
			}
		}
		return false;
	}

	private static int declaredInitialPages(WasmModule module) {
		return module.memorySection().filter(section -> section.memoryCount() > 0)
				.map(section -> section.getMemory(0).limits().initialPages()).orElse(0);
	}
}
