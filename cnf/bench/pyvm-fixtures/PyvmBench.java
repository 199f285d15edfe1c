package os2.plugins.wasm.pyvm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import os2.kernel.api.Output;

/**
 * Times pyvm's interpreter in one JVM: the cold start (module loaded, image booted), a fresh
 * interpreter running an empty script (warm), and a script run RUNS times; prints
 * "cold-ms warm-median-ms script-median-ms second-half-median-ms [script times] output".
 */
public class PyvmBench {

	public static void main(String[] arguments) throws Exception {
		Path workspace = Path.of(arguments[0]);
		String script = arguments[1];
		int runs = Integer.parseInt(arguments[2]);
		Files.writeString(workspace.resolve("empty.py"), "");
		StringBuilder printed = new StringBuilder();
		Output output = (stream, bytes, offset, length) -> printed.append(new String(bytes, offset, length, StandardCharsets.UTF_8));

		long start = System.nanoTime();
		PythonRuntime runtime = new PythonRuntime(Files.createTempDirectory("pyvm-bench"));
		runtime.image();
		double cold = (System.nanoTime() - start) / 1e6;

		double[] empty = new double[30];
		for (int i = 0; i < empty.length; i++) {
			long t = System.nanoTime();
			try (Interpreter interpreter = runtime.fresh(workspace)) {
				interpreter.run("empty.py", List.of(), output);
			}
			empty[i] = (System.nanoTime() - t) / 1e6;
		}
		double[] times = new double[runs];
		for (int i = 0; i < runs; i++) {
			printed.setLength(0);
			long t = System.nanoTime();
			try (Interpreter interpreter = runtime.fresh(workspace)) {
				interpreter.run(script, List.of(), output);
			}
			times[i] = (System.nanoTime() - t) / 1e6;
		}
		System.out.printf("%.0f %.1f %.0f %.0f %s %s%n", cold, median(Arrays.copyOfRange(empty, 10, empty.length)), median(times),
				median(Arrays.copyOfRange(times, runs / 2, runs)),
				Arrays.toString(Arrays.stream(times).mapToLong(Math::round).toArray()).replace(" ", ""), printed.toString().strip()
						.replace(' ', '_'));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}
}
