using Nabla.Bench.Workloads;

namespace Nabla.Bench;

/// <summary>The known workloads, in the order they run when none are named. Add new workloads here.</summary>
public static class WorkloadRegistry
{
    /// <summary>Creates every known workload.</summary>
    public static IReadOnlyList<Workload> All() => [new GemmWorkload(), new MlpWorkload(), new MlpAccWorkload(), new CnnWorkload(), new LstmWorkload(), new GptWorkload(), new DqnWorkload()];
}
