package os2.shell.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class BundleTrustTest {

	@TempDir
	Path home;

	@Test
	void theDistributionsJarsAreCoreByWhereTheyWereInstalledFrom() {
		BundleTrust trust = new BundleTrust(List.of(Path.of("/dist/jar/os2.kernel.jar")), new TrustedJars(home));

		assertEquals(BundleTrust.Verdict.CORE, trust.decide(bundle(0, "System Bundle")).verdict());
		assertEquals(BundleTrust.Verdict.CORE, trust.decide(bundle(11, "reference:file:/dist/jar/os2.kernel.jar")).verdict());
	}

	@Test
	void anyOtherBundleInstalledByReferenceIsRefusedWhateverItHolds() {
		BundleTrust trust = new BundleTrust(List.of(Path.of("/dist/jar/os2.kernel.jar")), new TrustedJars(home));

		BundleTrust.Decision decision = trust.decide(bundle(17, "reference:file:/workspace/tool.jar"));

		assertEquals(BundleTrust.Verdict.BY_REFERENCE, decision.verdict());
		assertEquals(false, decision.allowed());
	}

	private static Bundle bundle(long id, String location) {
		return (Bundle) Proxy.newProxyInstance(BundleTrustTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
				(proxy, method, arguments) -> switch (method.getName()) {
					case "getBundleId" -> id;
					case "getLocation" -> location;
					case "getSymbolicName" -> "org.example.tool";
					case "getLastModified" -> 0L;
					case "equals" -> proxy == arguments[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}
}
