package os2.kernel.api;

import java.time.Duration;

/** What a run consumed. Unknown figures are zero (a tool that runs in-process has no CPU figure of its own). */
public record ResourceUsage(Duration wallTime, Duration cpuTime, long peakMemoryBytes, long outputBytes) {

	public static final ResourceUsage NONE = new ResourceUsage(Duration.ZERO, Duration.ZERO, 0, 0);

	public ResourceUsage {
		wallTime = wallTime == null ? Duration.ZERO : wallTime;
		cpuTime = cpuTime == null ? Duration.ZERO : cpuTime;
	}
}
