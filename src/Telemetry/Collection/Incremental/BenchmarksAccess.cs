using System.Runtime.CompilerServices;

// The benchmark harness (bench/Telemetry.Benchmarks) drives the real Collector and sources across cycles.
[assembly: InternalsVisibleTo("Telemetry.Benchmarks")]
