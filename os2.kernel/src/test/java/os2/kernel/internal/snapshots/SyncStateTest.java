package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** A machine that stopped before objects reached the disk: the next boot finds what it left half-written. */
class SyncStateTest {

	@TempDir
	Path temp;

	@Test
	void anObjectLeftShortByAStoppedMachineIsFoundAndWrittenAgain() throws IOException, InterruptedException {
		Path directory = temp.resolve("store");
		Path workspace = Files.createDirectory(temp.resolve("ws"));
		byte[] content = "written, never synced\n".getBytes(StandardCharsets.UTF_8);
		Files.write(workspace.resolve("a"), content);
		DiskTree.letClockPass(workspace);
		SnapshotStore.open(directory).capture(WorkspaceTree.open(workspace)); // no manifest saved: no sync
		Path object = directory.resolve("objects").resolve(ObjectIds.of(content).substring(0, 2))
				.resolve(ObjectIds.of(content).substring(2));
		// what the disk may hold after a power cut: the rename made it, the bytes did not
		Files.setPosixFilePermissions(object, RandomTrees.permissions(0600));
		Files.write(object, new byte[0]);
		Files.writeString(directory.resolve("sync-state"), "a-boot-before-this-one\n0");

		TreeCapture again = SnapshotStore.open(directory).capture(WorkspaceTree.open(workspace));

		assertEquals(1, again.filesRead(), "the stat cache no longer vouches for it");
		assertArrayEquals(content, Files.readAllBytes(object));
	}
}
