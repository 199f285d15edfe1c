package os2.plugins.wasm.pyvm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;

import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.plugins.wasm.GuestMemory;
import os2.plugins.wasm.SymlinkSafeWasi;
import os2.plugins.wasm.VirtualClock;
import os2.plugins.wasm.WriteBudget;

import io.trino.wasm.python.Python;

/**
 * One CPython interpreter in a Chicory instance, started from an {@link InterpreterState}. Its
 * only directory is the one given (the CPython build knows it as {@code /guest}, its working
 * directory), no link in it followed ({@link SymlinkSafeWasi}); no sockets (WASI preview 1 has none to open), no processes; its clock is virtual and
 * its randomness seeded, both carried in its state. What a call writes to files counts against that
 * call's {@link WriteBudget}. Not for two threads at once.
 */
final class Interpreter implements AutoCloseable {

	/** The exit status of a call that ended in a trap, as a shell shows an abort. */
	static final int TRAPPED = 134;

	private final Instance instance;
	private final WasiPreview1 wasi;
	private final VirtualClock clock;
	private final SeededRandom random;
	private final CurrentOutput output = new CurrentOutput();
	private final ExportFunction allocate;
	private final ExportFunction deallocate;
	private final ExportFunction execute;
	private String reportedError;
	private boolean broken;
	/** The file-size budget of the call under way: each call is a run of its own. */
	private WriteBudget files = WriteBudget.unbounded();
	/**
	 * Its memory's share of what this JVM's WebAssembly guests may hold (half the heap), for as long
	 * as it lives: a session's interpreter outlives its calls, so it holds its share between them.
	 */
	private final GuestMemory.Account memory;

	private Interpreter(WasmModule module, InterpreterState state, Path directory, boolean fromImage) {
		this.clock = new VirtualClock(state.clockNanos());
		this.random = new SeededRandom(state.randomState());
		this.wasi = WasiPreview1.builder().withOptions(WasiOptions.builder()
				.withStdout(output.stdout)
				.withStderr(output.stderr)
				.withDirectory("/guest", directory)
				.withRandom(random)
				.build()).build();
		Instance.Builder builder = Instance.builder(module)
				.withMachineFactory(Python::create)
				.withImportValues(ImportValues.builder()
						.addFunction(clock.answering(SymlinkSafeWasi.guarding(wasi.toHostFunctions(), directory, () -> files)))
						.addFunction(returnError())
						.build());
		this.memory = GuestMemory.SHARED.open("pyvm", output);
		builder.withMemoryFactory(fromImage ? limits -> memory.memory(limits, made -> new ImageMemory(made, state.memory()))
				: limits -> memory.memory(limits, ByteArrayMemory::new));
		try {
			this.instance = builder.build();
		} catch (RuntimeException notMade) {
			memory.close();
			throw notMade;
		}
		if (fromImage) {
			instance.global(0).setValue(state.stackPointer());
		}
		this.allocate = instance.export("allocate");
		this.deallocate = instance.export("deallocate");
		this.execute = instance.export("execute");
	}

	/** An interpreter that continues from {@code state}, with {@code directory} as its files. */
	static Interpreter resume(WasmModule module, InterpreterState state, Path directory) {
		return new Interpreter(module, state, directory, true);
	}

	/**
	 * A new interpreter from the module's own initial memory, that imports {@code guest.py} from
	 * {@code directory} and binds its {@code handle(op, a, b)}: how the image is made.
	 */
	static Interpreter boot(WasmModule module, Path directory, long seed) {
		Interpreter interpreter = new Interpreter(module, new InterpreterState(new byte[0], 0, 0, seed), directory, false);
		interpreter.setUp();
		return interpreter;
	}

	private void setUp() {
		byte[] name = "handle\0".getBytes(StandardCharsets.US_ASCII);
		int nameAddress = place(name);
		int parameters = place(HandlerCodec.varcharRowType(3));
		int result = place(HandlerCodec.varcharType());
		try {
			instance.export("setup").apply(nameAddress, parameters, result);
		} catch (WasiExitException exit) {
			throw new KernelException("pyvm: the interpreter could not import its guest module (exit " + exit.exitCode() + ")");
		}
		if (reportedError != null) {
			throw new KernelException("pyvm: the interpreter could not be set up: " + reportedError);
		}
		deallocate.apply(nameAddress);
	}

	/**
	 * Runs {@code code} in the interpreter's persistent namespace, its writes to files counted
	 * against {@code files}; its exit status.
	 */
	int exec(String code, Output to, WriteBudget files) throws InterruptedException {
		return call(to, files, "exec", code, "");
	}

	/**
	 * Runs a script of the directory as {@code __main__} with {@code sys.argv}, its writes to files
	 * counted against {@code files}; its exit status.
	 */
	int run(String script, List<String> arguments, Output to, WriteBudget files) throws InterruptedException {
		StringBuilder terminated = new StringBuilder(); // each argument ends in NUL, so an empty one is kept
		arguments.forEach(argument -> terminated.append(argument).append('\0'));
		return call(to, files, "run", script, terminated.toString());
	}

	/**
	 * Whether a call ended in a way that leaves the interpreter unusable: a trap, a stop half-way,
	 * {@code os._exit}. Such an interpreter is to be dropped.
	 */
	boolean broken() {
		return broken;
	}

	/** A copy of the interpreter's state now, between calls. */
	InterpreterState state() {
		Memory memory = instance.memory();
		byte[] bytes = memory.readBytes(0, memory.pages() * Memory.PAGE_SIZE);
		return new InterpreterState(bytes, instance.global(0).getValue(), clock.elapsedNanos(), random.state());
	}

	private int call(Output to, WriteBudget budget, String operation, String a, String b) throws InterruptedException {
		if (broken) {
			throw new IllegalStateException("a broken interpreter is not called again");
		}
		output.set(to);
		files = budget;
		reportedError = null;
		int argument = place(HandlerCodec.row(operation, a, b));
		try {
			int resultAddress = (int) execute.apply(argument)[0];
			deallocate.apply(argument);
			if (reportedError != null || resultAddress == 0) {
				broken = true;
				throw new KernelException("pyvm: the interpreter failed: " + (reportedError == null ? "no result" : reportedError));
			}
			Memory memory = instance.memory();
			byte[] result = memory.readBytes(resultAddress + 4, memory.readInt(resultAddress));
			deallocate.apply(resultAddress);
			return Integer.parseInt(HandlerCodec.varchar(result));
		} catch (WasiExitException exit) {
			broken = true;
			return exit.exitCode();
		} catch (ChicoryInterruptedException stopped) {
			broken = true;
			throw new InterruptedException("the run was stopped");
		} catch (ChicoryException | StackOverflowError trap) {
			broken = true;
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("the run was stopped");
			}
			to.stderr("pyvm: the interpreter trapped: " + trap.getMessage() + "\n");
			return TRAPPED;
		} finally {
			output.set(null);
			files = WriteBudget.unbounded();
		}
	}

	private int place(byte[] bytes) {
		int address = (int) allocate.apply(bytes.length)[0];
		instance.memory().write(address, bytes);
		return address;
	}

	/** {@code trino.return_error(code, message, size, traceback, size)}: the handler could not be called. */
	private HostFunction returnError() {
		return new HostFunction("trino", "return_error", List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32),
				List.of(), (calling, arguments) -> {
					Memory memory = calling.memory();
					String message = memory.readString((int) arguments[1], (int) arguments[2]);
					String traceback = arguments[3] == 0 ? "" : memory.readString((int) arguments[3], (int) arguments[4]);
					reportedError = traceback.isBlank() ? message : message + "\n" + traceback.strip();
					return null;
				});
	}

	@Override
	public void close() {
		wasi.close();
		memory.close();
	}
}
