package os2.shell.internal.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class StatusCommandTest {

	@Test
	void aRunningComponentHasNoReason() {
		assertNull(StatusCommand.reason(configuration(ComponentConfigurationDTO.ACTIVE)));
		assertNull(StatusCommand.reason(configuration(ComponentConfigurationDTO.SATISFIED)));
	}

	@Test
	void anUnsatisfiedReferenceNamesTheMissingServiceAndTarget() {
		ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
		UnsatisfiedReferenceDTO ledger = new UnsatisfiedReferenceDTO();
		ledger.name = "ledger";
		ledger.target = "(kind=durable)";
		configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {ledger};

		assertEquals("missing service ledger (kind=durable)", StatusCommand.reason(configuration));
	}

	@Test
	void aFailedActivationCarriesTheFailure() {
		ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
		configuration.failure = "java.io.IOException: disk full";

		assertEquals("activation failed: java.io.IOException: disk full", StatusCommand.reason(configuration));
	}

	private static ComponentConfigurationDTO configuration(int state) {
		ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
		configuration.state = state;
		configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
		return configuration;
	}
}
