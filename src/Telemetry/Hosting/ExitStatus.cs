namespace Telemetry.Hosting;

/// <summary>The process's exit code, set by whatever fails and returned by the program once the host has stopped.</summary>
internal sealed class ExitStatus
{
    /// <summary>0 unless something failed.</summary>
    public int Code { get; private set; }

    /// <summary>The run failed: exit non-zero, so the Supervisor's watchdog restarts the add-on.</summary>
    public void Fail() => Code = 1;
}
