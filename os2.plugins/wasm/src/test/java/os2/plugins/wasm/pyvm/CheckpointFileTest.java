package os2.plugins.wasm.pyvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;

/** The checkpoint file format, on a made-up state: what goes in comes out, and damage is noticed. */
class CheckpointFileTest {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	@TempDir
	Path directory;

	private static InterpreterState state() {
		byte[] memory = new byte[3 * InterpreterState.PAGE_BYTES];
		new Random(7).nextBytes(memory); // incompressible, the hard case for the deflater
		java.util.Arrays.fill(memory, 0, InterpreterState.PAGE_BYTES, (byte) 0);
		return new InterpreterState(memory, 123_456, 789_000, -42);
	}

	@Test
	void whatIsWrittenIsReadBackAndItsHashIsTheWholeFiles() throws Exception {
		Path file = directory.resolve("one.pyvm");
		InterpreterState written = state();

		CheckpointFile.Facts facts = CheckpointFile.write(file, written, KEY);
		CheckpointFile.Loaded read = CheckpointFile.read(file, "one", KEY);

		assertArrayEquals(written.memory(), read.state().memory());
		assertEquals(written.stackPointer(), read.state().stackPointer());
		assertEquals(written.clockNanos(), read.state().clockNanos());
		assertEquals(written.randomState(), read.state().randomState());
		String wholeFile = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		assertEquals(wholeFile, facts.sha256());
		assertEquals(facts, read.facts());
		assertEquals(Files.size(file), facts.bytes());
		assertFalse(Files.exists(directory.resolve("one.pyvm.partial")));
	}

	@Test
	void aChangedByteOrATruncatedFileIsDamaged() throws Exception {
		Path file = directory.resolve("one.pyvm");
		CheckpointFile.write(file, state(), KEY);
		byte[] bytes = Files.readAllBytes(file);

		bytes[bytes.length / 2] ^= 1;
		Files.write(file, bytes);
		KernelException changed = assertThrows(KernelException.class, () -> CheckpointFile.read(file, "one", KEY));

		Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
		KernelException truncated = assertThrows(KernelException.class, () -> CheckpointFile.read(file, "one", KEY));

		assertTrue(changed.getMessage().contains("checkpoint one is damaged"), changed.getMessage());
		assertTrue(truncated.getMessage().contains("checkpoint one is damaged"), truncated.getMessage());
	}

	@Test
	void aFileEditedWithItsHashRecomputedOrSealedWithAnotherKeyIsRefused() throws Exception {
		Path file = directory.resolve("one.pyvm");
		CheckpointFile.write(file, state(), KEY);
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length / 2] ^= 1;
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256"); // what the unsealed format trusted
		sha256.update(bytes, 0, bytes.length - 32);
		System.arraycopy(sha256.digest(), 0, bytes, bytes.length - 32, 32);
		Files.write(file, bytes);
		Path other = directory.resolve("other.pyvm");
		CheckpointFile.write(other, state(), "another home's key, 32 bytes lng".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

		KernelException edited = assertThrows(KernelException.class, () -> CheckpointFile.read(file, "one", KEY));
		KernelException foreign = assertThrows(KernelException.class, () -> CheckpointFile.read(other, "other", KEY));

		assertTrue(edited.getMessage().contains("checkpoint one is damaged or was changed outside OS2"), edited.getMessage());
		assertTrue(foreign.getMessage().contains("checkpoint other is damaged or was changed outside OS2"),
				foreign.getMessage());
	}

	@Test
	void theKeyIsMadeOnceOwnerOnlyAndThenReadAgain() throws Exception {
		Path state = directory.resolve("state");

		byte[] first = CheckpointKey.in(state);
		byte[] again = CheckpointKey.in(state);

		assertEquals(CheckpointKey.BYTES, first.length);
		assertArrayEquals(first, again);
		assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions
				.toString(Files.getPosixFilePermissions(state.resolve("checkpoint.key"))));
	}

	@Test
	void aNameIsAPlainFileNameAndAnExistingOneIsReplacedOnlyWhenAsked() {
		Checkpoints checkpoints = new Checkpoints(directory, KEY);
		for (String bad : new String[] { "../up", "a/b", ".hidden", "", "x".repeat(65) }) {
			assertThrows(KernelException.class, () -> Checkpoints.checkedName(bad), bad);
		}
		checkpoints.save("first", state(), false);

		KernelException again = assertThrows(KernelException.class, () -> checkpoints.save("first", state(), false));
		checkpoints.save("first", state(), true);

		assertTrue(again.getMessage().contains("--replace"), again.getMessage());
		assertEquals(1, checkpoints.list().size());
		assertEquals("first", checkpoints.list().getFirst().name());
	}
}
