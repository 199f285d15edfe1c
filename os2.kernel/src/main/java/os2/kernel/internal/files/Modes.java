package os2.kernel.internal.files;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Permission bits as numbers ({@code 0644}) and as the JDK's sets; only the nine rwx bits exist in both. */
final class Modes {

	// PosixFilePermission's order is OWNER_READ .. OTHERS_EXECUTE, bit 8 down to bit 0
	private static final PosixFilePermission[] BITS = PosixFilePermission.values();

	private Modes() {
	}

	static int bits(Set<PosixFilePermission> permissions) {
		int mode = 0;
		for (PosixFilePermission permission : permissions) {
			mode |= 1 << (8 - permission.ordinal());
		}
		return mode;
	}

	static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission permission : BITS) {
			if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
				permissions.add(permission);
			}
		}
		return permissions;
	}
}
