package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import os2.kernel.api.Os2Environment;

/** The resolved distribution starts completely: every OS2 bundle active, every component running. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DistributionTest {

	@InjectBundleContext
	BundleContext context;

	@Test
	void everyOs2BundleIsActive() {
		List<Bundle> os2Bundles = Arrays.stream(context.getBundles())
				.filter(b -> b.getSymbolicName().startsWith("os2."))
				.toList();

		Set<String> names = os2Bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.toSet());
		assertTrue(names.containsAll(Set.of("os2.kernel", "os2.shell")), "OS2 bundles present: " + names);
		for (Bundle bundle : os2Bundles) {
			assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is not ACTIVE");
		}
	}

	@Test
	void everyBundleInTheFrameworkResolved() {
		List<String> unresolved = Arrays.stream(context.getBundles())
				.filter(b -> b.getState() == Bundle.INSTALLED)
				.map(Bundle::getSymbolicName)
				.toList();

		assertEquals(List.of(), unresolved);
	}

	@Test
	void everyDeclarativeServicesComponentIsSatisfied(@InjectService ServiceComponentRuntime runtime) {
		List<String> notRunning = new ArrayList<>();
		int checked = 0;
		for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
			if (description.bundle.symbolicName.equals(GrantEnforcementTest.ROGUE)) {
				continue; // unsatisfied on purpose: it holds no grants (GrantEnforcementTest)
			}
			for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
				checked++;
				if (configuration.state != ComponentConfigurationDTO.ACTIVE
						&& configuration.state != ComponentConfigurationDTO.SATISFIED) {
					notRunning.add(description.name + " state=" + configuration.state + " " + configuration.failure);
				}
			}
		}

		assertEquals(List.of(), notRunning);
		assertTrue(checked >= 6, "expected the OS2 components, found " + checked);
	}

	@Test
	void stateDirectoriesExistUnderTheConfiguredHome(@InjectService Os2Environment environment) {
		assertTrue(environment.home().toString().endsWith("framework-test-home"), environment.home().toString());
		assertTrue(Files.isDirectory(environment.workspace()));
		assertTrue(Files.isDirectory(environment.deployDirectory()));
		assertEquals(environment.home().resolve("workspace"), environment.workspace());
	}

	@Test
	void theShellLeavesTheMainThreadToTheTesterOutsideTheDistribution() throws Exception {
		ServiceReference<?>[] mains = context.getServiceReferences(Callable.class.getName(), "(main.thread=true)");
		List<String> owners = mains == null ? List.of()
				: Arrays.stream(mains).map(r -> r.getBundle().getSymbolicName()).toList();

		assertNull(context.getProperty("os2.launch"));
		assertFalse(owners.contains("os2.shell"), "main thread services: " + owners);
	}
}
