using Nabla.Rl.Envs;

namespace Nabla.Rl.Tabular;

/// <summary>The outcome of a dynamic-programming solver.</summary>
/// <param name="Values">The state values v(s).</param>
/// <param name="Policy">A greedy deterministic policy for those values (action per state).</param>
/// <param name="Iterations">Sweeps (value iteration, evaluation) or improvement rounds (policy iteration).</param>
public sealed record DpResult(double[] Values, int[] Policy, int Iterations);

/// <summary>
/// Dynamic programming on a known finite MDP (Sutton and Barto ch. 4): policy evaluation by sweeps or by one linear
/// solve, policy iteration, value iteration and Q-value iteration. Outcomes flagged <see cref="Transition.Terminated"/>
/// bootstrap with 0, so terminal states have value 0 whatever their table entries say.
/// </summary>
public static class DynamicProgramming
{
    /// <summary>
    /// The expected one-step return of action <paramref name="a"/> in <paramref name="s"/> under values
    /// <paramref name="v"/>: Σ p(s′, r | s, a) (r + γ v(s′)).
    /// </summary>
    public static double ActionValue(TabularModel model, double[] v, int s, int a, double gamma)
    {
        double q = 0;
        foreach (var t in model[s, a]) q += t.Probability * (t.Reward + (t.Terminated ? 0 : gamma * v[t.NextState]));
        return q;
    }

    /// <summary>q(s, a) = Σ p (r + γ v(s′)) for every state and action.</summary>
    public static double[,] ActionValues(TabularModel model, double[] v, double gamma)
    {
        var q = new double[model.StateCount, model.ActionCount];
        for (int s = 0; s < model.StateCount; s++)
            for (int a = 0; a < model.ActionCount; a++) q[s, a] = ActionValue(model, v, s, a, gamma);
        return q;
    }

    /// <summary>
    /// Iterative policy evaluation: synchronous sweeps v ← Σ_a π(a|s) Σ p (r + γ v(s′)) until the largest change is
    /// below <paramref name="theta"/>. Returns the values and the number of sweeps.
    /// </summary>
    public static (double[] Values, int Sweeps) EvaluatePolicy(TabularModel model, double[,] policy, double gamma, double theta = 1e-10, int maxSweeps = 100_000)
    {
        CheckPolicy(model, policy, "EvaluatePolicy");
        CheckGamma(gamma, "EvaluatePolicy");
        var v = new double[model.StateCount];
        var next = new double[model.StateCount];
        for (int sweep = 1; sweep <= maxSweeps; sweep++)
        {
            double delta = 0;
            for (int s = 0; s < model.StateCount; s++)
            {
                double x = 0;
                for (int a = 0; a < model.ActionCount; a++)
                    if (policy[s, a] != 0) x += policy[s, a] * ActionValue(model, v, s, a, gamma);
                next[s] = x;
                delta = Math.Max(delta, Math.Abs(x - v[s]));
            }
            (v, next) = (next, v);
            if (delta < theta) return (v, sweep);
        }
        throw new InvalidOperationException($"EvaluatePolicy: no convergence to {theta} in {maxSweeps} sweeps (γ = {gamma}); the policy may never terminate.");
    }

    /// <summary>
    /// Exact policy evaluation by one linear solve, <c>(I − γ P_π) v = r_π</c>, where P_π excludes terminating outcomes.
    /// Needs γ &lt; 1 or a policy that terminates from every state.
    /// </summary>
    public static double[] EvaluatePolicyLinear(TabularModel model, double[,] policy, double gamma)
    {
        CheckPolicy(model, policy, "EvaluatePolicyLinear");
        CheckGamma(gamma, "EvaluatePolicyLinear");
        int n = model.StateCount;
        var a = new double[n, n];
        var b = new double[n];
        for (int s = 0; s < n; s++)
        {
            a[s, s] = 1;
            for (int act = 0; act < model.ActionCount; act++)
            {
                double pa = policy[s, act];
                if (pa == 0) continue;
                foreach (var t in model[s, act])
                {
                    b[s] += pa * t.Probability * t.Reward;
                    if (!t.Terminated) a[s, t.NextState] -= gamma * pa * t.Probability;
                }
            }
        }
        return LinearSolver.Solve(a, b);
    }

    /// <summary>
    /// Policy iteration: evaluate (exactly by a linear solve, or by sweeps when <paramref name="linearEvaluation"/> is
    /// false), improve greedily, repeat until the policy is stable. Starts from <paramref name="initialPolicy"/>
    /// (default action 0 everywhere); with γ = 1 that policy must terminate from every state.
    /// </summary>
    public static DpResult PolicyIteration(TabularModel model, double gamma, bool linearEvaluation = true, int[]? initialPolicy = null, int maxRounds = 1000)
    {
        CheckGamma(gamma, "PolicyIteration");
        if (initialPolicy is not null && initialPolicy.Length != model.StateCount)
            throw new ArgumentException($"PolicyIteration: initial policy has {initialPolicy.Length} entries for {model.StateCount} states.");
        var policy = initialPolicy is null ? new int[model.StateCount] : (int[])initialPolicy.Clone();
        for (int round = 1; round <= maxRounds; round++)
        {
            var table = Policies.Deterministic(policy, model.ActionCount);
            var v = linearEvaluation ? EvaluatePolicyLinear(model, table, gamma) : EvaluatePolicy(model, table, gamma).Values;
            var q = ActionValues(model, v, gamma);
            bool stable = true;
            for (int s = 0; s < model.StateCount; s++)
            {
                // Keep the current action unless another is clearly better, so ties cannot make the loop cycle.
                int best = policy[s];
                for (int a = 0; a < model.ActionCount; a++)
                    if (q[s, a] > q[s, best] + 1e-12 * Math.Max(1, Math.Abs(q[s, best]))) best = a;
                if (best != policy[s])
                {
                    policy[s] = best;
                    stable = false;
                }
            }
            if (stable) return new DpResult(v, policy, round);
        }
        throw new InvalidOperationException($"PolicyIteration: the policy did not stabilise in {maxRounds} rounds.");
    }

    /// <summary>
    /// Value iteration: synchronous sweeps v ← max_a Σ p (r + γ v(s′)) until the largest change is below
    /// <paramref name="theta"/>; the policy is greedy in the final values.
    /// </summary>
    public static DpResult ValueIteration(TabularModel model, double gamma, double theta = 1e-10, int maxSweeps = 100_000)
    {
        CheckGamma(gamma, "ValueIteration");
        var v = new double[model.StateCount];
        var next = new double[model.StateCount];
        for (int sweep = 1; sweep <= maxSweeps; sweep++)
        {
            double delta = 0;
            for (int s = 0; s < model.StateCount; s++)
            {
                double best = double.NegativeInfinity;
                for (int a = 0; a < model.ActionCount; a++) best = Math.Max(best, ActionValue(model, v, s, a, gamma));
                next[s] = best;
                delta = Math.Max(delta, Math.Abs(best - v[s]));
            }
            (v, next) = (next, v);
            if (delta < theta) return new DpResult(v, Policies.Greedy(ActionValues(model, v, gamma)), sweep);
        }
        throw new InvalidOperationException($"ValueIteration: no convergence to {theta} in {maxSweeps} sweeps (γ = {gamma}).");
    }

    /// <summary>One synchronous Q backup: Q′(s, a) = Σ p (r + γ max_a′ Q(s′, a′)), with 0 after terminating outcomes.</summary>
    public static double[,] QBackup(TabularModel model, double[,] q, double gamma)
    {
        CheckQ(model, q, "QBackup");
        var next = new double[model.StateCount, model.ActionCount];
        for (int s = 0; s < model.StateCount; s++)
            for (int a = 0; a < model.ActionCount; a++)
            {
                double x = 0;
                foreach (var t in model[s, a])
                {
                    double best = 0;
                    if (!t.Terminated)
                    {
                        best = double.NegativeInfinity;
                        for (int b = 0; b < model.ActionCount; b++) best = Math.Max(best, q[t.NextState, b]);
                    }
                    x += t.Probability * (t.Reward + gamma * best);
                }
                next[s, a] = x;
            }
        return next;
    }

    /// <summary>
    /// Q-value iteration from Q₀ = 0: repeated <see cref="QBackup"/> until the largest change is below
    /// <paramref name="theta"/>. Returns Q* and the number of backups.
    /// </summary>
    public static (double[,] Q, int Iterations) QValueIteration(TabularModel model, double gamma, double theta = 1e-10, int maxIterations = 100_000)
    {
        CheckGamma(gamma, "QValueIteration");
        var q = new double[model.StateCount, model.ActionCount];
        for (int it = 1; it <= maxIterations; it++)
        {
            var next = QBackup(model, q, gamma);
            double delta = 0;
            for (int s = 0; s < model.StateCount; s++)
                for (int a = 0; a < model.ActionCount; a++) delta = Math.Max(delta, Math.Abs(next[s, a] - q[s, a]));
            q = next;
            if (delta < theta) return (q, it);
        }
        throw new InvalidOperationException($"QValueIteration: no convergence to {theta} in {maxIterations} backups (γ = {gamma}).");
    }

    private static void CheckPolicy(TabularModel model, double[,] policy, string op)
    {
        if (policy.GetLength(0) != model.StateCount || policy.GetLength(1) != model.ActionCount)
            throw new ArgumentException($"{op}: policy is [{policy.GetLength(0)}, {policy.GetLength(1)}], the model has {model.StateCount} states and {model.ActionCount} actions.");
        for (int s = 0; s < model.StateCount; s++)
        {
            double total = 0;
            for (int a = 0; a < model.ActionCount; a++) total += policy[s, a];
            if (Math.Abs(total - 1) > 1e-9) throw new ArgumentException($"{op}: policy row {s} sums to {total}, not 1.");
        }
    }

    private static void CheckQ(TabularModel model, double[,] q, string op)
    {
        if (q.GetLength(0) != model.StateCount || q.GetLength(1) != model.ActionCount)
            throw new ArgumentException($"{op}: Q is [{q.GetLength(0)}, {q.GetLength(1)}], the model has {model.StateCount} states and {model.ActionCount} actions.");
    }

    private static void CheckGamma(double gamma, string op)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), $"{op}: gamma {gamma} is not in [0, 1].");
    }
}
