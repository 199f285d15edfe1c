package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandRecorderTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"secret set github ghp_abc | secret set github [value withheld]",
			"'  secret set github two words' | '  secret set github [value withheld]'",
			"version; secret set gh tok; version | version; secret set gh [value withheld]; version",
			"secret set github | secret set github",
			"secret list | secret list",
			"echo secret set a b | echo secret set a b",
			"git clone URL --secret github | git clone URL --secret github"})
	void aSecretsValueTypedOnTheLineIsNotRecorded(String line, String recorded) {
		assertEquals(recorded, CommandRecorder.withoutSecretValue(line));
	}
}
