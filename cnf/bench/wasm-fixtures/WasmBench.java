import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * Runs a WASI module's _start on Chicory, interpreted or compiled to JVM bytecode at run time,
 * RUNS times in one JVM, and prints each run's milliseconds and the output (hex) on stderr:
 * java WasmBench MODULE ARGUMENT interpreter|compiled RUNS
 */
public class WasmBench {
	public static void main(String[] args) throws Exception {
		WasmModule module = Parser.parse(Path.of(args[0]));
		boolean compiled = args[2].equals("compiled");
		int runs = Integer.parseInt(args[3]);
		long[] millis = new long[runs];
		String output = "";
		for (int run = 0; run < runs; run++) {
			ByteArrayOutputStream stdout = new ByteArrayOutputStream();
			WasiOptions options = WasiOptions.builder().withStdout(stdout).withArguments(List.of("crunch", args[1])).build();
			long start = System.nanoTime();
			try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
				Instance.Builder builder = Instance.builder(module)
						.withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build());
				if (compiled) {
					builder.withMachineFactory(MachineFactoryCompiler.compile(module));
				}
				builder.build(); // runs _start, as Chicory does for a WASI command
			} catch (WasiExitException exit) {
				// a status, not a failure
			}
			millis[run] = (System.nanoTime() - start) / 1_000_000;
			output = HexFormat.of().formatHex(stdout.toByteArray());
		}
		long[] sorted = millis.clone();
		Arrays.sort(sorted);
		System.out.println(sorted[runs / 2] + " " + output + " " + Arrays.toString(millis));
	}
}
