package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter as the real bwrap installs it: fallocate(2) and io_uring_setup(2) fail,
 * posix_fallocate still allocates by writing, and other programs run as before. That bwrap can make a sandbox here is
 * not assumed away with a skip: the build checks it before any test runs (cnf/prerequisites), as
 * for the sandbox's other tests, and a host where it cannot should fail loudly.
 */
class UncountedWritesFilterTest {

	private static final Path BWRAP = Path.of("/usr/bin/bwrap");
	private static final long MIB = 1 << 20;

	private static Optional<HostPython> python;

	/** Bound as /w, the sandbox's only writable directory. */
	@TempDir
	Path workspace;

	/** Holds the filter, out of the sandbox's sight. */
	@TempDir
	Path outside;

	@BeforeAll
	static void findPython() {
		python = HostPython.find();
	}

	@Test
	void eachProgramIsWholeInstructionsEndingInAReturnAndOtherArchitecturesGetNone() {
		for (String arch : List.of("amd64", "aarch64")) {
			byte[] program = UncountedWritesFilter.forArchitecture(arch).orElseThrow();
			// BPF_RET | BPF_K: a program that could run off its end is one the kernel refuses
			short lastCode = ByteBuffer.wrap(program, program.length - 8, 8).order(ByteOrder.nativeOrder()).getShort();
			assertAll(arch, () -> assertEquals(0, program.length % 8), () -> assertEquals(0x06, lastCode));
		}
		assertEquals(Optional.empty(), UncountedWritesFilter.forArchitecture("riscv64"));
	}

	@Test
	@Timeout(60)
	void fallocateIsNotSupportedWithTheFilterAndSucceedsWithout() throws Exception {
		Ran filtered = filtered(List.of(), "/usr/bin/fallocate", "-l", "10M", "f");
		long sizeFiltered = Files.size(workspace.resolve("f"));
		Ran unfiltered = run(bwrap(List.of(), List.of(), "/usr/bin/fallocate", "-l", "10M", "f"));

		assertAll(() -> assertNotEquals(0, filtered.status(), filtered.output()),
				() -> assertTrue(filtered.output().contains("not supported"), filtered.output()),
				() -> assertEquals(0, sizeFiltered),
				() -> assertEquals(0, unfiltered.status(), unfiltered.output()),
				() -> assertEquals(10 * MIB, Files.size(workspace.resolve("f"))));
	}

	@Test
	@Timeout(60)
	void posixFallocateStillAllocatesEveryBlockByWritingThem() throws Exception {
		assumeTrue(python.isPresent(), "no python3 on this host");
		HostPython interpreter = python.get();
		Ran ran = filtered(List.of("--ro-bind", interpreter.prefix().toString(), interpreter.prefix().toString()),
				interpreter.executable().toString(), "-c", String.join("\n", //
						"import os", //
						"fd = os.open('f', os.O_WRONLY | os.O_CREAT, 0o644)", //
						"os.posix_fallocate(fd, 0, 8 << 20)", //
						"os.close(fd)"));

		Path file = workspace.resolve("f");
		assertEquals(0, ran.status(), ran.output());
		// stat's %b counts 512-byte blocks
		Ran blocks = run(List.of("/usr/bin/stat", "-c", "%b", file.toString()));
		assertAll(() -> assertEquals(8 * MIB, (long) Files.getAttribute(file, "unix:size")),
				() -> assertEquals(0, blocks.status(), blocks.output()),
				() -> assertTrue(Long.parseLong(blocks.output().strip()) * 512 >= 8 * MIB, blocks.output()));
	}

	// io_uring would let a program write and allocate by operations seccomp never sees
	@Test
	@Timeout(60)
	void ioUringCannotBeSetUpWithTheFilterWhereItCanWithout() throws Exception {
		assumeTrue(python.isPresent(), "no python3 on this host");
		HostPython interpreter = python.get();
		List<String> mounts = List.of("--ro-bind", interpreter.prefix().toString(), interpreter.prefix().toString());
		// io_uring_setup(1, &params) is call 425 on every architecture the filter knows
		String setUp = String.join("\n", //
				"import ctypes", //
				"libc = ctypes.CDLL(None, use_errno=True)", //
				"fd = libc.syscall(425, 1, ctypes.create_string_buffer(120))", //
				"print(fd >= 0, ctypes.get_errno())");
		Ran unfiltered = run(bwrap(List.of(), mounts, interpreter.executable().toString(), "-c", setUp));
		assumeTrue(unfiltered.output().startsWith("True"), "io_uring is not available here anyway: " + unfiltered);

		Ran filtered = filtered(mounts, interpreter.executable().toString(), "-c", setUp);

		assertEquals("False 38\n", filtered.output()); // ENOSYS
	}

	// /tmp's cleaner may remove the file; someone may then put a file or link of that name there
	@Test
	void aFilePutInThePlaceOfTheRemovedProgramIsNeverUsed() throws Exception {
		assumeTrue(UncountedWritesFilter.forThisMachine().isPresent(), "no filter for os.arch " + System.getProperty("os.arch"));
		Path first = UncountedWritesFilter.file().orElseThrow();
		Files.delete(first);
		Files.createSymbolicLink(first, Files.write(outside.resolve("planted"), new byte[] { 6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f }));

		Path second = UncountedWritesFilter.file().orElseThrow();

		Files.delete(first);
		assertNotEquals(first, second);
		assertTrue(Arrays.equals(UncountedWritesFilter.forThisMachine().orElseThrow(), Files.readAllBytes(second)));
	}

	@Test
	@Timeout(60)
	void anOrdinaryProgramRunsAsBefore() throws Exception {
		Ran ran = filtered(List.of(), "/bin/echo", "hi");

		assertAll(() -> assertEquals(0, ran.status(), ran.output()), () -> assertEquals("hi\n", ran.output()));
	}

	private record Ran(int status, String output) {
	}

	/**
	 * The program in a sandbox under the filter, which bwrap reads from descriptor 4: Java cannot
	 * hand a child a descriptor of its choosing, so a shell opens the file there and execs bwrap.
	 */
	private Ran filtered(List<String> mounts, String... program) throws Exception {
		Optional<byte[]> filter = UncountedWritesFilter.forThisMachine();
		assumeTrue(filter.isPresent(), "no filter for os.arch " + System.getProperty("os.arch"));
		Path file = outside.resolve("filter");
		Files.write(file, filter.get());
		List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", "exec 4<\"$0\" && exec \"$@\"", file.toString()));
		line.addAll(bwrap(List.of("--seccomp", "4"), mounts, program));
		return run(line);
	}

	private List<String> bwrap(List<String> seccomp, List<String> mounts, String... program) {
		List<String> line = new ArrayList<>(List.of(BWRAP.toString()));
		line.addAll(seccomp);
		line.addAll(List.of("--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin",
				"/bin", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/lib", "/lib", "--proc", "/proc", "--dev",
				"/dev"));
		line.addAll(mounts);
		line.addAll(List.of("--bind", workspace.toString(), "/w", "--chdir", "/w"));
		line.addAll(List.of(program));
		return line;
	}

	private static Ran run(List<String> line) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("LC_ALL", "C"); // the error asserted on, in English
		Process process = builder.start();
		try {
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new Ran(process.waitFor(), output);
		} finally {
			process.destroyForcibly();
		}
	}
}
